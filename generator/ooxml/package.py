"""Packages as zip archives of XML parts: safe parsing, visible text, light reading for volumes.

`SAFE_PARSER` is the one parser for parts we read ourselves (no entities, no network, no huge
trees). `docx_text` is the text a document's hash is taken over. `read_package` gives a volume
the body, default header and styles of a rendered part without building python-docx objects;
`append_body` and `replace_children` move those elements into the volume.
"""

from __future__ import annotations

import hashlib
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


_TEXTS = etree.XPath(".//w:t/text()", namespaces={"w": W_T[1:W_T.index("}")]})


def docx_text(data: bytes) -> str:
    """The visible text of a .docx (body, headers, footers), one paragraph a line."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if STORY_PART.match(n))
        names.sort(key=lambda n: 0 if n == DOCUMENT_PART else 1)
        for name in names:
            for para in parse(archive.read(name)).iter(W_P):
                text = "".join(_TEXTS(para))
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


# Parts Word rewrites on every save whatever was edited (zoom, rsid lists, font cache).
_VOLATILE_PARTS = {"word/settings.xml", "word/webSettings.xml", "word/fontTable.xml"}
# Markup Word adds on a save without any edit (revision ids, spelling marks, page-break hints).
_VOLATILE_TAGS = (qn("w:proofErr"), qn("w:lastRenderedPageBreak"))


def content_digest(data: bytes) -> str:
    """A hash of everything a person can change in Word: text, formatting, styles,
    numbering, pictures and other media, tables, headers and footers (every part under
    word/ except the ones Word rewrites on each save), each XML part in normalised form
    (canonical XML without rsid attributes and spelling marks), so opening and saving
    without an edit keeps the hash and any real edit changes it."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not name.startswith("word/") or name in _VOLATILE_PARTS or name.endswith("/"):
                continue
            raw = archive.read(name)
            if name.endswith((".xml", ".rels")):
                raw = _normalised(raw)
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _normalised(raw: bytes) -> bytes:
    root = parse(raw)
    for element in list(root.iter(*_VOLATILE_TAGS)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in root.iter():
        for attr in [a for a in element.attrib if str(a).split("}")[-1].startswith("rsid")]:
            del element.attrib[attr]
    return canonical(root)


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


_NOT_SELF_CONTAINED = etree.XPath(
    "boolean(./*[not(self::w:sectPr)]/descendant-or-self::*"
    "[self::w:numPr or @r:id or @r:embed or @r:link])",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"})


def self_contained_body(body: etree._Element) -> bool:
    """No relationship references (pictures, links, charts) and no list numbering in `body`
    (its final section properties aside: their header references are handled separately):
    its elements can be moved to another document of the same styles as they are."""
    return not _NOT_SELF_CONTAINED(body)


def has_body_section(data: bytes) -> bool:
    """The body of the .docx `data` ends in its section properties (w:body/w:sectPr): page
    size, margins and the header reference every document of a set needs."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = parse(archive.read(DOCUMENT_PART)).find(qn("w:body"))
    return body is not None and body.find(qn("w:sectPr")) is not None
