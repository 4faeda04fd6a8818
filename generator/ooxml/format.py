"""The one module that touches WordprocessingML directly (w: elements, lxml, XPath).

Everything else speaks python-docx objects. Helpers here: East Asian fonts in styles,
fields (PAGE, NUMPAGES, TOC), table row properties, page setup, section page numbering.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


def first_line_chars(ppr: etree._Element, chars: int = 200, size_pt: float = 12) -> None:
    """Two-character first-line indent. Word reads w:firstLineChars (hundredths of a
    character); LibreOffice only the twips in w:firstLine, so both are set."""
    ind = _child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars))
    ind.set(qn("w:firstLine"), str(int(chars / 100 * size_pt * 20)))


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
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
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


def usable_width_cm(section: Section) -> float:
    """Page width between the margins, in centimetres."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    return float((width - left - right) / Cm(1))


def restart_page_numbers(section: Section, start: int = 1) -> None:
    pg = _child(section._sectPr, "w:pgNumType")
    pg.set(qn("w:start"), str(start))


def set_cell_text_size(cells: Iterable[_Cell], size_pt: float) -> None:
    for cell in cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size_pt)


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


def copy_header(source: Any, target: Any, *, page_count: str | None = None) -> None:
    """Replace `target` header content with a copy of `source`'s (text, tables, fields).

    Headers made by our templates hold no images or other relationships, so a deep copy of
    their elements is self-contained. `page_count` renames NUMPAGES fields (e.g. to
    SECTIONPAGES when the header sits in one section of a compiled volume).
    """
    import copy

    element = target._element
    for child in list(element):
        element.remove(child)
    for child in source._element:
        element.append(copy.deepcopy(child))
    if page_count:
        rename_page_count(element, page_count)


def rename_page_count(element: etree._Element, instruction: str) -> None:
    """Replace the NUMPAGES fields below `element` by `instruction`."""
    for instr in element.iter(qn("w:instrText")):
        if instr.text and instr.text.strip().upper() == "NUMPAGES":
            instr.text = f" {instruction} "


# ================================================================ reading client documents
# Helpers used by generator/outline.py to read ANY .docx (not only ours): block order,
# paragraph text and properties, styles with inheritance, and automatic numbering labels.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W_NS + "}"
W_P, W_TBL, W_TR, W_TC, W_SDT = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "sdt"
W_T, W_TAB, W_BR, W_R = _W + "t", _W + "tab", _W + "br", _W + "r"
_VAL = _W + "val"
_FALLBACK = "{" + MC_NS + "}Fallback"
_CONTAINERS = (_W + "sdtContent", _W + "customXml", _W + "smartTag")
_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class StyleInfo:
    """A style with what it inherits through `w:basedOn` already resolved."""

    style_id: str
    name: str
    outline_level: int | None  # 0-based, as in w:outlineLvl; None when absent or 9 (body)
    num: tuple[str, int] | None  # (numId, ilvl) of style-linked numbering
    bold: bool


@dataclass(frozen=True)
class ParaInfo:
    style_id: str | None
    outline_level: int | None
    num: tuple[str, int] | None
    centered: bool


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(_VAL)


def _on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(_VAL) or "true").lower() not in _OFF


def _outline(ppr: etree._Element | None) -> int | None:
    raw = _val(ppr.find(_W + "outlineLvl")) if ppr is not None else None
    if raw is None or not raw.isdigit() or int(raw) > 8:
        return None
    return int(raw)


def _num(ppr: etree._Element | None) -> tuple[str | None, int | None] | None:
    numpr = ppr.find(_W + "numPr") if ppr is not None else None
    if numpr is None:
        return None
    ilvl = _val(numpr.find(_W + "ilvl"))
    return _val(numpr.find(_W + "numId")), int(ilvl) if ilvl and ilvl.isdigit() else None


def read_styles(styles_root: etree._Element | None) -> tuple[dict[str, StyleInfo], str | None]:
    """Paragraph and character styles by id, inheritance resolved; and the default
    paragraph style id."""
    raw: dict[str, etree._Element] = {}
    default: str | None = None
    if styles_root is not None:
        for style in styles_root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            if sid is None:
                continue
            raw[sid] = style
            if style.get(_W + "type") == "paragraph" and (style.get(_W + "default") or "") in (
                "1", "true", "on"
            ):
                default = sid
    resolved: dict[str, StyleInfo] = {}

    def resolve(sid: str, depth: int = 0) -> StyleInfo | None:
        if sid in resolved:
            return resolved[sid]
        style = raw.get(sid)
        if style is None or depth > 20:  # a basedOn cycle in a hostile file
            return None
        base_id = _val(style.find(_W + "basedOn"))
        base = resolve(base_id, depth + 1) if base_id and base_id != sid else None
        ppr = style.find(_W + "pPr")
        rpr = style.find(_W + "rPr")
        outline = _outline(ppr)
        num = _num(ppr)
        bold_el = rpr.find(_W + "b") if rpr is not None else None
        info = StyleInfo(
            style_id=sid,
            name=_val(style.find(_W + "name")) or "",
            outline_level=outline if outline is not None or base is None else base.outline_level,
            num=(num[0], num[1] or 0) if num and num[0] else (base.num if base else None),
            bold=_on(bold_el) if bold_el is not None else (base.bold if base else False),
        )
        resolved[sid] = info
        return info

    for sid in raw:
        resolve(sid)
    return resolved, default


def iter_blocks(body: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Block-level paragraphs and tables in reading order, with whether they sit in a
    table-of-contents content control (whose entries repeat the headings)."""

    def walk(parent: etree._Element, in_toc: bool) -> Iterator[tuple[etree._Element, bool]]:
        for child in parent:
            tag = child.tag
            if tag in (W_P, W_TBL):
                yield child, in_toc
            elif tag == W_SDT:
                gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
                toc = in_toc or (_val(gallery) or "").lower().startswith("table of contents")
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from walk(content, toc)
            elif tag in _CONTAINERS:
                yield from walk(child, in_toc)

    yield from walk(body, False)


def has_fallback(root: etree._Element) -> bool:
    """Whether the tree holds mc:Fallback copies (text boxes are stored twice)."""
    return next(root.iter(_FALLBACK), None) is not None


def _text_nodes(p: etree._Element, skip_fallback: bool) -> Iterator[etree._Element]:
    if not skip_fallback:
        yield from p.iter(W_T, W_TAB, W_BR)
        return
    yield from p.xpath(
        ".//w:t[not(ancestor::mc:Fallback)] | .//w:tab[not(ancestor::mc:Fallback)]",
        namespaces={"w": W_NS, "mc": MC_NS},
    )


def paragraph_text(p: etree._Element, skip_fallback: bool = False) -> str:
    parts: list[str] = []
    for node in _text_nodes(p, skip_fallback):
        if node.tag == W_T:
            parts.append(node.text or "")
            continue
        # w:tab also defines tab stops inside pPr; only a tab or break in a run is text
        parent = node.getparent()
        if parent is not None and parent.tag == W_R:
            parts.append("\t" if node.tag == W_TAB else "\n")
    return "".join(parts)


def paragraph_info(p: etree._Element) -> ParaInfo:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return ParaInfo(None, None, None, False)
    num = _num(ppr)
    return ParaInfo(
        style_id=_val(ppr.find(_W + "pStyle")),
        outline_level=_outline(ppr),
        num=(num[0], num[1] or 0) if num and num[0] else None,
        centered=_val(ppr.find(_W + "jc")) in ("center", "distribute"),
    )


def runs_bold(p: etree._Element, styles: dict[str, StyleInfo], style_bold: bool) -> bool:
    """True when every run carrying text is bold (directly, by character style or by the
    paragraph style)."""
    seen = False
    for run in p.iter(W_R):
        if not any((t.text or "").strip() for t in run.iter(W_T)):
            continue
        seen = True
        rpr = run.find(_W + "rPr")
        bold = style_bold
        if rpr is not None:
            rstyle = _val(rpr.find(_W + "rStyle"))
            if rstyle and rstyle in styles and styles[rstyle].bold:
                bold = True
            b = rpr.find(_W + "b")
            if b is not None:
                bold = _on(b)
        if not bold:
            return False
    return seen


def table_rows(tbl: etree._Element, skip_fallback: bool = False) -> list[list[str]]:
    """Cell texts row by row; a nested table's text joins its cell's text."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W_TR):
        cells: list[str] = []
        for tc in tr.iterchildren(W_TC):
            lines: list[str] = []
            for el, _toc in iter_blocks(tc):
                if el.tag == W_P:
                    lines.append(paragraph_text(el, skip_fallback))
                else:
                    lines.extend("\t".join(r) for r in table_rows(el, skip_fallback))
            cells.append("\n".join(line for line in lines if line))
        rows.append(cells)
    return rows


def story_text(root: etree._Element) -> list[str]:
    """Non-empty lines of a header or footer part (paragraphs and table cells)."""
    lines: list[str] = []
    for el, _toc in iter_blocks(root):
        if el.tag == W_P:
            lines.append(paragraph_text(el))
        else:
            lines.extend("\t".join(c for c in r if c) for r in table_rows(el))
    return [line.strip() for line in lines if line.strip()]


_NUMBER_FORMATS: dict[str, Callable[[int], str]] = {}


def _chinese(n: int, digits: str = "〇一二三四五六七八九") -> str:
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = digits[hundreds] + "百" if hundreds else ""
    if tens:
        out += "十" if tens == 1 and not hundreds else digits[tens] + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


def _letters(n: int, upper: bool) -> str:
    base = ord("A" if upper else "a")
    return chr(base + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int, upper: bool) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, sym in values:
        while n >= value:
            out += sym
            n -= value
    return out if upper else out.lower()


_NUMBER_FORMATS.update({
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": str,
    "decimalHalfWidth": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n, "零壹贰叁肆伍陆柒捌玖"),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": lambda n: _roman(n, True),
    "lowerRoman": lambda n: _roman(n, False),
})


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    legal: bool = False


class Numbering:
    """Rebuilds automatic numbering labels ("第一章", "4.2.1", "（一）") in reading order.

    Counters are kept per abstract numbering (Word continues a list across w:num instances of
    the same definition unless a w:startOverride restarts it).
    """

    def __init__(self, numbering_root: etree._Element | None):
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering_root is None:
            return
        for abstract in numbering_root.iterchildren(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(_W + "lvl"):
                ilvl = lvl.get(_W + "ilvl") or "0"
                start = _val(lvl.find(_W + "start")) or "1"
                levels[int(ilvl) if ilvl.isdigit() else 0] = _Level(
                    fmt=_val(lvl.find(_W + "numFmt")) or "decimal",
                    text=_val(lvl.find(_W + "lvlText")) or "",
                    start=int(start) if start.lstrip("-").isdigit() else 1,
                    legal=_on(lvl.find(_W + "isLgl")),
                )
            self._abstract[abstract.get(_W + "abstractNumId") or ""] = levels
        for num in numbering_root.iterchildren(_W + "num"):
            overrides: dict[int, int] = {}
            for override in num.iterchildren(_W + "lvlOverride"):
                o_lvl = override.get(_W + "ilvl") or "0"
                o_start = _val(override.find(_W + "startOverride"))
                if o_start and o_start.isdigit() and o_lvl.isdigit():
                    overrides[int(o_lvl)] = int(o_start)
            abstract_id = _val(num.find(_W + "abstractNumId")) or ""
            self._nums[num.get(_W + "numId") or ""] = (abstract_id, overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph numbered (num_id, ilvl); "" for bullets/none."""
        if num_id not in self._nums or num_id == "0":
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        out = level.text
        for n in range(ilvl, -1, -1):
            placeholder = f"%{n + 1}"
            if placeholder not in out:
                continue
            lv = levels.get(n, _Level())
            value = counters.get(n, lv.start)
            fmt = "decimal" if level.legal else lv.fmt
            out = out.replace(placeholder, _NUMBER_FORMATS.get(fmt, str)(value))
        return out.strip()



def toc_paragraph(body: etree._Element) -> etree._Element | None:
    """The paragraph holding the begin of the first TOC field in `body`."""
    for instr in body.iter(qn("w:instrText")):
        if (instr.text or "").strip().upper().startswith("TOC"):
            paragraph = instr.getparent().getparent()
            return paragraph
    return None


def fill_toc_result(paragraph: etree._Element, entries: list[tuple[int, str]]) -> None:
    """Write `entries` (level, text) as the TOC field's result, one paragraph each, so the TOC
    shows even where nobody updates fields (WPS, LibreOffice without refresh). The field's end
    moves to a paragraph after the last entry; LibreOffice or Word may later rebuild it."""
    runs = paragraph.findall(qn("w:r"))
    separate_index = next(
        i for i, r in enumerate(runs)
        if any(c.get(qn("w:fldCharType")) == "separate" for c in r.findall(qn("w:fldChar")))
    )
    for run in runs[separate_index + 1:]:
        paragraph.remove(run)
    anchor = paragraph
    for level, text in entries:
        entry = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), f"TOC{min(level, 3)}")
        ppr.append(style)
        entry.append(ppr)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        run.append(t)
        entry.append(run)
        anchor.addnext(entry)
        anchor = entry
    closing = OxmlElement("w:p")
    run = OxmlElement("w:r")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run.append(end)
    closing.append(run)
    anchor.addnext(closing)


def add_toc_styles(styles_element: etree._Element, east_asia: str = SONG) -> None:
    """Paragraph styles TOC1..TOC3 (Word's built-in names "toc 1"...) with indents."""
    for level in (1, 2, 3):
        style = OxmlElement("w:style")
        style.set(qn("w:type"), "paragraph")
        style.set(qn("w:styleId"), f"TOC{level}")
        name = OxmlElement("w:name")
        name.set(qn("w:val"), f"toc {level}")
        style.append(name)
        based = OxmlElement("w:basedOn")
        based.set(qn("w:val"), "Normal")
        style.append(based)
        ppr = OxmlElement("w:pPr")
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), "8950")
        tabs.append(tab)
        ppr.append(tabs)
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str((level - 1) * 420))
        ppr.append(ind)
        style.append(ppr)
        rpr = OxmlElement("w:rPr")
        set_rfonts(rpr, east_asia)
        style.append(rpr)
        styles_element.append(style)


_REL_ATTRS = (qn("r:id"), qn("r:embed"), qn("r:link"))


def self_contained_body(body: etree._Element) -> bool:
    """No relationship references (pictures, links, charts) and no list numbering in `body`:
    its elements can be moved to another document of the same styles as they are."""
    for child in body:
        if child.tag == qn("w:sectPr"):  # its header references are handled separately
            continue
        for element in child.iter():
            if element.tag == qn("w:numPr"):
                return False
            if any(attr in element.attrib for attr in _REL_ATTRS):
                return False
    return True


def bookmark_last_paragraph(body: etree._Element, name: str, bookmark_id: int) -> None:
    """Put a bookmark called `name` at the very end of `body`'s content: in its last
    paragraph, or in a new empty one when the content ends with a table."""
    blocks = [b for b in body if b.tag != qn("w:sectPr")]
    if blocks and blocks[-1].tag == qn("w:p"):
        paragraph = blocks[-1]
    else:
        paragraph = OxmlElement("w:p")
        if blocks:
            blocks[-1].addnext(paragraph)
        else:
            body.insert(0, paragraph)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(90000 + bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(90000 + bookmark_id))
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)


@dataclass
class LightPackage:
    """The parts of a .docx a volume needs, parsed with lxml only (no python-docx objects)."""

    body: etree._Element
    header: etree._Element | None
    styles: bytes  # word/styles.xml as stored

    def same_styles(self, other: bytes) -> bool:
        """Byte-identical styles (the usual case: one template pack), else equal once
        canonicalised."""
        if self.styles == other:
            return True
        return canonical(etree.fromstring(self.styles, _SAFE_PARSER)) == canonical(
            etree.fromstring(other, _SAFE_PARSER))


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                               remove_blank_text=False)


def canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n")


def read_package(data: bytes) -> LightPackage:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"), _SAFE_PARSER)
        styles = archive.read("word/styles.xml")
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"), _SAFE_PARSER)
        body = document.find(qn("w:body"))
        assert body is not None
        header = None
        sectpr = body.find(qn("w:sectPr"))
        ref = None if sectpr is None else next(
            (r for r in sectpr.findall(qn("w:headerReference")) if r.get(qn("w:type")) == "default"),
            None)
        if ref is not None:
            target = next((r.get("Target") for r in rels if r.get("Id") == ref.get(qn("r:id"))), None)
            if target:
                header = etree.fromstring(archive.read(posixpath.join("word", target)), _SAFE_PARSER)
    return LightPackage(body, header, styles)


def replace_children(target: etree._Element, source: etree._Element | None, *,
                     page_count: str | None = None) -> None:
    """`target` header gets the children of `source` (moved, not copied)."""
    for child in list(target):
        target.remove(child)
    if source is not None:
        for child in list(source):
            target.append(child)
    if page_count:
        rename_page_count(target, page_count)
