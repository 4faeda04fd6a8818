"""Formatting of the documents we build: East Asian fonts in styles, tables, page setup.

Also the font audit template lint runs (`east_asian_font_gaps`) and the copy of a header into
another section. Callers hand in python-docx objects; the w: elements stay in here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.section import Section, _Header
from docx.shared import Cm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from generator.ooxml.ns import qn

LATIN_FONT = "Times New Roman"
SONG = "宋体"
HEI = "黑体"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent: etree._Element, tag: str, *, first: bool = False) -> etree._Element:
    """The `tag` child of `parent`, added (last, or first) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_rfonts(rpr: etree._Element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set Latin and East Asian slots and drop theme attributes (which would win)."""
    rfonts = _child(rpr, "w:rFonts", first=True)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def sets_fonts(style: BaseStyle) -> bool:
    return style.element.find(".//" + qn("w:rFonts")) is not None


def style_east_asian(style: BaseStyle, east_asia: str) -> None:
    rpr = style.element.get_or_add_rPr()
    set_rfonts(rpr, east_asia)


def set_doc_defaults(document: DocxDocument, east_asia: str = SONG, size_pt: float = 12) -> None:
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    rpr_default = _child(defaults, "w:rPrDefault")
    rpr = _child(rpr_default, "w:rPr")
    set_rfonts(rpr, east_asia)
    size = _child(rpr, "w:sz")
    size.set(qn("w:val"), str(int(size_pt * 2)))
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def first_line_chars(style: BaseStyle, chars: int = 200, size_pt: float = 12) -> None:
    """Two-character first-line indent for a paragraph style. Word reads the indent in
    hundredths of a character; LibreOffice only the twips, so both are set."""
    ind = _child(style.element.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars))
    ind.set(qn("w:firstLine"), str(int(chars / 100 * size_pt * 20)))


def black_text(style: BaseStyle) -> None:
    """Headings of the default template are theme-blue; make them plain black."""
    rpr = style.element.get_or_add_rPr()
    color = _child(rpr, "w:color")
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), "000000")


@dataclass(frozen=True)
class FontGap:
    """A style that may show a Chinese text in a wrong font.

    `kind`: "defaults" (the document defaults name no East Asian font; `style` is None),
    "theme" (theme font attributes override the explicit font), "latin_only" (a Latin font is
    set but no East Asian one). `style` is the style's name, else its id.
    """

    kind: Literal["defaults", "theme", "latin_only"]
    style: str | None = None


def east_asian_font_gaps(document: DocxDocument) -> list[FontGap]:
    """The document defaults and every style that sets fonts, checked for East Asian fonts."""
    gaps: list[FontGap] = []
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rfonts = None if defaults is None else defaults.find(".//" + qn("w:rFonts"))
    if rfonts is None or not rfonts.get(qn("w:eastAsia")):
        gaps.append(FontGap("defaults"))
    for style in styles.findall(qn("w:style")):
        fonts = style.find(".//" + qn("w:rFonts"))
        if fonts is None:
            continue
        style_name = style.find(qn("w:name"))
        label = style_name.get(qn("w:val")) if style_name is not None else style.get(qn("w:styleId"))
        if any(fonts.get(qn(a)) for a in THEME_ATTRS):
            gaps.append(FontGap("theme", label))
        elif fonts.get(qn("w:ascii")) and not fonts.get(qn("w:eastAsia")):
            gaps.append(FontGap("latin_only", label))
    return gaps


def column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths (tblGrid and every cell), so Word and LibreOffice agree."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def set_paragraph_styles(paragraphs: Iterable[Paragraph], name: str) -> None:
    """Give `paragraphs` (of one document) the paragraph style `name`, looked up once: what
    python-docx's `Paragraph.style = name` does for each, without its search of every style
    per paragraph."""
    paragraphs = list(paragraphs)
    if not paragraphs:
        return
    style_id = paragraphs[0].part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    for paragraph in paragraphs:
        paragraph._p.style = style_id


def repeat_header(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader")


def cant_split(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit")


def shade(cell: _Cell, fill: str = "E7E6E6") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = _child(tcpr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def table_borders(table: Table, size: int = 4) -> None:
    tblpr = table._tbl.tblPr
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = _child(borders, f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")


def table_width_full(table: Table) -> None:
    tblpr = table._tbl.tblPr
    width = _child(tblpr, "w:tblW")
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


def set_cell_text_size(cells: Iterable[_Cell], size_pt: float) -> None:
    for cell in cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size_pt)


def a4_page(section: Section) -> None:
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    section.left_margin = Cm(2.8)
    section.right_margin = Cm(2.4)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.2)
    sectpr = section._sectPr
    for grid in sectpr.findall(qn("w:docGrid")):
        sectpr.remove(grid)


def usable_width_cm(section: Section) -> float:
    """Page width between the margins, in centimetres."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    return float((width - left - right) / Cm(1))


def restart_page_numbers(section: Section, start: int = 1) -> None:
    pg = _child(section._sectPr, "w:pgNumType")
    pg.set(qn("w:start"), str(start))


def copy_header(source: _Header, target: _Header) -> None:
    """Replace `target` header content with a copy of `source`'s (text, tables, fields).

    Headers made by our templates hold no images or other relationships, so a deep copy of
    their elements is self-contained.
    """
    element = target._element
    for old in list(element):
        element.remove(old)
    for new in source._element:
        element.append(copy.deepcopy(new))


def shrink_section_break(document: DocxDocument) -> None:
    """The empty paragraph python-docx's `add_section` just put before the final section
    properties (it holds the previous section's break) made 1 pt high: after a part that
    fills its last page it would otherwise spill onto a page of its own, blank but for the
    header."""
    paragraph = document.element.body[-2]
    ppr = paragraph.find(qn("w:pPr"))
    if paragraph.tag != qn("w:p") or ppr is None or ppr.find(qn("w:sectPr")) is None:
        return
    section = ppr.find(qn("w:sectPr"))  # schema order: … spacing … rPr, sectPr
    spacing = OxmlElement("w:spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{name}"), value)
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "2")
        rpr.append(size)
    section.addprevious(spacing)
    section.addprevious(rpr)


def drop_spacers_before_page_breaks(document: DocxDocument) -> int:
    """Remove the empty paragraphs just before a paragraph that starts a new page (a
    chapter or appendix heading): at the foot of a full page such a spacer spills onto a page
    of its own, blank but for the header. Returns how many were removed."""
    removed = 0
    for ppr in list(document.element.body.iter(qn("w:pPr"))):
        brk = ppr.find(qn("w:pageBreakBefore"))
        if brk is None or brk.get(qn("w:val")) in ("0", "false", "off"):
            continue
        paragraph = ppr.getparent()
        previous = paragraph.getprevious() if paragraph is not None else None
        while previous is not None and _is_spacer(previous):
            before = previous.getprevious()
            previous.getparent().remove(previous)
            removed += 1
            previous = before
    return removed


def _is_spacer(element: etree._Element) -> bool:
    """An empty paragraph: no text, drawing, break or field, and no section break."""
    if element.tag != qn("w:p"):
        return False
    if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        return False
    content = (qn("w:t"), qn("w:drawing"), qn("w:br"), qn("w:fldChar"), qn("w:instrText"),
               qn("w:pict"), qn("w:object"), qn("w:bookmarkStart"))
    return next(element.iter(*content), None) is None
