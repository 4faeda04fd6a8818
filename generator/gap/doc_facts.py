"""What the validator found in the documents, read from its contract JSON (`validate`).

Only `report.to_dict()` is used, so that the gap check depends on the validator's published
shape and nothing else; tests feed hand-made dicts of that shape.

Rules:
1. A manual element counts as found when its entry says `found: true` and a manual was found.
2. A procedure counts as present when it is listed with `found` true (absent key: true);
   it is complete when none of the required sections (purpose, scope, responsibilities,
   procedure) is in `missing_sections`.
3. Findings are kept by code with their messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

REQUIRED_SECTIONS = ("purpose", "scope", "responsibilities", "procedure")
SECTION_CN = {
    "purpose": "目的",
    "scope": "范围",
    "responsibilities": "职责",
    "procedure": "工作程序",
    "related_documents": "相关文件",
    "records": "记录",
}


@dataclass(frozen=True)
class ProcedureFacts:
    found: bool
    missing_sections: tuple[str, ...] = ()

    @property
    def missing_required(self) -> tuple[str, ...]:
        return tuple(s for s in self.missing_sections if s in REQUIRED_SECTIONS)

    @property
    def complete(self) -> bool:
        return self.found and not self.missing_required


@dataclass(frozen=True)
class DocFacts:
    target: str
    manual_found: bool
    elements: Mapping[str, bool] = field(default_factory=dict)
    procedures: Mapping[str, ProcedureFacts] = field(default_factory=dict)
    findings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def element_found(self, element_id: str) -> bool:
        return self.manual_found and self.elements.get(element_id, False)

    def procedure(self, procedure_id: str) -> ProcedureFacts:
        return self.procedures.get(procedure_id, ProcedureFacts(found=False))


def doc_facts(report: Mapping[str, Any]) -> DocFacts:
    """Read the validator's contract JSON (as a dict) into `DocFacts`."""
    manual = report.get("manual") or {}
    elements = {str(e.get("id")): bool(e.get("found")) for e in manual.get("elements") or ()}
    procedures = {
        str(p.get("id")): ProcedureFacts(
            found=bool(p.get("found", True)),
            missing_sections=tuple(str(s) for s in p.get("missing_sections") or ()),
        )
        for p in report.get("procedures") or ()
    }
    findings: dict[str, list[str]] = {}
    for f in report.get("findings") or ():
        findings.setdefault(str(f.get("code")), []).append(str(f.get("message", "")))
    return DocFacts(
        target=str(report.get("target", "")),
        manual_found=bool(manual.get("found")),
        elements=elements,
        procedures=procedures,
        findings={code: tuple(msgs) for code, msgs in findings.items()},
    )
