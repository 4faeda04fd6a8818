"""The manual, the record forms, the compiled volumes and their consistency (issue 4)."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.builder.run import build
from generator.catalog import load_catalog
from generator.catalog.sectors import sector_procedures, sector_set
from generator.ooxml.drawing import drawing_text_boxes
from generator.profile.loader import load_profile
from generator.render.context import build_context
from tests.conftest import PROFILES
from tests.docfiles import all_text, paragraphs


def included_procedures(profile: Path) -> list[str]:
    excluded = {e.id for e in load_profile(profile).profile.exclusions.procedures}
    return [p.id for p in load_catalog().procedures if p.id not in excluded]


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_set_has_volumes_procedures_and_record_forms(profile: Path, built: dict[str, Path]) -> None:
    folder = built[profile.stem]
    for name in ("售后服务手册.docx", "程序文件汇编.docx", "记录表单汇编.docx"):
        Document(str(folder / name))  # reopens
    forms = sorted((folder / "records").glob("*.docx"))
    sector = load_profile(profile).profile.company.sector
    procedures = sector_procedures(load_catalog(), sector_set().sectors[sector] if sector else None)
    expected = sum(len(p.records) for p in procedures if p.id in included_procedures(profile))
    assert len(forms) == expected >= 30
    for form in forms[:5]:
        assert Document(str(form)).tables, form.name


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_manual_has_toc_charts_matrix_and_no_empty_section(profile: Path,
                                                           built: dict[str, Path]) -> None:
    manual = built[profile.stem] / "售后服务手册.docx"
    doc = Document(str(manual))
    styles = [s for s, _ in paragraphs(manual)]
    assert styles.count("toc 1") >= 11  # the TOC is filled in the file itself
    departments = [d.name for d in load_profile(profile).profile.organization.departments]
    # org chart, after-sales chart, flow chart: native drawings whose text boxes hold the names
    with zipfile.ZipFile(manual) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
        groups = drawing_text_boxes(z.read("word/document.xml"))
    assert len(groups) == 3
    for name in departments:
        assert any(box.replace("\n", "").startswith(name) for box in groups[0]), name
    matrix = next(t for t in doc.tables if [c.text for c in t.rows[0].cells[:2]] == ["条款", "要求"])
    assert [c.text for c in matrix.rows[0].cells][2:] == departments
    assert all(any(c.text == "▲" for c in row.cells) for row in matrix.rows[1:])
    # No empty section: every heading is followed by content before the next heading.
    blocks = list(doc.iter_inner_content())
    for i, block in enumerate(blocks):
        style = getattr(block, "style", None)
        if style is not None and style.name.startswith("Heading") and block.text.strip():
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            assert following is not None, block.text
            if getattr(following, "style", None) is not None and following.style.name == "Heading 1":
                pytest.fail(f"章节“{block.text}”没有内容")
    text = all_text(manual)
    for word in ("颁布令", "管理者代表任命书", "产品/服务范围", "组织分工", "职能设计", "运转机制",
                 "程序文件清单", "记录表单清单", "服务承诺书"):
        assert word in text, word


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_procedures_volume_keeps_each_header_and_restarts_numbering(
        profile: Path, built: dict[str, Path]) -> None:
    volume = Document(str(built[profile.stem] / "程序文件汇编.docx"))
    procedures = included_procedures(profile)
    sections = volume.sections
    assert len(sections) == len(procedures) + 1
    prefix = load_profile(profile).profile.document_control.prefix
    for section, pid in zip(sections[1:], procedures, strict=True):
        assert not section.header.is_linked_to_previous
        header = "".join(c.text for t in section.header.tables for r in t.rows for c in r.cells)
        assert f"{prefix}/CX-{pid[1:]}" in header
        start = section._sectPr.find(qn("w:pgNumType"))
        assert start is not None and start.get(qn("w:start")) == "1"


def _codes(text: str, prefix: str) -> set[str]:
    return set(re.findall(rf"{re.escape(prefix)}/JL-\d\d-\d\d", text))


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_consistency_rules(profile: Path, built: dict[str, Path]) -> None:
    """5: cited record codes exist as forms; the 程序文件清单 matches the procedures' codes
    and versions; each commitment has one wording everywhere it is cited."""
    folder = built[profile.stem]
    loaded = load_profile(profile).profile
    prefix = loaded.document_control.prefix
    forms = {f.name.split("-", 1)[1][:8].replace("JL-", "") for f in (folder / "records").glob("*")}
    form_codes = {f"{prefix}/JL-{c}" for c in forms}
    texts = {p.name: all_text(p) for p in (folder / "procedures").glob("*.docx")}
    manual_text = all_text(folder / "售后服务手册.docx")
    for name, text in [*texts.items(), ("售后服务手册.docx", manual_text)]:
        missing = _codes(text, prefix) - form_codes
        assert not missing, (name, missing)
    # 程序文件清单 against the manifest (code and version).
    manifest = {d["id"]: d for d in json.loads((folder / "manifest.json").read_text("utf-8"))["documents"]}
    manual = Document(str(folder / "售后服务手册.docx"))
    listing = next(t for t in manual.tables
                   if [c.text for c in t.rows[0].cells][:4] == ["序号", "文件编号", "文件名称", "版本"])
    rows = {r.cells[1].text: r for r in listing.rows[1:]}
    for pid in included_procedures(profile):
        entry = manifest[pid]
        assert entry["code"] in rows, entry["code"]
        assert rows[entry["code"]].cells[3].text == entry["version"]
        assert (folder / entry["path"]).exists()
    # One wording: where a document states a commitment's number with its verb, it uses the
    # canonical sentence.
    ctx = build_context(loaded)
    promise, cm = ctx["promise"], ctx["cm"]
    signatures = {
        "response": f"{cm['response_text']}内响应",
        "complaint": f"{cm['complaint_response_hours']}小时内答复",
        "callback": f"{cm['callback_days']}天内回访",
        "repair": f"{cm['repair_days']}天内修复",
    }
    promise_letter = manual_text.split("服务承诺书")[-1]
    for key, signature in signatures.items():
        assert promise[key] in manual_text and promise[key] in promise_letter, key
        for name, text in texts.items():
            if signature in text:
                assert promise[key] in text, (name, key)


@pytest.mark.office
@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_build_with_pdf_writes_every_pdf(profile: Path, tmp_path: Path) -> None:
    result = build(profile, tmp_path, pdf=True)
    assert not result.failed_notes, result.failed_notes
    folder = result.folder
    docx = sorted(p.relative_to(folder) for p in folder.rglob("*.docx")
                  if "修订说明" not in p.parts and ".svcmanual" not in p.parts)  # not the base copies
    for rel in docx:
        assert (folder / "pdf" / rel.with_suffix(".pdf")).is_file(), rel
    manual_pdf = folder / "pdf" / "售后服务手册.pdf"
    toc = subprocess.run(["pdftotext", "-f", "2", "-l", "5", "-layout", str(manual_pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert re.search(r"1 公司简介与产品/服务范围\s*\.{5,}\s*\d+", toc), toc[:500]
    # The charts are drawings LibreOffice lays out as text: their names are in the PDF.
    text = subprocess.run(["pdftotext", str(manual_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    page = next(p for p in text.split("\f") if "公司组织架构如下图" in p)
    assert "管理者代表" in page
    flat = re.sub(r"\s", "", text)
    assert "否，重新派工" in flat and "升级处理督办" in flat
    volume = subprocess.run(["pdftotext", "-layout", str(folder / "pdf" / "程序文件汇编.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert len(re.findall(r"第\s*1\s*页", volume)) >= len(included_procedures(profile))
    # Each part's "共 Y 页" is its own page count: the last page of a part reads 第 Y 页 共 Y 页.
    pages = re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", volume)
    for (page, total), (next_page, _) in itertools.pairwise(pages):
        if next_page == "1":
            assert page == total, (page, total)


def test_pdf_without_libreoffice_writes_docx_and_says_how_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = build(PROFILES[0], tmp_path, pdf=True)
    assert result.failed_notes and "apt-get install libreoffice-writer-nogui" in result.failed_notes[0]
    assert (result.folder / "售后服务手册.docx").is_file()
    assert not (result.folder / "pdf").exists()
