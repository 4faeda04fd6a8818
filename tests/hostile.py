"""Hostile inputs made at test time: zip bombs (honest and lying headers), hostile template
packs, special files. Shared by the guard, budget and fault tests."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

MB = 1024 * 1024
P01 = "P01-售后服务识别与评价控制程序.docx"

# tags that run far past any sane budget (issue 19, item 4)
LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}{{ j }}{% endfor %}{% endfor %}"
MEMORY = ("{% set ns = namespace(x=[]) %}{% for i in range(99999) %}"
          "{% set ns.x = ns.x + [range(99999)|list] %}{% endfor %}{{ ns.x|length }}")
STRING_BOMBS = {
    "lipsum": "{{ lipsum(10**9) }}",
    "center-filter": "{{ 'x'|center(10**9) }}",
    "center-method": "{{ 'x'.center(10**9) }}",
    "chained-replace": "{{ 'ab'" + "|replace('a','aaaaaaaaaa')" * 9 + " }}",
    "replace-method": "{{ ('a' * 1000).replace('a', 'b' * 5000) }}",
    "percent-width": "{{ '%0999999999d' % 1 }}",
    "format-width": "{{ '{:>999999999}'.format(1) }}",
    "format-filter": "{{ '%999999999s'|format('x') }}",
    "indent": "{{ ('a\\n' * 1000)|indent(10**6) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
}


def template_pack(folder: Path, tag: str, *, section: bool = True) -> Path:
    """A pack whose P01 holds `tag`; without `section` its body has no w:sectPr."""
    document = docx.Document()
    document.add_paragraph("1 目的")
    document.add_paragraph(tag)
    if not section:
        body = document.element.body
        for sectpr in body.findall(qn("w:sectPr")):
            body.remove(sectpr)
    (folder / "procedures").mkdir(parents=True, exist_ok=True)
    document.save(str(folder / "procedures" / P01))
    return folder


def write_bomb(path: Path, inflated: int = 1024 * MB) -> Path:
    """A real .docx whose document.xml inflates to `inflated` bytes (about 1/1000 on disk),
    streamed so that the test itself never holds it."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    chunk = b" " * (4 * MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(source.read("word/document.xml")[:-len("</w:document>")])
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
            member.write(b"</w:document>")
    return path


def write_lying_bomb(path: Path, inflated: int = 64 * MB, declared: int = 1000) -> Path:
    """A .docx whose document.xml inflates to `inflated` bytes but whose headers (local and
    central) say `declared`: a reader trusting the headers sees nothing to fear."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info))
        archive.writestr("word/document.xml", b" " * inflated)
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    central = 0
    while True:  # the central entry of document.xml
        central = data.index(b"PK\x01\x02", central)
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name:
            break
        central += 4
    struct.pack_into("<I", data, central + 24, declared)
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, declared)
    path.write_bytes(bytes(data))
    return path


def write_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path
