"""Reading any client .docx: styles with inheritance, blocks in reading order, paragraph text.

Used by `generator.docs.outline` for files we did not write: content controls, smart tags and
text boxes stored twice (mc:Fallback) are all expected. The document-level functions take a
python-docx document; the element-level ones serve the other ooxml modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from generator.ooxml.ns import MC_NS, W_BR, W_NS, W_P, W_R, W_SDT, W_T, W_TAB, W_TBL, W_TC, W_TR, W

_VAL = W + "val"
_FALLBACK = "{" + MC_NS + "}Fallback"
_CONTAINERS = (W + "sdtContent", W + "customXml", W + "smartTag")
_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class StyleInfo:
    """A style with what it inherits through its base style already resolved."""

    style_id: str
    name: str
    outline_level: int | None  # 0-based, as stored; None when absent or 9 (body)
    num: tuple[str, int] | None  # (numId, ilvl) of style-linked numbering
    bold: bool


@dataclass(frozen=True)
class ParaInfo:
    style_id: str | None
    outline_level: int | None
    num: tuple[str, int] | None
    centered: bool


def val(el: etree._Element | None) -> str | None:
    """The w:val attribute of `el`, None when `el` is missing."""
    return None if el is None else el.get(_VAL)


def on(el: etree._Element | None) -> bool:
    """A present on/off property: on unless its value says off."""
    return el is not None and (el.get(_VAL) or "true").lower() not in _OFF


def _outline(ppr: etree._Element | None) -> int | None:
    raw = val(ppr.find(W + "outlineLvl")) if ppr is not None else None
    if raw is None or not raw.isdigit() or int(raw) > 8:
        return None
    return int(raw)


def _num(ppr: etree._Element | None) -> tuple[str | None, int | None] | None:
    numpr = ppr.find(W + "numPr") if ppr is not None else None
    if numpr is None:
        return None
    ilvl = val(numpr.find(W + "ilvl"))
    return val(numpr.find(W + "numId")), int(ilvl) if ilvl and ilvl.isdigit() else None
def read_styles(styles_root: etree._Element | None) -> tuple[dict[str, StyleInfo], str | None]:
    """Paragraph and character styles by id, inheritance resolved; and the default
    paragraph style id."""
    raw: dict[str, etree._Element] = {}
    default: str | None = None
    if styles_root is not None:
        for style in styles_root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if sid is None:
                continue
            raw[sid] = style
            if style.get(W + "type") == "paragraph" and (style.get(W + "default") or "") in (
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
        base_id = val(style.find(W + "basedOn"))
        base = resolve(base_id, depth + 1) if base_id and base_id != sid else None
        ppr = style.find(W + "pPr")
        rpr = style.find(W + "rPr")
        outline = _outline(ppr)
        num = _num(ppr)
        bold_el = rpr.find(W + "b") if rpr is not None else None
        info = StyleInfo(
            style_id=sid,
            name=val(style.find(W + "name")) or "",
            outline_level=outline if outline is not None or base is None else base.outline_level,
            num=(num[0], num[1] or 0) if num and num[0] else (base.num if base else None),
            bold=on(bold_el) if bold_el is not None else (base.bold if base else False),
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
                gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                toc = in_toc or (val(gallery) or "").lower().startswith("table of contents")
                content = child.find(W + "sdtContent")
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
    ppr = p.find(W + "pPr")
    if ppr is None:
        return ParaInfo(None, None, None, False)
    num = _num(ppr)
    return ParaInfo(
        style_id=val(ppr.find(W + "pStyle")),
        outline_level=_outline(ppr),
        num=(num[0], num[1] or 0) if num and num[0] else None,
        centered=val(ppr.find(W + "jc")) in ("center", "distribute"),
    )


def runs_bold(p: etree._Element, styles: dict[str, StyleInfo], style_bold: bool) -> bool:
    """True when every run carrying text is bold (directly, by character style or by the
    paragraph style)."""
    seen = False
    for run in p.iter(W_R):
        if not any((t.text or "").strip() for t in run.iter(W_T)):
            continue
        seen = True
        rpr = run.find(W + "rPr")
        bold = style_bold
        if rpr is not None:
            rstyle = val(rpr.find(W + "rStyle"))
            if rstyle and rstyle in styles and styles[rstyle].bold:
                bold = True
            b = rpr.find(W + "b")
            if b is not None:
                bold = on(b)
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



@dataclass(frozen=True)
class TableBlock:
    """A block-level table: cell texts row by row."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ParagraphBlock:
    """A block-level paragraph: its text (numbering label not included), its properties and
    whether it sits in a table-of-contents content control."""

    text: str
    info: ParaInfo
    in_toc: bool
    _element: etree._Element = field(repr=False, compare=False)

    def runs_bold(self, styles: dict[str, StyleInfo], style_bold: bool) -> bool:
        """`runs_bold` of this paragraph."""
        return runs_bold(self._element, styles, style_bold)


def document_styles(document: DocxDocument) -> tuple[dict[str, StyleInfo], str | None]:
    """`read_styles` of a python-docx document."""
    return read_styles(document.styles.element)


def body_blocks(document: DocxDocument) -> Iterator[TableBlock | ParagraphBlock]:
    """The body's tables and paragraphs in reading order (text boxes read once)."""
    body = document.element.body
    if body is None:
        return
    skip_fallback = has_fallback(body)
    for element, in_toc in iter_blocks(body):
        if element.tag == W_TBL:
            yield TableBlock(tuple(tuple(r) for r in table_rows(element, skip_fallback)))
            continue
        info = paragraph_info(element)
        yield ParagraphBlock(paragraph_text(element, skip_fallback), info, in_toc, element)


def header_footer_lines(document: DocxDocument) -> list[str]:
    """`story_text` of every header and footer part the document relates to."""
    lines: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            part = rel.target_part
            if isinstance(part, XmlPart):
                lines.extend(story_text(part.element))
    return lines
