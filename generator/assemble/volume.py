"""Compile rendered documents into one volume, each in its own section.

Each document gets a new section whose header is a copy of the document's own header, with
page numbering restarted and "共 Y 页" counting the section's pages (SECTIONPAGES), so every
procedure keeps its 文件编号/版本/页码 inside the volume.

Documents made from one template pack share their styles and carry no pictures, numbering
or other relationships in their bodies; their paragraphs and tables are moved across as they
are, which is fast. Anything else goes through docxcompose, which merges styles, numbering
and images (but drops the appended documents' headers, hence the copy above).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docxcompose.composer import Composer

from generator.ooxml import format as ooxml


def compose_volume(front: bytes, parts: Sequence[bytes]) -> bytes:
    """`front` (cover, TOC) followed by each of `parts` in a section of its own."""
    master = Document(io.BytesIO(front))
    master_styles = ooxml.read_package(front).styles
    composer: Composer | None = None
    ooxml.bookmark_last_paragraph(master.element.body, "_svc_end_0", 0)
    ooxml.rename_page_count(master.sections[0].header._element, "PAGEREF _svc_end_0 \\h")
    for number, data in enumerate(parts, 1):
        section = master.add_section(WD_SECTION.NEW_PAGE)
        ooxml.restart_page_numbers(section)
        section.header.is_linked_to_previous = False
        # "共 Y 页" of a section: the page number of a bookmark on the section's last paragraph
        # (numbering restarts at 1). Word and LibreOffice both compute PAGEREF; LibreOffice
        # does not compute SECTIONPAGES.
        bookmark = f"_svc_end_{number}"
        light = ooxml.read_package(data)
        if light.same_styles(master_styles) and ooxml.self_contained_body(light.body):
            ooxml.replace_children(section.header._element, light.header,
                                   page_count=f"PAGEREF {bookmark} \\h")
            ooxml.bookmark_last_paragraph(light.body, bookmark, number)
            _append_children(master, light.body)
            continue
        doc = Document(io.BytesIO(data))
        ooxml.copy_header(doc.sections[0].header, section.header,
                          page_count=f"PAGEREF {bookmark} \\h")
        ooxml.bookmark_last_paragraph(doc.element.body, bookmark, number)
        composer = composer or Composer(master)
        composer.append(doc)
    out = io.BytesIO()
    master.save(out)
    return out.getvalue()


def _append_children(master: DocxDocument, body: Any) -> None:
    """Move `body`'s content (without its final section properties) before the master's
    final section properties, i.e. into the master's last section."""
    anchor = master.element.body[-1]  # w:sectPr of the last section
    for child in list(body):
        if child.tag != ooxml.qn("w:sectPr"):
            anchor.addprevious(child)
