"""Make the default manual template (售后服务手册) from its text source.

The source (templates/src/manual/售后服务手册.txt) holds the prose, in the procedure source
format plus directives: `@front TITLE` (a front-matter page: 颁布令, 任命书), `@appendix TITLE`,
`@table NAME` (a data table defined here), `@image NAME` (a chart drawn at build time),
`@right TEXT` (a right-aligned line, e.g. a signature) and `@pagebreak`. The cover, the
修订记录 page and the table of contents are made here.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from generator.ooxml import fields, format
from generator.pack.authoring import frame
from generator.pack.authoring.source import Source
from generator.pack.authoring.templatebuild import add_block

APPENDIX_LETTERS = "ABCDEFGHIJ"


def _loop_table(doc: DocxDocument, header: list[str], loop: str, cells: list[str],
                widths: list[float]) -> None:
    """A table with a header row and one row per item of `loop` ("x in xs")."""
    table = frame.grid_table(doc, 4, len(header))
    frame.fill_row(table, 0, header, header=True)
    frame.fill_row(table, 1, [f"{{%tr for {loop} %}}"] + [""] * (len(header) - 1))
    frame.fill_row(table, 2, cells)
    frame.fill_row(table, 3, ["{%tr endfor %}"] + [""] * (len(header) - 1))
    format.column_widths(table, widths)
    doc.add_paragraph("", style=frame.BODY)


def _static_table(doc: DocxDocument, rows: list[list[str]], widths: list[float]) -> None:
    table = frame.grid_table(doc, len(rows), len(rows[0]))
    for i, row in enumerate(rows):
        frame.fill_row(table, i, row, header=i == 0)
    format.column_widths(table, widths)
    doc.add_paragraph("", style=frame.BODY)


def _function_matrix(doc: DocxDocument) -> None:
    """Clauses × departments: ▲ leads, △ assists (docxtpl column loops)."""
    table = frame.grid_table(doc, 4, 5)
    frame.fill_row(table, 0, ["条款", "要求", "{%tc for d in matrix.departments %}",
                              "{{ d }}", "{%tc endfor %}"], header=True)
    frame.fill_row(table, 1, ["{%tr for r in matrix.rows %}", "", "", "", ""])
    frame.fill_row(table, 2, ["{{ r.clause }}", "{{ r.title }}", "{%tc for c in r.cells %}",
                              "{{ c }}", "{%tc endfor %}"])
    frame.fill_row(table, 3, ["{%tr endfor %}", "", "", "", ""])
    format.column_widths(table, [1.6, 4.2, 0.1, 1.2, 0.1])
    note = doc.add_paragraph("注：▲ 表示主责部门，△ 表示配合部门。", style=frame.CELL)
    note.paragraph_format.space_after = Pt(6)


TABLES: dict[str, Callable[[DocxDocument], None]] = {
    "managers": lambda d: _loop_table(
        d, ["序号", "姓名", "所在部门", "证书编号"], "m in managers",
        ["{{ loop.index }}", "{{ m.name }}", "{{ m.department }}", "{{ m.certificate_no or '—' }}"],
        [1.5, 3.5, 5.0, 5.8]),
    "products": lambda d: _loop_table(
        d, ["产品/服务", "类别", "形态", "说明"], "p in products",
        ["{{ p.name }}", "{{ p.category or '—' }}", "{{ '有形商品' if p.tangible else '无形服务' }}",
         "{{ p.description or '—' }}"], [4.2, 3.0, 2.4, 6.2]),
    "departments": lambda d: _loop_table(
        d, ["部门", "负责人", "人数", "主要职责"], "x in departments",
        ["{{ x.name }}", "{{ x.head }}", "{{ x.headcount }}", "{{ x.duties|join('；') }}"],
        [2.8, 2.0, 1.4, 9.6]),
    "posts": lambda d: _loop_table(
        d, ["岗位", "所属部门", "人数", "岗位职责", "任职要求"], "x in posts",
        ["{{ x.name }}", "{{ x.department }}", "{{ x.count }}", "{{ x.duties|join('；') }}",
         "{{ x.qualifications|join('；') if x.qualifications else '按岗位说明书' }}"],
        [2.4, 2.6, 1.2, 5.4, 4.2]),
    "function_matrix": _function_matrix,
    "outlets": lambda d: _loop_table(
        d, ["序号", "网点名称", "性质", "覆盖区域", "地址", "电话", "负责人"], "o in outlets",
        ["{{ loop.index }}", "{{ o.name }}", "{{ '自建' if o.kind == 'self_built' else '外委' }}",
         "{{ o.region }}", "{{ o.address }}", "{{ o.phone }}", "{{ o.contact }}"],
        [1.0, 3.0, 1.2, 2.4, 4.2, 2.4, 1.6]),
    "targets": lambda d: _loop_table(
        d, ["序号", "服务目标", "统计方法"], "t in targets",
        ["{{ loop.index }}", "{{ t.text }}", "{{ t.measure }}"], [1.2, 5.6, 9.0]),
    "promises": lambda d: _loop_table(
        d, ["序号", "服务承诺"], "p in promise_list", ["{{ loop.index }}", "{{ p }}"],
        [1.2, 14.6]),
    "supervision": lambda d: _loop_table(
        d, ["姓名", "所在部门", "专职/兼职"], "m in sup.members",
        ["{{ m.name }}", "{{ m.department }}", "{{ '专职' if m.full_time else '兼职' }}"],
        [4.0, 6.8, 5.0]),
    "charges": lambda d: _loop_table(
        d, ["序号", "收费项目", "收费标准", "说明"], "c in charges['items']",
        ["{{ loop.index }}", "{{ c.item }}", "{{ c.price }}", "{{ c.note or '—' }}"],
        [1.2, 5.0, 4.6, 5.0]),
    "warranty": lambda d: _loop_table(
        d, ["部件", "保修期"], "m in warranty_rows",
        ["{{ m.name }}", "{{ m.months }}个月"], [8.0, 7.8]),
    "procedure_list": lambda d: _loop_table(
        d, ["序号", "文件编号", "文件名称", "版本", "备注"], "x in doc_list",
        ["{{ loop.index }}", "{{ x.code }}", "{{ x.title }}", "{{ x.version }}",
         "{{ x.note }}"], [1.2, 2.8, 6.8, 1.6, 3.4]),
    "record_list": lambda d: _loop_table(
        d, ["序号", "记录编号", "记录名称", "所属程序", "保存部门", "保存期限"], "x in record_list",
        ["{{ loop.index }}", "{{ x.code }}", "{{ x.name }}", "{{ x.procedure }}", "{{ x.keeper }}",
         "{{ x.retention }}"], [1.0, 3.0, 4.4, 2.0, 3.2, 2.2]),
    "laws": lambda d: _loop_table(
        d, ["序号", "法律法规及标准名称", "发布机关", "文号", "施行日期"], "x in law_rows",
        ["{{ loop.index }}", "{{ x.name }}", "{{ x.issuer or '—' }}", "{{ x.number or '—' }}",
         "{{ x.effective or '—' }}"],
        [1.0, 5.6, 3.2, 3.6, 2.4]),
    "flow": lambda d: _loop_table(
        d, ["环节", "主要内容", "责任部门/岗位", "时限"], "s in flow_steps",
        ["{{ s.name }}", "{{ s.what }}", "{{ s.who }}", "{{ s.limit }}"],
        [1.6, 8.0, 3.6, 2.6]),
    "resources": lambda d: _static_table(d, [
        ["保障项目", "内容"],
        ["年度售后服务经费", "{{ res.annual_budget_wan }}万元"],
        ["售后服务专项资金", "{{ res.special_fund_wan }}万元"],
        ["赔偿准备金", "{{ (res.compensation_reserve_wan ~ '万元') if res.compensation_reserve_wan "
                     "else '未单独计提，以保险保障' }}"],
        ["保险", "{% for i in res.insurance %}{{ i.insurer }}{{ i.kind }}，保额{{ i.amount_wan }}万元"
               "{% if not loop.last %}；{% endif %}{% else %}未投保{% endfor %}"],
        ["服务场所", "{{ res.premises|join('；') }}"],
        ["信息系统", "{{ system }}：{{ res.information_system.functions|join('、') }}"],
        ["工具与检测设备", "{{ res.tools|join('、') }}"],
        ["服务车辆", "{{ res.vehicles }}辆"],
        ["备品备件", "{{ (res.spare_parts.warehouse ~ '，' ~ res.spare_parts['items'] ~ '个品种，' ~ "
                   "res.spare_parts.policy) if res.spare_parts else "
                   "('按维修需要及时采购，未设专门备件库' if tangible else '不涉及实物备件') }}"],
    ], [4.0, 11.8]),
}

def cover(doc: DocxDocument, kind: str = "manual") -> None:
    for _ in range(4):
        doc.add_paragraph("", style=frame.BODY)
    name = doc.add_paragraph("{{ co.name }}", style=frame.COVER)
    name.runs[0].font.size = Pt(22)
    title = doc.add_paragraph("{{ this.title }}", style=frame.COVER)
    title.runs[0].font.size = Pt(36)
    doc.add_paragraph("依据 GB/T 27922-2011《商品售后服务评价体系》编制", style=frame.COVER).runs[
        0].font.size = Pt(14)
    for _ in range(4):
        doc.add_paragraph("", style=frame.BODY)
    table = frame.grid_table(doc, 5, 4)
    signed = frame.signature_tags(kind)
    rows = [
        ["文件编号", "{{ this.code }}", "版本", "{{ this.version }}"],
        ["受控状态", "受控", "分发号", "{{ this.distribution or '01' }}"],
        ["编制", signed[0], "审核", signed[1]],
        ["批准", signed[2], "发布日期", "{{ doc.issue_date }}"],
        ["实施日期", "{{ doc.effective_date }}", "", ""],
    ]
    for i, row in enumerate(rows):
        frame.fill_row(table, i, row)
        for j in (0, 2):
            format.shade(table.rows[i].cells[j])
    format.column_widths(table, [3.0, 4.9, 3.0, 4.9])
    _page_break(doc)


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph("", style=frame.CELL).add_run().add_break(WD_BREAK.PAGE)


def toc(doc: DocxDocument) -> None:
    heading = doc.add_paragraph("目　　录", style=frame.COVER)
    heading.runs[0].font.size = Pt(18)
    heading.paragraph_format.page_break_before = True
    paragraph = doc.add_paragraph("", style=frame.CELL)
    fields.add_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', placeholder="")


def build_manual_template(source: Source) -> DocxDocument:
    doc = frame.new_document()
    frame.add_header(doc)
    cover(doc)
    doc.add_paragraph("修订记录", style=frame.COVER).runs[0].font.size = Pt(18)
    frame.add_revision_table(doc, titled=False)
    toc(doc)
    appendix = 0
    for block in source.blocks:
        if block.kind == "directive":
            name, arg = block.number, block.text
            if name == "front":
                doc.add_paragraph(arg, style=frame.TITLE)
            elif name == "appendix":
                heading = doc.add_paragraph(f"附录{APPENDIX_LETTERS[appendix]}　{arg}",
                                            style="Heading 1")
                heading.paragraph_format.page_break_before = True
                appendix += 1
            elif name == "table":
                TABLES[arg](doc)
            elif name == "image":
                picture = doc.add_paragraph(f"{{{{ images.{arg} }}}}", style=frame.CELL)
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif name == "right":
                line = doc.add_paragraph(arg, style=frame.BODY)
                line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif name == "pagebreak":
                _page_break(doc)
            else:
                raise ValueError(f"unknown directive @{name} at line {block.line}")
        else:
            add_block(doc, block)
            if block.kind == "heading":
                # Each chapter of the manual starts on a new page.
                doc.paragraphs[-1].paragraph_format.page_break_before = block.level == 1
    return doc


def build_volume_front() -> DocxDocument:
    """Cover and TOC of a compiled volume (程序文件汇编, 记录表单汇编). The TOC indexes the
    document titles (style 文件标题) of the parts appended after it."""
    doc = frame.new_document()
    frame.add_header(doc)
    cover(doc, "procedure")
    heading = doc.add_paragraph("目　　录", style=frame.COVER)
    heading.runs[0].font.size = Pt(18)
    heading.paragraph_format.page_break_before = True
    paragraph = doc.add_paragraph("", style=frame.CELL)
    # Each part restarts its page numbers, so the TOC lists titles without page numbers (\\n).
    fields.add_field(paragraph, f'TOC \\n \\h \\z \\t "{frame.TITLE},1"', placeholder="")
    return doc
