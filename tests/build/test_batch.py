"""Batch builds: parallel processes, one failure does not stop the others (issue 8)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DATA, PROFILES


def test_batch_in_two_processes_builds_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    bad = DATA / "profiles" / "three_errors.yaml"
    result = CliRunner().invoke(main, ["build", str(PROFILES[0]), str(bad), str(PROFILES[1]),
                                       "-o", str(tmp_path), "--jobs", "2", "--no-refresh"])
    assert result.exit_code == 3  # a profile fell short; the tool itself did not fail
    for good in (PROFILES[0], PROFILES[1]):
        slug = good.read_text(encoding="utf-8").split("slug: ", 1)[1].split()[0]
        assert (tmp_path / slug / "manifest.json").is_file()
    assert "three_errors.yaml:9: company.employes" in result.stderr
    summary = result.stdout.splitlines()
    assert any("成功" in line and PROFILES[0].name in line for line in summary)
    assert any("失败" in line and "three_errors.yaml" in line for line in summary)
    assert "共 3 个档案，成功 2 个，失败 1 个" in result.stdout
