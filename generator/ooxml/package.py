"""Packages as zip archives of XML parts: safe parsing, visible text, light reading for volumes.

`SAFE_PARSER` is the one parser for parts we read ourselves (no entities, no network, no huge
trees). `docx_text` is the text a document's hash is taken over. `read_package` gives a volume
the body, default header and styles of a rendered part without building python-docx objects;
`append_body` and `replace_children` move those elements into the volume. Every package we
write has its parts stamped with `STAMP` (`zip_entry`, `saved`).
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

# One fixed time on every part we write (the earliest a zip can hold), so that the same content
# gives the same bytes: a re-render that changes nothing is recognised by its bytes and a set
# built twice is identical.
STAMP = (1980, 1, 1, 0, 0, 0)

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                              remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    """A part's XML, parsed with `SAFE_PARSER`."""
    return etree.fromstring(data, SAFE_PARSER)


def _story_names(archive: zipfile.ZipFile) -> list[str]:
    """The story parts in text order: the body first, then headers and footers by name."""
    names = sorted(n for n in archive.namelist() if STORY_PART.match(n))
    names.sort(key=lambda n: 0 if n == DOCUMENT_PART else 1)
    return names


def _paragraph_texts(root: etree._Element) -> list[str]:
    """The non-empty texts of the paragraphs under `root`, in document order (a paragraph
    nested in another, e.g. in a text box, counts for both)."""
    texts = ("".join(para.itertext(W_T, with_tail=False)) for para in root.iter(W_P))
    return [text for text in texts if text]


def docx_text(data: bytes) -> str:
    """The visible text of a .docx (body, headers, footers), one paragraph a line."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in _story_names(archive):
            lines.extend(_paragraph_texts(parse(archive.read(name))))
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
    return document_digests(data)[1]


def document_digests(data: bytes) -> tuple[str, str]:
    """`docx_text` and `content_digest` of `data` at once, each story part parsed once."""
    digest = hashlib.sha256()
    texts: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not name.startswith("word/") or name in _VOLATILE_PARTS or name.endswith("/"):
                continue
            story = STORY_PART.match(name) is not None
            part, lines = _part_digest(name, archive.read(name), story)
            if story:
                texts[name] = lines
            digest.update(name.encode("utf-8") + b"\0" + part)
        names = _story_names(archive)
    return "\n".join(line for name in names for line in texts[name]), digest.hexdigest()


# sha256 of a part as stored -> the sha256 of its normalised form, for the parts a template
# copies unchanged into every document it renders (styles, numbering, theme, relationships):
# normalised once. A story part (body, header, footer) is rendered, so it is always read.
_PART_DIGESTS: dict[bytes, bytes] = {}


def _part_digest(name: str, raw: bytes, story: bool) -> tuple[bytes, list[str]]:
    if not name.endswith((".xml", ".rels")):
        return hashlib.sha256(raw).digest(), []
    if story:
        root = parse(raw)
        lines = _paragraph_texts(root)
        return hashlib.sha256(_normalise(root, raw)).digest(), lines
    key = hashlib.sha256(raw).digest()
    found = _PART_DIGESTS.get(key)
    if found is None:
        found = hashlib.sha256(_normalise(parse(raw), raw)).digest()
        if len(_PART_DIGESTS) > 4096:
            _PART_DIGESTS.clear()
        _PART_DIGESTS[key] = found
    return found, []


def _normalise(root: etree._Element, raw: bytes) -> bytes:
    """`root` (parsed from `raw`) as canonical XML without the markup Word adds on a save;
    the searches are skipped when `raw` (in an encoding that writes names in ASCII) does
    not name that markup at all."""
    ascii_names = raw[:1] in (b"<", b"\xef") and raw[1:2] != b"\x00"
    if not ascii_names or b"proofErr" in raw or b"lastRenderedPageBreak" in raw:
        for element in list(root.iter(*_VOLATILE_TAGS)):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    if not ascii_names or b"rsid" in raw:
        for attr in _RSID_ATTRS(root):
            element = attr.getparent()
            if element is not None:
                del element.attrib[attr.attrname]
    return canonical(root)


# Every attribute whose local name starts with "rsid" (w:rsidR, w:rsidRPr, w:rsidSect …).
_RSID_ATTRS = etree.XPath("//@*[starts-with(local-name(), 'rsid')]")


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


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A compressed zip entry stamped with `STAMP`."""
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def saved(document: DocxDocument) -> bytes:
    """`document` as .docx bytes with its parts stamped with `STAMP` (python-docx stamps the
    time of the save)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zip_entry(info.filename), source.read(info))
    return out.getvalue()
