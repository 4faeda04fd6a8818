"""Compile rendered documents into one volume, each in its own section.

docxcompose brings styles, numbering and images across but drops the appended documents'
headers (it keeps only the master's). Each document here gets a new section whose header is a
copy of the document's own header, with page numbering restarted and "共 Y 页" counting the
section's pages (SECTIONPAGES), so every procedure keeps its 文件编号/版本/页码.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docxcompose.composer import Composer

from generator.render import ooxml


def compose_volume(front: bytes, parts: Sequence[bytes], *, keep_headers: bool = True) -> bytes:
    """`front` (cover, TOC) followed by each of `parts` in a section of its own."""
    master = Document(io.BytesIO(front))
    composer = Composer(master)
    for data in parts:
        doc = Document(io.BytesIO(data))
        section = master.add_section(WD_SECTION.NEW_PAGE)
        ooxml.restart_page_numbers(section)
        if keep_headers:
            source_header = doc.sections[0].header
            section.header.is_linked_to_previous = False
            ooxml.copy_header(source_header, section.header, page_count="SECTIONPAGES")
        composer.append(doc)
    out = io.BytesIO()
    composer.save(out)
    return out.getvalue()


def first_section_without_header(doc: DocxDocument) -> None:
    """The cover and TOC section shows no document-control header."""
    doc.sections[0].different_first_page_header_footer = False
