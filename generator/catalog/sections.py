"""The sections of a procedure (程序文件): ids, titles and the labels clients give them.

GB/T 27922 expects every procedure to state its purpose, scope, responsibilities and the
procedure itself (`REQUIRED_SECTIONS`); related documents and records are expected too.
`SECTION_LABELS` lists the headings found in clients' documents for each section, so that
the checker recognises 适用范围 or 工作流程 as the section they stand for.
"""

from __future__ import annotations

from typing import Literal

from generator.catalog.vocabulary import section_words

SectionId = Literal["purpose", "scope", "responsibilities", "procedure", "related_documents",
                    "records"]

SECTION_IDS: tuple[SectionId, ...] = ("purpose", "scope", "responsibilities", "procedure",
                                      "related_documents", "records")
REQUIRED_SECTIONS: frozenset[SectionId] = frozenset(
    {"purpose", "scope", "responsibilities", "procedure"})
SECTION_TITLES: dict[SectionId, str] = {
    "purpose": "目的", "scope": "范围", "responsibilities": "职责",
    "procedure": "工作程序", "related_documents": "相关文件", "records": "记录",
}
# the labels are data: generator/catalog/sections.yaml (with the kinds, heads and cues)
SECTION_LABELS: dict[SectionId, tuple[str, ...]] = {
    sid: section_words().labels.get(sid, ()) for sid in SECTION_IDS}
