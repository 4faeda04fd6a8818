"""The fault suite (issue 19): hostile packs, hostile files, special files and fuzzed profiles
end in a clear Chinese error within bounded time and memory — never a traceback, never a hang.

Acceptance cases run the real command in a child process with a hard timeout; the memory of
everything that child started (the render worker included) is read from its rusage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import ProfileError, SvcError
from generator.profile.loader import load_profile
from tests.clientdocs import write_set
from tests.hostile import LOOPS, MB, template_pack, write_bomb, write_fifo

from .conftest import ROOT

BASE = ROOT / "profiles" / "yunzhi-software.yaml"
GB = 1024 * MB
# runs ARGS, then reports the peak memory (KB) of every process it waited for, worker included
_MEASURE = ("import resource, subprocess, sys; "
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "sys.stdout.write(str(done.returncode) + '\\n' + "
            "str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + '\\n'); "
            "sys.stderr.write(done.stderr)")


def run_bounded(*args: str, timeout: float, env: dict[str, str] | None = None
                ) -> tuple[int, int, str]:
    """Exit code, peak memory in bytes and stderr of `svcmanual ARGS`, within `timeout`."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "generator.cli", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, check=False)
    code, peak = done.stdout.split()
    return int(code), int(peak) * 1024, done.stderr


def assert_clear(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith("错误：") or ": " in stderr.splitlines()[0], stderr


# ------------------------------------------------------------------ acceptance


def test_nested_loops_template_is_refused_within_60_s_and_1_gb(tmp_path: Path) -> None:
    pack = template_pack(tmp_path / "pack", LOOPS)
    code, peak, err = run_bounded("build", str(BASE), "-o", str(tmp_path / "out"),
                                  "--templates", str(pack), timeout=60,
                                  env={"SVCMANUAL_CACHE": str(tmp_path / "cache")})
    assert code == 1 and peak < GB
    # whichever limit comes first (time, or memory as the output grows) refuses it by name
    assert ("P01-售后服务识别与评价控制程序.docx: 模板渲染超过时间上限" in err
            or "P01-售后服务识别与评价控制程序.docx: 模板渲染所需内存超过上限" in err), err
    assert_clear(err)


@pytest.fixture(scope="module")
def bomb_2gb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_bomb(tmp_path_factory.mktemp("bomb") / "炸弹.docx", inflated=2 * GB)
    assert path.stat().st_size < 3 * MB
    return path


@pytest.mark.parametrize("command", ["validate", "build-templates", "lint", "dump"])
def test_2_gb_bomb_is_refused_within_60_s_and_1_gb(tmp_path: Path, bomb_2gb: Path,
                                                   command: str) -> None:
    pack = tmp_path / "pack" / "procedures"
    pack.mkdir(parents=True)
    os.link(bomb_2gb, pack / "P01-售后服务识别与评价控制程序.docx")
    args = {
        "validate": ["validate", str(bomb_2gb)],
        "build-templates": ["build", str(BASE), "-o", str(tmp_path / "out"),
                            "--templates", str(tmp_path / "pack")],
        "lint": ["templates", "lint", "--templates", str(tmp_path / "pack")],
        "dump": ["templates", "dump", str(bomb_2gb)],
    }[command]
    code, peak, err = run_bounded(*args, timeout=60,
                                  env={"SVCMANUAL_CACHE": str(tmp_path / "cache")})
    assert code in (1, 3) and peak < GB
    assert "疑似压缩炸弹" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [["check", "/dev/zero"], ["validate", "/dev/zero"],
                                  ["check", "{fifo}.yaml"], ["validate", "{fifo}.docx"],
                                  ["build", "{fifo}.yaml", "-o", "{tmp}/out"],
                                  ["gap-check", "--profile", "{fifo}.yaml"],
                                  ["templates", "dump", "{fifo}.docx"]])
def test_special_files_end_within_10_s_with_a_clear_error(tmp_path: Path, args: list[str]
                                                          ) -> None:
    write_fifo(tmp_path / "fifo.yaml")
    write_fifo(tmp_path / "fifo.docx")
    filled = [a.format(fifo=tmp_path / "fifo", tmp=tmp_path) for a in args]
    done = subprocess.run([sys.executable, "-m", "generator.cli", *filled], capture_output=True,
                          text=True, timeout=10, cwd=ROOT, check=False)
    assert done.returncode in (1, 3)
    assert "不是普通文件" in done.stderr or "找不到模板" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ output names and encodings


def test_non_utf8_file_name_in_json_and_html(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write_set(folder)
    first = sorted(folder.glob("*.docx"))[0]
    os.rename(first, os.path.join(os.fsencode(folder), b"\xff\xfe-" + b"x.docx"))
    for fmt in ("json", "html"):
        out = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(main, ["validate", str(folder), "--format", fmt,
                                           "-o", str(out)])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code in (0, 3), result.stderr
        text = out.read_bytes().decode("utf-8")  # valid UTF-8
        assert "\ufffd\ufffd-x.docx" in text
    result = CliRunner().invoke(main, ["validate", str(folder), "--format", "json"])
    assert b"\xff" not in result.stdout_bytes
    json.loads(result.stdout_bytes.decode("utf-8"))


# ------------------------------------------------------------------ fuzzed profiles

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3),
                    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _leaves(node: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*loc, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, (*loc, i))]
    return [loc]


BASE_DATA = yaml.safe_load(BASE.read_text(encoding="utf-8"))
LEAVES = _leaves(BASE_DATA)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(LEAVES), SCALARS), min_size=1, max_size=4))
def test_fuzzed_profiles_load_or_give_problems_with_places(tmp_path: Path,
                                                           changes: list[tuple[Any, Any]]) -> None:
    data = json.loads(json.dumps(BASE_DATA, default=str))
    for loc, value in changes:
        node = data
        for key in loc[:-1]:
            node = node[key if not isinstance(node, list) else int(key)]
        node[loc[-1]] = value
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_profile(path)
    except ProfileError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert not any("Input should" in p.message for p in exc.problems)
    except SvcError as exc:
        assert "Traceback" not in exc.render()
