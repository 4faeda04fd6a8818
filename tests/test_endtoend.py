"""Our own builds against the validator and the gap check (issues 5 and 6 on real output)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.check.validate import validate_path
from generator.cli import main

from .conftest import PROFILES


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_our_build_validates_complete(profile: Path, built: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["validate", str(built[profile.stem]), "--profile",
                                       str(profile), "--format", "json"])
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert result.exit_code == 0, errors
    assert report["complete"] is True
    assert all(e["found"] for e in report["manual"]["elements"])
    assert report["findings"] == []  # not even a warning on our own output


def test_removing_one_procedure_or_section_is_named_exactly(built: dict[str, Path],
                                                            tmp_path: Path) -> None:
    source = built[PROFILES[0].stem]
    folder = tmp_path / "set"
    shutil.copytree(source, folder)
    victim = next((folder / "procedures").glob("P13-*.docx"))
    victim.unlink()
    result = CliRunner().invoke(main, ["validate", str(folder), "--profile", str(PROFILES[0]),
                                       "--format", "json"])
    assert result.exit_code == 3
    errors = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["procedure_missing"]
    assert "P13" in errors[0]["message"] or "投诉" in errors[0]["message"]
    # A missing section instead of a file: restore P13, drop its 范围 section.
    shutil.copy(next((source / "procedures").glob("P13-*.docx")), victim)
    doc = Document(str(victim))
    body = doc.element.body
    inside = False
    for paragraph in list(doc.paragraphs):
        if paragraph.style is not None and paragraph.style.name == "Heading 1":
            inside = paragraph.text.endswith("范围")
        if inside:
            body.remove(paragraph._p)
    doc.save(str(victim))
    result = CliRunner().invoke(main, ["validate", str(folder), "--profile", str(PROFILES[0]),
                                       "--format", "json"])
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["section_missing"]
    p13 = next(p for p in report["procedures"] if p["id"] == "P13")
    assert p13["missing_sections"] == ["scope"]


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_gap_check_on_built_documents_names_a_fix_for_every_gap(profile: Path,
                                                                built: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["gap-check", "--profile", str(profile), "--docs",
                                       str(built[profile.stem]), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report["score"], (int, float))
    assert report["level"]
    for gap in report["gaps"]:
        assert gap["gap"], gap
    documented = {i["id"] for i in report["indicators"] if i["source"] == "documents"}
    assert "5.1.4.1" in documented


def test_validate_report_of_our_build_lists_every_procedure(built: dict[str, Path]) -> None:
    report = validate_path(built[PROFILES[0].stem]).to_dict()
    found = {p["id"] for p in report["procedures"] if p["found"]}
    assert len(found) >= 17


def test_every_example_set_validates_complete_without_profile(built: dict[str, Path]) -> None:
    """Issue 16: our own sets name insurers, outsourced outlets, carriers and certification
    bodies; without --profile none of them is taken for the previous client."""
    for slug, folder in built.items():
        report = validate_path(folder)
        assert [(f.code, f.subject) for f in report.findings if f.severity == "error"] == [], slug
        excluded = {p.id for p in report.procedures if p.excluded}
        assert all(p.found for p in report.procedures if p.id not in excluded), slug
