"""Render a docxtpl template without re-opening it for every document.

docxtpl opens the template with python-docx for each render and saves the whole package
again; for a set of ~90 documents that is most of the time. A template is prepared once per
process here: its zip entries, its body and header/footer XML already cleaned up by docxtpl
(`patch_xml`), and the document part split around the body. A render then only runs the
compiled Jinja template over those strings (through docxtpl's own `render_xml_part` and
`fix_tables`, so the output is what docxtpl would write) and zips the parts again.

Used for templates rendered without pictures; pictures need docxtpl's part machinery.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment

from generator.diskcache import cache_dir, read_cache, write_cache
from generator.ooxml import template as xml_template
from generator.ooxml.package import zip_entry


@dataclass
class Prepared:
    tpl: DocxTemplate  # only its string methods are used: it need not hold a document
    base: bytes  # the package without the parts a render replaces, compressed once
    body: str  # patched body XML, ready for Jinja
    head: str  # document.xml before the body
    tail: str  # document.xml after the body
    parts: dict[str, tuple[str, str]]  # zip name -> (patched XML, encoding)
    cell_tags: bool = True  # the body has {%tc %} tags, so its tables need docxtpl's fix


_PREPARED: dict[bytes, Prepared] = {}
_FORMAT = b"svcmanual-prepared-3"  # 3: parts stamped with package.STAMP
_CELL_TAG = re.compile(r"\{%-?\s*tc\s")


def prepare(template: Path, factory: type[DocxTemplate], data: bytes | None = None) -> Prepared:
    """The prepared template, from memory, from the disk cache, or made now (`data`: the
    template's bytes when already read)."""
    data = template.read_bytes() if data is None else data
    key = hashlib.blake2b(_FORMAT + data, digest_size=20).digest()
    found = _PREPARED.get(key) or _load(key, factory)
    if found is None:
        found = _prepare(template, factory)
        _store(key, found)
    if len(_PREPARED) > 256:
        _PREPARED.clear()
    _PREPARED[key] = found
    return found


def _cache_file(key: bytes) -> Path | None:
    folder = cache_dir()
    return folder / "prepared" / f"{key.hex()}.bin" if folder else None


def _load(key: bytes, factory: type[DocxTemplate]) -> Prepared | None:
    path = _cache_file(key)
    if path is None:
        return None
    data = read_cache(path)
    if data is None:
        return None
    try:
        raw = marshal.loads(data)
        base, body, head, tail, parts, cell_tags = raw
        return Prepared(object.__new__(factory), base, body, head, tail,
                        {name: (xml, enc) for name, xml, enc in parts}, cell_tags)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _store(key: bytes, prepared: Prepared) -> None:
    path = _cache_file(key)
    if path is None:
        return
    raw = (prepared.base, prepared.body, prepared.head, prepared.tail,
           [(name, xml, enc) for name, (xml, enc) in prepared.parts.items()], prepared.cell_tags)
    write_cache(path, marshal.dumps(raw))


def _prepare(template: Path, factory: type[DocxTemplate]) -> Prepared:
    tpl = factory(str(template))
    tpl.init_docx()
    assert tpl.docx is not None
    source = tpl.get_xml()
    body = tpl.patch_xml(source)
    head, tail = xml_template.document_shell(tpl.docx)
    parts = {}
    for uri in (RT.HEADER, RT.FOOTER):
        for _key, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            encoding = tpl.get_headers_footers_encoding(xml)
            parts[str(part.partname).lstrip("/")] = (tpl.patch_xml(xml), encoding)
    replaced = {"word/document.xml", *parts}
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as base:
        for info in source.infolist():
            if info.filename not in replaced:
                base.writestr(zip_entry(info.filename), source.read(info))
    # Keep a bare instance for docxtpl's string methods, not the parsed document (megabytes).
    return Prepared(object.__new__(factory), buffer.getvalue(), body, head, tail, parts,
                    _CELL_TAG.search(str(source)) is not None)


def render_prepared(prepared: Prepared, context: dict[str, Any], env: Environment) -> bytes:
    """Jinja over the prepared strings, docxtpl's table fixes, and a new zip."""
    tpl = prepared.tpl
    rendered = tpl.render_xml_part(prepared.body, None, context, env)
    # docxtpl's table fix re-parses the whole body; it only changes tables whose cells
    # {%tc %} tags added or removed.
    body = xml_template.to_text(tpl.fix_tables(rendered)) if prepared.cell_tags else rendered
    replaced = {"word/document.xml": (prepared.head + body + prepared.tail).encode("utf-8")}
    for name, (xml, encoding) in prepared.parts.items():
        replaced[name] = tpl.render_xml_part(xml, None, context, env).encode(encoding)
    out = io.BytesIO(prepared.base)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in replaced.items():
            archive.writestr(zip_entry(name), data)
    return out.getvalue()
