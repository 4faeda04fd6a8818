"""Finishing touches on the rendered manual that a template cannot express."""

from __future__ import annotations

import io

from docx import Document

from generator.ooxml import format

MATRIX_HEADER = ["条款", "要求"]


def fit_function_matrix(data: bytes, usable_cm: float = 15.8) -> bytes:
    """The 职能分配表 gets one column per department at render time (docxtpl column loop);
    share the width out again once the number of columns is known."""
    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells[:2]] if table.rows else []
        if header == MATRIX_HEADER:
            departments = len(table.columns) - 2
            rest = (usable_cm - 1.6 - 4.0) / max(1, departments)
            format.column_widths(table, [1.6, 4.0] + [rest] * departments)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
