"""Redline copies: tracked changes that Word and LibreOffice resolve to the old and new text."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from generator.assemble.office import FONTS_CONF
from generator.errors import InputFileError
from generator.ooxml.fields import add_field, field_instructions
from generator.ooxml.ns import W_NS
from generator.ooxml.redline import accept_all, has_tracked_changes, redline, reject_all

WHEN = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
HEAD = [("部门", "负责人"), ("售后服务中心", "周敏"), ("客户服务部", "陈立")]

# A block is a paragraph text, or a table given as rows of cell texts.
Block = str | list[tuple[str, str]]


def build(blocks: list[Block], *, version: str = "A/0", page_result: str = "1") -> bytes:
    document = Document()
    header = document.sections[0].header.paragraphs[0]
    header.add_run(f"文件编号：SM-01  版本：{version}  第 ")
    add_field(header, "PAGE", page_result)
    header.add_run(" 页")
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=2)
        for row, texts in zip(table.rows, block, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body_text(data: bytes) -> str:
    """What python-docx reads from a document without tracked changes, in reading order."""
    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)

    walk(Document(io.BytesIO(data)))
    return "\n".join(lines)


def xpath(element: Any, path: str) -> Any:
    """XPath with the w: prefix, on python-docx's elements and on plain lxml ones alike."""
    return etree.XPath(path, namespaces={"w": W_NS})(element)


def full_text(element: Any) -> str:
    """Text of an element with deleted text included."""
    return "".join(xpath(element, ".//w:t/text() | .//w:delText/text()"))


OLD = build([
    "售后服务管理手册",
    "本公司售后服务工作由总经理沈国梁全面负责。",
    "第三条 本条款在新版中删除。",
    "全国统一售后服务热线：400-800-1234。",
    HEAD,
    "本手册自发布之日起实施。",
])
NEW = build([
    "售后服务管理手册",
    "本公司售后服务工作由总经理韩立诚全面负责。",
    "全国统一售后服务热线：400-800-1234。",
    HEAD,
    "每年开展一次顾客满意度调查。",
    "本手册自发布之日起实施。",
], version="A/1")
UNCHANGED = {"售后服务管理手册", "全国统一售后服务热线：400-800-1234。", "本手册自发布之日起实施。"}


@pytest.fixture(scope="module")
def red() -> bytes:
    return redline(OLD, NEW, author="审核组", date=WHEN)


def test_accepting_gives_the_new_text_and_rejecting_the_old(red: bytes) -> None:
    Document(io.BytesIO(red))  # reopens
    assert has_tracked_changes(red)
    assert not has_tracked_changes(NEW)
    assert accept_all(red) == body_text(NEW)
    assert reject_all(red) == body_text(OLD)


@pytest.mark.parametrize(("old_name", "new_name"), [
    ("沈国梁", "韩立诚"),
    ("沈国梁", "韩国诚"),  # the shared 国 is folded into the replacement
], ids=["all-different", "one-shared-character"])
def test_a_changed_name_is_one_deletion_and_one_insertion(old_name: str, new_name: str) -> None:
    sentence = "本公司售后服务工作由总经理{}全面负责。"
    data = redline(build([sentence.format(old_name)]), build([sentence.format(new_name)]),
                   author="审核组", date=WHEN)
    paragraph = Document(io.BytesIO(data)).paragraphs[0]._p
    deleted, inserted = xpath(paragraph, "./w:del"), xpath(paragraph, "./w:ins")
    assert [full_text(d) for d in deleted] == [old_name]
    assert [full_text(i) for i in inserted] == [new_name]
    assert full_text(paragraph) == sentence.format(old_name + new_name)
    for mark in (*deleted, *inserted):
        assert mark.get(qn("w:author")) == "审核组"
        assert mark.get(qn("w:date")) == "2025-03-01T09:30:00Z"


def test_the_name_change_in_the_scenario_is_one_deletion_and_one_insertion(red: bytes) -> None:
    (paragraph,) = [p._p for p in Document(io.BytesIO(red)).paragraphs if "全面负责" in full_text(p._p)]
    assert [full_text(d) for d in xpath(paragraph, ".//w:del")] == ["沈国梁"]
    assert [full_text(i) for i in xpath(paragraph, ".//w:ins")] == ["韩立诚"]


def test_deleted_and_inserted_paragraphs_are_marked_whole(red: bytes) -> None:
    paragraphs = {full_text(p._p): p._p for p in Document(io.BytesIO(red)).paragraphs}
    deleted = paragraphs["第三条 本条款在新版中删除。"]
    assert xpath(deleted, "./w:pPr/w:rPr/w:del") and not xpath(deleted, ".//w:t")
    inserted = paragraphs["每年开展一次顾客满意度调查。"]
    assert xpath(inserted, "./w:pPr/w:rPr/w:ins")
    assert not xpath(inserted, "./w:r") and xpath(inserted, "./w:ins/w:r/w:t")


def test_unchanged_paragraphs_and_the_table_carry_no_markup(red: bytes) -> None:
    document = Document(io.BytesIO(red))
    unchanged = [p for p in document.paragraphs if full_text(p._p) in UNCHANGED]
    assert len(unchanged) == len(UNCHANGED)
    for paragraph in unchanged:
        assert not xpath(paragraph._p, ".//w:ins | .//w:del")
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [list(r) for r in HEAD]
    assert not xpath(table._tbl, ".//w:ins | .//w:del")


def test_revision_ids_are_unique(red: bytes) -> None:
    document = Document(io.BytesIO(red))
    header = document.sections[0].header._element
    marks = [*xpath(document.element, "//w:ins | //w:del"), *xpath(header, "//w:ins | //w:del")]
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(ids) >= 8
    assert len(set(ids)) == len(ids)


def test_the_header_change_is_tracked_and_its_page_field_kept(red: bytes) -> None:
    header = Document(io.BytesIO(red)).sections[0].header._element
    assert field_instructions(header) == ["PAGE"]
    kinds = xpath(header, ".//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"]
    assert not xpath(header, ".//w:ins//w:fldChar | .//w:del//w:fldChar")
    assert [full_text(d) for d in xpath(header, ".//w:del")] == ["0"]
    assert [full_text(i) for i in xpath(header, ".//w:ins")] == ["1"]


def test_a_change_inside_a_field_result_replaces_the_paragraph_whole() -> None:
    data = redline(build([]), build([], page_result="2"), date=WHEN)
    header = Document(io.BytesIO(data)).sections[0].header._element
    (paragraph,) = xpath(header, "./w:p")
    (deleted,) = xpath(paragraph, "./w:del")
    assert full_text(deleted) == "文件编号：SM-01  版本：A/0  第 1 页"
    assert deleted.getprevious().tag == qn("w:pPr")  # the old text comes first
    assert not xpath(paragraph, "./w:r")  # every new run, the field's included, is inserted
    assert field_instructions(paragraph) == ["PAGE"]
    assert xpath(paragraph, ".//w:fldChar/@w:fldCharType") == ["begin", "separate", "end"]


@pytest.mark.parametrize(("new_rows", "rows_inserted", "rows_deleted"), [
    ([*HEAD, ("宁波服务站", "王五")], 1, 0),
    ([HEAD[0], HEAD[2]], 0, 1),
    ([HEAD[0], ("售后服务中心", "李强"), HEAD[2]], 0, 0),
    ([HEAD[0], HEAD[2], ("杭州服务站", "钱七")], 1, 1),
], ids=["row-added", "row-removed", "cell-changed", "row-removed-and-row-added"])
def test_table_changes_resolve_to_old_and_new(
        new_rows: list[tuple[str, str]], rows_inserted: int, rows_deleted: int) -> None:
    old, new = build(["前言", HEAD, "结语"]), build(["前言", new_rows, "结语"])
    data = redline(old, new, date=WHEN)
    assert accept_all(data) == body_text(new)
    assert reject_all(data) == body_text(old)
    (table,) = Document(io.BytesIO(data)).tables
    assert len(xpath(table._tbl, "./w:tr/w:trPr/w:ins")) == rows_inserted
    assert len(xpath(table._tbl, "./w:tr/w:trPr/w:del")) == rows_deleted
    assert len(table.rows) == len(new_rows) + rows_deleted


def test_a_removed_table_comes_back_as_a_deleted_table() -> None:
    old, new = build(["前言", HEAD, "结语"]), build(["前言", "结语"])
    data = redline(old, new, date=WHEN)
    (table,) = Document(io.BytesIO(data)).tables
    assert all(xpath(row._tr, "./w:trPr/w:del") for row in table.rows)
    assert accept_all(data) == body_text(new)
    assert reject_all(data) == body_text(old)


def hiding_revisions(data: bytes) -> bytes:
    """`data` with settings that hide insertions and deletions (as a template might have)."""
    document = Document(io.BytesIO(data))
    view = OxmlElement("w:revisionView")
    view.set(qn("w:markup"), "false")
    view.set(qn("w:insDel"), "false")
    document.settings.element.insert(0, view)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_settings_ask_for_changes_to_be_shown() -> None:
    data = redline(OLD, hiding_revisions(NEW), date=WHEN)
    settings = Document(io.BytesIO(data)).settings.element
    (view,) = xpath(settings, "./w:revisionView")
    assert xpath(view, "string(@w:insDel)") == xpath(view, "string(@w:markup)") == "true"
    assert xpath(settings, "./w:trackRevisions")
    names = [child.tag.rsplit("}", 1)[-1] for child in settings]
    assert names.index("zoom") < names.index("revisionView") < names.index("trackRevisions") \
        < names.index("defaultTabStop")  # the schema's order, which Word enforces


def test_identical_documents_give_a_copy_without_changes() -> None:
    assert not has_tracked_changes(redline(NEW, NEW))
    assert accept_all(redline(NEW, NEW)) == body_text(NEW)


def test_a_file_that_is_not_a_docx_is_refused() -> None:
    with pytest.raises(InputFileError, match="旧版文档"):
        redline(b"%PDF-1.7 not a document", NEW)


def _soffice(source: Path, fmt: str, tmp_path: Path) -> Path:
    exe = shutil.which("soffice")
    assert exe is not None
    profile = tmp_path / "lo-profile"
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(tmp_path))
    subprocess.run(
        [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(tmp_path / "out"), str(source)],
        env=env, check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    produced = tmp_path / "out" / f"{source.stem}.{fmt}"
    assert produced.exists(), f"LibreOffice produced no {fmt}"
    return produced


@pytest.mark.office
def test_libreoffice_prints_the_deleted_and_the_inserted_name(red: bytes, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext（poppler-utils）未安装")
    source = tmp_path / "修订对照.docx"
    source.write_bytes(red)
    pdf = _soffice(source, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    flat = "".join(text.split())
    assert "总经理沈国梁韩立诚全面负责" in flat  # struck-through old name, then the new one
    assert "第三条本条款在新版中删除" in flat and "每年开展一次顾客满意度调查" in flat


@pytest.mark.office
def test_libreoffice_reads_them_as_tracked_changes(red: bytes, tmp_path: Path) -> None:
    source = tmp_path / "修订对照.docx"
    source.write_bytes(red)
    with zipfile.ZipFile(_soffice(source, "odt", tmp_path)) as odt:
        content = etree.fromstring(odt.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    (changes,) = content.xpath("//text:tracked-changes", namespaces=ns)
    deleted = ["".join(d.itertext()) for d in changes.xpath(".//text:deletion", namespaces=ns)]
    assert any("沈国梁" in d for d in deleted)
    assert any("第三条本条款在新版中删除" in "".join(d.split()) for d in deleted)
    assert changes.xpath(".//text:insertion", namespaces=ns)
