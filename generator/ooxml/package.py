"""Packages as zip archives of XML parts: safe parsing, visible text, light reading for volumes.

`SAFE_PARSER` is the one parser for parts we read ourselves (no entities, no network, no huge
trees). `docx_text` is the text a document's hash is taken over. `read_package` gives a volume
the body, default header and styles of a rendered part without building python-docx objects;
`append_body` and `replace_children` move those elements into the volume.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import cast

from docx.document import Document as DocxDocument
from docx.section import _Header
from lxml import etree

from generator.ooxml.ns import DOCUMENT_PART, STORY_PART, W_P, W_T, qn

# What parsing or serialising XML raises (a damaged part, a `|safe` value breaking the markup).
XmlError = etree.LxmlError
XmlSyntaxError = etree.XMLSyntaxError

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                              remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    """A part's XML, parsed with `SAFE_PARSER`."""
    return etree.fromstring(data, SAFE_PARSER)


def docx_text(data: bytes) -> str:
    """The visible text of a .docx (body, headers, footers), one paragraph a line."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if STORY_PART.match(n))
        names.sort(key=lambda n: 0 if n == DOCUMENT_PART else 1)
        for name in names:
            root = parse(archive.read(name))
            for para in root.iter(W_P):
                text = "".join(t.text or "" for t in para.iter(W_T))
                if text:
                    lines.append(text)
    return "\n".join(lines)


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
        return canonical(parse(self.styles)) == canonical(parse(other))


def canonical(element: etree._Element) -> bytes:
    return cast(bytes, etree.tostring(element, method="c14n"))


def read_package(data: bytes) -> LightPackage:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = parse(archive.read(DOCUMENT_PART))
        styles = archive.read("word/styles.xml")
        rels = parse(archive.read("word/_rels/document.xml.rels"))
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
                header = parse(archive.read(posixpath.join("word", target)))
    return LightPackage(body, header, styles)


def replace_children(header: _Header, source: etree._Element | None) -> None:
    """`header` gets the children of `source` (moved, not copied)."""
    target = header._element
    for child in list(target):
        target.remove(child)
    if source is not None:
        for child in list(source):
            target.append(child)


def append_body(master: DocxDocument, body: etree._Element) -> None:
    """Move `body`'s content (without its final section properties) before the master's
    final section properties, i.e. into the master's last section."""
    anchor = master.element.body[-1]  # the section properties of the last section
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            anchor.addprevious(child)


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
