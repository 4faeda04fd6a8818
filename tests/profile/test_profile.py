"""Profile loading: every example loads; every class of mistake is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputFileError, ProfileError
from generator.profile.loader import load_profile
from generator.profile.model.company import credit_code_check_digit
from tests.conftest import DATA, PROFILES


def test_every_example_loads_without_warnings(example_profile: Path) -> None:
    loaded = load_profile(example_profile)
    assert loaded.profile.company.name
    assert loaded.warnings == ()


def test_at_least_three_examples_of_different_kinds() -> None:
    kinds = set()
    for path in PROFILES:
        profile = load_profile(path).profile
        kinds.add(all(p.tangible for p in profile.scope.products))
    assert len(PROFILES) >= 3
    assert kinds == {True, False}


def problems_of(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    return [(p.line, p.path, p.message) for p in info.value.problems]  # type: ignore[attr-defined]


def test_three_mistakes_three_messages_with_lines() -> None:
    problems = problems_of(DATA / "profiles" / "three_errors.yaml")
    assert [(line, path) for line, path, _ in problems] == [
        (9, "company.employes"),
        (21, "organization.departments[0].headcount"),
        (32, "commitments.callback_days"),
    ]
    assert "是否想写“employees”" in problems[0][2]
    assert "应为整数" in problems[1][2]
    assert "缺少必填字段" in problems[2][2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def example_text() -> str:
    return (Path(PROFILES[0])).read_text(encoding="utf-8")


def test_malformed_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "slug: a\ncompany:\n  name: [未闭合\n  short_name: x\n")
    [(line, _, message)] = problems_of(path)
    assert line is not None and line >= 3
    assert "列" in message and "YAML 格式错误" in message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    [(_, _, message)] = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert "别名" in message


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "slug: x\n" + "# " + "x" * 1_100_000 + "\n")
    with pytest.raises(InputFileError, match="文件过大"):
        load_profile(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("slug: 测试".encode("gbk"))
    with pytest.raises(InputFileError, match="UTF-8"):
        load_profile(path)


def test_unknown_department_reference_has_its_line(tmp_path: Path) -> None:
    text = example_text()
    assert "  aftersales_department: " in text
    lines = text.splitlines()
    index = next(i for i, ln in enumerate(lines) if ln.startswith("  aftersales_department: "))
    lines[index] = "  aftersales_department: 不存在的部门"
    problems = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert (index + 1, "organization.aftersales_department") in [(ln, p) for ln, p, _ in problems]
    assert any("不在 organization.departments 中" in m for _, _, m in problems)


def test_dates_out_of_order(tmp_path: Path) -> None:
    text = example_text()
    start = text.index("  effective_date: ")
    end = text.index("\n", start)
    text = text[:start] + "  effective_date: 2001-01-01" + text[end:]
    problems = problems_of(write(tmp_path, text))
    assert any(p == "document_control.effective_date" and "早于发布日期" in m
               for _, p, m in problems)


def test_bad_credit_code_check_digit(tmp_path: Path) -> None:
    profile = load_profile(PROFILES[0]).profile
    code = profile.company.credit_code
    assert code is not None
    wrong = code[:17] + ("A" if code[17] != "A" else "B")
    text = example_text().replace(code, wrong)
    problems = problems_of(write(tmp_path, text))
    assert any(p == "company.credit_code" and "校验码" in m for _, p, m in problems)


def test_credit_code_check_digit_known_value() -> None:
    assert credit_code_check_digit("91350100M000100Y4") == "3"


def test_ten_percent_rule_is_a_warning_not_an_error(tmp_path: Path) -> None:
    text = example_text()
    start = text.index("  service_managers:")
    end = text.index("  supervision:")
    text = text[:start] + "  service_managers: []\n" + text[end:]
    loaded = load_profile(write(tmp_path, text))
    assert any(w.path == "organization.service_managers" and "10%" in w.message
               for w in loaded.warnings)


def test_excluding_a_core_procedure_is_an_error(tmp_path: Path) -> None:
    text = example_text() + "\nexclusions:\n  procedures:\n    - {id: P13, reason: 不需要}\n"
    problems = problems_of(write(tmp_path, text))
    assert any(p == "exclusions.procedures[0].id" and "不能删减" in m for _, p, m in problems)


def test_profile_is_immutable() -> None:
    profile = load_profile(PROFILES[0]).profile
    with pytest.raises(ValueError):
        profile.company.name = "别的公司"  # type: ignore[misc]


def test_duplicate_key_reported(tmp_path: Path) -> None:
    text = example_text().replace("slug: ", "slug: dup\nslug: ", 1)
    problems = problems_of(write(tmp_path, text))
    assert any("重复" in m for _, _, m in problems)


def _with_reports_to(path: Path, changes: dict[str, str]) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        out.append(line)
        name = line.removeprefix("    - name: ")
        if line.startswith("    - name: ") and name in changes:
            out.append(f"      reports_to: {changes[name]}")
    return "\n".join(out) + "\n"


def test_reports_to_must_name_a_head_or_a_department_without_a_loop(tmp_path: Path) -> None:
    lanqin = next(p for p in PROFILES if "lanqin" in p.name)
    ok = write(tmp_path, _with_reports_to(lanqin, {"财务部": "综合办公室", "人力资源部": "副总经理"}))
    load_profile(ok)
    unknown = problems_of(write(tmp_path, _with_reports_to(lanqin, {"财务部": "董事会"})))
    assert any(p.endswith("reports_to") and "董事会" in m for _, p, m in unknown)
    loop = problems_of(write(tmp_path, _with_reports_to(
        lanqin, {"财务部": "综合办公室", "综合办公室": "财务部"})))
    assert sum("循环" in m for _, _, m in loop) == 2
    danning = next(p for p in PROFILES if "danning" in p.name)
    deputy = problems_of(write(tmp_path, _with_reports_to(danning, {"行政部": "副总经理"})))
    assert any("deputy_manager" in m for _, _, m in deputy)


def test_no_sector_and_no_laws_is_warned_where_the_laws_are(tmp_path: Path) -> None:
    example = next(p for p in PROFILES if "lanqin" in p.stem)
    text = example.read_text(encoding="utf-8")
    assert "\nlaws: []\n" in text  # the sector's list replaces the default
    bare = tmp_path / "bare.yaml"
    bare.write_text(text.replace("  sector: household_appliance\n", ""), encoding="utf-8")
    laws_line = bare.read_text(encoding="utf-8").splitlines().index("laws: []") + 1
    warned = [(w.line, w.path) for w in load_profile(bare).warnings if "法律法规清单" in w.message]
    assert warned == [(laws_line, "laws")]
    default = tmp_path / "default.yaml"
    default.write_text(bare.read_text(encoding="utf-8").replace("\nlaws: []\n", "\n"),
                       encoding="utf-8")
    assert not [w for w in load_profile(default).warnings if "法律法规清单" in w.message]
    assert load_profile(default).profile.laws  # the default list
