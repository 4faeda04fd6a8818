"""The one module that touches WordprocessingML directly (w: elements, lxml, XPath).

Everything else speaks python-docx objects. Helpers here: East Asian fonts in styles,
fields (PAGE, NUMPAGES, TOC), table row properties, page setup, section page numbering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

LATIN_FONT = "Times New Roman"
SONG = "宋体"
HEI = "黑体"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent: etree._Element, tag: str, *, first: bool = False) -> etree._Element:
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


def first_line_chars(ppr: etree._Element, chars: int = 200, size_pt: float = 12) -> None:
    """Two-character first-line indent. Word reads w:firstLineChars (hundredths of a
    character); LibreOffice only the twips in w:firstLine, so both are set."""
    ind = _child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars))
    ind.set(qn("w:firstLine"), str(int(chars / 100 * size_pt * 20)))


def set_outline_level(ppr: etree._Element, level: int) -> None:
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (begin / instrText / separate / result / end)."""

    def run_with(child: etree._Element) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def field_instructions(element: etree._Element) -> list[str]:
    """Instructions of the complex and simple fields below `element` (e.g. ['PAGE'])."""
    out = ["".join(t.text or "" for t in [i]).strip() for i in element.iter(qn("w:instrText"))]
    out += [s.get(qn("w:instr"), "").strip() for s in element.iter(qn("w:fldSimple"))]
    return [o.split()[0].upper() for o in out if o]


def column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths (tblGrid and every cell), so Word and LibreOffice agree."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


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


def restart_page_numbers(section: Section, start: int = 1) -> None:
    pg = _child(section._sectPr, "w:pgNumType")
    pg.set(qn("w:start"), str(start))


def set_cell_text_size(cells: Iterable[_Cell], size_pt: float) -> None:
    for cell in cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size_pt)


def update_fields_on_open(document: DocxDocument) -> None:
    settings = document.settings.element
    _child(settings, "w:updateFields").set(qn("w:val"), "true")


def black_text(style: BaseStyle) -> None:
    """Headings of the default template are theme-blue; make them plain black."""
    rpr = style.element.get_or_add_rPr()
    color = _child(rpr, "w:color")
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), "000000")


# A brace and its twin separated by run boundaries ("{" </w:t></w:r><w:r><w:t> "{"): docxtpl
# only repairs markup found *inside* an opened tag, so this split survives as literal text.
_SPLIT_TAG = re.compile(r"\{(?:<[^>]+>)+[{%#]|[}%#](?:<[^>]+>)+\}")


def has_unrepairable_split_tag(paragraph: etree._Element) -> bool:
    return bool(_SPLIT_TAG.search(etree.tostring(paragraph, encoding="unicode")))
