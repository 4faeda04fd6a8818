"""The consistency rules on a profile: each problem names its place and its rule id."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.catalog.rules import load_rules
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
    path = _variant(tmp_path, "slug:", "slug:", "\ncertification:\n  planned_application: 2026-11-01\n")
    warnings = [w.message for w in load_profile(path).warnings]
    assert any(w.startswith("[R-CERTPLAN]") and "管理评审" in w for w in warnings)


def test_onsite_faster_than_response_is_a_contradiction(tmp_path: Path) -> None:
    path = _variant(tmp_path, "\n  response_hours: 2\n", "\n  response_hours: 72\n")
    warnings = [w.message for w in load_profile(path).warnings]
    assert any(w.startswith("[R-TIMELIMIT]") for w in warnings)


def test_rules_command_lists_every_rule() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in load_rules():
        assert rule.id in result.output and rule.title in result.output
