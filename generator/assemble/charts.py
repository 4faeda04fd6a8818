"""Pictures for the manual, drawn from the profile with Pillow: the organisation chart, the
after-sales organisation chart and the overall service flow.

Text needs a CJK font. It is looked up through fontconfig and the usual Windows and macOS
paths; without one, `find_cjk_font` returns None and the manual shows the charts as tables.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.profile.model import Profile

_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)
FONT_SIZE = 30
PAD_X, PAD_Y, GAP_X, GAP_Y, MARGIN = 22, 16, 28, 70, 30
LINE = (0, 0, 0)
FILL = (242, 242, 242)
ACCENT = (222, 235, 247)


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            found = ""
        if found and "CJK" in found and Path(found).exists():
            return found
    return next((c for c in _CANDIDATES if Path(c).exists()), None)


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)
    accent: bool = False


def _font() -> ImageFont.FreeTypeFont:
    path = find_cjk_font()
    assert path is not None
    return ImageFont.truetype(path, FONT_SIZE)


def _box_size(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, text: str) -> tuple[int, int]:
    lines = text.split("\n")
    width = max(int(draw.textlength(line, font=font)) for line in lines)
    return width + 2 * PAD_X, len(lines) * (FONT_SIZE + 8) + 2 * PAD_Y - 8


def _measure(node: Node, draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont,
             sizes: dict[int, tuple[int, int]]) -> int:
    """Width of the subtree rooted at `node` (children side by side)."""
    sizes[id(node)] = _box_size(draw, font, node.text)
    if not node.children:
        return sizes[id(node)][0]
    total = sum(_measure(c, draw, font, sizes) for c in node.children)
    total += GAP_X * (len(node.children) - 1)
    return max(total, sizes[id(node)][0])


def _place(node: Node, left: int, top: int, widths: dict[int, int],
           sizes: dict[int, tuple[int, int]], boxes: list[tuple[Node, int, int, int, int]],
           rows: list[int], level: int = 0) -> None:
    width = widths[id(node)]
    w, h = sizes[id(node)]
    x = left + (width - w) // 2
    boxes.append((node, x, top, x + w, top + h))
    child_left = left + (width - (sum(widths[id(c)] for c in node.children)
                                  + GAP_X * max(0, len(node.children) - 1))) // 2
    for child in node.children:
        _place(child, child_left, top + rows[level] + GAP_Y, widths, sizes, boxes, rows, level + 1)
        child_left += widths[id(child)] + GAP_X


def draw_tree(root: Node) -> bytes:
    font = _font()
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    sizes: dict[int, tuple[int, int]] = {}
    _measure(root, scratch, font, sizes)
    widths: dict[int, int] = {}

    def subtree(node: Node) -> int:
        own = sizes[id(node)][0]
        kids = sum(subtree(c) for c in node.children) + GAP_X * max(0, len(node.children) - 1)
        widths[id(node)] = max(own, kids)
        return widths[id(node)]

    subtree(root)
    rows = [0] * _depth(root)

    def heights(node: Node, level: int) -> None:
        rows[level] = max(rows[level], sizes[id(node)][1])
        for child in node.children:
            heights(child, level + 1)

    heights(root, 0)
    boxes: list[tuple[Node, int, int, int, int]] = []
    _place(root, MARGIN, MARGIN, widths, sizes, boxes, rows)
    width = widths[id(root)] + 2 * MARGIN
    height = MARGIN * 2 + sum(rows) + (len(rows) - 1) * GAP_Y
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    where = {id(n): (x0, y0, x1, y1) for n, x0, y0, x1, y1 in boxes}
    for node, x0, _y0, x1, y1 in boxes:
        if node.children:
            cx = (x0 + x1) // 2
            mid = y1 + GAP_Y // 2
            draw.line([(cx, y1), (cx, mid)], fill=LINE, width=2)
            centres = [((where[id(c)][0] + where[id(c)][2]) // 2, where[id(c)][1])
                       for c in node.children]
            draw.line([(min(c[0] for c in centres), mid), (max(c[0] for c in centres), mid)],
                      fill=LINE, width=2)
            for ccx, cy in centres:
                draw.line([(ccx, mid), (ccx, cy)], fill=LINE, width=2)
    for node, x0, y0, x1, y1 in boxes:
        draw.rectangle([x0, y0, x1, y1], fill=ACCENT if node.accent else FILL, outline=LINE,
                       width=2)
        for i, line in enumerate(node.text.split("\n")):
            lw = draw.textlength(line, font=font)
            draw.text(((x0 + x1 - lw) / 2, y0 + PAD_Y + i * (FONT_SIZE + 8)), line, font=font,
                      fill=LINE)
    return _png(image)


def _depth(node: Node) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def vertical(text: str) -> str:
    """Department names stand as vertical text in narrow boxes, as Chinese org charts do."""
    return "\n".join(text)


def org_chart(profile: Profile) -> bytes:
    org = profile.organization
    depts = [Node(vertical(d.name), accent=d.name == org.aftersales_department)
             for d in org.departments]
    mr = Node(f"管理者代表\n{org.management_representative.name}", depts)
    root = Node(f"总经理\n{org.general_manager.name}", [mr])
    if org.deputy_manager is not None and org.deputy_manager.name != org.management_representative.name:
        root = Node(f"总经理\n{org.general_manager.name}",
                    [Node(f"分管副总经理\n{org.deputy_manager.name}", [mr])])
    return draw_tree(root)


def aftersales_chart(profile: Profile) -> bytes:
    org = profile.organization
    posts = [Node(vertical(p.name)) for p in org.posts if p.department == org.aftersales_department]
    outlets = profile.network.outlets
    if outlets:
        kinds = []
        own = [o for o in outlets if o.kind == "self_built"]
        entrusted = [o for o in outlets if o.kind == "entrusted"]
        if own:
            kinds.append(Node(f"自建网点\n{len(own)}个"))
        if entrusted:
            kinds.append(Node(f"外委网点\n{len(entrusted)}个"))
        posts.append(Node("服务网点", kinds))
    head = next(d for d in org.departments if d.name == org.aftersales_department)
    supervision = Node(f"{org.supervision.name}\n组长 {org.supervision.leader}")
    dept = Node(f"{org.aftersales_department}\n{head.head_title} {head.head}", posts, accent=True)
    root = Node(f"管理者代表\n{org.management_representative.name}", [supervision, dept])
    return draw_tree(root)


def flow_chart(steps: list[tuple[str, str]]) -> bytes:
    """A left-to-right chain of steps, each with the department that carries it below."""
    font = _font()
    scratch = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    boxes = [_box_size(scratch, font, f"{a}\n{b}") for a, b in steps]
    arrow = 60
    width = sum(w for w, _ in boxes) + arrow * (len(steps) - 1) + 2 * MARGIN
    height = max(h for _, h in boxes) + 2 * MARGIN
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    x = MARGIN
    for i, ((title, who), (w, h)) in enumerate(zip(steps, boxes, strict=True)):
        y = (height - h) // 2
        draw.rounded_rectangle([x, y, x + w, y + h], radius=12, fill=ACCENT if i == 0 else FILL,
                               outline=LINE, width=2)
        for j, line in enumerate((title, who)):
            lw = draw.textlength(line, font=font)
            draw.text((x + (w - lw) / 2, y + PAD_Y + j * (FONT_SIZE + 8)), line, font=font,
                      fill=LINE)
        if i < len(steps) - 1:
            mid = height // 2
            draw.line([(x + w, mid), (x + w + arrow - 8, mid)], fill=LINE, width=3)
            draw.polygon([(x + w + arrow, mid), (x + w + arrow - 14, mid - 8),
                          (x + w + arrow - 14, mid + 8)], fill=LINE)
        x += w + arrow
    return _png(image)
