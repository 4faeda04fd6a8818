"""Batch builds: parallel processes, one failure does not stop the others (issue 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.build.sets import assert_whole
from tests.conftest import DATA, PROFILES, ROOT


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


def test_two_profiles_with_one_slug_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(PROFILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(PROFILES[0]), str(copy), "-o", str(out),
                                       "--jobs", "2", "--no-refresh"])
    assert result.exit_code == 3
    assert str(PROFILES[0]) in result.stderr and str(copy) in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_ctrl_c_stops_a_parallel_batch_and_leaves_every_set_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    profiles = []
    for n in range(6):  # six profiles, two workers: most have not started at the interrupt
        text = PROFILES[0].read_text(encoding="utf-8").replace("slug: ", f"slug: b{n}-", 1)
        profiles.append(tmp_path / f"p{n}.yaml")
        profiles[-1].write_text(text, encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-c", "from generator.cli import main; main()",
                            "build", *map(str, profiles), "-o", str(out), "--jobs", "2",
                            "--no-refresh"], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, start_new_session=True, env=dict(os.environ))
    while not list(out.glob(".*.staging-*")) and run.poll() is None:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = run.communicate(timeout=10)
    assert run.returncode == 130, err.decode()
    assert b"Traceback" not in err
    sets = sorted(p for p in out.iterdir() if not p.is_dir() or not p.name.startswith("."))
    time.sleep(1.5)  # no worker may go on building after the batch has exited
    assert sorted(p for p in out.iterdir() if not p.is_dir() or not p.name.startswith(".")) == sets
    sets = [p for p in sets if p.is_dir()]
    assert len(sets) < len(profiles)
    for folder in sets:
        assert_whole(folder)
