"""`check` against the profile's sector: required fields are errors with their place;
contradictions between exclusions, commitments and sector are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.profile.loader import load_profile
from tests.conftest import ROOT

MEDICAL = ROOT / "profiles" / "danning-medical.yaml"
MACHINERY = ROOT / "profiles" / "hengli-machinery.yaml"


def _variant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _warnings(path: Path) -> list[tuple[str, str]]:
    return [(w.path, w.message) for w in load_profile(path).warnings]


def test_missing_required_field_is_an_error_at_its_place(tmp_path: Path) -> None:
    path = _variant(tmp_path, MEDICAL, "  pm_per_year: 2\n", "")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    [problem] = info.value.problems
    assert problem.path == "commitments.pm_per_year"
    assert "医疗器械" in problem.message and problem.severity == "error"


def test_profile_without_sector_is_warned(tmp_path: Path) -> None:
    path = _variant(tmp_path, MEDICAL, "  sector: medical_device\n", "")
    found = _warnings(path)
    [(place, message)] = [w for w in found if not w[1].startswith("[R-EVIDENCE]")]
    assert place == "company.sector" and "通用文本" in message
    # The common texts have no form for the preventive maintenance the company promises.
    assert any(p == "commitments.pm_per_year" and "预防性维护" in m for p, m in found)


def test_unknown_sector_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, MEDICAL, "sector: medical_device", "sector: medical")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems[0].path == "company.sector"


def test_exclusion_removing_a_promised_procedure_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "machinery.yaml"
    path.write_text(MACHINERY.read_text(encoding="utf-8")
                    + "\nexclusions:\n  procedures:\n    - {id: P11, reason: 不储备备件}\n",
                    encoding="utf-8")
    found = [(p, m) for p, m in _warnings(path) if m.startswith("[R-EVIDENCE]")]
    assert len(found) == 1, found  # one per excluded procedure, naming the first commitment
    place, message = found[0]
    assert place.startswith("exclusions.procedures") and "P11" in message
    assert "spare_parts_years" in message


def test_commitment_without_its_form_is_warned(tmp_path: Path) -> None:
    path = _variant(tmp_path, MACHINERY, "  parts_hours: 24\n", "  parts_hours: 24\n  pm_per_year: 2\n")
    assert any(p == "commitments.pm_per_year" and "预防性维护" in m for p, m in _warnings(path))


def test_software_keeping_p05_without_goods_is_warned(tmp_path: Path) -> None:
    source = ROOT / "profiles" / "yunzhi-software.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("    - id: P05")
    end = text.index("    - id: P11")
    path = tmp_path / "soft.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert any("P05" in m for _, m in _warnings(path))
