"""The remarks every human-readable gap report prints under its conclusion."""

from __future__ import annotations

from generator.gap.scoring import GapReport

ESTIMATED = ("评分方案的指标权重为估计值，认证机构的评分细则可能不同；"
             "可用 --scheme 指定认证机构的方案")


def conclusion_notes(report: GapReport) -> list[str]:
    notes: list[str] = []
    missing = report.not_assessed
    if missing:
        high = report.score_range[1]
        weight = sum(i.weight for i in missing)
        best = report.level_for(high)
        reach = f"，等级可达“{best}”" if best else ""
        ids = "、".join(i.id for i in missing)
        notes.append(f"{len(missing)} 项指标无证据（{ids}，共 {weight:g} 分），"
                     f"按不得分计入得分；若全部符合，得分可达 {high:.2f}{reach}。"
                     "可用 --docs 指定文件或用 --assessment 补充评估结论")
    if report.level_withheld:
        notes.append(f"特别扣分项 {len(report.special_deductions)} 项，超过 "
                     f"{report.max_special_deductions} 项，不授予等级")
    elif report.level is None and report.levels:
        lowest = report.levels[-1]
        notes.append(f"得分低于最低等级“{lowest.name}”的分数线 {lowest.min:g} 分，不授予等级")
    elif report.levels and report.level != report.levels[-1].name:
        notes.append(f"部分认证机构规定：企业通常须在获得“{report.levels[-1].name}”满一年后才能评定星级"
                     "（成绩特别突出者除外）；此处仅作提示，等级未据此调整")
    if report.scheme_estimated:
        notes.append(ESTIMATED)
    notes.extend(report.notes)
    return notes
