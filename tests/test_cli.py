"""The foundation commands, driven in-process (and `init` through a pseudo-terminal)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import jsonschema
import pexpect
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.profile.loader import load_profile

from .conftest import DATA, PROFILES, ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_examples_pass() -> None:
    code, out, _ = run("check", *map(str, PROFILES))
    assert code == 0
    assert out.count("通过") == len(PROFILES)


def test_check_bad_profile_exit_3_without_traceback() -> None:
    code, _, err = run("check", str(DATA / "profiles" / "three_errors.yaml"))
    assert code == 3
    assert "Traceback" not in err
    assert err.count("three_errors.yaml:") == 4  # three problems and the summary line
    assert "three_errors.yaml:9: company.employes:" in err


def test_check_missing_file_exit_3_with_chinese_message(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.yaml"))
    assert code == 3
    assert "文件不存在" in err


def _dates_as_strings(value: object) -> object:
    if isinstance(value, dict):
        return {k: _dates_as_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_strings(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_schema_validates_every_example_and_describes_every_field() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    for path in PROFILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(_dates_as_strings(data), schema)
    for name, definition in [("Profile", schema), *schema["$defs"].items()]:
        for field, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} 缺少说明"


def test_committed_schema_file_is_current() -> None:
    _, out, _ = run("schema")
    assert json.loads((ROOT / "schema" / "profile.schema.json").read_text("utf-8")) == json.loads(out)


def test_examples_carry_schema_comment() -> None:
    for path in PROFILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/profile.schema.json"


def test_schema_to_file(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    code, _, _ = run("schema", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text("utf-8"))["title"] == "svcmanual 企业档案"


def test_init_example_writes_a_valid_profile(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    name = PROFILES[0].stem
    code, _, _ = run("init", str(target), "--example", name)
    assert code == 0
    assert load_profile(target).profile.slug == load_profile(PROFILES[0]).profile.slug


def test_init_unknown_example(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "x.yaml"), "--example", "nosuch")
    assert code == 1
    assert "没有名为“nosuch”的示例档案" in err


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "exists.yaml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run("init", str(target), "--example", PROFILES[0].stem)
    assert code == 1 and "已存在" in err
    assert target.read_text(encoding="utf-8") == "keep"


ANSWERS = {
    "企业全称": "宁波禾丰厨具有限公司",
    "企业简称": "禾丰厨具",
    "输出文件夹名": "hefeng",
    "售后服务热线": "400-600-1234",
    "企业地址": "浙江省宁波市北仑区新碶街道明州路 8 号",
    "主要产品或服务": "燃气灶",
    "总经理姓名": "张海",
    "管理者代表姓名": "李文",
    "该部门负责人姓名": "王青",
    "该部门人数": "8",
    "员工总人数": "abc",  # invalid first: the questionnaire must ask again
}


def test_init_interactive_through_a_pty(tmp_path: Path) -> None:
    target = tmp_path / "answered.yaml"
    child = pexpect.spawn(sys.executable, ["-m", "generator.cli", "init", str(target)],
                          cwd=str(ROOT), encoding="utf-8", timeout=30)
    asked_again = False
    while True:
        index = child.expect([r"([^\r\n:]+?)(?:（[^）]*）)?(?: \[[^\]]*\])?: ", pexpect.EOF])
        if index == 1:
            break
        question = child.match.group(1).strip()
        key = next((k for k in ANSWERS if question.startswith(k)), None)
        if key == "员工总人数":
            if "请输入整数" in child.match.group(0):
                asked_again = True
                child.sendline("300")
            else:
                child.sendline(ANSWERS[key])
        elif key:
            child.sendline(ANSWERS[key])
        else:
            child.sendline("")  # accept the default
    child.close()
    assert child.exitstatus == 0, child.before
    assert asked_again
    profile = load_profile(target).profile
    assert profile.company.name == "宁波禾丰厨具有限公司"
    assert profile.company.employees == 300
    assert profile.organization.general_manager.name == "张海"
    assert "#" in target.read_text(encoding="utf-8")  # commented for the user


def test_files_written_with_o_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "schema.json")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "schema.json").stat().st_mode) == 0o644
