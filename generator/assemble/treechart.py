"""Top-down tree layout for the organisation charts, in millimetres, for ooxml.drawing.

A node's children stand side by side under a bar, or (`column`) stacked under a trunk at the
parent's left, as long lists such as service outlets are drawn. Staff roles (管理者代表,
the supervision group) hang off a node's trunk on dashed lines, between it and its children.
`fit` narrows the leaves' text until the tree fits the page width, then stacks the widest
row of leaves if narrowing alone cannot make it fit; the font size never goes below 9 pt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ooxml.drawing import Box, Drawing, Line, box_size, text_width_mm, wrap

SIZE = 9.0  # pt, the smallest readable size on A4
GAP_X, GAP_Y, INDENT, MARGIN = 1.5, 7.0, 4.0, 0.5
ACCENT, PLAIN, STAFF = "DEEBF7", "F2F2F2", "FFFFFF"


@dataclass
class Node:
    title: str
    detail: str = ""  # second part: a name, a headcount
    children: list[Node] = field(default_factory=list)
    staff: list[Node] = field(default_factory=list)
    accent: bool = False
    column: bool = False  # children stacked, not side by side
    bold: bool = False


@dataclass
class _Size:
    lines: tuple[str, ...]
    w: float
    h: float


def _lines(node: Node, cap_mm: float) -> tuple[str, ...]:
    out = wrap(node.title, cap_mm, SIZE)
    if node.detail:
        out += wrap(node.detail, max(cap_mm, text_width_mm("0000人", SIZE)), SIZE)
    return out


class _Layout:
    def __init__(self, root: Node, leaf_cap: float, inner_cap: float):
        self.root = root
        self.leaf_cap = leaf_cap
        self.inner_cap = inner_cap
        self.sizes: dict[int, _Size] = {}
        self.widths: dict[int, float] = {}
        self.drawing = Drawing("", 0, 0)

    def size(self, node: Node, in_column: bool = False) -> _Size:
        found = self.sizes.get(id(node))
        if found is None:
            leaf = not node.children and not in_column
            lines = _lines(node, self.leaf_cap if leaf else self.inner_cap)
            w, h = box_size(lines, SIZE)
            found = self.sizes[id(node)] = _Size(lines, w, h)
        return found

    def width(self, node: Node, in_column: bool = False) -> float:
        own = self.size(node, in_column).w
        if not node.children:
            total = own
        elif node.column:
            total = max(own, INDENT + max(self.width(c, True) for c in node.children))
        else:
            kids = sum(self.width(c) for c in node.children) + GAP_X * (len(node.children) - 1)
            total = max(own, kids)
        if node.staff:
            staff = 3 + sum(self.size(s, True).w + GAP_X for s in node.staff)
            total = max(total, INDENT / 2 + staff if node.column else 2 * staff)
        self.widths[id(node)] = total
        return total

    def staff_band(self, node: Node) -> float:
        return max((self.size(s, True).h for s in node.staff), default=0.0)

    def place(self, node: Node, left: float, top: float, in_column: bool = False) -> float:
        """Place `node`'s subtree in [left, left + width]; return its bottom."""
        size = self.size(node, in_column)
        width = self.widths[id(node)]
        x = left if node.column or in_column else left + (width - size.w) / 2
        self.drawing.boxes.append(Box(x, top, size.w, size.h, size.lines, SIZE,
                                      ACCENT if node.accent else PLAIN, bold=node.bold))
        bottom = top + size.h
        trunk = x + size.w / 2 if not node.column else x + INDENT / 2
        band = self.staff_band(node)
        if band:
            y = bottom + GAP_Y / 2
            sx = trunk + 3
            for s in node.staff:
                ss = self.size(s, True)
                self.drawing.boxes.append(Box(sx, y, ss.w, ss.h, ss.lines, SIZE, STAFF,
                                              dashed=True))
                self.drawing.lines.append(Line(((trunk, y + ss.h / 2), (sx, y + ss.h / 2)),
                                               dashed=True))
                sx += ss.w + GAP_X
            bottom_of_staff = y + band
        else:
            bottom_of_staff = bottom
        if not node.children:
            return max(bottom, bottom_of_staff)
        child_top = bottom_of_staff + GAP_Y
        deepest = child_top
        if node.column:
            cy = child_top
            mids = []
            for c in node.children:
                end = self.place(c, x + INDENT, cy, True)
                mids.append((cy + self.size(c, True).h / 2, x + INDENT))
                cy = end + GAP_X
                deepest = max(deepest, end)
            self.drawing.lines.append(Line(((trunk, bottom), (trunk, mids[-1][0]))))
            for my, cx in mids:
                self.drawing.lines.append(Line(((trunk, my), (cx, my))))
            return deepest
        kids = sum(self.widths[id(c)] for c in node.children) + GAP_X * (len(node.children) - 1)
        cx = left + (width - kids) / 2
        bar = child_top - GAP_Y / 2
        centres = []
        for c in node.children:
            cw = self.widths[id(c)]
            csize = self.size(c)
            ccx = cx + csize.w / 2 if c.column else cx + cw / 2
            centres.append(ccx)
            deepest = max(deepest, self.place(c, cx, child_top))
            cx += cw + GAP_X
        self.drawing.lines.append(Line(((trunk, bottom), (trunk, bar))))
        if len(centres) > 1 or abs(centres[0] - trunk) > 0.01:
            self.drawing.lines.append(Line(((min([*centres, trunk]), bar),
                                            (max([*centres, trunk]), bar))))
        for ccx in centres:
            self.drawing.lines.append(Line(((ccx, bar), (ccx, child_top))))
        return deepest


def _leaf_rows(node: Node) -> list[Node]:
    """Nodes whose children are all leaves laid side by side, most children first."""
    found = []
    if node.children and not node.column and all(not c.children for c in node.children):
        found.append(node)
    for c in node.children:
        found.extend(_leaf_rows(c))
    return sorted(found, key=lambda n: -len(n.children))


def fit(root: Node, name: str, max_width: float) -> Drawing:
    """Lay `root` out no wider than `max_width` mm."""
    em = SIZE / (72 / 25.4)
    while True:
        for chars in (9, 7, 6, 5, 4, 3, 2, 1):
            layout = _Layout(root, chars * em + 0.01, 9 * em + 0.01)
            if layout.width(root) + 2 * MARGIN <= max_width:
                return _finish(layout, name)
        rows = _leaf_rows(root)
        if not rows:
            return _finish(layout, name)  # cannot get narrower; Word scales nothing
        rows[0].column = True


def _finish(layout: _Layout, name: str) -> Drawing:
    width = layout.width(layout.root)
    bottom = layout.place(layout.root, MARGIN, MARGIN)
    drawing = layout.drawing
    drawing.name = name
    drawing.width = width + 2 * MARGIN
    drawing.height = bottom + MARGIN
    return drawing
