"""The README's first command on a bare machine: no CJK font and no LibreOffice.

The font folders are hidden with tmpfs mounts in a private mount namespace (`unshare -m`) and
PATH holds only the Python environment. Skips only where unshare is not permitted (CI runs as
root, where it is)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.ooxml.drawing import drawing_text_boxes
from generator.profile.loader import load_profile

from ..conftest import PROFILES, ROOT

FONT_DIRS = "/usr/share/fonts /usr/local/share/fonts $HOME/.fonts $HOME/.local/share/fonts"


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def test_build_succeeds_without_fonts_or_office(tmp_path: Path) -> None:
    if not _unshare_works():
        pytest.skip("unshare -m / mount 不可用（需要 root 或用户命名空间）")
    profile = PROFILES[0]
    out = tmp_path / "out"
    script = (f"for d in {FONT_DIRS}; do [ -d $d ] && mount -t tmpfs none $d; done; "
              "fc-list 2>/dev/null | wc -l; "
              f"PATH={Path(sys.executable).parent} HOME={tmp_path} PYTHONPATH={ROOT} "
              f"{sys.executable} -m generator.cli build {profile} -o {out}")
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[0].strip() == "0"  # no font visible inside
    said = run.stdout + run.stderr
    assert said.count("未找到 LibreOffice") == 1 and "apt install" in said
    folder = out / profile.stem
    with zipfile.ZipFile(folder / "售后服务手册.docx") as z:
        groups = drawing_text_boxes(z.read("word/document.xml"))
    departments = [d.name for d in load_profile(profile).profile.organization.departments]
    for name in departments:
        assert any(box.replace("\n", "").startswith(name) for box in groups[0]), name
    assert (folder / "程序文件汇编.docx").exists() and (folder / "记录表单汇编.docx").exists()
