"""The gap report as Markdown (for a wiki, a pull request or a mail)."""

from __future__ import annotations

from generator.gap.notes import conclusion_notes
from generator.gap.scoring import GapReport
from generator.report.gap_summary import (
    TITLE,
    earned_text,
    group_totals,
    headline,
    source_cn,
    status_cn,
)


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def render_md(report: GapReport) -> str:
    lines = [f"# {TITLE}", "", f"**企业**：{cell(report.company)}  ",
             f"**评分方案**：{cell(report.scheme_name)}", "", "## 评估结论", ""]
    lines += _table(["项目", "结果"], [[k, v] for k, v in headline(report)])
    lines += ["", *[f"- {cell(n)}" for n in conclusion_notes(report)]]
    if report.special_deductions or report.bonus:
        lines += ["", "## 特别扣分与加分", ""]
        lines += [f"- 扣 1 分：{cell(r)}" for r in report.special_deductions]
        lines += [f"- 加 1 分：{cell(report.bonus)}"] if report.bonus else []
    lines += ["", "## 各部分得分", "", *_groups(report)]
    lines += ["", "## 差距清单（按失分排序）", "", *_gaps(report)]
    lines += ["", "## 指标明细", "", *_details(report)]
    return "\n".join(lines) + "\n"


def _groups(report: GapReport) -> list[str]:
    rows = [[g.name, f"{g.applicable:g}", f"{g.earned:.2f}", f"{g.lost:.2f}", f"{g.unknown:g}"]
            for g in group_totals(report)]
    return _table(["指标组", "涉及分值", "得分", "失分", "未评估"], rows)


def _gaps(report: GapReport) -> list[str]:
    if not report.gaps:
        return ["无差距。"]
    rows = [[str(n), f"{i.id} {i.title}", f"{i.lost:.2f}", status_cn(i), i.gap or ""]
            for n, i in enumerate(report.gaps, 1)]
    return _table(["序号", "指标", "失分", "结论", "整改措施"], rows)


def _details(report: GapReport) -> list[str]:
    rows = [[f"{i.id} {i.title}", f"{i.weight:g}", status_cn(i), earned_text(i), source_cn(i),
             i.evidence] for i in report.indicators]
    return _table(["指标", "分值", "结论", "得分", "依据", "证据"], rows)
