"""`templates lint` and `templates dump` read through the same guards as the build: bombs,
special files and huge zips are findings or clear errors; dump (git's textconv) never gives a
traceback on a bad .docx; a foreign pack's trial renders run within the render budget."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import InputFileError
from generator.pack import lint
from generator.render.budget import Limits, RenderWorker
from tests.hostile import LOOPS, MB, P01, template_pack, write_bomb, write_fifo, write_lying_bomb

from ..conftest import ROOT


def _pack_with(tmp_path: Path, write: object) -> Path:
    folder = tmp_path / "pack" / "procedures"
    folder.mkdir(parents=True)
    write(folder / P01)  # type: ignore[operator]
    return tmp_path / "pack"


@pytest.mark.parametrize("kind", ["bomb", "lying", "garbage", "empty"])
def test_lint_reports_a_hostile_file_as_a_finding(tmp_path: Path, kind: str) -> None:
    writers = {
        "bomb": lambda p: write_bomb(p, inflated=64 * MB),
        "lying": lambda p: write_lying_bomb(p),
        "garbage": lambda p: p.write_bytes(b"not a zip"),
        "empty": lambda p: p.write_bytes(b""),
    }
    path = _pack_with(tmp_path, writers[kind]) / "procedures" / P01
    [finding] = lint.lint_template(path)
    assert finding.rule == "文件" and finding.template == P01


def test_lint_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, write_fifo) / "procedures" / P01
    [finding] = lint.lint_template(path)
    assert "命名管道" in finding.message


def test_lint_trial_render_of_a_foreign_pack_is_bounded(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint, "RenderWorker", lambda: RenderWorker(Limits(per_template=3)))
    findings = lint.lint_pack(template_pack(tmp_path / "pack", LOOPS))
    assert [(f.template, f.rule) for f in findings if f.rule == "资源"] == [(P01, "资源")]


@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04broken"])
def test_dump_raises_only_input_errors(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(InputFileError):
        lint.dump_template(path)
    with pytest.raises(InputFileError):
        lint.dump_template(content)


def test_dump_of_a_bomb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="疑似压缩炸弹"):
        lint.dump_template(write_bomb(tmp_path / "b.docx", inflated=64 * MB))


def test_dump_as_git_textconv_never_prints_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    done = subprocess.run([sys.executable, "-m", "generator.cli", "templates", "dump", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("错误：")


def test_dump_of_a_good_template_still_works() -> None:
    result = CliRunner().invoke(main, ["templates", "dump", "P01"])
    assert result.exit_code == 0 and "目的" in result.stdout
