"""The review report of `templates import`: what became a tag, what still looks like the
previous client's facts, which files found no place. Data plus its Markdown form
(`导入报告.md` in the pack, the same text on stdout).

Leftovers looked for in the text after tagging (tags removed first):
1. company names (`check.names.company_names`), 2. phone numbers (400/800, fixed lines with
an area code, mobiles), 3. a person's name after 编制/审核/批准/负责人/经理…, 4. dates,
5. addresses (…省/市/区 … 路/街/道 …号), 6. values of the FACTS file that have no portable tag
(optional fields, departments without a function, outlets outside a table).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.check import names
from generator.docs.textnorm import fold

_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{_\{.*?\}_\}")
_PHONE = re.compile(r"(?<![\d-])(?:(?:400|800)[-\s]?\d{3}[-\s]?\d{4}|0\d{2,3}-?\d{7,8}"
                    r"|1[3-9]\d{9})(?![\d-])")
_PERSON = re.compile(r"(?:编制|审核|批准|签发|负责人|总经理|经理|主任|组长|部长|代表)(?:人)?"
                     r"[）)]?[：:]\s*([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff])")
_DATE = re.compile(r"(?<!\d)\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?")
_ADDRESS = re.compile(r"[\u4e00-\u9fff]{2,10}(?:省|市|区|县)[\u4e00-\u9fff0-9]{0,24}?"
                      r"(?:路|街|道|巷|弄)\s*\d+\s*号")
_NOT_NAMES = frozenset({"负责", "组织", "批准", "审核", "编制", "签字", "确认", "同意", "实施",
                        "管理", "办公室", "委托", "任命", "协助", "主持", "决定", "签发"})
KINDS = ("company", "phone", "person", "date", "address", "known")
KIND_TITLES = {"company": "其他企业名称", "phone": "电话号码", "person": "人名",
               "date": "日期", "address": "地址", "known": "档案中有、但无通用标签的值"}


@dataclass
class FileReport:
    source: str
    placed: str | None  # path inside the pack
    reason: str = ""  # why it was not placed
    tags: Counter[str] = field(default_factory=Counter)
    loops: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    leftovers: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass
class ImportReport:
    source: str
    pack: str
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lint: list[str] = field(default_factory=list)

    @property
    def placed(self) -> list[FileReport]:
        return [f for f in self.files if f.placed]

    @property
    def unplaced(self) -> list[FileReport]:
        return [f for f in self.files if not f.placed]


def leftovers(texts: Iterable[str], known: Iterable[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Rules 1–6 over the paragraphs of one tagged document."""
    found: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    known = [(f, v) for f, v in known if len(v) >= 2]
    for raw in texts:
        text = _TAGS.sub("", raw)
        if not text.strip():
            continue
        folded = fold(text)
        found["company"].update(names.company_names(folded))
        found["phone"].update(m.group(0) for m in _PHONE.finditer(text))
        found["person"].update(m.group(1) for m in _PERSON.finditer(text)
                               if m.group(1) not in _NOT_NAMES)
        found["date"].update(m.group(0) for m in _DATE.finditer(text))
        found["address"].update(m.group(0) for m in _ADDRESS.finditer(text))
        for name, value in known:
            if value in text:
                found["known"][f"{value}（{name}）"] += text.count(value)
    return {k: c for k, c in found.items() if c}


def to_markdown(report: ImportReport) -> str:
    lines = ["# 模板导入报告", "", f"- 来源：{report.source}", f"- 模板包：{report.pack}",
             f"- 已放入模板包：{len(report.placed)} 个文件；未能放入：{len(report.unplaced)} 个", ""]
    lines += ["使用前请逐项核对下列“疑似遗留信息”：改为标签（如 `{{ co.name }}`）或删除。"
              "模板包中没有的文件，生成时使用默认模板。", ""]
    if report.notes:
        lines += ["## 说明", "", *(f"- {n}" for n in report.notes), ""]
    if report.unplaced:
        lines += ["## 未能放入模板包的文件", ""]
        lines += [f"- {f.source}：{f.reason}" for f in report.unplaced]
        lines.append("")
    for f in report.placed:
        lines += [f"## {f.source} → {f.placed}", ""]
        total = sum(f.tags.values())
        lines.append(f"插入标签 {total} 处：" + ("、".join(f"`{t}` ×{n}" for t, n in
                                                    sorted(f.tags.items())) or "无"))
        lines.append("")
        for loop in f.loops:
            lines.append(f"- 改为循环：{loop}")
        for note in f.notes:
            lines.append(f"- 注意：{note}")
        if f.loops or f.notes:
            lines.append("")
        if f.leftovers:
            lines.append("疑似遗留信息：")
            for kind in KINDS:
                if kind in f.leftovers:
                    shown = "、".join(f"{v}" + (f"（{n} 处）" if n > 1 else "")
                                     for v, n in f.leftovers[kind].most_common(12))
                    lines.append(f"- {KIND_TITLES[kind]}：{shown}")
        else:
            lines.append("未发现疑似遗留信息。")
        lines.append("")
    lines += ["## 模板检查（templates lint）", ""]
    lines += [f"- {x}" for x in report.lint] or ["- 通过，无问题。"]
    return "\n".join(lines) + "\n"
