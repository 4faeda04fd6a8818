"""Write a house's document set: a manual and 22 procedures, as files, one volume, or a zip.

    house = HOUSES["规定-控制表"]
    write_house(tmp_path, house, omit_procedures={"P13"}, omit_sections={"P04": {"records"}})

What a scenario can plant: procedures left out, sections left out, manual chapters left out,
the previous client's name or hotline in a procedure. Third parties (insurer, repair partners,
carrier, certification body, supplier) are always named in the manual, as a real one does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tests.clientdocs import cn_number
from tests.houses.texts import Content

COMPANY = "福建闽安电器有限公司"
HOTLINE = "400-888-6622"
OLD_COMPANY = "厦门鹭通机电有限公司"
OLD_HOTLINE = "400-666-1234"
THIRD_PARTIES = ("中国人民财产保险股份有限公司", "广州顺安家电维修有限公司", "顺丰速运有限公司",
                 "北京五洲恒通认证有限公司", "宁波华达电机有限公司")
SECTION_ORDER = ("purpose", "scope", "responsibilities", "procedure", "related_documents",
                 "records")
TitleAt = Literal["heading", "control_table", "bold_split", "code_line"]
SectionsAs = Literal["headings", "bold_split", "run_in", "table", "articles", "cn_run_in",
                     "chapters"]
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


@dataclass(frozen=True)
class House:
    """One consultancy's habits (see the package docstring)."""

    name: str
    titles: Mapping[str, str]
    content: Mapping[str, Content]
    title_at: TitleAt
    sections_as: SectionsAs
    labels: Mapping[str, str]  # section id (or "purpose+scope") -> label as written
    manual_headings: Mapping[str, str]  # manual element id -> chapter heading
    full_width: bool = False
    merged: bool = False  # one volume; automatic numbering restarts in every procedure
    code: str = "MA/CX"  # document codes; "QP" names files QP-05 <title>.docx
    folder: str = "程序文件"
    kind_word: Mapping[str, str] = field(default_factory=dict)

    def kind(self, pid: str) -> str:
        title = self.titles[pid]
        return next((k for k in ("程序", "办法", "规定", "细则", "制度", "规范")
                     if title.endswith(k)), "文件")


@dataclass
class Plan:
    """What a scenario plants in a house's set."""

    omit_procedures: Collection[str] = ()
    omit_sections: Mapping[str, Collection[str]] = field(default_factory=dict)
    omit_chapters: Collection[str] = ()
    old_company_in: Collection[str] = ()  # procedures that still name the previous client
    old_hotline_in: Collection[str] = ()


# ---------------------------------------------------------------- low-level writing


class _Doc:
    def __init__(self, house: House) -> None:
        self.house = house
        self.doc: DocxDocument = Document()
        self.num_id = 100
        if house.merged:
            self._add_numbering()

    def digits(self, text: str) -> str:
        return text.translate(_FULL) if self.house.full_width else text

    def para(self, text: str, *, bold: bool = False, style: str | None = None) -> None:
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(text).bold = bold or None

    def split_bold(self, pieces: Sequence[str], *, center: bool = False) -> None:
        """A bold line written as several runs (as Word leaves it after edits)."""
        paragraph = self.doc.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in pieces:
            paragraph.add_run(piece).bold = True

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value

    def auto_heading(self, text: str, level: int) -> None:
        paragraph = self.doc.add_paragraph(text, style=f"Heading {level}")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/>'
            f'<w:numId w:val="{self.num_id}"/></w:numPr>'))

    def restart_numbering(self) -> None:
        """A new list instance restarting at 1, as Word makes for each procedure."""
        self.num_id += 1
        self.doc.part.numbering_part.element.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{self.num_id}"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))

    def _add_numbering(self) -> None:
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>' for i, text in enumerate(("%1", "%1.%2")))
        self.doc.part.numbering_part.element.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>'))

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


# ---------------------------------------------------------------- procedures


def _section_texts(house: House, pid: str, plan: Plan) -> dict[str, list[str]]:
    purpose, scope, steps, records = house.content[pid]
    kind = house.kind(pid)
    company = OLD_COMPANY if pid in plan.old_company_in else COMPANY
    hotline = OLD_HOTLINE if pid in plan.old_hotline_in else HOTLINE
    others = [p for p in ("P20", "P13", "P14") if p != pid][:2]
    return {
        "purpose": [f"为{purpose}，特制定本{kind}。"],
        "scope": [f"本{kind}适用于{company}{scope}。"],
        "responsibilities": [f"售后服务部负责{scope}的组织实施。",
                             "质量管理部负责监督检查和效果验证。"],
        "procedure": [steps[0], steps[1], f"客户可拨打服务热线{hotline}查询办理进度。"],
        "related_documents": [f"《{house.titles[p]}》" for p in others],
        "records": [f"《{name}》" for name in records],
    }


def _sections(house: House, pid: str, plan: Plan) -> list[tuple[str, list[str]]]:
    """(label as written, lines) in order; a combined label stands for two sections."""
    texts = _section_texts(house, pid, plan)
    left_out = set(plan.omit_sections.get(pid, ()))
    out: list[tuple[str, list[str]]] = []
    for sid in SECTION_ORDER:
        if sid in left_out:
            continue
        if sid == "scope" and "purpose+scope" in house.labels and "purpose" not in left_out:
            continue
        if sid == "purpose" and "purpose+scope" in house.labels:
            lines = texts["purpose"] + ([] if "scope" in left_out else texts["scope"])
            label = house.labels["purpose+scope"] if "scope" not in left_out else "目的"
            out.append((label, lines))
            continue
        out.append((house.labels[sid], texts[sid]))
    return out


def _title(w: _Doc, title: str, code: str) -> None:
    at = w.house.title_at
    if at == "heading":
        w.para(title, style="Title")
        w.table([["文件编号", code, "版本", "A/0"], ["编制", "李明", "批准", "王强"]])
    elif at == "code_line":  # "QP-05　返修件…管理制度" in bold, sign-off table below
        w.split_bold([code, "\u3000", title], center=True)
        w.table([["制定部门", "售后服务部", "生效日期", "2024年3月1日"],
                 ["审核", "张华", "批准", "王强"]])
    elif at == "control_table":
        w.table([["文件名称", title, "文件编号", code],
                 ["版本/修改", "A/0", "页码", "第1页 共3页"],
                 ["编制/日期", "李明", "批准/日期", "王强"]])
    else:
        cut = max(2, len(title) // 3)
        w.split_bold([title[:cut], title[cut:2 * cut], title[2 * cut:]], center=True)
        w.table([["文件编号", code, "版本", "A/0"], ["编制", "李明", "批准", "王强"]])


def _procedure(w: _Doc, pid: str, number: int, plan: Plan) -> None:
    house = w.house
    code = f"{house.code}-{number:02d}"
    if house.sections_as == "chapters":
        _chapter(w, house.titles[pid], number, _sections(house, pid, plan))
        return
    _title(w, house.titles[pid], code)
    sections = _sections(house, pid, plan)
    if house.merged:
        w.restart_numbering()
    how = house.sections_as
    if how == "table":
        w.table([[label, "\n".join(lines)] for label, lines in sections])
        return
    if how == "articles":
        _articles(w, pid, sections)
        return
    if how == "cn_run_in":
        _cn_sections(w, sections)
        return
    for n, (label, lines) in enumerate(sections, start=1):
        number_text = w.digits(f"{n}.")
        if house.merged:
            w.auto_heading(label, 1)
        elif how == "headings":
            w.doc.add_heading(w.digits(f"{n}") + f" {label}", 1)
        elif how == "bold_split":
            w.split_bold([number_text, label[:1], label[1:]])
        elif how == "run_in":
            w.para(f"{number_text}{label}：{lines[0]}")
            for k, line in enumerate(lines[1:], start=1):
                w.para(w.digits(f"{n}.{k}") + "\u3000" + line)
            continue
        for line in lines:
            w.para(line)


def _cn_sections(w: _Doc, sections: list[tuple[str, list[str]]]) -> None:
    """一、目的 as plain lines (no style, no bold); 职责 run into its text; steps as （一）…"""
    duties = w.house.labels["responsibilities"]
    for n, (label, lines) in enumerate(sections, start=1):
        if label == duties:
            w.para(f"{cn_number(n)}、{label}：{lines[0]}")
            for line in lines[1:]:
                w.para(line)
            continue
        w.para(f"{cn_number(n)}、{label}")
        for k, line in enumerate(lines, start=1):
            w.para(f"（{cn_number(k)}）{line}" if len(lines) > 1 else line)


def _chapter(w: _Doc, title: str, number: int, sections: list[tuple[str, list[str]]]) -> None:
    """One procedure as 第N章 of a book: the title a Heading 1, its sections N.k Heading 2."""
    w.doc.add_heading(f"第{cn_number(number)}章\u3000{title}", 1)
    w.para(f"文件编号：{w.house.code}-{number:02d}　版本：A/0　批准：王强")
    for k, (label, lines) in enumerate(sections, start=1):
        w.doc.add_heading(f"{number}.{k}\u3000{label}", 2)
        for line in lines:
            w.para(line)


def _book(house: House, chosen: list[tuple[int, str]], plan: Plan) -> _Doc:
    """All procedures in one book: a cover, a typed contents list with page numbers, chapters."""
    book = _Doc(house)
    book.para(COMPANY)
    book.para("售后服务程序文件", style="Title")
    book.para("目　录", bold=True)
    for page, (number, pid) in enumerate(chosen, start=2):
        book.para(f"第{cn_number(number)}章　{house.titles[pid]}\t{page * 2}")
    for number, pid in chosen:
        _procedure(book, pid, number, plan)
    return book


def _articles(w: _Doc, pid: str, sections: list[tuple[str, list[str]]]) -> None:
    """第一章 总则 / 第一条 …: the shape of a regulation (规定/办法)."""
    by_label = dict(sections)
    labels = w.house.labels
    article = 0

    def art(text: str) -> None:
        nonlocal article
        article += 1
        w.para(f"第{cn_number(article)}条　{text}")

    general = [by_label.get(labels["purpose"]), by_label.get(labels["scope"])]
    chapters = [(labels["general"], [line for lines in general if lines for line in lines]),
                (labels["responsibilities"], by_label.get(labels["responsibilities"])),
                (labels["procedure"], by_label.get(labels["procedure"]))]
    n = 0
    for title, lines in chapters:
        if not lines:
            continue
        n += 1
        w.para(f"第{cn_number(n)}章　{title}", bold=True)
        for line in lines:
            art(line)
    annex = [(labels[s], by_label.get(labels[s])) for s in ("related_documents", "records")]
    if any(lines for _, lines in annex):
        w.para(f"第{cn_number(n + 1)}章　{labels['annex']}", bold=True)
        for label, lines in annex:
            if lines:
                art(f"{label}：{'、'.join(lines)}")
        art(f"本{w.house.kind(pid)}由售后服务部负责解释，自发布之日起施行。")


# ---------------------------------------------------------------- manual

_CHAPTER_TEXT = {
    "promulgation": [f"本手册是{COMPANY}售后服务体系的纲领性文件，现予颁布，自2024年3月1日起实施。",
                     f"{COMPANY}　总经理：王强　2024年2月20日"],
    "appointment": ["任命张华为管理者代表，负责售后服务体系的建立、实施和保持。"],
    "company_profile": [f"{COMPANY}成立于2009年，专业从事家用厨房电器的研发、生产和销售。",
                        "公司产品主要零部件由宁波华达电机有限公司等合格供应商供应。"],
    "scope": ["本手册适用于公司销售的吸油烟机、燃气灶和消毒柜的售后服务。"],
    "service_culture": [f"服务热线{HOTLINE}全年受理，城区报修后24小时内上门。"],
    "organization": ["公司设售后服务部、质量管理部、仓储部和办公室，各部门职责如下。"],
    "functions": ["各部门在售后服务体系中承担的职能见下表。"],
    "mechanism": ["受理、派工、服务、回访、分析和改进环环相扣，形成闭环。"],
    "network": ["公司在福建省内设自建服务站3个；省外委托广州顺安家电维修有限公司等外委网点"
                "承担上门维修，双方签订委托服务协议。"],
    "staffing": ["售后服务人员经培训考核合格后持证上岗。"],
    "resources": ["公司每年安排售后服务专项经费，并向中国人民财产保险股份有限公司投保产品责任险，"
                  "由其承保因产品缺陷造成的人身和财产损害赔偿。",
                  "大件产品的配送由顺丰速运有限公司承运。"],
    "laws": ["公司识别并遵守《中华人民共和国产品质量法》《中华人民共和国消费者权益保护法》。"],
    "supervision": ["售后服务监督小组每月检查服务质量，结果纳入绩效考核。"],
    "improvement": ["公司于2023年通过北京五洲恒通认证有限公司的售后服务认证，并持续改进服务。"],
    "procedure_list": ["本手册引用的程序文件见下表。"],
    "record_list": ["售后服务记录表单见各程序文件。"],
}


def _manual(w: _Doc, omit: Collection[str]) -> None:
    w.para(COMPANY)
    w.split_bold(["售后服务", "手册"], center=True)
    w.table([["文件编号", "MA/SC-01", "版本", "A/0"], ["编制", "李明", "批准", "王强"],
             ["受控状态", "受控", "分发号", "01"]])
    for n, (element, heading) in enumerate(w.house.manual_headings.items(), start=1):
        if element in omit:
            continue
        label = w.digits(f"{n}") + f" {heading}"
        if w.house.sections_as in ("bold_split", "run_in", "articles"):
            w.split_bold([label[:2], label[2:]])
        else:
            w.doc.add_heading(label, 1)
        for line in _CHAPTER_TEXT[element]:
            w.para(line)
        if element == "procedure_list":
            w.table([["序号", "文件名称"]]
                    + [[pid, title] for pid, title in w.house.titles.items()])
        if element == "functions":
            w.table([["职能", "售后服务部", "质量管理部"], ["投诉处理", "主管", "协助"]])


def write_house(folder: Path, house: House, plan: Plan | None = None) -> Path:
    """The house's set under `folder`: 售后服务手册.docx and the procedures."""
    plan = plan or Plan()
    manual = _Doc(house)
    _manual(manual, plan.omit_chapters)
    manual.save(folder / "售后服务手册.docx")
    chosen = [(n, pid) for n, pid in enumerate(house.titles, start=1)
              if pid not in plan.omit_procedures]
    if house.sections_as == "chapters":
        _book(house, chosen, plan).save(folder / "售后服务程序文件.docx")
        return folder
    if house.merged:
        volume = _Doc(house)
        volume.split_bold(["程序文件", "汇编"], center=True)
        for number, pid in chosen:
            _procedure(volume, pid, number, plan)
        volume.save(folder / "程序文件汇编.docx")
        return folder
    for number, pid in chosen:
        single = _Doc(house)
        _procedure(single, pid, number, plan)
        name = (f"{house.code}-{number:02d} {house.titles[pid]}" if "/" not in house.code
                else f"{house.code.replace('/', '-')}-{number:02d}")
        single.save(folder / house.folder / f"{name}.docx")
    return folder
