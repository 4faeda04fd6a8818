"""Region-coverage tables become a loop over the sales regions.

A manual or procedure often shows, one row per sales region, the outlets covering it
("华东 | 上海浦恒家电维修有限公司（外委）、…"). Such a table is generated from two profile lists
(`region_list`, `outlets`), so `tagging` rule 2 (one row per item of one list) does not see
it. Used by `tagging.tag_package` before the list loops.

Rules:
1. A run of consecutive rows whose cell in one column is a sales region of the profile, each
   region once, covering at least `MIN_SHARE` of the regions, in a table where some cell
   names an outlet, and not every row of it has a cell holding just an outlet's name (that
   is the outlet list, one row per outlet, looped by `tagging`), is a coverage table; the
   region cell becomes `{{ r }}` in a `{%tr for r in region_list %}` loop, the other rows go.
2. A cell listing the region's outlets (name, optionally its kind in brackets, joined by one
   separator) becomes a loop over the outlets covering `r` (the default pack's test:
   `r in o.region or o.region in r`); the text of a region without outlets becomes its
   `{% else %}`. A cell reading one way where the region has outlets and another where it has
   none becomes the same test with `{% if loop.first %}`. A cell the same in every row stays.
3. An outlet cell written any other way is replaced by the default pack's wording for that
   cell and said so in `notes`; so is a cell that varies in a way rule 2 does not explain
   (it repeats the first row's text otherwise, which may name the first client's outlets).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree

from generator.ooxml.cells import cell_text, cells, rows, set_cell_text, tag_row

MIN_SHARE = 0.6
_COVERS = "r in o.region or o.region in r"
_KIND = "'自建' if o.kind == 'self_built' else '外委'"
_SEPARATORS = ("、", "，", "；", ",", ";", " ", "\n")
DEFAULT_OUTLETS = ("{% for o in outlets if " + _COVERS + " %}{{ o.name }}（{{ " + _KIND
                   + " }}）{% if not loop.last %}、{% endif %}{% else %}暂无固定网点{% endfor %}")


@dataclass(frozen=True)
class Outlet:
    name: str
    region: str
    kind: str  # as written: 自建 / 外委


@dataclass(frozen=True)
class Coverage:
    """The previous client's sales regions and outlets, as written in its documents."""

    regions: tuple[str, ...]
    outlets: tuple[Outlet, ...]

    def covering(self, region: str) -> list[Outlet]:
        return [o for o in self.outlets if region in o.region or o.region in region]


@dataclass
class CoverageResult:
    loops: list[str]
    notes: list[str]


def loop_coverage(tbl: etree._Element, cov: Coverage, result: CoverageResult) -> None:
    """Rules 1–3 for one table."""
    if not cov.regions or not cov.outlets:
        return
    text = "".join(cell_text(c) for tr in rows(tbl) for c in cells(tr))
    if not any(o.name in text for o in cov.outlets):
        return
    run, column = _region_run(tbl, cov)
    if len(run) < max(1, math.ceil(MIN_SHARE * len(cov.regions))):
        return
    names = {o.name for o in cov.outlets}
    if all(any(cell_text(c).strip() in names for c in cells(tr)) for tr, _ in run):
        return  # one row per outlet, its region in a column: a list loop of `tagging`
    pattern = run[0][0]
    for col, cell in enumerate(cells(pattern)):
        if col == column:
            set_cell_text(cell, "{{ r }}")
            continue
        texts = [cell_text(cells(tr)[col]).strip() if col < len(cells(tr)) else "" for tr, _ in run]
        new = _cell_loop(texts, [cov.covering(r) for _, r in run], cov)
        if new is None:
            continue
        if new.startswith("!"):
            new = new.lstrip("!")
            result.notes.append(f"区域覆盖表中“{texts[0][:20]}”一列无法按档案还原为模板逻辑，"
                                "已改用默认模板的写法，请核对")
        set_cell_text(cell, new)
    for tr, _ in run[1:]:
        tbl.remove(tr)
    pattern.addprevious(tag_row(pattern, "{%tr for r in region_list %}"))
    pattern.addnext(tag_row(pattern, "{%tr endfor %}"))
    result.loops.append("销售区域 → {%tr for r in region_list %}")


def _region_run(tbl: etree._Element, cov: Coverage) -> tuple[list[tuple[etree._Element, str]], int]:
    best: list[tuple[etree._Element, str]] = []
    best_col = -1
    run: list[tuple[etree._Element, str]] = []
    column = -1
    for tr in rows(tbl):
        hit = next(((i, cell_text(c).strip()) for i, c in enumerate(cells(tr))
                    if cell_text(c).strip() in cov.regions), None)
        if hit is not None and (not run or hit[0] == column) and hit[1] not in {r for _, r in run}:
            column = hit[0]
            run.append((tr, hit[1]))
        else:
            run, column = ([(tr, hit[1])], hit[0]) if hit is not None else ([], -1)
        if len(run) > len(best):
            best, best_col = list(run), column
    return best, best_col


def _cell_loop(texts: list[str], covering: list[list[Outlet]], cov: Coverage) -> str | None:
    names = [o.name for o in cov.outlets]
    if any(n in t for t in texts for n in names):
        return _outlet_list(texts, covering) or "!" + DEFAULT_OUTLETS
    if len(set(texts)) == 1:
        return None
    covered = {t for t, c in zip(texts, covering, strict=True) if c}
    bare = {t for t, c in zip(texts, covering, strict=True) if not c}
    if len(covered) == 1 and len(bare) == 1:
        return ("{% for o in outlets if " + _COVERS + " %}{% if loop.first %}" + covered.pop()
                + "{% endif %}{% else %}" + bare.pop() + "{% endfor %}")
    return "!" + texts[0]


def _outlet_list(texts: list[str], covering: list[list[Outlet]]) -> str | None:
    bare = {t for t, c in zip(texts, covering, strict=True) if not c}
    if len(bare) > 1 or any(n.name in t for t in bare for n in _all(covering)):
        return None
    for with_kind in (True, False):
        for sep in _SEPARATORS:
            def written(o: Outlet, kind: bool = with_kind) -> str:
                return o.name + (f"（{o.kind}）" if kind else "")
            if all(_same_items(t, [written(o) for o in c], sep)
                   for t, c in zip(texts, covering, strict=True) if c):
                item = "{{ o.name }}" + ("（{{ " + _KIND + " }}）" if with_kind else "")
                rest = bare.pop() if bare else "暂无固定网点"
                return ("{% for o in outlets if " + _COVERS + " %}" + item
                        + "{% if not loop.last %}" + sep + "{% endif %}{% else %}"
                        + rest + "{% endfor %}")
    return None


def _same_items(text: str, items: list[str], sep: str) -> bool:
    parts = [p.strip() for p in re.split(re.escape(sep), text)] if sep.strip() else text.split()
    return sorted(p for p in parts if p) == sorted(items)


def _all(covering: list[list[Outlet]]) -> list[Outlet]:
    return [o for c in covering for o in c]
