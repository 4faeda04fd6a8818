"""The gap report as a Word document a consultant can hand to the client.

Chinese fonts (宋体 body, 黑体 headings) are set in the East Asian slot of the styles and
document defaults via `generator.ooxml.format`; only `generator.ooxml` touches the XML.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from generator.gap.notes import conclusion_notes
from generator.gap.scoring import GapReport
from generator.ooxml import format
from generator.report.gap_summary import (
    BASIS,
    TITLE,
    earned_text,
    group_totals,
    headline,
    source_cn,
    status_cn,
)

TABLE_PT = 9
METHOD = (
    "评分按扣分制：各指标按权重计分，抽样项按不合格比例扣分；删减的指标不计入涉及项总分值；"
    "评分 = 实际得分 ÷ 涉及项总分值 × 100，每个特别扣分项另扣 1 分，特别加分项至多 1 项（+1 分）。"
    "特别扣分项达到 5 项及以上不授予等级。无证据的指标按不得分计，并给出得分范围。"
    "本报告为认证前的自我评估，结论以认证机构的现场评价为准。"
)


def _styles(doc: DocxDocument) -> None:
    format.set_doc_defaults(doc, format.SONG, size_pt=10.5)
    for name in ("Normal", "List Bullet", "Table Grid"):
        format.style_east_asian(doc.styles[name], format.SONG)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        format.style_east_asian(style, format.HEI)
        format.black_text(style)
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Heading 1"].font.size = Pt(14)


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]],
           widths_cm: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    format.table_borders(table)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        format.shade(cell)
    format.repeat_header(table.rows[0])
    for values in rows:
        row = table.add_row()
        format.cant_split(row)
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    format.column_widths(table, widths_cm)
    for row in table.rows:
        format.set_cell_text_size(row.cells, TABLE_PT)


def _conclusion(doc: DocxDocument, report: GapReport) -> None:
    doc.add_heading("一、评估结论", level=1)
    _table(doc, ["项目", "结果"], [[k, v] for k, v in headline(report)], [5.0, 10.8])
    for note in conclusion_notes(report):
        doc.add_paragraph(note, style="List Bullet")
    if report.special_deductions or report.bonus:
        doc.add_heading("特别扣分与加分", level=2)
        for reason in report.special_deductions:
            doc.add_paragraph(f"特别扣分（−1 分）：{reason}", style="List Bullet")
        if report.bonus:
            doc.add_paragraph(f"特别加分（+1 分）：{report.bonus}", style="List Bullet")


def _groups(doc: DocxDocument, report: GapReport) -> None:
    doc.add_heading("二、各部分得分", level=1)
    rows = [[g.name, f"{g.applicable:g}", f"{g.earned:.2f}", f"{g.lost:.2f}", f"{g.unknown:g}"]
            for g in group_totals(report)]
    _table(doc, ["指标组", "涉及分值", "得分", "失分", "未评估"], rows, [5.0, 2.7, 2.7, 2.7, 2.7])


def _gaps(doc: DocxDocument, report: GapReport) -> None:
    doc.add_heading("三、整改清单（按失分排序）", level=1)
    if not report.gaps:
        doc.add_paragraph("未发现失分项。")
        return
    rows = [[str(n), f"{i.id} {i.title}", f"{i.lost:.2f}", status_cn(i), i.gap or ""]
            for n, i in enumerate(report.gaps, 1)]
    _table(doc, ["序号", "指标", "失分", "结论", "整改措施"], rows, [1.1, 3.6, 1.4, 1.7, 8.0])


def _details(doc: DocxDocument, report: GapReport) -> None:
    doc.add_heading("四、指标评估明细", level=1)
    rows = [[f"{i.id} {i.title}", f"{i.weight:g}", status_cn(i), earned_text(i), source_cn(i),
             i.evidence] for i in report.indicators]
    _table(doc, ["指标", "分值", "结论", "得分", "依据", "证据"], rows,
           [3.4, 1.1, 1.6, 1.3, 1.6, 6.8])


def build_gap_docx(report: GapReport, *, today: dt.date | None = None) -> DocxDocument:
    doc = Document()
    format.a4_page(doc.sections[0])
    _styles(doc)
    doc.core_properties.title = TITLE
    doc.core_properties.subject = report.company
    doc.add_heading(TITLE, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = (today or dt.date.today()).isoformat()
    for line in (f"企业：{report.company}", f"评价依据：{BASIS}",
                 f"评分方案：{report.scheme_name}", f"评估日期：{date}"):
        doc.add_paragraph(line)
    _conclusion(doc, report)
    _groups(doc, report)
    _gaps(doc, report)
    _details(doc, report)
    doc.add_heading("五、评分方法说明", level=1)
    doc.add_paragraph(METHOD)
    return doc


def render_docx(report: GapReport, *, today: dt.date | None = None) -> bytes:
    buffer = io.BytesIO()
    build_gap_docx(report, today=today).save(buffer)
    return buffer.getvalue()
