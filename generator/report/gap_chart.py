"""An inline SVG bar chart of points earned, lost and unassessed per indicator group.

Drawn by hand: a few rectangles and labels need no chart library, and the page must work
offline with no script.
"""

from __future__ import annotations

from html import escape

from generator.report.gap_summary import GroupTotal

COLOURS = {"earned": "#2e7d32", "lost": "#c62828", "unknown": "#9e9e9e"}
LEGEND = (("earned", "得分"), ("lost", "失分"), ("unknown", "未评估"))
LABEL_W, BAR_W, VALUE_W = 170, 420, 230
ROW_H, BAR_H, TOP = 44, 22, 40
FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, SimHei, sans-serif" font-size="13"'


def _rect(x: float, y: float, w: float, kind: str, tip: str) -> str:
    if w <= 0:
        return ""
    return (f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{BAR_H}" '
            f'fill="{COLOURS[kind]}"><title>{escape(tip)}</title></rect>')


def _legend() -> list[str]:
    parts = []
    for n, (kind, label) in enumerate(LEGEND):
        x = LABEL_W + n * 90
        parts.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{x + 20}" y="22" {FONT}>{label}</text>')
    return parts


def bar_chart(groups: list[GroupTotal]) -> str:
    width = LABEL_W + BAR_W + VALUE_W
    height = TOP + ROW_H * len(groups) + 10
    scale = BAR_W / max((g.applicable for g in groups), default=1.0)
    # No xmlns: inline SVG in HTML5 needs none, and the page must hold no URL at all.
    parts = [f'<svg viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="各部分得分与失分">',
             "<title>各部分得分与失分</title>", *_legend()]
    for n, g in enumerate(groups):
        y = TOP + n * ROW_H
        x = float(LABEL_W)
        parts.append(f'<text x="0" y="{y + 16}" {FONT}>{escape(g.name)}</text>')
        for kind, value, label in (("earned", g.earned, "得分"), ("lost", g.lost, "失分"),
                                   ("unknown", g.unknown, "未评估")):
            parts.append(_rect(x, y, value * scale, kind, f"{g.name} {label} {value:.2f}"))
            x += value * scale
        summary = f"得 {g.earned:.2f} / 失 {g.lost:.2f}"
        if g.unknown:
            summary += f" / 未评估 {g.unknown:g}"
        parts.append(f'<text x="{LABEL_W + BAR_W + 10}" y="{y + 16}" {FONT}>'
                     f"{escape(summary)}（共 {g.applicable:g}）</text>")
    parts.append("</svg>")
    return "".join(p for p in parts if p)
