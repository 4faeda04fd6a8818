"""The consistency rules on a profile: each problem names its place and its rule id."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.catalog.rules import load_evidence, load_rules
from generator.catalog.sectors import sector_procedures, sector_set
from generator.cli import main
from generator.profile.loader import load_profile
from tests.conftest import ROOT

LANQIN = ROOT / "profiles" / "lanqin-appliance.yaml"


def _variant(tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    text = LANQIN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new) + extra, encoding="utf-8")
    return path


def test_examples_pass_every_rule() -> None:
    for path in sorted((ROOT / "profiles").glob("*.yaml")):
        warnings = [w.message for w in load_profile(path).warnings]
        assert not [w for w in warnings if w.startswith("[R-")], (path.name, warnings)


def test_supervision_led_by_the_supervised_department_head_is_not_independent(tmp_path: Path) -> None:
    # 周海涛 heads 售后服务中心, the after-sales department the group supervises.
    path = _variant(tmp_path, "    leader: 赵建华\n", "    leader: 周海涛\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "R-SUPERVISION" in line]
    assert len(lines) == 1
    assert "organization.supervision" in lines[0] and "独立" in lines[0]


def test_manual_signatory_must_agree_with_the_approval_table(tmp_path: Path) -> None:
    path = _variant(tmp_path, "  prepared_by: 林晓燕\n", "  prepared_by: 林晓燕\n  approved_by: 陆文博\n")
    warnings = [w for w in load_profile(path).warnings if "R-APPROVAL" in w.message]
    assert len(warnings) == 1 and "沈国梁" in warnings[0].message


def test_application_before_management_review_is_reported(tmp_path: Path) -> None:
    path = _variant(tmp_path, "  planned_application: 2027-02-22\n", "  planned_application: 2026-11-01\n")
    warnings = [w.message for w in load_profile(path).warnings]
    assert any(w.startswith("[R-CERTPLAN]") and "管理评审" in w for w in warnings)


def test_onsite_faster_than_response_is_a_contradiction(tmp_path: Path) -> None:
    path = _variant(tmp_path, "\n  response_hours: 2\n", "\n  response_hours: 72\n")
    warnings = [w.message for w in load_profile(path).warnings]
    assert any(w.startswith("[R-TIMELIMIT]") for w in warnings)


def _evidence_warnings(path: Path) -> list[tuple[str, str]]:
    return [(w.path, w.message) for w in load_profile(path).warnings
            if w.message.startswith("[R-EVIDENCE]")]


def test_a_commitment_without_a_form_that_records_it_is_reported(tmp_path: Path) -> None:
    # An appliance maker promising a yearly preventive maintenance has no form for it (only the
    # medical pack has 预防性维护记录 and 电气安全检测记录).
    path = _variant(tmp_path, "\n  response_hours: 2\n", "\n  response_hours: 2\n  pm_per_year: 2\n")
    found = _evidence_warnings(path)
    assert len(found) == 2, found
    assert all("commitments.pm_per_year" in where for where, _ in found)
    assert any("预防性维护" in message for _, message in found)
    assert any("电气安全" in message for _, message in found)


def test_excluding_the_procedure_that_keeps_a_commitment_is_reported(tmp_path: Path) -> None:
    # The appliance maker promises returns and exchanges (warranty.return_days / exchange_days).
    path = _variant(tmp_path, "slug:", "slug:",
                    "\nexclusions:\n  procedures:\n    - {id: P09, reason: 不涉及退换货}\n")
    found = _evidence_warnings(path)
    assert len(found) == 1, found  # one warning for the procedure, not one per commitment
    where, message = found[0]
    assert "exclusions.procedures" in where and "P09" in message and "删减" in message


def test_every_evidence_row_names_a_form_of_some_sector() -> None:
    """No row of rules.yaml `evidence` can never be met: each word is in a form title."""
    catalog = load_catalog()
    titles = {(proc.id, r.name) for s in sector_set().sectors.values()
              for proc in sector_procedures(catalog, s) for r in proc.records}
    for need in load_evidence():
        assert any(pid == need.procedure and word in name
                   for pid, name in titles for word in need.forms), need


def test_rules_command_lists_every_rule() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in load_rules():
        assert rule.id in result.output and rule.title in result.output
