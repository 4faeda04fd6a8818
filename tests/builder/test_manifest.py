"""A generated file the build cannot read (truncated, damaged) stops the rebuild with a message
that says what to do, instead of blocking every rebuild silently (generator.builder.manifest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.manifest import file_text_sha256
from generator.builder.run import build
from generator.errors import InputFileError, TemplatePackError
from tests.hostile import template_pack

from ..conftest import ROOT

BASE = ROOT / "profiles" / "yunzhi-software.yaml"


def test_truncated_output_says_to_delete_it(tmp_path: Path) -> None:
    path = tmp_path / "P01.docx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 3000)
    with pytest.raises(InputFileError) as info:
        file_text_sha256(path)
    assert "不完整" in info.value.message and "删除该文件" in (info.value.hint or "")


def test_rebuild_with_a_truncated_document_names_it_and_the_fix(tmp_path: Path) -> None:
    build(BASE, tmp_path, refresh=False)
    target = sorted((tmp_path / "yunzhi-software" / "procedures").glob("*.docx"))[0]
    with target.open("r+b") as handle:
        handle.truncate(3000)
    with pytest.raises(InputFileError) as info:
        build(BASE, tmp_path, refresh=False, force=True)
    assert info.value.where == str(target)
    assert "删除该文件后重新生成" in (info.value.hint or "")
    target.unlink()
    build(BASE, tmp_path, refresh=False, force=True)  # deleting it is enough
    assert target.stat().st_size > 3000


def test_template_without_a_body_section_is_a_clear_error(tmp_path: Path) -> None:
    pack = template_pack(tmp_path / "pack", "{{ co.name }}", section=False)
    with pytest.raises(TemplatePackError) as info:
        build(BASE, tmp_path / "out", templates_dir=pack, refresh=False)
    assert "分节设置" in info.value.message and info.value.hint
    assert info.value.where is not None and info.value.where.endswith(".docx")
