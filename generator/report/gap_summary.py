"""What every human-readable gap report shows: headline figures and per-group totals."""

from __future__ import annotations

from dataclasses import dataclass

from generator.gap.model import SOURCE_CN, STATUS_CN, IndicatorResult
from generator.gap.scoring import GapReport

TITLE = "售后服务认证差距评估报告"
BASIS = "GB/T 27922-2011《商品售后服务评价体系》"


@dataclass(frozen=True)
class GroupTotal:
    name: str
    applicable: float  # weights of the group's applicable indicators
    earned: float
    lost: float  # lost on evidence (not met or partly met)
    unknown: float  # weights without evidence


def group_totals(report: GapReport) -> list[GroupTotal]:
    groups: dict[str, list[IndicatorResult]] = {}
    for ind in report.indicators:
        if ind.applicable:
            groups.setdefault(ind.group, []).append(ind)
    totals = []
    for name, members in groups.items():
        unknown = sum(i.weight for i in members if i.status == "not_assessed")
        earned = sum(i.earned or 0.0 for i in members)
        applicable = sum(i.weight for i in members)
        totals.append(GroupTotal(name, applicable, earned, applicable - earned - unknown, unknown))
    return totals


def headline(report: GapReport) -> list[tuple[str, str]]:
    """Label/value pairs of the conclusion, in reading order."""
    low, high = report.score_range
    rows = [("估计得分", f"{report.score:.2f}")]
    if report.not_assessed:
        rows.append(("得分范围", f"{low:.2f} — {high:.2f}（含未评估指标）"))
    deductions = len(report.special_deductions)
    rows += [
        ("预计等级", level_text(report)),
        ("实际得分 / 涉及项总分值", f"{report.earned:.2f} / {report.applicable:g}"),
        ("特别扣分项", f"{deductions} 项（−{deductions} 分）" if deductions else "无"),
        ("特别加分项", "1 项（+1 分）" if report.bonus else "无"),
    ]
    return rows


def level_text(report: GapReport) -> str:
    if report.level:
        return report.level
    best = report.level_for(report.score_range[1]) if report.not_assessed else None
    return f"未达等级（补充证据后最高可达“{best}”）" if best else "不授予等级"


def status_cn(ind: IndicatorResult) -> str:
    return STATUS_CN[ind.status]


def source_cn(ind: IndicatorResult) -> str:
    return SOURCE_CN[ind.source]


def earned_text(ind: IndicatorResult) -> str:
    earned = ind.earned
    return "—" if earned is None else f"{earned:.2f}"
