"""Fields and bookmarks: PAGE/NUMPAGES, the table of contents, end-of-part bookmarks.

A complex field is begin / instruction / separate / result / end, each in a run of its own.
The TOC helpers write a field result from given entries, so a table of contents shows even
where nobody updates fields; the bookmarks let a volume's "共 Y 页" be a PAGEREF.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.section import _Footer, _Header
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph
from lxml import etree

from generator.ooxml.format import SONG, set_rfonts
from generator.ooxml.ns import XML_SPACE, qn


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
    instr.set(XML_SPACE, "preserve")
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


def story_fields(story: _Header | _Footer) -> list[str]:
    """`field_instructions` of a header or footer."""
    return field_instructions(story._element)


def rename_page_count(header: _Header, instruction: str) -> None:
    """Replace the NUMPAGES fields of `header` by `instruction` (e.g. a PAGEREF when the
    header sits in one section of a compiled volume)."""
    for instr in header._element.iter(qn("w:instrText")):
        if instr.text and instr.text.strip().upper() == "NUMPAGES":
            instr.text = f" {instruction} "


def toc_paragraph(document: DocxDocument) -> etree._Element | None:
    """The body paragraph holding the begin of the first TOC field."""
    for instr in document.element.body.iter(qn("w:instrText")):
        if (instr.text or "").strip().upper().startswith("TOC"):
            run = instr.getparent()
            return None if run is None else run.getparent()
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
        t.set(XML_SPACE, "preserve")
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


def add_toc_styles(styles: Styles, east_asia: str = SONG) -> None:
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
        styles.element.append(style)


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


def bookmark_document_end(document: DocxDocument, name: str, bookmark_id: int) -> None:
    """`bookmark_last_paragraph` on the body of a python-docx document."""
    bookmark_last_paragraph(document.element.body, name, bookmark_id)
