"""The text source of the default procedure templates.

A source file (templates/src/procedures/Pxx.txt) is what a consultant writes; the .docx
templates in templates/procedures/ are produced from it by `build_templates` and a test proves
they match. Format, line by line:

    ---                          front matter: id and title (YAML), then ---
    # 目的                       level-1 heading; numbers (1, 4.2, 4.2.1) are added
    ## 报修受理                  level-2 heading
    ### 电话报修                 level-3 heading
    plain text                   body paragraph (first-line indent of two characters)
    - text                       list item (indented, hanging; write your own marker)
    {% if has_entrusted %}       a line holding only a block tag controls whole paragraphs
    | 列 | 列 |                  table rows; the first row is the header
    |{% for o in outlets %}|     a row holding only a block tag controls whole rows
    @name argument               a directive (manual only): @front 颁布令, @appendix 程序文件清单,
                                 @table departments, @image org_chart, @pagebreak

Headings must not sit inside a block tag: their numbers are fixed when the template is made.
Sections 1 目的, 2 范围, 3 职责, 4 工作程序 and 5 相关文件 come from the source; 6 记录 is made
from the catalog so that every record code cited exists as a form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import TemplatePackError

SECTIONS = ("目的", "范围", "职责", "工作程序", "相关文件")
_BLOCK = re.compile(r"^\{%-?\s*(if|elif|else|endif|for|endfor)\b.*%\}$")


@dataclass
class Block:
    kind: str  # heading | para | item | tag | table
    text: str = ""
    level: int = 0
    number: str = ""
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0


@dataclass
class Source:
    id: str
    title: str
    blocks: list[Block]
    path: str


def parse_source(path: Path, sections: tuple[str, ...] | None = SECTIONS) -> Source:
    """Parse a source file; `sections` is the required sequence of level-1 headings
    (None for the manual, whose chapters are free)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise TemplatePackError("源文件应以 --- 开头的前置信息（id、title）开始", where=str(path))
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise TemplatePackError("前置信息缺少结束的 ---", where=str(path)) from None
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    blocks: list[Block] = []
    counters = [0, 0, 0]
    depth = 0
    for lineno, raw in enumerate(lines[end + 1:], start=end + 2):
        line = raw.strip()
        if not line:
            continue
        where = f"{path}:{lineno}"
        if line.startswith("@"):
            name, _, arg = line[1:].partition(" ")
            if name in ("front", "appendix"):
                if depth:
                    raise TemplatePackError("@front/@appendix 不能放在块内", where=where)
                counters = [0, 0, 0]
            blocks.append(Block("directive", arg.strip(), number=name, line=lineno))
            continue
        if line.startswith("#") and not line.startswith("{#"):
            marks = len(line) - len(line.lstrip("#"))
            if marks > 3:
                raise TemplatePackError("标题最多三级（###）", where=where)
            if depth:
                raise TemplatePackError("标题不能放在 {% if %}/{% for %} 块内（编号在生成模板时确定）",
                                        where=where)
            counters[marks - 1] += 1
            for i in range(marks, 3):
                counters[i] = 0
            number = ".".join(str(c) for c in counters[:marks])
            blocks.append(Block("heading", line[marks:].strip(), marks, number, line=lineno))
            continue
        match = _BLOCK.match(line)
        if match:
            word = match.group(1)
            if word in ("if", "for"):
                depth += 1
            elif word in ("endif", "endfor"):
                depth -= 1
            blocks.append(Block("tag", line, line=lineno))
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells], line=lineno))
            continue
        if line.startswith("- "):
            blocks.append(Block("item", line[2:].strip(), line=lineno))
            continue
        blocks.append(Block("para", line, line=lineno))
    if depth:
        raise TemplatePackError("{% if %}/{% for %} 与 {% endif %}/{% endfor %} 不成对", where=str(path))
    top = [b.text for b in blocks if b.kind == "heading" and b.level == 1]
    if sections is not None and tuple(top) != sections:
        raise TemplatePackError(
            f"一级标题应依次为 {'、'.join(SECTIONS)}，实际为 {'、'.join(top)}", where=str(path)
        )
    return Source(str(meta.get("id", "")), str(meta.get("title", "")), blocks, str(path))
