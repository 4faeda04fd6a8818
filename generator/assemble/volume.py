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

from docx import Document
from docx.enum.section import WD_SECTION
from docxcompose.composer import Composer

from generator.ooxml import fields, format, package


def compose_volume(front: bytes, parts: Sequence[bytes]) -> bytes:
    """`front` (cover, TOC) followed by each of `parts` in a section of its own."""
    master = Document(io.BytesIO(front))
    master_styles = package.read_package(front).styles
    composer: Composer | None = None
    fields.bookmark_document_end(master, "_svc_end_0", 0)
    fields.rename_page_count(master.sections[0].header, "PAGEREF _svc_end_0 \\h")
    for number, data in enumerate(parts, 1):
        section = master.add_section(WD_SECTION.NEW_PAGE)
        format.shrink_section_break(master)
        format.restart_page_numbers(section)
        section.header.is_linked_to_previous = False
        # "共 Y 页" of a section: the page number of a bookmark on the section's last paragraph
        # (numbering restarts at 1). Word and LibreOffice both compute PAGEREF; LibreOffice
        # does not compute SECTIONPAGES.
        bookmark = f"_svc_end_{number}"
        light = package.read_package(data)
        if light.same_styles(master_styles) and package.self_contained_body(light.body):
            package.replace_children(section.header, light.header)
            fields.rename_page_count(section.header, f"PAGEREF {bookmark} \\h")
            fields.bookmark_last_paragraph(light.body, bookmark, number)
            package.append_body(master, light.body)
            continue
        doc = Document(io.BytesIO(data))
        format.copy_header(doc.sections[0].header, section.header)
        fields.rename_page_count(section.header, f"PAGEREF {bookmark} \\h")
        fields.bookmark_document_end(doc, bookmark, number)
        composer = composer or Composer(master)
        composer.append(doc)
    return package.saved(master)

