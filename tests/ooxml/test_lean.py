"""Lean packages: only the styles in use (and what they need), none of python-docx's extras."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document

from generator.ooxml.lean import Properties, lean_package, used_styles

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def _sample() -> bytes:
    doc = Document()
    doc.add_heading("一、目的", level=1)
    doc.add_paragraph("正文", style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_lean_keeps_used_styles_with_their_bases_and_drops_the_rest() -> None:
    data = _sample()
    used = used_styles(data)
    assert {"Heading1", "ListBullet"} <= used
    lean = lean_package(data, used, Properties("测试文件", "说明", WHEN))
    names = zipfile.ZipFile(io.BytesIO(lean)).namelist()
    assert not [n for n in names if "stylesWithEffects" in n or "thumbnail" in n
                or n.startswith("customXml/")]
    reopened = Document(io.BytesIO(lean))
    ids = {s.style_id for s in reopened.styles}
    assert {"Heading1", "ListBullet", "Normal", "Heading1Char"} <= ids  # used, based on, linked
    assert "Heading9" not in ids and "Title" not in ids and len(ids) < 20
    assert [p.style.name for p in reopened.paragraphs] == ["Heading 1", "List Bullet"]
    props = reopened.core_properties
    assert (props.title, props.author, props.comments) == ("测试文件", "svcmanual", "说明")
    assert props.created == WHEN
    types = zipfile.ZipFile(io.BytesIO(lean)).read("[Content_Types].xml").decode()
    assert "stylesWithEffects" not in types and "customXml" not in types
    assert len(zipfile.ZipFile(io.BytesIO(lean)).read("word/styles.xml")) < 20_000
