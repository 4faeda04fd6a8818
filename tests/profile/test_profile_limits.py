"""Profile checks that keep a build portable and bounded: Windows-reserved and over-long slugs,
a department list the function matrix cannot lay out, and pydantic's messages in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AnyUrl, BaseModel, ValidationError

from generator.errors import ProfileError
from generator.profile.checks import MAX_DEPARTMENTS
from generator.profile.loader import load_profile
from generator.yamlfile import _translate_error
from tests.conftest import ROOT

BASE = ROOT / "profiles" / "yunzhi-software.yaml"
ENGLISH = ("Input should", "should be", "Value error", "field required", "valid")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    return data


def _problems(tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    return [(p.path, p.message) for p in info.value.problems if p.severity == "error"]


@pytest.mark.parametrize("slug", ["con", "nul", "prn", "aux", "com1", "com9", "lpt1", "lpt0"])
def test_windows_reserved_slug_is_refused(tmp_path: Path, slug: str) -> None:
    data = _data()
    data["slug"] = slug
    [(path, message)] = _problems(tmp_path, data)
    assert path == "slug" and "Windows 保留" in message and f"{slug}-co" in message


@pytest.mark.parametrize("slug", ["console", "com10", "nul-co", "a" * 63])
def test_ordinary_slugs_are_kept(tmp_path: Path, slug: str) -> None:
    data = _data()
    data["slug"] = slug
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_profile(path).profile.slug == slug


def test_over_long_slug_is_refused(tmp_path: Path) -> None:
    data = _data()
    data["slug"] = "a" * 64
    [(path, message)] = _problems(tmp_path, data)
    assert path == "slug" and "格式不符" in message


def test_a_thousand_departments_are_refused_with_the_limit(tmp_path: Path) -> None:
    data = _data()
    first = data["organization"]["departments"][0]
    data["organization"]["departments"] += [
        {**first, "name": f"部门{i}"} for i in range(1000)]
    problems = _problems(tmp_path, data)
    assert ("organization.departments",
            next(m for p, m in problems if p == "organization.departments")) in problems
    message = dict(problems)["organization.departments"]
    assert f"最多 {MAX_DEPARTMENTS} 个" in message and "合并" in message


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_non_finite_number_has_a_chinese_message(tmp_path: Path, value: str) -> None:
    text = BASE.read_text(encoding="utf-8").replace("headcount: 52", f"headcount: {value}", 1)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    [problem] = info.value.problems
    assert problem.path == "organization.departments[0].headcount"
    assert "有限的数字" in problem.message
    assert not any(word in problem.message for word in ENGLISH), problem.message


def test_untranslated_kinds_never_show_english() -> None:
    class Odd(BaseModel):
        when: dt.time
        link: AnyUrl

    with pytest.raises(ValidationError) as info:
        Odd.model_validate({"when": "25:99", "link": "not a url"})
    messages = [_translate_error(err, Odd) for err in info.value.errors()]
    assert len(messages) == 2
    assert not any(word in m for m in messages for word in ENGLISH), messages
