"""Reading generated documents back for assertions (structure and text, never bytes)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

CJK = re.compile(r"[\u4e00-\u9fff]")


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, tables excluded."""
    doc = Document(str(path))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def headings(path: Path) -> list[str]:
    return [t for s, t in paragraphs(path) if s.startswith("Heading") and t]


def all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    for section in doc.sections:
        for table in section.header.tables:
            for row in table.rows:
                parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def section_text(path: Path, start: str, end: str) -> str:
    """Text from the level-1 heading `start` up to the level-1 heading `end`."""
    out: list[str] = []
    inside = False
    doc = Document(str(path))
    for block in doc.iter_inner_content():
        style = getattr(block, "style", None)
        text = getattr(block, "text", None)
        if text is not None and style is not None and style.name == "Heading 1":
            if text.endswith(start):
                inside = True
                continue
            if text.endswith(end):
                break
        if inside:
            if text is not None:
                out.append(text)
            else:
                for row in block.rows:  # type: ignore[union-attr]
                    out.extend(c.text for c in row.cells)
    return "\n".join(out)


def sentences(text: str) -> set[str]:
    parts = re.split(r"[。；！？\n]", text)
    return {re.sub(r"\s+", "", p) for p in parts if len(CJK.findall(p)) >= 8}
