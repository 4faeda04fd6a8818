"""A manual exported to PDF by LibreOffice, read back (`generator.docs.pdf`) and validated inside
a nested zip: page headers and footers kept apart, the contents pages not taken as chapters,
the manual's elements and all 22 procedures found, an unreadable file named with its reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.assemble.office import FONTS_CONF
from generator.builder.run import build
from generator.check.validate import validate_path
from generator.docs.pdf import read_pdf_bytes
from tests.clientdocs import write_zip
from tests.conftest import ROOT

PROFILE = ROOT / "profiles" / "danning-medical.yaml"
BROKEN = "程序文件.zip/P23-外包服务管理程序.docx"


def _to_pdf(source: Path, tmp_path: Path) -> Path:
    """The document converted by `soffice --headless --convert-to pdf` (its own profile)."""
    exe = shutil.which("soffice")
    assert exe is not None, "SVCMANUAL_REQUIRE_OFFICE=1 but LibreOffice (soffice) is missing"
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(tmp_path))
    subprocess.run(
        [exe, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
        env=env, check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    produced = tmp_path / "pdf" / f"{source.stem}.pdf"
    assert produced.exists(), "LibreOffice produced no PDF"
    return produced


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An example set built with its fields refreshed (the contents list has page numbers
    and dot leaders) and its manual as a text-layer PDF."""
    tmp = tmp_path_factory.mktemp("pdfset")
    folder = build(PROFILE, tmp / "out").folder
    return folder, _to_pdf(folder / "售后服务手册.docx", tmp)


@pytest.mark.office
def test_pdf_manual_reads_without_page_furniture_or_contents(exported: tuple[Path, Path]
                                                              ) -> None:
    _folder, pdf = exported
    outline = read_pdf_bytes(pdf.read_bytes(), pdf.name)
    texts = [b.text for b in outline.blocks]
    # the page header (company, title, number and version, page x of y) stands once, apart
    assert any("文件编号" in line for line in outline.header_lines)
    assert not [t for t in texts if re.search(r"第\s*\d+\s*页\s*共\s*\d+\s*页", t)]
    # the contents pages (dot leaders, page numbers) are not chapters: each chapter once
    assert not [t for t in texts if re.search(r"\.{4,}\s*\d+\s*$", t)]
    chapter = [b for b in outline.headings if b.text.replace(" ", "") == "1公司简介与产品/服务范围"]
    assert len(chapter) == 1
    promulgation = next(i for i, t in enumerate(texts) if t.strip() == "颁布令")
    assert promulgation < chapter[0].index  # what precedes chapter 1 is not a listing of it


@pytest.mark.office
def test_nested_zip_with_pdf_manual_and_zip_of_procedures(exported: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    folder, pdf = exported
    procedures = {f"程序文件/{f.name}": f.read_bytes()
                  for f in sorted((folder / "procedures").glob("*.docx"))}
    assert len(procedures) == 22
    good = next(iter(procedures.values()))
    procedures[BROKEN.split("/", 1)[1]] = good[: len(good) // 2]  # cut off in transfer
    inner = write_zip(tmp_path / "程序文件.zip", procedures).read_bytes()
    outer = write_zip(tmp_path / "认证资料.zip", {"售后服务手册.pdf": pdf.read_bytes(),
                                                 "程序文件.zip": inner})
    report = validate_path(outer)
    assert report.manual_found
    assert [e.id for e in report.elements if not e.found] == []
    assert all(e.where and e.where.startswith("售后服务手册.pdf") for e in report.elements)
    assert [p.id for p in report.procedures if not p.found] == []
    broken = [f for f in report.findings if f.code == "file_unreadable"]
    assert [f.subject for f in broken] == [BROKEN]
    assert "损坏" in broken[0].message
    # the unreadable file is the only error: the PDF's header, tables and charts raise none
    assert [(f.code, f.subject) for f in report.findings if f.severity == "error"] == [
        ("file_unreadable", BROKEN)]
