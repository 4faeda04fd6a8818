"""Kills, concurrent builds and the set's lock (issue 19, items 1–2; issue 12, item 7).

A rebuild killed at any moment leaves the previous set, its user files and its history
(修订说明, backups) byte for byte as they were; two builds into one folder take turns; a
build waiting for the lock gives up after a bounded time with a clear message; recovery
removes only the staging folders of builds whose process is gone.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.builder import staging
from generator.builder.run import build
from generator.errors import OutputError
from generator.profile.loader import load_profile
from tests.builder.sets import add_user_files, assert_whole, documents, hashes, profile_with
from tests.conftest import ROOT

BUILD = "from generator.cli import main; main()"


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", BUILD, "build", *args, "--no-refresh"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ))


def _history(out: Path, folder: Path) -> dict[str, str]:
    found = {f"修订说明/{k}": v for k, v in hashes(folder / "修订说明").items()}
    for backup in out.glob(f"{folder.name}.backup-*"):
        found.update({f"{backup.name}/{k}": v for k, v in hashes(backup).items()})
    return found


def _whole_quickly(folder: Path) -> None:
    for entry in documents(folder).values():
        with zipfile.ZipFile(folder / str(entry["path"])) as archive:
            assert archive.testzip() is None


def test_a_second_build_waits_then_stops_with_a_message(tmp_path: Path) -> None:
    profile = profile_with(tmp_path / "p.yaml")
    slug = load_profile(profile).profile.slug
    with staging.lock(tmp_path / "out", slug, 0), pytest.raises(OutputError) as info:
        build(profile, tmp_path / "out", refresh=False, lock_wait=0.3)
    assert "另一个 svcmanual build 正在生成同一套文件" in info.value.message
    assert not (tmp_path / "out" / slug).exists()


def test_recovery_removes_only_staging_folders_of_dead_builds(tmp_path: Path) -> None:
    profile = profile_with(tmp_path / "p.yaml")
    slug = load_profile(profile).profile.slug
    out = tmp_path / "out"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    try:
        for pid in (alive.pid, int(dead.stdout)):
            (out / f".{slug}.staging-{pid}" / "procedures").mkdir(parents=True)
        build(profile, out, refresh=False)
        assert (out / f".{slug}.staging-{alive.pid}").is_dir()
        assert not (out / f".{slug}.staging-{int(dead.stdout)}").exists()
    finally:
        alive.kill()
        alive.wait()


def test_two_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    one = profile_with(tmp_path / "1.yaml", {"company.hotline": "400-111-2222"})
    two = profile_with(tmp_path / "2.yaml", {"company.hotline": "400-333-4444"})
    out = tmp_path / "out"
    build(one, out, refresh=False)
    runs = [_cli(str(p), "-o", str(out)) for p in (two, one)]
    codes = []
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert b"Traceback" not in err
        # the second waits for the first; on a loaded machine it may give up after its bounded
        # wait, with the lock's message and nothing written
        assert run.returncode == 0 or "另一个 svcmanual build 正在生成同一套文件" in err.decode()
        codes.append(run.returncode)
    assert 0 in codes
    folder = out / load_profile(one).profile.slug
    assert_whole(folder)
    # whichever ran second found the other's set: its report is there, none was lost
    assert list((folder / "修订说明").glob("*-修订说明.md"))
    assert not list(out.glob(".*staging*"))


def test_soak_kills_at_random_moments_leave_set_user_files_and_history_whole(
        tmp_path: Path) -> None:
    # A small change (one department head) keeps each rebuild short, so the kills fall
    # everywhere: rendering, redlines, change notes, backup, swap — some builds finish.
    profiles = [profile_with(tmp_path / f"{n}.yaml", {"organization.departments.7.head": name})
                for n, name in enumerate(["冯志强", "司马知远"])]
    out = tmp_path / "out"
    folder = build(profiles[0], out, refresh=False).folder
    files = add_user_files(folder)
    chance = random.Random(12)
    finished = 0
    for attempt in range(30):
        before_set = hashes(folder)
        before_history = _history(out, folder)
        force = ["--force"] if attempt % 5 == 4 else []
        if force:  # a hand edit for --force to back up
            target = folder / str(next(iter(documents(folder).values()))["path"])
            doc = Document(str(target))
            doc.add_paragraph(f"第 {attempt} 次手工修改")
            doc.save(str(target))
            before_set = hashes(folder)
        profile = profiles[(attempt + 1) % 2]
        run = _cli(str(profile), "-o", str(out), *force)
        time.sleep(chance.uniform(0.3, 4.5))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
        run.wait()
        _, err = run.communicate()
        assert b"Traceback" not in err
        after_history = _history(out, folder)
        # history only grows: every earlier note, redline and backup is byte-identical
        assert {k: v for k, v in after_history.items() if k in before_history} == before_history
        if run.returncode == 0:
            finished += 1
        elif hashes(folder) != before_set:
            # killed after the swap (while the old set was being removed or the report
            # printed): then the set is the whole new one, never a mixture
            manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
            assert manifest["profile_sha256"] == load_profile(profile).sha256
            assert_whole(folder)
        for rel, data in files.items():
            assert (folder / rel).read_bytes() == data
        _whole_quickly(folder)
    assert_whole(folder)
    assert finished < 30
