"""Template packs laid out wrongly are errors naming each file (issue 12, item 6); lint never
shows a traceback; `dump` takes the names `list` prints; the textconv is not disabled."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import main
from generator.errors import TemplatePackError
from generator.pack.pack import TemplatePack, default_pack_dir
from tests.conftest import ROOT

P04 = "P04-报修、送修和上门维修服务控制程序.docx"


def _lint(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["templates", "lint", "--templates", str(folder)])
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("layout", ["root", "typo", "renamed"])
def test_a_wrongly_laid_out_pack_fails_lint_and_build_naming_each_file(tmp_path: Path,
                                                                       layout: str) -> None:
    pack = tmp_path / "pack"
    place = {"root": pack / P04, "typo": pack / "procedure" / P04,
             "renamed": pack / "procedures" / "P04-报修控制程序.docx"}[layout]
    place.parent.mkdir(parents=True)
    shutil.copy(default_pack_dir() / "procedures" / P04, place)
    code, output = _lint(pack)
    assert code == 3 and "Traceback" not in output
    assert str(place) in output
    assert f"procedures/{P04}" in output  # where it should be, or what it should be called
    with pytest.raises(TemplatePackError) as info:
        TemplatePack(pack)
    assert str(place) in info.value.render() and f"procedures/{P04}" in info.value.render()


def test_a_missing_pack_folder_fails_lint(tmp_path: Path) -> None:
    code, output = _lint(tmp_path / "nowhere")
    assert code == 3 and "模板目录不存在" in output and "Traceback" not in output


def test_include_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "pack" / "procedures").mkdir(parents=True)
    doc = Document(str(default_pack_dir() / "procedures" / P04))
    doc.add_paragraph('{% include "other.xml" %}')
    doc.save(str(tmp_path / "pack" / "procedures" / P04))
    code, output = _lint(tmp_path / "pack")
    assert code == 3 and "Traceback" not in output
    assert "{% include %}" in output and P04 in output


def test_dump_takes_every_name_list_prints() -> None:
    listed = CliRunner().invoke(main, ["templates", "list"]).stdout.splitlines()[:-1]
    assert listed
    for name in (listed[0], listed[-1]):
        result = CliRunner().invoke(main, ["templates", "dump", name])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip()


def test_gitattributes_keeps_the_textconv_on() -> None:
    attrs = subprocess.run(["git", "check-attr", "diff", "binary", "--", "x.docx"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert "diff: svcmanual-docx" in attrs
    assert "binary: set" not in attrs
