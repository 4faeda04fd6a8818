"""修订记录 tables become the `this.revisions` row loop of the default pack.

A previous client's file shows its own revision history (often just "A/0 | 2025-03-01 | 首次发布
| 陆文博 | 沈国梁"); the next client's set must show its own, which the build supplies as
`this.revisions`. Used by `tagging.tag_package` before the list loops and the facts.

Rules:
1. A table whose first row names at least three of the columns 版本, 修订日期, 修订内容,
   修订人, 批准人 (or their usual variants, `_COLUMNS`) is a revision table.
2. Its first data row becomes the pattern: each recognised column gets its field
   (`{{ r.version }}` …), a 序号 column `{{ loop.index }}`, any other column is emptied; a
   `{%tr for r in this.revisions %}` row goes before it, `{%tr endfor %}` after, and the other
   data rows go. A table with no data row gets a pattern row copied from its header.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from generator.ooxml.cells import cell_text, cells, rows, set_cell_text, tag_row

LOOP = "{%tr for r in this.revisions %}"
_COLUMNS = (
    (re.compile(r"^(版本|版本号|版次|修订版本|文件版本)$"), "{{ r.version }}"),
    (re.compile(r"^(修订日期|修改日期|日期|生效日期|发布日期|变更日期)$"), "{{ r.date }}"),
    (re.compile(r"^(修订内容|修改内容|变更内容|修订说明|修改说明|内容|修订摘要)$"), "{{ r.change }}"),
    (re.compile(r"^(修订人|修改人|编制人|修订者|变更人)$"), "{{ r.by }}"),
    (re.compile(r"^(批准人|批准|审批人|批准者)$"), "{{ r.approved_by }}"),
    (re.compile(r"^(序号|No\.?)$"), "{{ loop.index }}"),
)


def _field(header: str) -> str | None:
    label = re.sub(r"\s", "", header)
    return next((expr for pattern, expr in _COLUMNS if pattern.match(label)), None)


def loop_revisions(tbl: etree._Element) -> bool:
    """Rules 1–2 for one table; True when it was a revision table."""
    all_rows = rows(tbl)
    if not all_rows:
        return False
    header = [_field(cell_text(c)) for c in cells(all_rows[0])]
    if sum(1 for f in header if f and f != "{{ loop.index }}") < 3:
        return False
    data = all_rows[1:]
    if data and any("{%tr" in cell_text(c) for tr in data for c in cells(tr)):
        return False  # already a loop
    pattern = data[0] if data else copy.deepcopy(all_rows[0])
    if not data:
        all_rows[0].addnext(pattern)
    for col, cell in enumerate(cells(pattern)):
        expr = header[col] if col < len(header) else None
        set_cell_text(cell, expr or "")
    for tr in data[1:]:
        tbl.remove(tr)
    pattern.addprevious(tag_row(pattern, LOOP))
    pattern.addnext(tag_row(pattern, "{%tr endfor %}"))
    return True
