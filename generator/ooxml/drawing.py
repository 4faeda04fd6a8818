"""Native Word drawings: boxes, lines and text boxes in one DrawingML group (wpg/wps).

A `Drawing` is laid out by the caller in millimetres (see generator/assemble/charts.py); here
it becomes the run XML of an inline `w:drawing` holding a `wpg:wgp` group. The text stays text
in the document's own fonts, so nothing is rendered at build time and no font is needed; Word
and WPS edit the shapes, LibreOffice renders them. No VML fallback: Word 2010 and later, WPS
and LibreOffice read wps/wpg directly.

Text widths are estimated without a font: a CJK character is one em wide in every CJK font,
Latin letters and digits about half an em. Line spacing inside the boxes is exact, so box
heights do not depend on the font either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

EMU_PER_MM = 36000
PT_PER_MM = 72 / 25.4
LINE_FACTOR = 1.3  # exact line height / font size
INSET_MM = 0.8

# The charts a build draws, by their `images` key in the render context, and the name each
# drawing carries (wp:docPr/@name); `templates import` turns them back into their tags.
CHART_NAMES = {"org_chart": "组织架构图", "aftersales_chart": "售后服务组织架构图",
               "flow_chart": "总体服务流程图"}
WPG_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wpg": WPG_URI,
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())


@dataclass(frozen=True)
class Box:
    """A shape with centred text; x, y is the top left corner, all in mm."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...] = ()
    size: float = 9.0  # pt
    fill: str | None = "F2F2F2"
    outline: bool = True
    bold: bool = False
    shape: str = "rect"  # rect | roundRect | diamond | flowChartTerminator
    dashed: bool = False
    inset: float = INSET_MM


@dataclass(frozen=True)
class Line:
    """An orthogonal polyline through `points` (mm); an arrow head at the end if `arrow`."""

    points: tuple[tuple[float, float], ...]
    dashed: bool = False
    arrow: bool = False


@dataclass
class Drawing:
    name: str
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    background: list[Box] = field(default_factory=list)  # drawn first (swim lanes)


_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def text_width_mm(text: str, size: float) -> float:
    ems = sum(1.0 if _WIDE.match(ch) else 0.55 for ch in text)
    return ems * size / PT_PER_MM


def line_height_mm(size: float) -> float:
    return size * LINE_FACTOR / PT_PER_MM


def box_size(lines: tuple[str, ...], size: float) -> tuple[float, float]:
    """Width and height (mm) a box needs for `lines` at `size` pt, with the insets."""
    width = max((text_width_mm(t, size) for t in lines), default=0.0)
    return width + 2 * INSET_MM + 0.6, len(lines) * line_height_mm(size) + 2 * INSET_MM + 0.6


_TOKEN = re.compile(r"[A-Za-z0-9.%+/\-]+|.", re.S)


def wrap(text: str, max_mm: float, size: float) -> tuple[str, ...]:
    """Break `text` into lines no wider than `max_mm`; Latin words and numbers stay whole."""
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(text):
        if current and text_width_mm(current + token, size) > max_mm:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


def _emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def _xfrm(x: float, y: float, w: float, h: float, flip: str = "") -> str:
    return (f"<a:xfrm{flip}><a:off x=\"{_emu(x)}\" y=\"{_emu(y)}\"/>"
            f"<a:ext cx=\"{_emu(w)}\" cy=\"{_emu(h)}\"/></a:xfrm>")


def _outline(dashed: bool, head: bool = False, width_pt: float = 0.75) -> str:
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    tail = '<a:tailEnd type="triangle" w="med" len="med"/>' if head else ""
    return (f"<a:ln w=\"{round(width_pt * 12700)}\"><a:solidFill><a:srgbClr val=\"000000\"/>"
            f"</a:solidFill>{dash}{tail}</a:ln>")


def _paragraph(text: str, size: float, bold: bool) -> str:
    half = round(size * 2)
    b = "<w:b/><w:bCs/>" if bold else ""
    run = (f"<w:r><w:rPr>{b}<w:color w:val=\"000000\"/><w:sz w:val=\"{half}\"/>"
           f"<w:szCs w:val=\"{half}\"/></w:rPr><w:t xml:space=\"preserve\">{escape(text)}</w:t>"
           "</w:r>") if text else ""
    return ("<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" "
            f"w:line=\"{round(size * LINE_FACTOR * 20)}\" w:lineRule=\"exact\"/>"
            "<w:ind w:left=\"0\" w:right=\"0\" w:firstLine=\"0\" w:firstLineChars=\"0\"/>"
            f"<w:jc w:val=\"center\"/></w:pPr>{run}</w:p>")


def _shape(sid: int, box: Box) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{box.fill}"/></a:solidFill>' if box.fill else "<a:noFill/>"
    line = _outline(box.dashed) if box.outline else "<a:ln><a:noFill/></a:ln>"
    text = ""
    if box.lines:
        body = "".join(_paragraph(t, box.size, box.bold) for t in box.lines)
        text = f"<wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx>"
    inset = _emu(box.inset)
    return (f"<wps:wsp><wps:cNvPr id=\"{sid}\" name=\"框 {sid}\"/><wps:cNvSpPr/>"
            f"<wps:spPr>{_xfrm(box.x, box.y, box.w, box.h)}<a:prstGeom prst=\"{box.shape}\">"
            f"<a:avLst/></a:prstGeom>{fill}{line}</wps:spPr>{text}"
            f"<wps:bodyPr rot=\"0\" vert=\"horz\" wrap=\"none\" lIns=\"{inset}\" tIns=\"{inset}\" "
            f"rIns=\"{inset}\" bIns=\"{inset}\" anchor=\"ctr\" anchorCtr=\"0\" upright=\"1\">"
            "<a:noAutofit/></wps:bodyPr></wps:wsp>")


def _segment(sid: int, a: tuple[float, float], b: tuple[float, float], dashed: bool,
             head: bool) -> str:
    flips = (' flipH="1"' if b[0] < a[0] else "") + (' flipV="1"' if b[1] < a[1] else "")
    x, y = min(a[0], b[0]), min(a[1], b[1])
    frame = _xfrm(x, y, abs(b[0] - a[0]), abs(b[1] - a[1]), flips)
    return (f"<wps:wsp><wps:cNvPr id=\"{sid}\" name=\"连接线 {sid}\"/><wps:cNvCnPr/>"
            f"<wps:spPr>{frame}<a:prstGeom prst=\"line\"><a:avLst/></a:prstGeom><a:noFill/>"
            f"{_outline(dashed, head)}</wps:spPr><wps:bodyPr/></wps:wsp>")


def drawing_run(drawing: Drawing, docpr_id: int) -> str:
    """The `w:r` holding `drawing` as one inline group, namespaces declared on the run."""
    parts: list[str] = []
    sid = docpr_id * 1000
    for box in drawing.background:
        sid += 1
        parts.append(_shape(sid, box))
    for line in drawing.lines:
        pts = line.points
        for i in range(len(pts) - 1):
            sid += 1
            parts.append(_segment(sid, pts[i], pts[i + 1], line.dashed,
                                  line.arrow and i == len(pts) - 2))
    for box in drawing.boxes:
        sid += 1
        parts.append(_shape(sid, box))
    cx, cy = _emu(drawing.width), _emu(drawing.height)
    return (f"<w:r {_DECL}><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
            f"<wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
            f"<wp:docPr id=\"{docpr_id}\" name=\"{escape(drawing.name)}\"/><wp:cNvGraphicFramePr/>"
            f"<a:graphic><a:graphicData uri=\"{WPG_URI}\"><wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr>"
            f"<a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/>"
            f"<a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm></wpg:grpSpPr>"
            f"{''.join(parts)}</wpg:wgp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def drawing_text_boxes(document_xml: bytes) -> list[list[str]]:
    """Per drawing group in a document.xml: the text of each text box, one line a paragraph
    (for checks)."""
    root = etree.fromstring(document_xml, etree.XMLParser(resolve_entities=False,
                                                           no_network=True))
    out = []
    for group in root.iterfind(".//wpg:wgp", _NS):
        texts = ["\n".join("".join(p.itertext()) for p in box.iterfind("w:p", _NS))
                 for box in group.iterfind(".//w:txbxContent", _NS)]
        out.append(texts)
    return out


def inline_in_text(drawing: Drawing, docpr_id: int) -> str:
    """`drawing` as the value of a docxtpl `{{ }}` tag that stands in a run's text: the run
    is closed, the drawing run follows, and a new run opens for what follows the tag."""
    return f'</w:t></w:r>{drawing_run(drawing, docpr_id)}<w:r><w:t xml:space="preserve">'
