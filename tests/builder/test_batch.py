"""Batch builds: parallel processes, one failure does not stop the others (issue 8)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.builder import refresh
from generator.builder.batch import BuildOptions, run_batch
from generator.builder.manifest import file_text_sha256, read_manifest
from generator.builder.plan import MANUAL
from generator.cli import main
from generator.ooxml.package import docx_text
from tests.builder.sets import assert_whole
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


def test_batch_refreshes_all_manuals_in_one_libreoffice_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[Path]] = []

    def fake_refresh(files: list[Path], timeout: float | None = None) -> None:
        calls.append(list(files))
        for file in files:  # stands in for LibreOffice storing the filled document
            file.write_bytes(_with_page_number(file.read_bytes()))

    monkeypatch.setattr(refresh, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(refresh, "refresh_fields", fake_refresh)
    outcomes = run_batch([str(p) for p in PROFILES], BuildOptions(output=str(tmp_path)), jobs=1)
    assert all(o.ok for o in outcomes)
    assert len(calls) == 1 and len(calls[0]) == len(PROFILES)
    for outcome in outcomes:
        assert outcome.result is not None
        folder = outcome.result.folder
        manual = folder / MANUAL
        assert "第9页" in docx_text(manual.read_bytes())
        entry = next(e for e in read_manifest(folder).documents if e.path == MANUAL)  # type: ignore[union-attr]
        assert entry.content_sha256 == file_text_sha256(manual) != entry.render_sha256
        assert not [p for p in tmp_path.iterdir() if ".refresh-" in p.name]


def _with_page_number(data: bytes) -> bytes:
    """The .docx with one more paragraph, as a refresh changes the text."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    body = parts["word/document.xml"]
    end = body.rindex(b"<w:sectPr")  # the body's own section properties come last
    parts["word/document.xml"] = (body[:end] + "<w:p><w:r><w:t>第9页</w:t></w:r></w:p>".encode()
                                  + body[end:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()
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
