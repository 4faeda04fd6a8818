"""Fill the table of contents of a rendered document without a word processor.

The TOC field's result is written from the document's own headings (or from given entries,
for a compiled volume whose parts are appended later). Page numbers need a layout engine:
LibreOffice adds them when installed (see office.refresh_fields).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE

from generator.ooxml import fields, package


def fill_toc(data: bytes, *, extra: list[tuple[str, str]] | None = None,
             levels: int = 2) -> bytes:
    doc = Document(io.BytesIO(data))
    if not fill_toc_in(doc, extra=extra, levels=levels):
        return data
    return package.saved(doc)


def fill_toc_in(doc: DocxDocument, *, extra: list[tuple[str, str]] | None = None,
                levels: int = 2) -> bool:
    """`fill_toc` on an open document; False when it has no TOC (nothing changed)."""
    paragraph = fields.toc_paragraph(doc)
    if paragraph is None:
        return False
    if extra is not None:
        entries = [(1, f"{code}　{title}") for code, title in extra]
    else:
        entries = []
        names = _paragraph_style_names(doc)
        default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default_name = (default.name or "") if default is not None else ""
        for p in doc.paragraphs:
            # what `p.style.name` gives, without python-docx's search of every style each time
            name = names.get(p._p.style or "", default_name)
            if name.startswith("Heading ") and p.text.strip():
                level = int(name.split()[-1])
                if level <= levels:
                    entries.append((level, p.text.strip()))
    fields.fill_toc_result(paragraph, entries)
    return True


def _paragraph_style_names(doc: DocxDocument) -> dict[str, str]:
    """Style id -> name of the document's paragraph styles, as python-docx resolves an id: the
    first style of that id, which must declare itself a paragraph style."""
    first: dict[str, tuple[object, str]] = {}
    for style in doc.styles:
        if style.style_id and style.style_id not in first:
            first[style.style_id] = (style.element.type, style.name or "")
    return {sid: name for sid, (kind, name) in first.items() if kind == WD_STYLE_TYPE.PARAGRAPH}
