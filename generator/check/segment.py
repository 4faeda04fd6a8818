"""Split documents into parts: procedures (by their titles), the manual, and the rest.

Rules:
1. Title candidates are headings of level 0–3, and plain paragraphs either on the cover
   (before the first section label) or right before a 目的/范围 label, whose text is a
   procedure title (`matching.title_text`) matching a procedure. Headings inside a 相关文件
   or 记录 section (a list of other procedures) never are.
2. A candidate opens a procedure part running to the next accepted candidate when at least two
   different section labels follow it and none of their headings sits above it. A file's only
   candidate, placed before any section label, is accepted regardless (a procedure whose
   sections are all missing is still that procedure; a list of titles is not).
3. A file with no accepted candidate but at least two section labels takes its title from its
   header/footer, its file name, or its first tables, in that order.
4. Blocks before the first procedure, and files without one, are manual parts when their
   headings name at least two manual elements or the file name contains 手册; else "other"
   (record forms, annexes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Literal

from generator.catalog import Catalog
from generator.catalog.sections import SectionId
from generator.check.matching import (
    ProcedureMatcher,
    TitleMatch,
    element_hit,
    labels_of,
    title_text,
)
from generator.check.scoring import ContentScorer, assign, keyword_weights
from generator.docs.outline import Block, Outline
from generator.docs.tables import control_title
from generator.docs.textnorm import normalize

Role = Literal["manual", "procedure", "other"]
_LIST_SECTIONS = frozenset({"related_documents", "records"})
_CORE_SECTIONS = frozenset({"purpose", "scope", "responsibilities", "procedure"})
_STEM_CODE = re.compile(r"^[A-Za-z]{0,6}[-_ ]?\d{1,3}[-_ .、]*")
MAX_TITLE_LEVEL = 3
MAX_COVER_BLOCKS = 12
MIN_MANUAL_ELEMENTS = 2


@dataclass(frozen=True)
class Part:
    source: str
    outline: Outline
    role: Role
    match: TitleMatch | None = None
    title: str = ""  # the title as written in the document
    title_where: str = ""
    first_of_source: bool = True  # header/footer lines are checked once per file


@dataclass(frozen=True)
class _Candidate:
    index: int
    match: TitleMatch | None  # None: shaped like a title, named by content if at all
    block: Block
    title: str  # as written


__all__ = ["Part", "Role", "labels_of", "split_documents"]
_SINGLE = "\0single files"  # the group of files holding one procedure each (scoring rule 4)


def split_documents(outlines: Sequence[Outline], catalog: Catalog,
                    matcher: ProcedureMatcher) -> list[Part]:
    scorer = ContentScorer(catalog, matcher)
    raw: list[tuple[Part, str]] = []
    for outline in outlines:
        raw.extend(_split(outline, catalog, matcher))
    pending = [(part, title, scorer.evidence(part.outline)) for part, title in raw
               if part.role == "procedure"]
    weights = keyword_weights([ev for _, _, ev in pending])
    per_file = Counter(part.source for part, _, _ in pending)
    groups = [(_SINGLE if per_file[part.source] == 1 else part.source,
               scorer.decide(title, ev, weights)) for part, title, ev in pending]
    settled = iter(assign(groups))
    parts: list[Part] = []
    for part, _title in raw:
        if part.role != "procedure":
            parts.append(part)
            continue
        match = next(settled)
        parts.append(replace(part, match=match) if match is not None
                     else replace(part, role="other", match=None))
    return parts


def _split(outline: Outline, catalog: Catalog, matcher: ProcedureMatcher
           ) -> list[tuple[Part, str]]:
    """Parts of one file with the title text each procedure part is matched by."""
    blocks = outline.blocks
    labels = {i: lab for i, b in enumerate(blocks) if (lab := labels_of(b))}
    first_label = min(labels, default=len(blocks))
    accepted = _accept(blocks, labels, first_label, _candidates(blocks, labels, first_label,
                                                                matcher))
    if not accepted:
        distinct = {label for group in labels.values() for label in group}
        role = _manual_role(outline, catalog)
        if len(distinct) >= 2 and distinct & _CORE_SECTIONS:
            title, where = _fallback_title(outline, matcher)
            if title or role != "manual":
                return [(Part(outline.name, outline, "procedure", None, title or outline.name,
                              where), title_text(normalize(title)) or "")]
        return [(Part(outline.name, outline, role), "")]
    out: list[tuple[Part, str]] = []
    if accepted[0].index > 0:
        head = outline.slice(0, accepted[0].index)
        out.append((Part(outline.name, head, _manual_role(head, catalog)), ""))
    for k, cand in enumerate(accepted):
        end = accepted[k + 1].index if k + 1 < len(accepted) else len(blocks)
        piece = outline.slice(cand.index, end)
        out.append((Part(outline.name, piece, "procedure", cand.match, cand.title,
                         f"{outline.name}: {cand.title}", first_of_source=not out),
                    title_text(normalize(cand.title)) or ""))
    return out


def _candidates(blocks: Sequence[Block], labels: dict[int, tuple[SectionId, ...]], first_label: int,
                matcher: ProcedureMatcher) -> list[_Candidate]:
    out: list[_Candidate] = []
    list_level: int | None = None  # level of the 相关文件/记录 heading we are inside
    for i, block in enumerate(blocks):
        written = block.text
        if block.kind == "heading":
            level = block.level or 0
            if list_level is not None and level <= list_level:
                list_level = None
            lab = set(labels.get(i, ()))
            if lab and lab <= _LIST_SECTIONS:
                list_level = level
                continue
            if (list_level is not None or level > MAX_TITLE_LEVEL) and not _opens_procedure(
                    labels, i):
                continue
            list_level = None
        elif block.kind == "table":
            written = control_title(block.rows) or ""
            if not written or (list_level is not None
                               and not _opens_procedure(labels, i, inclusive=True)):
                continue
        elif block.kind != "paragraph" or not (
            (i < first_label and i <= MAX_COVER_BLOCKS) or _opens_procedure(labels, i)
        ):
            continue
        title = title_text(normalize(written)) if written else None
        if title is None:
            continue
        match = matcher.match(title)
        if match is not None or _opens_procedure(labels, i, inclusive=block.kind == "table"):
            out.append(_Candidate(i, match, block, written.strip()))
    return out


def _opens_procedure(labels: dict[int, tuple[SectionId, ...]], index: int, *,
                     inclusive: bool = False) -> bool:
    """A 目的 or 范围 label within the next few blocks (after a title and its control table);
    `inclusive`: the block itself may hold it (a control table followed by label rows)."""
    start = index if inclusive else index + 1
    return any({"purpose", "scope"} & set(labels.get(j, ())) for j in range(start, index + 4))


def _accept(blocks: Sequence[Block], labels: dict[int, tuple[SectionId, ...]], first_label: int,
            candidates: list[_Candidate]) -> list[_Candidate]:
    accepted: list[_Candidate] = []
    for k, cand in enumerate(candidates):
        end = candidates[k + 1].index if k + 1 < len(candidates) else len(blocks)
        found = [i for i in labels if cand.index < i < end
                 or (i == cand.index and cand.block.kind == "table")]
        distinct = {label for i in found for label in labels[i]}
        own = cand.block.level if cand.block.kind == "heading" else 0
        above = any(blocks[i].kind == "heading" and (blocks[i].level or 0) < (own or 0)
                    for i in found)
        # a title whose 目的/范围 follows at once opens a procedure even when Word placed it
        # below the previous procedure's headings (a bold title after numbered headings)
        if above and not _opens_procedure(labels, cand.index,
                                          inclusive=cand.block.kind == "table"):
            continue
        alone = len(candidates) == 1 and cand.index < first_label
        if len(distinct) >= 2 or alone:
            accepted.append(cand)
    return accepted


def _fallback_title(outline: Outline, matcher: ProcedureMatcher) -> tuple[str, str]:
    """The title of a file without a title line: its header/footer, its file name, or a
    cell of its first tables (the first that reads as a procedure title), else ("", name)."""
    for line, folded in zip(outline.header_lines, outline.header_folded, strict=False):
        for piece in re.split(r"\s{2,}|[\t\n|]", folded):
            if _try(normalize(piece), matcher):
                return piece.strip(), f"{outline.name}（页眉/页脚）: {line.strip()}"
    stem = _STEM_CODE.sub("", PurePosixPath(outline.name).stem)
    if _try(normalize(stem), matcher):
        return stem, f"{outline.name}（文件名）"
    for table in outline.tables[:2]:
        for row in table.rows:
            for cell in row:
                if _try(normalize(cell), matcher):
                    return cell.strip(), f"{outline.name}: {cell.strip()}"
    return "", outline.name


def _try(norm: str, matcher: ProcedureMatcher) -> TitleMatch | None:
    title = title_text(norm)
    return matcher.match(title) if title else None


def _manual_role(outline: Outline, catalog: Catalog) -> Role:
    if "手册" in PurePosixPath(outline.name).name:
        return "manual"
    keys = [b.key for b in outline.headings]
    hits = sum(1 for e in catalog.elements if e.id != "document_control"
               and any(element_hit(e, key) for key in keys))
    return "manual" if hits >= MIN_MANUAL_ELEMENTS else "other"
