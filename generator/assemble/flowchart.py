"""The manual's 总体服务流程图: a swim-lane chart with its branches, for ooxml.drawing.

Lanes are the parties (客户, the agent, the dispatcher, the parts keeper, the engineer, the
quality department, the 管理者代表); steps sit in rows, flowing down. Branches: remote help or
dispatch; on site or take back (products with hardware); spare parts; the 回访 either closes
the order or sends it back to dispatch; a complaint is answered by the agent or escalated.
9 pt text throughout; the lanes share the page width.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ooxml.drawing import (
    CHART_NAMES,
    Box,
    Drawing,
    Line,
    box_size,
    line_height_mm,
    text_width_mm,
    wrap,
)
from generator.profile.model import Profile
from generator.render.context import RenderContext

SIZE = 9.0
HEADER = "D9D9D9"
STEP, START, DECIDE = "F2F2F2", "DEEBF7", "FFF2CC"


@dataclass(frozen=True)
class Step:
    key: str
    row: int
    col: str
    text: str
    kind: str = "step"  # step | start | decide


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    label: str = ""
    route: str = "auto"  # auto | hv (across, then down) | vd (down, across) | join:<col>


def _lanes(profile: Profile, ctx: RenderContext) -> tuple[list[tuple[str, str, int]], bool]:
    post = ctx["post"]
    tangible = bool(ctx["tangible"])
    parts = tangible and bool(post["parts_keeper"])
    lanes = [("C", "客户", 1), ("A", post["agent"], 1), ("D", post["dispatcher"], 1)]
    if parts:
        lanes.append(("P", post["parts_keeper"], 1))
    lanes.append(("E", post["engineer"], 2 if tangible else 1))
    lanes.append(("Q", ctx["dept"]["quality"], 1))
    lanes.append(("M", "管理者代表", 1))
    return lanes, parts


def _steps(profile: Profile, tangible: bool, parts: bool) -> tuple[list[Step], list[Edge]]:
    c = profile.commitments
    steps = [
        Step("ask", 0, "C", "报修、咨询", "start"), Step("take", 0, "A", "受理登记"),
        Step("remote?", 1, "A", "可远程？", "decide"), Step("send", 1, "D", "派工"),
        Step("remote", 2, "A", "远程指导排除"),
        Step("onsite", 3, "E1", "上门服务" if tangible else "现场服务"),
        Step("done", 4, "E1", "修复完成"), Step("sign", 4, "C", "验收签字"),
        Step("call", 5, "A", f"{c.callback_days}天内回访"),
        Step("ok?", 6, "A", "满意？", "decide"),
        Step("analyse", 7, "Q", "统计分析"), Step("improve", 9, "Q", "纠正改进"),
        Step("complain", 7, "C", "投诉"), Step("hear", 7, "A", "投诉受理"),
        Step("big?", 8, "A", "升级？", "decide"), Step("answer", 9, "A", "限时处理答复"),
        Step("escalate", 8, "M", "升级处理督办"),
    ]
    edges = [
        Edge("ask", "take"), Edge("take", "remote?"), Edge("remote?", "send", "否"),
        Edge("remote?", "remote", "是"), Edge("onsite", "done"), Edge("done", "sign"),
        Edge("sign", "call", route="vd"), Edge("remote", "call"), Edge("call", "ok?"),
        Edge("ok?", "send", "否，重新派工", route="join:D"),
        Edge("ok?", "analyse", "是", route="vd"), Edge("analyse", "improve"),
        Edge("complain", "hear"), Edge("hear", "big?"), Edge("big?", "answer", "否"),
        Edge("big?", "escalate", "是"),
    ]
    if tangible:
        steps += [Step("how?", 2, "D", "方式？", "decide"), Step("back", 3, "E2", "取回检修")]
        edges += [Edge("send", "how?"), Edge("how?", "onsite", "上门", route="hv"),
                  Edge("how?", "back", "取回", route="hv"), Edge("back", "done")]
    else:
        edges.append(Edge("send", "onsite", route="hv"))
    if parts:
        steps.append(Step("parts", 3, "P", "领用备件"))
        edges.append(Edge("onsite", "parts"))
    return steps, edges


def flow_chart(profile: Profile, ctx: RenderContext, width: float) -> Drawing:
    lanes, parts = _lanes(profile, ctx)
    tangible = any(w == 2 for _, _, w in lanes)
    steps, edges = _steps(profile, tangible, parts)
    columns = [f"{k}{i + 1}" if w > 1 else k for k, _, w in lanes for i in range(w)]
    col_w = width / len(columns)
    left = {c: i * col_w for i, c in enumerate(columns)}
    left.update({f"{c}1": x for c, x in list(left.items()) if len(c) == 1})  # E1 for E
    box_w = col_w - 6.0
    heads = [wrap(label, col_w * w - 2.6, SIZE) for _, label, w in lanes]
    header = max(box_size(h, SIZE)[1] for h in heads) + 1
    cap = box_w - 2.6
    lines = {s.key: _text(s, cap + 4 if s.kind == "decide" else cap) for s in steps}
    tallest = max(_height(s, lines[s.key]) for s in steps)
    row_h = tallest + 4.5
    rows = max(s.row for s in steps) + 1
    drawing = Drawing(CHART_NAMES["flow_chart"], width, header + rows * row_h + 1)
    x = 0.0
    for (_key, _name, w), head in zip(lanes, heads, strict=True):
        lw = col_w * w
        drawing.background.append(Box(x, 0, lw, drawing.height, (), SIZE, None))
        drawing.background.append(Box(x, 0, lw, header, head, SIZE, HEADER, bold=True))
        x += lw
    where: dict[str, tuple[float, float, float, float]] = {}
    for s in steps:
        h = _height(s, lines[s.key])
        bw = box_w + 4 if s.kind == "decide" else box_w
        bx = left[s.col] + (col_w - bw) / 2
        by = header + s.row * row_h + (row_h - h) / 2
        where[s.key] = (bx, by, bw, h)
        if s.kind == "step":
            drawing.boxes.append(Box(bx, by, bw, h, lines[s.key], SIZE, STEP))
            continue
        # A diamond's or terminator's own text area is too narrow for 9 pt text: the text
        # stands in a borderless text box over the shape.
        shape = "diamond" if s.kind == "decide" else "flowChartTerminator"
        drawing.boxes.append(Box(bx, by, bw, h, (), SIZE, DECIDE if s.kind == "decide" else START,
                                 shape=shape))
        drawing.boxes.append(Box(bx, by, bw, h, lines[s.key], SIZE, None, outline=False,
                                 inset=0.0))
    for e in edges:
        points = _route(where[e.a], where[e.b], e.route, left, col_w)
        drawing.lines.append(Line(points, arrow=not e.route.startswith("join")))
        if e.label:
            drawing.boxes.append(_label(e.label, points[-2:] if e.route == "hv" else points))
    return drawing


def _text(step: Step, cap: float) -> tuple[str, ...]:
    if "|" in step.text:
        return tuple(step.text.split("|"))
    return wrap(step.text, cap, SIZE)


def _height(step: Step, lines: tuple[str, ...]) -> float:
    h = box_size(lines, SIZE)[1]
    return h + line_height_mm(SIZE) * 1.5 if step.kind == "decide" else h


Rect = tuple[float, float, float, float]


def _route(a: Rect, b: Rect, route: str, left: dict[str, float],
           col_w: float) -> tuple[tuple[float, float], ...]:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    acx, acy, bcx, bcy = ax + aw / 2, ay + ah / 2, bx + bw / 2, by + bh / 2
    if route.startswith("join:"):  # back up the lane boundary into the line that enters b
        gap = left[route[5:]] - 0.8
        return ((ax + aw, acy), (gap, acy), (gap, bcy))
    if route == "hv":  # across from a's side, then down into b's top
        side = ax + aw if bcx > acx else ax
        return ((side, acy), (bcx, acy), (bcx, by))
    if route == "vd":  # down into the gap below a, across, down into b's top
        mid = ay + ah + 2.5
        return ((acx, ay + ah), (acx, mid), (bcx, mid), (bcx, by))
    if abs(acy - bcy) < 0.01:  # same row: side to side
        return ((ax + aw, acy), (bx, bcy)) if bcx > acx else ((ax, acy), (bx + bw, bcy))
    if abs(acx - bcx) < 0.01:  # same column: straight down
        return ((acx, ay + ah), (bcx, by)) if by > ay else ((acx, ay), (bcx, by + bh))
    return ((acx, ay + ah), (acx, bcy), (bx + bw if bcx < acx else bx, bcy))


def _label(text: str, points: tuple[tuple[float, float], ...]) -> Box:
    (x0, y0), (x1, y1) = points[0], points[1]
    w, h = text_width_mm(text, SIZE) + 0.6, line_height_mm(SIZE) + 0.4
    if abs(y0 - y1) < 0.01:  # leaves horizontally: above the line, beside the start
        x = x0 + 0.3 if x1 > x0 else x0 - w - 0.3
        return Box(x, y0 - h, w, h, (text,), SIZE, None, outline=False, inset=0.0)
    return Box(x0 + 0.3, y0 + 0.3 if y1 > y0 else y0 - h, w, h, (text,), SIZE, None,
               outline=False, inset=0.0)
