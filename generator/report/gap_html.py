"""The gap report as one self-contained HTML page: inline CSS and SVG, no script, no URL."""

from __future__ import annotations

from html import escape

from generator.gap.model import IndicatorResult
from generator.gap.notes import conclusion_notes
from generator.gap.scoring import GapReport
from generator.report.gap_chart import bar_chart
from generator.report.gap_summary import (
    TITLE,
    earned_text,
    group_totals,
    headline,
    source_cn,
    status_cn,
)
from generator.report.html import html_page

CSS = """
.gap-score { font-size: 2.2em; font-weight: bold; margin: .2em 0; }
.gap-summary td:first-child { width: 13em; color: var(--muted); }
.gap-list li { margin-bottom: .8em; }
.gap-lost { color: var(--err); font-weight: bold; }
.gap-fix, .gap-now { margin: .2em 0; }
.gap-now { color: var(--muted); font-size: .92em; }
.gap-chart { overflow-x: auto; }
"""
BADGE = {"met": "ok", "partial": "warning", "not_met": "error", "excluded": "muted",
         "not_assessed": "muted"}


def _badge(ind: IndicatorResult) -> str:
    return f'<span class="badge {BADGE[ind.status]}">{status_cn(ind)}</span>'


def _summary(report: GapReport) -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>"
                   for k, v in headline(report))
    notes = "".join(f"<li>{escape(n)}</li>" for n in conclusion_notes(report))
    special = "".join(f"<li>特别扣分（−1）：{escape(r)}</li>" for r in report.special_deductions)
    if report.bonus:
        special += f"<li>特别加分（+1）：{escape(report.bonus)}</li>"
    verdict = "ok" if report.level else "error"
    return (f'<div class="verdict {verdict}"><span class="gap-score">{report.score:.2f} 分</span>'
            f"　{escape(report.level or '无等级')}</div>"
            f'<table class="gap-summary">{rows}</table>'
            + (f"<ul>{special}</ul>" if special else "") + f"<ul>{notes}</ul>")


def _gaps(report: GapReport) -> str:
    if not report.gaps:
        return "<p>无差距。</p>"
    items = "".join(
        f"<li><strong>{escape(i.id)} {escape(i.title)}</strong> "
        f'<span class="gap-lost">失分 {i.lost:.2f}</span> {_badge(i)}'
        f'<p class="gap-fix">整改：{escape(i.gap or "")}</p>'
        f'<p class="gap-now">现状：{escape(i.evidence)}</p></li>'
        for i in report.gaps)
    return f'<ol class="gap-list">{items}</ol>'


def _details(report: GapReport) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("指标", "分值", "结论", "得分", "依据", "证据"))
    rows = "".join(
        f"<tr><td>{escape(i.id)} {escape(i.title)}</td><td>{i.weight:g}</td>"
        f"<td>{_badge(i)}</td><td>{earned_text(i)}</td>"
        f"<td>{source_cn(i)}</td><td>{escape(i.evidence)}</td></tr>"
        for i in report.indicators)
    return f"<table><tr>{head}</tr>{rows}</table>"


def render_html(report: GapReport) -> str:
    body = (f"<h1>{TITLE}</h1>"
            f'<p class="meta">企业：{escape(report.company)}</p>'
            f'<p class="meta">评分方案：{escape(report.scheme_name)}</p>'
            f"<h2>评估结论</h2>{_summary(report)}"
            f'<h2>各部分得分</h2><div class="gap-chart">{bar_chart(group_totals(report))}</div>'
            f"<h2>差距清单（按失分排序）</h2>{_gaps(report)}"
            f"<h2>指标明细</h2>{_details(report)}")
    return html_page(f"{TITLE}：{report.company}", body, extra_css=CSS)
