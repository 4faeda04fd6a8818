"""修订说明: what a rebuild changed and why, as Markdown and as a Word document."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.ooxml import format
from generator.pack.authoring import frame


@dataclass
class RevisedDocument:
    code: str
    title: str
    path: str
    old_version: str
    new_version: str
    change: str


class ProfileChange(Protocol):
    """What a change note shows of one profile change (`builder.changes.Change` is one)."""

    @property
    def path(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass
class ChangeReport:
    company: str
    date: dt.date
    changes: Sequence[ProfileChange]
    revised: list[RevisedDocument]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    backed_up: list[str] = field(default_factory=list)
    cause: str = ""  # what caused the revision besides the profile changes listed
    merged: list[str] = field(default_factory=list)  # hand-edited, merged with the new text
    clashes: list[str] = field(default_factory=list)  # one line per clash
    not_merged: list[str] = field(default_factory=list)  # "path：why"

    @property
    def title(self) -> str:
        return f"{self.company}售后服务体系文件修订说明（{self.date.isoformat()}）"


def _md_cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def to_markdown(report: ChangeReport) -> str:
    lines = [f"# {report.title}", ""]
    lines += ["## 一、企业档案变更", ""]
    lines += [f"{i}. {c.text}（`{c.path}`）" for i, c in enumerate(report.changes, 1)]
    if report.cause:
        lines += ["", report.cause] if report.changes else [report.cause]
    lines += ["", "## 二、修订的文件", ""]
    if report.revised:
        lines += ["| 文件编号 | 文件名称 | 原版本 | 新版本 | 修订内容 |", "|---|---|---|---|---|"]
        lines += [f"| {d.code} | {_md_cell(d.title)} | {d.old_version} | {d.new_version} | "
                  f"{_md_cell(d.change)} |" for d in report.revised]
    else:
        lines.append("没有文件需要修订。")
    for heading, items in _file_lists(report):
        if items:
            lines += ["", f"## {heading}", ""] + [f"- {p}" for p in items]
    lines += ["", "修订后的文件已在各自的修订记录中登记；修订对照稿（修订痕迹）见同目录下的 redline 文件夹。",
              ""]
    return "\n".join(lines)


def _file_lists(report: ChangeReport) -> tuple[tuple[str, list[str]], ...]:
    """The lists of files after the revision table, each under its heading (empty ones too)."""
    return (("新增的文件", report.added), ("不再使用的文件", report.removed),
            ("手工修改、未覆盖的文件", report.protected),
            ("手工修改、已备份后覆盖的文件", report.backed_up),
            ("手工修改已与新内容合并的文件", report.merged),
            ("合并冲突（保留手工文本，新生成的文本见文件中的批注）", report.clashes),
            ("手工修改、无法合并的文件", report.not_merged))


def to_docx(report: ChangeReport) -> bytes:
    doc = frame.new_document()
    doc.add_paragraph(report.title, style=frame.TITLE)
    doc.add_paragraph("一、企业档案变更", style="Heading 1")
    for i, change in enumerate(report.changes, 1):
        doc.add_paragraph(f"{i}．{change.text}", style=frame.BODY)
    if report.cause:
        doc.add_paragraph(report.cause, style=frame.BODY)
    doc.add_paragraph("二、修订的文件", style="Heading 1")
    if report.revised:
        table = frame.grid_table(doc, len(report.revised) + 1, 5)
        frame.fill_row(table, 0, ["文件编号", "文件名称", "原版本", "新版本", "修订内容"], header=True)
        for i, d in enumerate(report.revised, 1):
            frame.fill_row(table, i, [d.code, d.title, d.old_version, d.new_version, d.change])
        format.column_widths(table, [2.6, 4.2, 1.4, 1.4, 6.2])
    else:
        doc.add_paragraph("没有文件需要修订。", style=frame.BODY)
    for heading, items in _file_lists(report):
        if items:
            doc.add_paragraph(heading, style="Heading 2")
            for path in items:
                doc.add_paragraph(path, style=frame.ITEM)
    closing = doc.add_paragraph(f"编制日期：{report.date.isoformat()}", style=frame.BODY)
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
