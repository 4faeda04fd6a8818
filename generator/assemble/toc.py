"""Fill the table of contents of a rendered document without a word processor.

The TOC field's result is written from the document's own headings (or from given entries,
for a compiled volume whose parts are appended later). Page numbers need a layout engine:
LibreOffice adds them when installed (see office.refresh_fields).
"""

from __future__ import annotations

import io

from docx import Document

from generator.ooxml import fields


def fill_toc(data: bytes, *, extra: list[tuple[str, str]] | None = None,
             levels: int = 2) -> bytes:
    doc = Document(io.BytesIO(data))
    paragraph = fields.toc_paragraph(doc)
    if paragraph is None:
        return data
    if extra is not None:
        entries = [(1, f"{code}　{title}") for code, title in extra]
    else:
        entries = []
        for p in doc.paragraphs:
            name = p.style.name if p.style is not None else ""
            if name.startswith("Heading ") and p.text.strip():
                level = int(name.split()[-1])
                if level <= levels:
                    entries.append((level, p.text.strip()))
    fields.fill_toc_result(paragraph, entries)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
