"""Lean packages: a .docx holding only what its documents use.

python-docx saves every document from its own default template: about 350 KB of styles
(Word's whole built-in gallery), a 440 KB stylesWithEffects copy of them, a bibliography
customXml part, a thumbnail and core properties from 2013. `lean_package` keeps the styles a
set of documents uses (with the styles they are based on, link to or continue with, the
defaults and the TOC styles a TOC refresh writes), drops the rest and writes our own
document properties. Every template of one pack keeps the same styles, so a compiled volume
still finds its parts' styles identical to its own.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast
from xml.sax.saxutils import escape

from lxml import etree

from generator.ooxml.ns import W, qn
from generator.ooxml.package import parse, zip_entry

STYLES_PART = "word/styles.xml"
# Parts python-docx's default template brings along that no document of ours needs.
_DROP_TYPES = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_STYLE_REFS = tuple(qn(f"w:{t}") for t in ("pStyle", "rStyle", "tblStyle", "numStyle"))
_STYLE_LINKS = tuple(qn(f"w:{t}") for t in ("basedOn", "next", "link"))
ALWAYS = frozenset({"TOC1", "TOC2", "TOC3"})  # written into a TOC's result by the build


@dataclass(frozen=True)
class Properties:
    """Our own document properties (docProps/core.xml and app.xml)."""

    title: str
    description: str
    when: dt.datetime  # created and modified, UTC
    creator: str = "svcmanual"


def used_styles(data: bytes) -> set[str]:
    """The style ids the parts of a package refer to (body, headers, footers, numbering)."""
    found: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml") and name != STYLES_PART:
                for element in parse(archive.read(name)).iter(*_STYLE_REFS):
                    value = element.get(qn("w:val"))
                    if value:
                        found.add(value)
    return found


def lean_package(data: bytes, keep: Iterable[str], props: Properties) -> bytes:
    """`data` with only the styles in `keep` (and what they need), without the parts of
    `_DROP_TYPES`, with `props` as its document properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    dropped: set[str] = set()
    for rels_name in [n for n in parts if n.endswith(".rels")]:
        parts[rels_name], gone = _drop_relationships(parts[rels_name], rels_name)
        dropped |= gone
    custom = any(d.startswith("customXml/") for d in dropped)  # items, their props and rels
    for name in list(parts):
        if name in dropped or (custom and name.startswith("customXml/")):
            del parts[name]
    parts["[Content_Types].xml"] = _drop_overrides(parts["[Content_Types].xml"], set(parts))
    if STYLES_PART in parts:
        parts[STYLES_PART] = _lean_styles(parts[STYLES_PART], set(keep) | ALWAYS)
    parts["docProps/core.xml"] = _core(props)
    parts["docProps/app.xml"] = _APP.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(zip_entry(name), content)
    return out.getvalue()


def _drop_relationships(data: bytes, rels_name: str) -> tuple[bytes, set[str]]:
    root = parse(data)
    base = posixpath.dirname(posixpath.dirname(rels_name))
    gone = set()
    for rel in list(root):
        if rel.get("Type") in _DROP_TYPES and rel.get("TargetMode") != "External":
            gone.add(posixpath.normpath(posixpath.join(base, rel.get("Target", ""))))
            root.remove(rel)
    if not gone:
        return data, gone
    return _serialise(root), gone


def _drop_overrides(data: bytes, present: set[str]) -> bytes:
    root = parse(data)
    for override in root.findall(f"{{{_CT_NS}}}Override"):
        if override.get("PartName", "").lstrip("/") not in present:
            root.remove(override)
    return _serialise(root)


def _lean_styles(data: bytes, keep: set[str]) -> bytes:
    root = parse(data)
    styles = {s.get(qn("w:styleId")): s for s in root.iter(W + "style")}
    wanted = {sid for sid, s in styles.items() if s.get(qn("w:default")) in ("1", "true")}
    todo = [sid for sid in keep | wanted if sid in styles]
    while todo:
        sid = todo.pop()
        wanted.add(sid)
        for link in styles[sid].iter(*_STYLE_LINKS):
            target = link.get(qn("w:val"))
            if target in styles and target not in wanted:
                todo.append(target)
    for sid, style in styles.items():
        if sid not in wanted:
            root.remove(style)
    latent = root.find(W + "latentStyles")
    if latent is not None:
        root.remove(latent)
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return cast(bytes, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True))


def _core(props: Properties) -> bytes:
    when = props.when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title>"
        f"<dc:creator>{escape(props.creator)}</dc:creator>"
        f"<dc:description>{escape(props.description)}</dc:description>"
        f"<cp:lastModifiedBy>{escape(props.creator)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_APP = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>svcmanual</Application><DocSecurity>0</DocSecurity>'
    "</Properties>"
)
