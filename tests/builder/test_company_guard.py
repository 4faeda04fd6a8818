"""A set is one company's: another company's profile never revises it (staging.check_same_company)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.run import build
from generator.errors import OutputError
from tests.builder.sets import base_data, hashes, profile_with
from tests.docfiles import all_text

OLD_NAME = str(base_data()["company"]["name"])  # type: ignore[index]
NEW_NAME = "安徽恒砺智能装备股份有限公司"


@pytest.fixture
def first(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(profile_with(tmp_path / "p.yaml"), out, refresh=False)
    return out


def test_another_company_name_on_the_same_slug_is_refused_and_nothing_changes(
        first: Path, tmp_path: Path) -> None:
    before = hashes(first)
    other = profile_with(tmp_path / "other.yaml", {"company.name": NEW_NAME})
    with pytest.raises(OutputError, match=f"另一家企业（{OLD_NAME}）") as info:
        build(other, first, refresh=False)
    assert "company.former_names" in (info.value.hint or "")
    assert hashes(first) == before


def test_a_renamed_company_names_its_former_name_and_its_set_is_revised(
        first: Path, tmp_path: Path) -> None:
    renamed = profile_with(tmp_path / "renamed.yaml",
                           {"company.name": NEW_NAME, "company.former_names": [OLD_NAME]})
    result = build(renamed, first, refresh=False)
    assert result.written and result.bumps  # revised, with new versions
    manual = all_text(result.folder / "售后服务手册.docx")
    assert NEW_NAME in manual


def test_another_credit_code_under_another_name_is_refused_even_with_former_names(
        first: Path, tmp_path: Path) -> None:
    other = profile_with(tmp_path / "other.yaml", {
        "company.name": NEW_NAME, "company.former_names": [OLD_NAME],
        "company.credit_code": "91360100MA35X8K21K"})
    with pytest.raises(OutputError, match="统一社会信用代码"):
        build(other, first, refresh=False)


def test_a_corrected_credit_code_under_the_same_name_is_a_warning(first: Path,
                                                                   tmp_path: Path) -> None:
    corrected = profile_with(tmp_path / "corrected.yaml",
                             {"company.credit_code": "91360100MA35X8K21K"})
    result = build(corrected, first, refresh=False)
    assert any("统一社会信用代码由" in w for w in result.warnings)
