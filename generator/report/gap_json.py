"""The gap report as the contract JSON of `gap-check --format json`.

Numbers are rounded to 2 decimals here, and only here; `earned` is null for an indicator
that is excluded or has no evidence.
"""

from __future__ import annotations

import json
from typing import Any

from generator.gap.model import IndicatorResult
from generator.gap.scoring import GapReport


def r2(value: float) -> float:
    return round(value, 2)


def _indicator(ind: IndicatorResult) -> dict[str, Any]:
    earned = ind.earned
    return {
        "id": ind.id,
        "title": ind.title,
        "weight": r2(ind.weight),
        "status": ind.status,
        "earned": None if earned is None else r2(earned),
        "source": ind.source,
        "evidence": ind.evidence,
        "gap": ind.gap,
    }


def _gap(ind: IndicatorResult) -> dict[str, Any]:
    return {"id": ind.id, "title": ind.title, "status": ind.status, "lost": r2(ind.lost),
            "gap": ind.gap}


def gap_dict(report: GapReport) -> dict[str, Any]:
    low, high = report.score_range
    return {
        "score": r2(report.score),
        "score_range": [r2(low), r2(high)],
        "level": report.level,
        "earned": r2(report.earned),
        "applicable": r2(report.applicable),
        "special_deductions": len(report.special_deductions),
        "bonus": 1 if report.bonus else 0,
        "indicators": [_indicator(i) for i in report.indicators],
        "gaps": [_gap(i) for i in report.gaps],
    }


def render_json(report: GapReport) -> str:
    return json.dumps(gap_dict(report), ensure_ascii=False, indent=2) + "\n"
