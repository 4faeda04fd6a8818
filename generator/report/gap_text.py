"""The gap report as plain text for the terminal."""

from __future__ import annotations

from generator.gap.notes import conclusion_notes
from generator.gap.scoring import GapReport
from generator.report.gap_summary import TITLE, earned_text, headline, source_cn, status_cn


def render_text(report: GapReport) -> str:
    lines = [f"{TITLE}：{report.company}", f"评分方案：{report.scheme_name}", ""]
    lines += [f"{label}：{value}" for label, value in headline(report)]
    lines += _listed("特别扣分原因", report.special_deductions)
    lines += _listed("特别加分原因", (report.bonus,) if report.bonus else ())
    notes = conclusion_notes(report)
    lines += ["", "说明：", *[f"  - {note}" for note in notes]] if notes else []
    gaps = report.gaps
    lines += ["", f"差距清单（按失分排序，共 {len(gaps)} 项）："]
    for n, ind in enumerate(gaps, 1):
        lines.append(f"  {n}. {ind.id} {ind.title}  失分 {ind.lost:.2f}（{status_cn(ind)}）")
        lines.append(f"     现状：{ind.evidence}")
        lines.append(f"     整改：{ind.gap}")
    if not gaps:
        lines.append("  无")
    lines += ["", "指标明细（编号  分值  结论  得分  依据）："]
    for ind in report.indicators:
        lines.append(f"  {ind.id} {ind.title}  {ind.weight:g}  {status_cn(ind)}  "
                     f"{earned_text(ind)}  {source_cn(ind)}")
    return "\n".join(lines) + "\n"


def _listed(label: str, reasons: tuple[str, ...]) -> list[str]:
    return [f"{label}：" + "；".join(reasons)] if reasons else []
