"""Make the default record-form templates (记录表单) from generator/catalog/records.yaml.

Each form is a controlled document of its own: the same header as the procedures (with the
form's code), a title, an information block of labelled fields, the main table with its
columns and rows to fill in (the first ones may carry pre-printed items: the questions of a
survey, the criteria of an evaluation, the indicators of an appraisal), and the signature line.
"""

from __future__ import annotations

import yaml
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.catalog import CATALOG_DIR, Procedure, RecordForm
from generator.ooxml import format
from generator.pack.authoring import frame


class FormLayout(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = Field(min_length=1)
    rows: int = Field(default=8, ge=1, le=40)
    items: tuple[str, ...] = ()  # pre-printed entries (survey items, criteria, KPIs), one a row
    sign: tuple[str, ...] = ()
    landscape: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _items_fit(self) -> FormLayout:
        if len(self.items) > self.rows:
            raise ValueError(f"{self.code}: more pre-printed items than rows")
        return self


_WIDE = ("内容", "描述", "现象", "措施", "原因", "意见", "情况", "说明", "事项", "问题", "名称", "地址")
_DATES = ("日期", "时间", "期限", "期至")  # 有效期至, 保修期至: a date too
CHAR_CM = 10.5 / 72 * 2.54  # one Chinese character of the 五号 cell text
PAD_CM = 0.45  # the cell's left and right margins, and a little air
DATE_CM = 2.4  # "2025-03-01" or "03-01 14:30" on one line


def _minimum(label: str, lines: int) -> float:
    """The narrowest a column can be with its header on `lines` lines and, for a date or
    time, its value on one line."""
    need = -(-len(label) // lines) * CHAR_CM + PAD_CM
    if label.endswith(_DATES):
        need = max(need, DATE_CM)
    return need


def column_widths(columns: tuple[str, ...], usable_cm: float,
                  printed: str | None = None) -> list[float]:
    """Every column at least as wide as its header word (so 维修日期 never wraps one
    character a line) and a date; the rest of the width goes to the columns that hold text,
    most to descriptions and to the `printed` column that carries pre-printed items (a
    survey's questions). When the headers cannot all fit on one line, the longest wrap onto
    two lines, evenly split."""
    lines = dict.fromkeys(columns, 1)
    need = [_minimum(c, 1) for c in columns]
    for label in sorted(columns, key=len, reverse=True):
        if sum(need) <= usable_cm:
            break
        lines[label] = 2
        need = [_minimum(c, lines[c]) for c in columns]
    weights = [4.0 if c == printed else 0.0 if c == "序号" or c.endswith(_DATES) else
               (1.8 if any(w in c for w in _WIDE) else 1.0) for c in columns]
    spare = max(0.0, usable_cm - sum(need))
    total = sum(weights) or 1.0
    widths = [n + spare * w / total for n, w in zip(need, weights, strict=True)]
    scale = usable_cm / sum(widths)  # only below 1 when even two-line headers do not fit
    return [w * scale for w in widths]


def load_layouts() -> dict[str, FormLayout]:
    raw = yaml.safe_load((CATALOG_DIR / "records.yaml").read_text(encoding="utf-8"))
    return {item["code"]: FormLayout.model_validate(item) for item in raw["forms"]}


def _item_column(layout: FormLayout) -> int:
    """Where the pre-printed items go: after the 序号, else the first column."""
    return 1 if layout.columns[0] == "序号" and len(layout.columns) > 1 else 0


def _row(layout: FormLayout, i: int) -> list[str]:
    """Row i (from 1) of the main table: blank, or its pre-printed item after the 序号."""
    blank = [""] * len(layout.columns)
    if i > len(layout.items):
        return blank
    at = _item_column(layout)
    return [*([str(i)] if at else []), layout.items[i - 1], *blank[at + 1:]]


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
        frame.fill_row(table, i, _row(layout, i))
        table.rows[i].height = Cm(0.9)
    printed = layout.columns[_item_column(layout)] if layout.items else None
    format.column_widths(table, column_widths(layout.columns, usable, printed))
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

