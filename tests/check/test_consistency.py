"""The consistency rules on a set of Word files: our own sets pass; a procedure signed by the
wrong person, or promising a longer limit than the manual, is reported with its rule id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from generator.check.validate import validate_path
from generator.profile.loader import load_profile
from tests.conftest import PROFILES


def _codes(folder: Path, profile: Path | None = None) -> list[str]:
    loaded = load_profile(profile).profile if profile else None
    return [f.code for f in validate_path(folder, loaded).findings if f.code.startswith("R-")]


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_generated_sets_pass(built: dict[str, Path], name: str) -> None:
    assert _codes(built[name]) == []


def _copy(built: dict[str, Path], tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(built["lanqin-appliance"], folder,
                    ignore=shutil.ignore_patterns("*.ics", "认证推进计划.docx", "manifest.json", "*汇编.docx"))
    return folder


def test_procedure_signed_by_someone_else(built: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(built, tmp_path)
    path = next((folder / "procedures").glob("P13-*.docx"))
    doc = Document(str(path))
    cells = doc.tables[0].rows[0].cells
    assert cells[4].text == "批准" and cells[5].text == "陆文博"
    cells[5].paragraphs[0].runs[0].text = "沈国梁"
    doc.save(str(path))
    findings = [f for f in validate_path(folder).findings if f.code == "R-APPROVAL"]
    assert len(findings) == 1
    assert findings[0].subject == "P13" and "沈国梁" in findings[0].message and "陆文博" in findings[0].message


def test_procedure_with_a_longer_callback_limit(built: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(built, tmp_path)
    manual = Document(str(folder / "售后服务手册.docx"))
    assert any("3天内回访" in p.text for p in manual.paragraphs)  # the promise
    path = next((folder / "procedures").glob("P14-*.docx"))
    doc = Document(str(path))
    doc.add_paragraph("服务完成后30天内完成回访，回访结果记入系统。")
    doc.save(str(path))
    findings = [f for f in validate_path(folder).findings if f.code == "R-TIMELIMIT"]
    assert [f.subject for f in findings] == ["P14"]
    assert "30天" in findings[0].message
