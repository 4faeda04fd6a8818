"""Load a scoring scheme: the shipped default or a certification body's own file.

Rules (every problem is reported with its line):
1. The file has the shape of `generator.catalog.Scheme`; unknown keys are errors.
2. Indicator ids are unique; weights are positive and sum to 100.
3. There is at least one level; level names are unique, minimums lie in 0..100 and the
   levels are listed from the highest minimum down.
4. Procedures named by an indicator exist in the catalog (P01..P22).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from generator.catalog import Scheme, load_catalog
from generator.errors import Problem
from generator.yamlfile import (
    Loc,
    file_error,
    line_for,
    loc_text,
    read_mapping,
    schema_problems,
)

WHAT = "评分方案"
HINT = "可参照内置方案 generator/catalog/schemes/gbt27922-2011.yaml 的格式修改"


def load_scheme_file(path: Path | None = None) -> Scheme:
    """The scheme at `path`, or the shipped default when `path` is None."""
    if path is None:
        return load_catalog().scheme
    data, lines = read_mapping(path, WHAT)
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as exc:
        raise file_error(path, WHAT, schema_problems(exc, lines, Scheme), HINT) from None
    problems = [Problem(loc_text(loc), msg, line_for(lines, loc)) for loc, msg in _checks(scheme)]
    if problems:
        raise file_error(path, WHAT, problems, HINT)
    return scheme


def _checks(scheme: Scheme) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for i, ind in enumerate(scheme.indicators):
        if ind.id in seen:
            yield ("indicators", i, "id"), f"指标编号“{ind.id}”重复"
        seen.add(ind.id)
    yield from _weights(scheme)
    yield from _levels(scheme)
    known = load_catalog().procedures_by_id
    for i, ind in enumerate(scheme.indicators):
        for j, proc in enumerate(ind.procedures or ()):
            if proc not in known:
                yield ("indicators", i, "procedures", j), f"程序文件“{proc}”不存在（应为 P01—P22）"


def _weights(scheme: Scheme) -> Iterator[tuple[Loc, str]]:
    if not scheme.indicators:
        yield ("indicators",), "至少需要一项指标"
        return
    total = sum(i.weight for i in scheme.indicators)
    if abs(total - 100) > 1e-6:
        yield ("indicators",), f"指标权重之和为 {total:g}，应为 100"


def _levels(scheme: Scheme) -> Iterator[tuple[Loc, str]]:
    if not scheme.levels:
        yield ("levels",), "至少需要一个等级，如 {name: 达标级, min: 70}"
    names: set[str] = set()
    for i, level in enumerate(scheme.levels):
        if level.name in names:
            yield ("levels", i, "name"), f"等级名称“{level.name}”重复"
        names.add(level.name)
        if not 0 <= level.min <= 100:
            yield ("levels", i, "min"), f"分数线应在 0—100 之间，实际为 {level.min:g}"
    mins = [lv.min for lv in scheme.levels]
    if mins != sorted(mins, reverse=True):
        yield ("levels",), "等级应按分数线从高到低排列"
