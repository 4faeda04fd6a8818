"""Client-style Word documents for the validator tests, written with python-docx.

Real client packs are not written with our templates: headings may be Word styles, Chinese-UI
numeric style ids, outline levels, automatic numbering, or plain/bold text numbered 第一章 /
一、 / （一） / 1.; titles vary; some packs are in Traditional characters. Every builder here
writes one deterministic .docx whose look and planted defects are chosen by arguments, so a
test reads as the list of what it plants.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from opencc import OpenCC

from generator.catalog import load_catalog

COMPANY = "福建闽安电器有限公司"
SHORT = "闽安电器"
HOTLINE = "400-888-6622"
OLD_COMPANY = "厦门鹭通机电有限公司"
ROLES = ("售后服务部", "质量管理部", "调度员")
SECTIONS = ("目的", "范围", "职责", "工作程序", "相关文件", "记录")

HeadingKind = Literal["word", "numeric_id", "outline", "autonum", "plain", "bold"]
Numbering = Literal["decimal", "chinese", "chapter"]
_S2T = OpenCC("s2t")
_CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")
    return head + (_CN[ones - 1] if ones else "")


@dataclass(frozen=True)
class Look:
    """How a client's document marks its headings."""

    headings: HeadingKind = "word"
    numbering: Numbering = "decimal"
    traditional: bool = False


@dataclass
class _Writer:
    look: Look
    doc: DocxDocument = field(default_factory=Document)
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])

    def __post_init__(self) -> None:
        if self.look.headings == "numeric_id":
            _chinese_ui_style_ids(self.doc)
        if self.look.headings == "autonum":
            _add_autonumbering(self.doc, self.look.numbering)

    def t(self, text: str) -> str:
        return _S2T.convert(text) if self.look.traditional else text

    def number(self, level: int) -> str:
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        n = self.counters[level - 1]
        if self.look.numbering == "decimal":
            return ".".join(str(c) for c in self.counters[:level])
        if self.look.numbering == "chinese":
            return f"{cn_number(n)}、" if level == 1 else f"（{cn_number(n)}）"
        return f"第{cn_number(n)}章" if level == 1 else f"{cn_number(n)}、"

    def title(self, text: str) -> None:
        kind = self.look.headings
        if kind in ("word", "numeric_id", "outline", "autonum"):
            self.doc.add_paragraph(self.t(text), style="Title")
        else:
            para = self.doc.add_paragraph()
            para.add_run(self.t(text)).bold = True
        self.counters = [0, 0, 0]

    def heading(self, text: str, level: int = 1) -> None:
        kind = self.look.headings
        if kind == "autonum":
            para = self.doc.add_paragraph(self.t(text), style=f"Heading {level}")
            num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/>'
                               '<w:numId w:val="90"/></w:numPr>')
            para._p.get_or_add_pPr().append(num_pr)
            return
        label = f"{self.number(level)} {self.t(text)}"
        if kind == "word":
            self.doc.add_heading(label, level)
        elif kind == "numeric_id":
            self.doc.add_paragraph(label, style=f"Heading {level}")
        elif kind == "outline":
            para = self.doc.add_paragraph(label)
            outline = parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level - 1}"/>')
            para._p.get_or_add_pPr().append(outline)
        elif kind == "plain":
            self.doc.add_paragraph(label)
        else:
            self.doc.add_paragraph().add_run(self.t(text)).bold = True

    def para(self, text: str) -> None:
        self.doc.add_paragraph(self.t(text))

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = self.t(value)

    def header(self, text: str) -> None:
        self.doc.sections[0].header.paragraphs[0].text = self.t(text)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


def _chinese_ui_style_ids(doc: DocxDocument) -> None:
    """Chinese-UI Word stores heading styles with ids "1", "2" (names stay "heading N")."""
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.element.set(qn("w:styleId"), str(level))


def _add_autonumbering(doc: DocxDocument, numbering: Numbering) -> None:
    """Heading numbers held in numbering.xml (第一章 / 一、 / 1.1), not in the text."""
    if numbering == "chapter":
        levels = [("chineseCounting", "第%1章"), ("chineseCounting", "%2、")]
    elif numbering == "chinese":
        levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")]
    else:
        levels = [("decimal", "%1"), ("decimal", "%1.%2")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels)
    )
    numbering_el = doc.part.numbering_part.element
    numbering_el.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}'
                                  "</w:abstractNum>"))
    numbering_el.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90">'
                                  '<w:abstractNumId w:val="90"/></w:num>'))


# ---------------------------------------------------------------- procedures


def procedure_body(title: str, company: str, hotline: str, roles: Sequence[str]
                   ) -> dict[str, list[str]]:
    """Plausible text of each section of a procedure."""
    subject = title.removesuffix("控制程序").removesuffix("管理程序").removesuffix("程序")
    return {
        "目的": [f"为规范{subject}工作，明确职责和要求，提高顾客满意度，特制定本程序。"],
        "范围": [f"本程序适用于{company}{subject}的全过程管理。"],
        "职责": [f"{role}：负责{subject}相关工作的组织、实施和记录。" for role in roles],
        "工作程序": [
            f"客户通过服务热线{hotline}或线上渠道提出需求，客服人员在1个工作日内登记并分派。",
            f"责任部门按照本程序的要求实施{subject}，并将结果在2个工作日内反馈客户。",
            "售后服务部每月汇总分析执行情况，提出改进建议，报管理者代表审批。",
        ],
        "相关文件": ["《文件控制程序》", "《记录控制程序》"],
        "记录": [f"《{subject}登记表》", f"《{subject}统计分析表》"],
    }


def write_procedure(path: Path, title: str, *, look: Look = Look(),
                    sections: Sequence[str] = SECTIONS, company: str = COMPANY,
                    hotline: str = HOTLINE, roles: Sequence[str] = ROLES,
                    extra: dict[str, list[str]] | None = None, code: str = "MA/CX-01") -> Path:
    """One procedure file: title, a control table, then its sections."""
    writer = _Writer(look)
    _procedure_into(writer, title, sections, company, hotline, roles, extra or {}, code)
    return writer.save(path)


def _procedure_into(writer: _Writer, title: str, sections: Sequence[str], company: str,
                    hotline: str, roles: Sequence[str], extra: dict[str, list[str]],
                    code: str) -> None:
    writer.title(title)
    writer.table([["文件编号", code, "版本", "A/0"], ["编制", "李明", "批准", "王强"]])
    body = procedure_body(title, company, hotline, roles)
    for section in sections:
        writer.heading(section, 1)
        for text in body[section] + extra.get(section, []):
            writer.para(text)
        if section == "工作程序":
            writer.heading("受理与登记", 2)
            writer.para("受理人员应如实记录客户信息、产品型号和诉求，形成工单。")


# ---------------------------------------------------------------- manual

MANUAL_CHAPTERS: dict[str, tuple[str, str]] = {
    # element id: (heading, one line of text)
    "promulgation": ("颁布令", "本手册经总经理批准发布，自发布之日起实施，全体员工必须遵照执行。"),
    "appointment": ("管理者代表任命书", "任命张华为管理者代表，负责售后服务体系的建立和运行。"),
    "company_profile": ("公司简介", "{company}成立于2010年，主要从事家用电器的研发、生产和销售。"),
    "scope": ("产品/服务范围", "本手册适用于公司生产销售的全部家用电器产品的售后服务。"),
    "service_culture": ("服务理念与服务承诺", "服务热线{hotline}全年受理，接到报修后2小时内响应。"),
    "organization": ("组织架构与部门职责", "公司设售后服务部、质量管理部等部门，明确各岗位职责。"),
    "functions": ("职能分配表", "各部门在售后服务体系中的职能分配见下表。"),
    "mechanism": ("运转机制", "受理、派工、服务、确认、回访、分析、改进形成闭环。"),
    "network": ("服务网络", "公司在销售区域内设立自建服务站和授权服务网点。"),
    "staffing": ("人员配置与培训", "售后服务人员经培训考核合格后上岗。"),
    "resources": ("资源保障", "公司每年预算售后服务专项经费，配备维修工具和备品备件。"),
    "laws": ("法律法规识别", "公司识别并宣贯《中华人民共和国产品质量法》等法律法规。"),
    "supervision": ("监督与考核", "售后服务监督小组每月检查服务质量并考核。"),
    "improvement": ("持续改进", "公司定期分析投诉和满意度数据，持续改进服务。"),
    "procedure_list": ("程序文件清单", "本手册引用的程序文件见下表。"),
    "record_list": ("记录表单清单", "售后服务记录表单见下表。"),
}


def write_manual(path: Path, *, look: Look = Look(), company: str = COMPANY,
                 hotline: str = HOTLINE, omit: Iterable[str] = (),
                 extra: Sequence[str] = (), control: bool = True) -> Path:
    """A manual with a cover, a control table and one chapter per manual element."""
    writer = _Writer(look)
    _manual_into(writer, company, hotline, set(omit), extra, control)
    return writer.save(path)


def _manual_into(writer: _Writer, company: str, hotline: str, omit: set[str],
                 extra: Sequence[str], control: bool) -> None:
    writer.para(company)
    writer.title("售后服务手册")
    if control:
        writer.table([["文件编号", "MA/SC-01", "版本", "A/0"],
                      ["编制", "李明", "批准", "王强"], ["受控状态", "受控", "分发号", "01"]])
    for element, (heading, text) in MANUAL_CHAPTERS.items():
        if element in omit:
            continue
        writer.heading(heading, 1)
        writer.para(text.format(company=company, hotline=hotline))
        if element == "procedure_list":
            writer.table([["序号", "程序文件"]] + [[p.id, p.title] for p in load_catalog().procedures])
    for text in extra:
        writer.para(text)


# ---------------------------------------------------------------- sets


def canonical_titles() -> dict[str, str]:
    return {p.id: p.title for p in load_catalog().procedures}


def write_set(folder: Path, *, titles: dict[str, str] | None = None, omit: Iterable[str] = (),
              look: Look = Look(), company: str = COMPANY, hotline: str = HOTLINE,
              roles: Sequence[str] = ROLES, manual: bool = True) -> Path:
    """A folder with the manual and one file per procedure (titles default to canonical)."""
    titles = titles or canonical_titles()
    skip = set(omit)
    if manual:
        write_manual(folder / "售后服务手册.docx", look=look, company=company, hotline=hotline)
    for number, (pid, title) in enumerate(titles.items(), start=1):
        if pid in skip:
            continue
        write_procedure(folder / "程序文件" / f"{number:02d} {title}.docx", title, look=look,
                        company=company, hotline=hotline, roles=roles,
                        code=f"MA/CX-{number:02d}")
    return folder


def write_merged(path: Path, *, titles: dict[str, str] | None = None, look: Look = Look(),
                 company: str = COMPANY, hotline: str = HOTLINE,
                 sections: dict[str, Sequence[str]] | None = None) -> Path:
    """One .docx holding the manual followed by every procedure."""
    titles = titles or canonical_titles()
    writer = _Writer(look)
    _manual_into(writer, company, hotline, set(), (), True)
    for number, (pid, title) in enumerate(titles.items(), start=1):
        chosen = (sections or {}).get(pid, SECTIONS)
        _procedure_into(writer, title, chosen, company, hotline, ROLES, {}, f"MA/CX-{number:02d}")
    return writer.save(path)


# ---------------------------------------------------------------- hostile and foreign files


def write_ole(path: Path) -> Path:
    """What an encrypted .docx (or a legacy .doc) starts with: an OLE compound file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    return path


def write_corrupt(path: Path) -> Path:
    """A .docx cut in half (as an interrupted download leaves it)."""
    buffer = io.BytesIO()
    Document().save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def write_zip(path: Path, files: dict[str, bytes], *, encoding: str = "utf-8") -> Path:
    """A ZIP of `files`; encoding "gbk" writes names as Windows zip tools do (GBK bytes, no
    UTF-8 flag), which zipfile itself never does, so ASCII stand-ins are swapped afterwards."""
    swaps: list[tuple[bytes, bytes]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(files.items()):
            if encoding == "utf-8":
                archive.writestr(name, data)
                continue
            raw = name.encode(encoding)
            stand_in = f"~{i:04d}".encode().ljust(len(raw), b"_")
            swaps.append((stand_in, raw))
            archive.writestr(stand_in.decode(), data)
    blob = path.read_bytes()
    for stand_in, raw in swaps:
        blob = blob.replace(stand_in, raw)
    path.write_bytes(blob)
    return path


def docx_with_document_xml(path: Path, document_xml: str) -> Path:
    """A valid package whose word/document.xml is replaced (for XML attack tests)."""
    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = document_xml.encode("utf-8")
            target.writestr(info.filename, data)
    return path
