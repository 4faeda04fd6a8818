"""DrawingML groups: the run XML parses inside a document, holds one shape per box and per
line segment, and keeps the text as text; wrapping keeps numbers whole."""

from __future__ import annotations

from lxml import etree

from generator.ooxml.drawing import (
    Box,
    Drawing,
    Line,
    box_size,
    drawing_run,
    drawing_text_boxes,
    text_width_mm,
    wrap,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _document(run: str) -> bytes:
    return (f'<w:document xmlns:w="{W}"><w:body><w:p>{run}</w:p></w:body></w:document>').encode()


def test_group_holds_boxes_lines_and_text() -> None:
    drawing = Drawing("图", 50, 30, boxes=[
        Box(0, 0, 20, 8, ("总经理", "张&三")), Box(25, 15, 20, 8, ("财务部",), dashed=True)],
        lines=[Line(((10, 8), (10, 12), (35, 12), (35, 15)), arrow=True)])
    xml = _document(drawing_run(drawing, 7))
    root = etree.fromstring(xml)
    shapes = root.findall(f".//{{{WPS}}}wsp")
    assert len(shapes) == 2 + 3  # two boxes, three segments
    assert drawing_text_boxes(xml) == [["总经理\n张&三", "财务部"]]
    assert len(root.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}tailEnd")) == 1
    sizes = {e.get(f"{{{W}}}val") for e in root.iter(f"{{{W}}}sz")}
    assert sizes == {"18"}  # 9 pt
    ext = root.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert ext is not None and ext.get("cx") == str(50 * 36000)


def test_wrap_keeps_numbers_and_latin_words_whole() -> None:
    lines = wrap("400坐席服务专员CRM系统", text_width_mm("坐席服", 9), 9)
    assert "400" in lines[0]
    assert all("CRM" in line or "C" not in line for line in lines)
    assert "".join(lines) == "400坐席服务专员CRM系统"
    assert all(text_width_mm(line, 9) <= text_width_mm("坐席服", 9) + 1e-6 or len(line) == 1
               or line.isascii() for line in lines)


def test_box_size_grows_with_lines_and_text() -> None:
    one = box_size(("财务部",), 9)
    two = box_size(("财务部", "12人"), 9)
    assert two[1] > one[1] and two[0] == one[0]
    assert box_size(("财务部门",), 9)[0] > one[0]
