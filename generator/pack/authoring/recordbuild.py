"""Make the default record-form templates (记录表单) from generator/catalog/records.yaml.

Each form is a controlled document of its own: the same header as the procedures (with the
form's code), a title, an information block of labelled fields, the main table with its
columns and blank rows to fill in, and the signature line.
"""

from __future__ import annotations

import yaml
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from pydantic import BaseModel, ConfigDict, Field

from generator.catalog import CATALOG_DIR, Procedure, RecordForm
from generator.ooxml import format
from generator.pack.authoring import frame


class FormLayout(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = Field(min_length=1)
    rows: int = Field(default=8, ge=1, le=40)
    sign: tuple[str, ...] = ()
    landscape: bool = False
    note: str | None = None


_NARROW = ("序号", "日期", "数量", "人数", "学时", "得分", "分值", "签字", "结果")
_WIDE = ("内容", "描述", "现象", "措施", "原因", "意见", "情况", "说明", "事项", "问题", "名称", "地址")


def column_widths(columns: tuple[str, ...], usable_cm: float) -> list[float]:
    """Share the width by what a column will hold: narrow for numbers and dates, wide for
    descriptions."""
    weights = []
    for label in columns:
        weight = max(2.6, float(len(label)))
        if label in ("序号",) or any(label.endswith(n) for n in _NARROW):
            weight = 2.2 if label == "序号" else 2.8
        if any(w in label for w in _WIDE):
            weight *= 1.8
        weights.append(weight)
    total = sum(weights)
    return [usable_cm * w / total for w in weights]


def load_layouts() -> dict[str, FormLayout]:
    raw = yaml.safe_load((CATALOG_DIR / "records.yaml").read_text(encoding="utf-8"))
    return {item["code"]: FormLayout.model_validate(item) for item in raw["forms"]}


def record_filename(rec: RecordForm) -> str:
    return f"JL-{rec.code}-{rec.name}.docx"


def build_record_template(proc: Procedure, rec: RecordForm, layout: FormLayout) -> DocxDocument:
    doc = frame.new_document()
    section = doc.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    frame.add_header(doc)
    doc.add_paragraph("{{ this.title }}", style=frame.TITLE)
    meta = doc.add_paragraph(
        f"表单编号：{{{{ this.code }}}}　　所属程序：{{{{ docs.{proc.id}.code }}}}　　"
        "填写部门：{{ dept." + rec.keeper + " }}",
        style=frame.CELL,
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    usable = format.usable_width_cm(section)
    if layout.fields:
        pairs = [layout.fields[i:i + 2] for i in range(0, len(layout.fields), 2)]
        table = frame.grid_table(doc, len(pairs), 4)
        for i, pair in enumerate(pairs):
            values: list[str] = []
            for label in pair:
                values += [label, ""]
            frame.fill_row(table, i, values + [""] * (4 - len(values)))
            for j in (0, 2):
                if j < len(values) and values[j]:
                    format.shade(table.rows[i].cells[j])
        format.column_widths(table, [usable * 0.18, usable * 0.32, usable * 0.18, usable * 0.32])
        doc.add_paragraph("", style=frame.CELL)
    table = frame.grid_table(doc, layout.rows + 1, len(layout.columns))
    frame.fill_row(table, 0, list(layout.columns), header=True)
    for i in range(1, layout.rows + 1):
        frame.fill_row(table, i, [""] * len(layout.columns))
        table.rows[i].height = Cm(0.9)
    format.column_widths(table, column_widths(layout.columns, usable))
    if layout.note:
        doc.add_paragraph(f"注：{layout.note}", style=frame.CELL)
    if layout.sign:
        line = doc.add_paragraph("　　　　".join(f"{s}：　　　　　　" for s in layout.sign),
                                 style=frame.CELL)
        line.paragraph_format.space_before = Pt(12)
    keep = doc.add_paragraph(
        "保存部门：{{ dept." + rec.keeper + " }}　　保存期限："
        + (rec.retention or "{{ doc.record_retention_years }}年"), style=frame.CELL)
    keep.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc

