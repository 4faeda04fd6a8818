"""Make the default procedure .docx templates from their text sources.

`build_procedure_template(source, catalog)` returns a python-docx Document holding docxtpl
tags; `tools/build_templates.py` writes them to templates/procedures/ and a test checks that the
committed files still match the sources.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.catalog import Procedure
from generator.ooxml import format
from generator.pack.authoring import frame
from generator.pack.authoring.source import Block, Source

_TAG_WORD = re.compile(r"^\{%-?\s*")


def procedure_filename(proc: Procedure) -> str:
    return f"{proc.id}-{proc.title}.docx"


def para_tag(text: str) -> str:
    """'{% if x %}' -> '{%p if x %}' (docxtpl: the tag controls the whole paragraph)."""
    return _TAG_WORD.sub("{%p ", text, count=1)


def _row_tag(text: str) -> str:
    return _TAG_WORD.sub("{%tr ", text, count=1)


def _is_row_tag(row: list[str]) -> bool:
    return len(row) == 1 and row[0].startswith("{%")


def build_procedure_template(source: Source, proc: Procedure) -> DocxDocument:
    doc = frame.new_document()
    frame.add_header(doc)
    doc.add_paragraph("{{ this.title }}", style=frame.TITLE)
    code = doc.add_paragraph("文件编号：{{ this.code }}　　版本：{{ this.version }}", style=frame.CELL)
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    frame.add_control_block(doc)
    frame.add_revision_table(doc)
    for block in source.blocks:
        add_block(doc, block)
    _records_section(doc, proc)
    return doc


def add_block(doc: DocxDocument, block: Block) -> None:
    """One source block (heading, paragraph, list item, block tag or table) as Word content."""
    if block.kind == "heading":
        doc.add_paragraph(f"{block.number} {block.text}", style=f"Heading {block.level}")
    elif block.kind == "para":
        doc.add_paragraph(block.text, style=frame.BODY)
    elif block.kind == "item":
        doc.add_paragraph(block.text, style=frame.ITEM)
    elif block.kind == "tag":
        doc.add_paragraph(para_tag(block.text), style=frame.BODY)
    elif block.kind == "table":
        source_table(doc, block.rows)


def source_table(doc: DocxDocument, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = frame.grid_table(doc, len(rows), width)
    for i, row in enumerate(rows):
        if _is_row_tag(row):
            frame.fill_row(table, i, [_row_tag(row[0])] + [""] * (width - 1))
        else:
            frame.fill_row(table, i, row + [""] * (width - len(row)), header=i == 0)
    doc.add_paragraph("", style=frame.BODY)


def _keeper_tag(keeper: str) -> str:
    return f"{{{{ dept.{keeper} }}}}"


def _records_section(doc: DocxDocument, proc: Procedure) -> None:
    doc.add_paragraph("6 记录", style="Heading 1")
    doc.add_paragraph(
        "本程序执行过程中形成的记录按下表保存，记录的标识、填写、归档和处置按"
        "{{ docs.P21.ref }}执行。",
        style=frame.BODY,
    )
    table = frame.grid_table(doc, len(proc.records) + 1, 5)
    frame.fill_row(table, 0, ["序号", "记录名称", "记录编号", "保存部门", "保存期限"], header=True)
    for i, rec in enumerate(proc.records, 1):
        retention = rec.retention or "{{ doc.record_retention_years }}年"
        frame.fill_row(table, i, [str(i), rec.name, f"{{{{ doc.prefix }}}}/JL-{rec.code}",
                                  _keeper_tag(rec.keeper), retention])
    format.column_widths(table, [1.2, 5.0, 3.4, 3.4, 2.8])
