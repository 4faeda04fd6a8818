"""The assessment file: what the enterprise or a consultant knows, overriding automatic evidence.

Rules (every problem is reported with its line):
1. Top-level keys: `indicators`, `special_deductions`, `special_bonus`; nothing else.
2. An indicator entry is `met`, `not_met` or `excluded`; or `{sampled: N, failed: M}` with
   0 ≤ M ≤ N (the share met is (N − M) / N); or `{status: …, reason: …}`. Either mapping
   may carry a `note`. The id must be an indicator of the scheme.
3. `special_deductions` is a list of `{reason: …}`, each costing one point.
4. `special_bonus` is one `{reason: …}` (+1). The standard allows at most one, so a list of
   two or more is refused rather than silently counted once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.catalog import Scheme
from generator.errors import Problem
from generator.yamlfile import (
    Lines,
    Loc,
    did_you_mean,
    file_error,
    line_for,
    loc_text,
    read_mapping,
    schema_problems,
    unknown_key,
)

WHAT = "评估文件"
STATUSES = ("met", "not_met", "excluded")
TOP_KEYS = ("indicators", "special_deductions", "special_bonus")
ENTRY_FORMS = "met、not_met、excluded，或 {sampled: N, failed: M}，或 {status: …, reason: …}"
FORMAT_HINT = ("indicators 中每项为 " + ENTRY_FORMS + "；special_deductions 为 [{reason: …}]；"
               "special_bonus 为 {reason: …}（至多一项）")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Sampled(_Frozen):
    sampled: int = Field(ge=1)
    failed: int = Field(ge=0)
    note: str | None = None


class Judged(_Frozen):
    status: Literal["met", "not_met", "excluded"]
    reason: str | None = None
    note: str | None = None


class Reason(_Frozen):
    reason: str = Field(min_length=1)
    clause: str | None = None


@dataclass(frozen=True)
class Judgement:
    """The assessment's verdict on one indicator; `fraction` is None when excluded."""

    fraction: float | None
    text: str


@dataclass(frozen=True)
class Assessment:
    indicators: Mapping[str, Judgement]
    special_deductions: tuple[str, ...] = ()
    bonus: str | None = None


def load_assessment(path: Path, scheme: Scheme) -> Assessment:
    data, lines = read_mapping(path, WHAT)
    parser = _Parser(lines, scheme)
    assessment = parser.parse(data)
    if parser.problems:
        raise file_error(path, WHAT, parser.problems, FORMAT_HINT)
    return assessment


class _Parser:
    def __init__(self, lines: Lines, scheme: Scheme):
        self.lines = lines
        self.scheme = scheme
        self.problems: list[Problem] = []

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc_text(loc), message, line_for(self.lines, loc)))

    def parse(self, data: Mapping[str, Any]) -> Assessment:
        for key in data:
            if key not in TOP_KEYS:
                self.problem((key,), unknown_key(key, TOP_KEYS))
        indicators = dict(self._indicators(data.get("indicators")))
        deductions = tuple(self._deductions(data.get("special_deductions")))
        return Assessment(indicators, deductions, self._bonus(data.get("special_bonus")))

    def _indicators(self, raw: Any) -> Iterator[tuple[str, Judgement]]:
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.problem(("indicators",), "应为“指标编号: 结论”的映射")
            return
        known = self.scheme.indicators_by_id
        for key, value in raw.items():
            loc: Loc = ("indicators", key)
            if key not in known:
                close = did_you_mean(key, known)
                hint = f"，是否想写“{close}”？" if close else ""
                self.problem(loc, f"评分方案中没有指标“{key}”{hint}")
                continue
            judgement = self._judgement(value, loc)
            if judgement is not None:
                yield key, judgement

    def _judgement(self, value: Any, loc: Loc) -> Judgement | None:
        if isinstance(value, str):
            if value not in STATUSES:
                self.problem(loc, f"结论只能是 met、not_met 或 excluded，实际为 {value!r}")
                return None
            return _judged(Judged(status=value))
        if not isinstance(value, dict):
            self.problem(loc, "应为 " + ENTRY_FORMS)
            return None
        sampled = bool({"sampled", "failed"} & set(value))
        model: type[Sampled] | type[Judged] = Sampled if sampled else Judged
        try:
            parsed = model.model_validate(value)
        except ValidationError as exc:
            self.problems.extend(schema_problems(exc, self.lines, model, loc))
            return None
        if isinstance(parsed, Judged):
            return _judged(parsed)
        if parsed.failed > parsed.sampled:
            self.problem((*loc, "failed"), f"不合格数 {parsed.failed} 大于抽查数 {parsed.sampled}")
            return None
        share = (parsed.sampled - parsed.failed) / parsed.sampled
        text = f"评估文件：抽查 {parsed.sampled} 项，不合格 {parsed.failed} 项"
        return Judgement(share, _with_note(text, parsed.note))

    def _deductions(self, raw: Any) -> Iterator[str]:
        if raw is None:
            return
        if not isinstance(raw, list):
            self.problem(("special_deductions",), "应为列表，每项形如 {reason: 扣分原因}")
            return
        for i, item in enumerate(raw):
            parsed = self._reason(item, ("special_deductions", i))
            if parsed is not None:
                yield parsed

    def _bonus(self, raw: Any) -> str | None:
        loc: Loc = ("special_bonus",)
        if raw is None:
            return None
        if isinstance(raw, list):
            if len(raw) > 1:
                self.problem(loc, f"特别加分项至多一项（+1），现有 {len(raw)} 项，请只保留一项")
                return None
            return self._reason(raw[0], (*loc, 0)) if raw else None
        return self._reason(raw, loc)

    def _reason(self, item: Any, loc: Loc) -> str | None:
        try:
            parsed = Reason.model_validate(item)
        except ValidationError as exc:
            self.problems.extend(schema_problems(exc, self.lines, Reason, loc))
            return None
        return f"{parsed.reason}（{parsed.clause}）" if parsed.clause else parsed.reason


def _judged(entry: Judged) -> Judgement:
    if entry.status == "excluded":
        reason = entry.reason or "评估文件删减，未说明理由"
        return Judgement(None, _with_note(f"评估文件：删减（{reason}）", entry.note))
    share = 1.0 if entry.status == "met" else 0.0
    text = "评估文件：符合" if share else "评估文件：不符合"
    return Judgement(share, _with_note(text, entry.note))


def _with_note(text: str, note: str | None) -> str:
    return f"{text}；{note}" if note else text
