"""The XML side of docxtpl templates: what the fast render path and template lint look at.

docxtpl renders the document XML as one Jinja source, after putting each paragraph on a line
of its own; error positions are lines of that source. The helpers here split a template's
document part around its body, serialise a rendered body, read paragraph texts with the tag
markup still in them, and spot a tag split across runs in a way docxtpl cannot repair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from docx.document import Document as DocxDocument
from docx.section import _Footer, _Header
from lxml import etree

from generator.ooxml.ns import W_P, W_T

_MARK = "\ue000svcmanual-body\ue000"
# A brace and its twin separated by run boundaries ("{" end-of-run, new run "{"): docxtpl
# only repairs markup found *inside* an opened tag, so this split survives as literal text.
_SPLIT_TAG = re.compile(r"\{(?:<[^>]+>)+[{%#]|[}%#](?:<[^>]+>)+\}")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_MARKUP = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TemplateParagraph:
    """A paragraph of a template: its text (tags included) and whether a tag in it is split
    across runs beyond docxtpl's repair."""

    text: str
    split_tag: bool


def document_shell(document: DocxDocument) -> tuple[str, str]:
    """The document part's XML before and after the body element (declaration included)."""
    root = document.element
    shell = etree.fromstring(etree.tostring(root))
    shell_body = shell.find(root.body.tag)
    marker = etree.Element(root.body.tag)
    marker.text = _MARK
    shell.replace(shell_body, marker)
    text = etree.tostring(shell, encoding="unicode")
    start = text.index(_MARK)
    open_tag = text.rfind("<", 0, start)
    close_tag = text.index(">", start + len(_MARK)) + 1
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text[:open_tag]
    return head, text[close_tag:]


def to_text(element: etree._Element) -> str:
    """An element serialised as a string (no declaration)."""
    return cast(str, etree.tostring(element, encoding="unicode"))


def paragraphs_on_lines(xml: str) -> str:
    """`xml` with a line break before every paragraph, as docxtpl lays out its Jinja source."""
    return _PARAGRAPH_START.sub(r"\n<w:p\1", xml)


def strip_markup(xml: str) -> str:
    """The text of an XML fragment: every tag removed."""
    return _MARKUP.sub("", xml)


def has_unrepairable_split_tag(paragraph: etree._Element) -> bool:
    return bool(_SPLIT_TAG.search(etree.tostring(paragraph, encoding="unicode")))


def _paragraphs(root: etree._Element) -> list[TemplateParagraph]:
    return [TemplateParagraph("".join(t.text or "" for t in p.iter(W_T)),
                              has_unrepairable_split_tag(p)) for p in root.iter(W_P)]


def body_paragraphs(document: DocxDocument) -> list[TemplateParagraph]:
    """Every paragraph of the body, table cells included, in document order."""
    return _paragraphs(document.element.body)


def story_paragraphs(story: _Header | _Footer) -> list[TemplateParagraph]:
    """Every paragraph of a header or footer, in document order."""
    return _paragraphs(story._element)


def story_xml(story: _Header | _Footer) -> str:
    """The XML text of a header or footer part (docxtpl's clean-up and Jinja parse it)."""
    xml: str = story._element.xml
    return xml
