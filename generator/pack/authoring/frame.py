"""The controlled-document frame shared by every default template.

A4, Chinese styles (宋体 body at 小四, 黑体 headings), a document-control header
(company, title, 文件编号, 版本, 生效日期, 第 X 页 共 Y 页), a control block on the first
page (编制/审核/批准, 发布/实施日期, 受控状态) and a 修订记录 table. Values are Jinja tags
read from the context key `this` (the document being rendered) and the profile context.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt
from docx.table import Table

from generator.ooxml import fields, format

BODY = "正文缩进"
ITEM = "列项"
CELL = "表格文字"
TITLE = "文件标题"
COVER = "封面标题"

# Chinese size names: 二号 22, 小二 18, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9.
HEADING_SIZES = {1: 14.0, 2: 12.0, 3: 12.0}


def new_document() -> DocxDocument:
    doc = Document()
    format.set_doc_defaults(doc, format.SONG, 12)
    styles = doc.styles
    normal = styles["Normal"]
    format.style_east_asian(normal, format.SONG)
    normal.font.size = Pt(12)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)

    body = styles.add_style(BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.quick_style = True
    format.first_line_chars(body, 200)

    item = styles.add_style(ITEM, WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Pt(24)

    cell = styles.add_style(CELL, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(10.5)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    title = styles.add_style(TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    format.style_east_asian(title, format.HEI)
    title.font.size = Pt(18)
    title.font.bold = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(12)

    cover = styles.add_style(COVER, WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = title
    cover.font.size = Pt(26)

    for level, size in HEADING_SIZES.items():
        heading = styles[f"Heading {level}"]
        format.style_east_asian(heading, format.HEI)
        format.black_text(heading)
        heading.font.size = Pt(size)
        heading.font.bold = level == 1
        heading.font.italic = False
        hpf = heading.paragraph_format
        hpf.space_before = Pt(12 if level == 1 else 6)
        hpf.space_after = Pt(6 if level == 1 else 3)
        hpf.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        hpf.keep_with_next = True
    fields.add_toc_styles(styles)
    # The default template's other styles name theme fonts (which would win over ours and fall
    # back to a Japanese font): give every style that sets fonts explicit Chinese ones.
    for style in styles:
        if format.sets_fonts(style):
            east_asia = format.HEI if (style.name or "").startswith(("Heading", "Title")) else format.SONG
            format.style_east_asian(style, east_asia)
    format.a4_page(doc.sections[0])
    return doc


def grid_table(doc: DocxDocument, rows: int, cols: int) -> Table:
    table: Table = doc.add_table(rows=rows, cols=cols)
    format.table_borders(table)
    format.table_width_full(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def fill_row(table: Table, row: int, values: list[str], *, header: bool = False) -> None:
    cells = list(zip(table.rows[row].cells, values, strict=False))
    format.set_paragraph_styles((cell.paragraphs[0] for cell, _ in cells), CELL)
    for cell, value in cells:
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(value)
        if header:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            format.shade(cell)
    if header:
        format.repeat_header(table.rows[row])
    format.cant_split(table.rows[row])


def add_header(doc: DocxDocument) -> None:
    """Document-control header: company and title, 文件编号, 版本, 生效日期, page X of Y."""
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    table = header.add_table(rows=2, cols=3, width=Cm(format.usable_width_cm(section)))
    format.table_borders(table)
    format.table_width_full(table)
    left = table.cell(0, 0).merge(table.cell(1, 0))
    left.paragraphs[0].add_run("{{ co.name }}").bold = True
    left.add_paragraph("{{ this.title }}")
    table.cell(0, 1).paragraphs[0].add_run("文件编号：{{ this.code }}")
    table.cell(0, 2).paragraphs[0].add_run("版本：{{ this.version }}")
    table.cell(1, 1).paragraphs[0].add_run("生效日期：{{ doc.effective_date }}")
    pages = table.cell(1, 2).paragraphs[0]
    pages.add_run("第 ")
    fields.add_field(pages, "PAGE")
    pages.add_run(" 页 共 ")
    fields.add_field(pages, "NUMPAGES")
    pages.add_run(" 页")
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    header.paragraphs[0].text = ""


def signature_tags(kind: str) -> tuple[str, str, str]:
    """编制, 审核, 批准 of a kind of document (manual, procedure, record), from the approval
    table that P20 prints too (context key `approval`)."""
    return (f"{{{{ approval.{kind}.prepared_by }}}}", f"{{{{ approval.{kind}.reviewed_by }}}}",
            f"{{{{ approval.{kind}.approved_by }}}}")


def add_control_block(doc: DocxDocument, kind: str = "procedure") -> None:
    """First-page block: 编制/审核/批准, 发布日期/实施日期, 受控状态."""
    prepared, reviewed, approved = signature_tags(kind)
    table = grid_table(doc, 2, 6)
    fill_row(table, 0, ["编制", prepared, "审核", reviewed, "批准", approved])
    fill_row(table, 1, ["发布日期", "{{ doc.issue_date }}", "实施日期", "{{ doc.effective_date }}",
                        "受控状态", "受控"])
    format.column_widths(table, [2.0, 3.3, 2.0, 3.3, 2.0, 3.2])
    for row in table.rows:
        for i in (0, 2, 4):
            format.shade(row.cells[i])


def add_revision_table(doc: DocxDocument, *, titled: bool = True) -> None:
    """修订记录 with one row per entry of `this.revisions` (a docxtpl row loop)."""
    if titled:
        doc.add_paragraph("修订记录", style=CELL).runs[0].bold = True
    table = grid_table(doc, 4, 5)
    fill_row(table, 0, ["版本", "修订日期", "修订内容", "修订人", "批准人"], header=True)
    fill_row(table, 1, ["{%tr for r in this.revisions %}", "", "", "", ""])
    fill_row(table, 2, ["{{ r.version }}", "{{ r.date }}", "{{ r.change }}", "{{ r.by }}",
                        "{{ r.approved_by }}"])
    fill_row(table, 3, ["{%tr endfor %}", "", "", "", ""])
    format.column_widths(table, [1.6, 2.6, 6.4, 2.6, 2.6])
