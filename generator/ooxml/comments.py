"""Word comments (批注): `word/comments.xml`, its relationship and its content type.

Rules:
1. A comment is anchored on a whole paragraph: w:commentRangeStart after the paragraph
   properties, w:commentRangeEnd and a run holding w:commentReference at its end. This is the
   form Word itself writes; WPS and LibreOffice show it in the margin too.
2. Comments already in the document are kept; new ones get ids above theirs. The part, its
   relationship from `word/document.xml` and its content-type override are added only when
   missing.
3. `strip_comments` removes every comment anchor from a document's story parts, for copies
   (the compiled volumes) that do not carry the comments part.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import cast

from lxml import etree

from generator.ooxml.ns import STORY_PART, W_NS, W_P, W_PPR, W_R, W_T, XML_SPACE, W
from generator.ooxml.package import parse

COMMENTS_PART = "word/comments.xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_RELS_PART = "word/_rels/document.xml.rels"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_ANCHORS = (W + "commentRangeStart", W + "commentRangeEnd")

Note = tuple[etree._Element, Sequence[str]]  # the paragraph of word/document.xml, the lines


def attach(parts: dict[str, bytes], document: etree._Element, notes: Sequence[Note], *,
           author: str, date: str) -> None:
    """Anchor one comment per note on its paragraph of `document` (changed in place) and put
    the comments part, its relationship and its content type into `parts` (the package's
    other parts by name, changed in place). `date` is ISO 8601 UTC (…Z)."""
    if not notes:
        return
    existing = parts.get(COMMENTS_PART)
    root = parse(existing) if existing else etree.Element(W + "comments", nsmap={"w": W_NS})
    next_id = max((int(c.get(W + "id", "0")) for c in root.iter(W + "comment")
                   if c.get(W + "id", "").isdigit()), default=-1) + 1
    initials = author[:1]
    for paragraph, lines in notes:
        ident = str(next_id)
        next_id += 1
        comment = etree.SubElement(root, W + "comment")
        comment.set(W + "id", ident)
        comment.set(W + "author", author)
        comment.set(W + "date", date)
        comment.set(W + "initials", initials)
        for k, line in enumerate(lines):
            p = etree.SubElement(comment, W_P)
            if k == 0:
                etree.SubElement(etree.SubElement(p, W_R), W + "annotationRef")
            text = etree.SubElement(etree.SubElement(p, W_R), W_T)
            text.text = line
            text.set(XML_SPACE, "preserve")
        _anchor(paragraph, ident)
    parts[COMMENTS_PART] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
    parts[_RELS_PART] = _with_relationship(parts[_RELS_PART])
    parts["[Content_Types].xml"] = _with_override(parts["[Content_Types].xml"])


def _anchor(paragraph: etree._Element, ident: str) -> None:
    start = etree.Element(W + "commentRangeStart")
    start.set(W + "id", ident)
    ppr = paragraph.find(W_PPR)
    if ppr is None:
        paragraph.insert(0, start)
    else:
        ppr.addnext(start)
    end = etree.SubElement(paragraph, W + "commentRangeEnd")
    end.set(W + "id", ident)
    reference = etree.SubElement(etree.SubElement(paragraph, W_R), W + "commentReference")
    reference.set(W + "id", ident)


def _with_relationship(data: bytes) -> bytes:
    root = parse(data)
    rels = root.findall(f"{{{_REL_NS}}}Relationship")
    if not any(r.get("Type") == COMMENTS_REL for r in rels):
        ids = {r.get("Id") for r in rels}
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        rel = etree.SubElement(root, f"{{{_REL_NS}}}Relationship")
        rel.set("Id", f"rId{number}")
        rel.set("Type", COMMENTS_REL)
        rel.set("Target", "comments.xml")
    return _bytes(root)


def _bytes(root: etree._Element) -> bytes:
    return cast(bytes, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True))


def _with_override(data: bytes) -> bytes:
    root = parse(data)
    name = "/" + COMMENTS_PART
    if not any(o.get("PartName") == name for o in root.findall(f"{{{_CT_NS}}}Override")):
        override = etree.SubElement(root, f"{{{_CT_NS}}}Override")
        override.set("PartName", name)
        override.set("ContentType", COMMENTS_TYPE)
    return _bytes(root)


def is_comment_run(run: etree._Element) -> bool:
    """A run that only holds a comment reference (not text of the paragraph)."""
    return run.find(W + "commentReference") is not None or run.find(W + "annotationRef") is not None


def read_comments(data: bytes) -> list[tuple[str, str]]:
    """Each comment of a .docx body: the text of the paragraph it is anchored on and its own
    text (lines joined by newlines), in the order of the comments part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if COMMENTS_PART not in archive.namelist():
            return []
        comments = parse(archive.read(COMMENTS_PART))
        document = parse(archive.read("word/document.xml"))
    anchored: dict[str, str] = {}
    for start in document.iter(W + "commentRangeStart"):
        paragraph = next(start.iterancestors(W_P), None)
        if paragraph is not None:
            anchored[start.get(W + "id", "")] = "".join(t.text or "" for t in paragraph.iter(W_T))
    out = []
    for comment in comments.iter(W + "comment"):
        lines = ["".join(t.text or "" for t in p.iter(W_T)) for p in comment.iter(W_P)]
        out.append((anchored.get(comment.get(W + "id", ""), ""), "\n".join(lines)))
    return out


def strip_comments(data: bytes) -> bytes:
    """`data` without comment anchors in its story parts (the comments part stays, unused)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    if COMMENTS_PART not in source.namelist():
        return data
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            raw = source.read(info)
            if STORY_PART.match(info.filename):
                root = parse(raw)
                for el in list(root.iter(*_ANCHORS)):
                    el.getparent().remove(el)
                for run in [r for r in root.iter(W_R) if is_comment_run(r)]:
                    run.getparent().remove(run)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            archive.writestr(info, raw)
    return out.getvalue()
