"""Finishing touches on the rendered manual that a template cannot express."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument

from generator.assemble.toc import fill_toc_in
from generator.ooxml import format, package

MATRIX_HEADER = ["条款", "要求"]


def fit_function_matrix(data: bytes, usable_cm: float = 15.8) -> bytes:
    """The 职能分配表 gets one column per department at render time (docxtpl column loop);
    share the width out again once the number of columns is known. Empty paragraphs left
    before a chapter that starts a new page go (they would spill onto a blank page)."""
    doc = Document(io.BytesIO(data))
    fit_function_matrix_in(doc, usable_cm)
    return package.saved(doc)


def fit_function_matrix_in(doc: DocxDocument, usable_cm: float = 15.8) -> None:
    """`fit_function_matrix` on an open document."""
    format.drop_spacers_before_page_breaks(doc)
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells[:2]] if table.rows else []
        if header == MATRIX_HEADER:
            departments = len(table.columns) - 2
            rest = (usable_cm - 1.6 - 4.0) / max(1, departments)
            format.column_widths(table, [1.6, 4.0] + [rest] * departments)


def finish_manual(data: bytes) -> bytes:
    """The rendered manual with its function matrix fitted and its TOC filled, opened and
    saved once."""
    doc = Document(io.BytesIO(data))
    fit_function_matrix_in(doc)
    fill_toc_in(doc)
    return package.saved(doc)
