"""Writes (generator.fsutil): a failed write is a Chinese error with the fix and leaves the old
file as it was; names are checked; scratch folders of killed runs do not pile up."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import fsutil
from generator.cli import main
from generator.errors import OutputError


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs filled to the last byte; skipped where the machine does not allow mounts."""
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("此机器不允许挂载 tmpfs（需要 root 权限与 CAP_SYS_ADMIN）")
    try:
        (mount / "old.txt").write_text("旧内容", encoding="utf-8")
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_full_disk_is_a_clear_error_and_keeps_the_old_file(full_disk: Path) -> None:
    with pytest.raises(OutputError) as info:
        fsutil.atomic_write_text(full_disk / "old.txt", "新内容" * 100_000)
    assert "磁盘空间不足" in info.value.message and "-o" in (info.value.hint or "")
    assert (full_disk / "old.txt").read_text(encoding="utf-8") == "旧内容"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "old.txt"]


def test_full_disk_through_the_cli(full_disk: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "-o", str(full_disk / "schema.json")])
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr


def test_disk_full_errno_maps_to_its_message(tmp_path: Path) -> None:
    error = fsutil.write_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "x")
    assert "磁盘空间不足" in error.message


def test_name_over_255_bytes_is_refused_before_writing(tmp_path: Path) -> None:
    name = "售后" * 43 + ".json"  # 258 + 5 bytes in UTF-8
    with pytest.raises(OutputError, match="文件名过长"):
        fsutil.atomic_write_text(tmp_path / name, "{}")
    assert list(tmp_path.iterdir()) == []


def test_long_name_through_the_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / ("a" * 300 + ".json"))])
    assert result.exit_code == 1 and "文件名过长" in result.stderr


def test_name_of_exactly_255_bytes_is_written(tmp_path: Path) -> None:
    name = "a" * 250 + ".json"
    fsutil.atomic_write_text(tmp_path / name, "{}")
    assert (tmp_path / name).read_text(encoding="utf-8") == "{}"


def test_clean_text_replaces_undecodable_bytes() -> None:
    name = os.fsdecode(b"\xff\xfe-\xe5\x94\xae.docx")
    assert fsutil.clean_text(name) == "\ufffd\ufffd-售.docx"
    fsutil.clean_text(name).encode("utf-8")  # valid Unicode now


def test_scratch_folders_of_dead_processes_are_swept(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    stale = tmp_path / f"svcmanual-lo-{dead.stdout.strip()}-abc"
    (stale / "profile").mkdir(parents=True)
    alive = tmp_path / f"svcmanual-lo-{os.getppid()}-def"  # our parent runs: kept
    alive.mkdir()
    other = tmp_path / "svcmanual-lo-old"  # not ours to judge: kept
    other.mkdir()
    with fsutil.scratch_dir("svcmanual-lo-") as tmp:
        assert tmp.is_dir() and tmp.name.startswith(f"svcmanual-lo-{os.getpid()}-")
    assert not stale.exists() and alive.exists() and other.exists()
    assert not tmp.exists()
