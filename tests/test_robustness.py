"""Hostile input (issue 8): no profile, YAML file, template pack or document — however
malformed or malicious — crashes the tool, corrupts a document, leaks a file or writes outside
the output folder. Every case ends in a clear Chinese error or in documents that reopen.

Bounded time and memory are shown by the calls returning with the expected error, and for
bombs by `tracemalloc`: the inflated size is never materialised. All test data are made at
test time under tmp_path.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import json
import re
import shutil
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.builder.documents import render_document
from generator.builder.plan import plan_jobs, safe_name
from generator.builder.run import build
from generator.catalog import load_catalog
from generator.check.validate import validate_path
from generator.cli import main
from generator.docs.outline import read_outline_bytes
from generator.errors import InputFileError, ProfileError, TemplatePackError, TemplateRenderError
from generator.pack.pack import TemplatePack
from generator.profile.loader import load_profile
from generator.profile.model import Profile
from generator.render.context import build_context
from generator.render.docx import render_template
from generator.render.wording import tidy
from generator.yamlfile import loc_text
from tests.clientdocs import write_corrupt, write_ole, write_set, write_zip
from tests.hostile import write_bomb

from .conftest import PROFILES, ROOT

BASE = ROOT / "profiles" / "yunzhi-software.yaml"  # has outlets, a slogan, 8 departments
MB = 1024 * 1024
PEAK_LIMIT = 64 * MB  # far below every bomb's inflated size (≥ 1 GB)
CJK = re.compile(r"[\u4e00-\u9fff]")
Loc = tuple[str | int, ...]


@pytest.fixture(scope="module", autouse=True)
def _private_template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates (malicious ones included) go to a temporary cache, not ~/.cache
    (the cache also writes beside the folder it is given, hence the extra level)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SVCMANUAL_CACHE", str(tmp_path_factory.mktemp("svcmanual-cache") / "jinja"))
        yield


@functools.lru_cache(maxsize=1)
def _base_text() -> str:
    return BASE.read_text(encoding="utf-8")


def base_data() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(_base_text()))


def write_profile(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(data: bytes) -> str:
    """All paragraph text of a .docx reopened with python-docx: body, tables, headers, footers."""
    document = docx.Document(io.BytesIO(data))
    roots = [document.element.body]
    roots += [rel.target_part.element for rel in document.part.rels.values()
              if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]
    return "\n".join(Paragraph(p, document).text for root in roots for p in root.iter(qn("w:p")))


def problems_of(path: Path) -> list[Any]:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    return list(info.value.problems)


def peak_of(call: Callable[[], object]) -> int:
    """Peak Python memory while `call` runs (its exception, if any, propagates)."""
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an escaped exception is a traceback for the user
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


# ================================================================ 1. arbitrary Unicode in profiles

# Unicode White_Space: what pydantic's str_strip_whitespace removes (unlike str.strip(), it
# keeps U+001C..U+001F, which the model then refuses as control characters).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + \
    "\u2028\u2029\u202f\u205f\u3000"
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 Char, less \r
DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")

NASTY = [
    "&", "<", ">", '"', "'", "&amp;", "&#x41;", "<w:t>", "</w:t></w:r></w:p>", "]]>",
    "{{ 7*7 }}", "{% for x in co %}", "{%p if 1 %}", "{# 注释 #}", "{{", "}}", "{%", "%}",
    "{_{ co.name }_}", "{_% if %_}", "\\n", "${x}", "%s",
    "\x00", "\x01", "\x07", "\x0c", "\x1b", "\x1f", "\x7f", "\ufffe", "\uffff", "\r", "\ud800", "\udfff",
    "\t", "\n", " ", "\u3000", "\xa0", "\x85", "\u2028",
    "\u200f", "\u202e", "\u200b", "\u200d", "\ufeff",
    "😀", "👨‍👩‍👧", "🇨🇳", "𠮷",
    "臺灣售後服務", "為顧客著想", "售后服务部", "有限公司", "XXX公司", "××", "【待填】",
]
PIECE = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=12))
LONG = st.builds(lambda ch, n: ch * n, st.sampled_from(["售", "A", "&", "😀", "{{"]),
                 st.sampled_from([99, 100, 101, 1999, 2000, 2001, 5000]))
VALUE = st.one_of(st.lists(PIECE, min_size=1, max_size=6).map("".join), LONG)


def _replace_everywhere(node: Any, old: str, new: str, loc: Loc = ()) -> Iterator[Loc]:
    """Replace every string equal to `old` (a name and all references to it)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if value == old:
            node[key] = new
            yield (*loc, key)
        else:
            yield from _replace_everywhere(value, old, new, (*loc, key))


def _set(data: dict[str, Any], loc: Loc, value: str) -> list[Loc]:
    node: Any = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return [loc]


# field kind -> (how to inject the value, model length limit)
FIELDS: dict[str, tuple[Callable[[dict[str, Any], str], list[Loc]], int]] = {
    "company.name": (lambda d, v: _set(d, ("company", "name"), v), 100),
    "company.short_name": (lambda d, v: _set(d, ("company", "short_name"), v), 100),
    "aftersales_department": (lambda d, v: list(_replace_everywhere(
        d, d["organization"]["aftersales_department"], v)), 100),
    "quality_department": (lambda d, v: list(_replace_everywhere(
        d, d["organization"]["functions"]["quality"], v)), 100),
    "introduction": (lambda d, v: _set(d, ("company", "introduction", 1), v), 2000),
    "duty": (lambda d, v: _set(d, ("organization", "departments", 1, "duties", 0), v), 2000),
    "outlet": (lambda d, v: _set(d, ("network", "outlets", 0, "name"), v), 100),
    "philosophy": (lambda d, v: _set(d, ("culture", "philosophy"), v), 2000),
    "policy": (lambda d, v: _set(d, ("culture", "policy"), v), 2000),
    "slogan": (lambda d, v: _set(d, ("culture", "slogan"), v), 2000),
    "promotion": (lambda d, v: _set(d, ("culture", "promotion", 0), v), 2000),
}


def acceptable(value: str, limit: int) -> bool:
    """The oracle: what the model must accept (after stripping surrounding white space)."""
    text = value.strip(WHITE_SPACE)
    return (1 <= len(text) <= limit and XML_FORBIDDEN.search(text) is None
            and not any(mark in text for mark in DOCXTPL_ESCAPES))


def _covers(path: str, places: set[str]) -> bool:
    """Whether a problem at `path` is about one of `places` (a list's problem may name the list)."""
    return any(place == path or place.startswith((f"{path}[", f"{path}.")) for place in places)


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def rendered_text(path: Path) -> str:
    """The manual and P02 (which quote every injected field) rendered as the build does."""
    loaded = load_profile(path)
    catalog = load_catalog()
    jobs = {j.id: j for j in plan_jobs(loaded, TemplatePack(), catalog)}
    texts = []
    for job_id in ("manual", "P02"):
        data = render_document(loaded, jobs[job_id], catalog)
        read_outline_bytes(data, job_id)  # the validator reads it too
        texts.append(docx_text(data))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), value=VALUE)
def test_any_text_gives_a_clear_error_or_documents_holding_it(workdir: Path, field: str,
                                                              value: str) -> None:
    inject, limit = FIELDS[field]
    data = base_data()
    locs = inject(data, value)
    places = {loc_text(loc) for loc in locs}
    path = write_profile(workdir / "profile.yaml", data)
    # what the file holds (PyYAML's dumper does not round-trip everything, e.g. U+0085)
    written = _at(yaml.safe_load(path.read_text(encoding="utf-8")), locs[0])
    try:
        loaded = load_profile(path)
    except ProfileError as exc:
        assert not acceptable(written, limit), [p.format("p") for p in exc.problems]
        for problem in exc.problems:
            assert _covers(problem.path, places), problem
            assert problem.line is not None, problem
            assert CJK.search(problem.message), problem
        return
    assert acceptable(written, limit), f"{written!r} should have been refused"
    stored = _at(loaded.profile.model_dump(), locs[0])
    assert stored == written.strip(WHITE_SPACE)  # stripping is the only change the model makes
    assert tidy(stored) in rendered_text(path)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0d", "\x1b", "\x1f",
                                  "\ufffe", "\uffff"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused_with_their_place(tmp_path: Path, char: str) -> None:
    data = base_data()
    data["company"]["name"] = f"栖衡{char}云智"
    data["company"]["introduction"][1] = f"第二段{char}内容"
    problems = problems_of(write_profile(tmp_path / "p.yaml", data))
    assert [(p.path, p.line is not None) for p in problems] == [
        ("company.name", True), ("company.introduction", True)]
    code = f"U+{ord(char):04X}"
    assert problems[0].message.startswith("第 3 个字符是") and code in problems[0].message
    assert problems[1].message.startswith("第 2 项第 4 个字符是") and code in problems[1].message
    assert "请删除" in problems[0].message


def test_nul_through_a_yaml_escape_is_refused(tmp_path: Path) -> None:
    # YAML cannot hold a raw NUL, but "\0" in a double-quoted scalar is one
    text = _base_text().replace("name: 杭州栖衡云智信息技术有限公司", 'name: "杭州栖衡\\0云智"', 1)
    [problem] = problems_of(_write(tmp_path, text))
    assert problem.path == "company.name" and "U+0000" in problem.message


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
def test_raw_control_character_in_the_file_is_refused_with_its_line(tmp_path: Path, char: str) -> None:
    text = _base_text().replace("short_name: 栖衡云智", f"short_name: 栖衡{char}云智", 1)
    [problem] = problems_of(_write(tmp_path, text))
    line = next(i for i, s in enumerate(text.splitlines(), 1) if char in s)
    assert problem.line == line
    assert f"第 {line} 行" in problem.message and f"U+{ord(char):04X}" in problem.message


def test_lone_surrogate_through_a_yaml_escape_is_refused(tmp_path: Path) -> None:
    # a UTF-8 file cannot hold a lone surrogate, but "\uD800" in a double-quoted scalar is one
    text = _base_text().replace("short_name: 栖衡云智", 'short_name: "栖衡\\uD800云智"', 1)
    [problem] = problems_of(_write(tmp_path, text))
    assert problem.path == "company.short_name" and problem.line is not None
    assert "代理字符" in problem.message and "Input should" not in problem.message


def test_surrogates_and_docxtpl_escapes_are_refused_by_the_model() -> None:
    data = load_profile(BASE).profile.model_dump()
    for bad in ("a\ud800b", "a{_{ x }_}b", "a{_% x %_}b"):
        data["company"]["short_name"] = bad
        with pytest.raises(ValidationError, match="short_name"):
            Profile.model_validate(data)


def test_overlong_texts_are_refused_with_the_limit(tmp_path: Path) -> None:
    data = base_data()
    data["company"]["name"] = "售" * 101
    data["company"]["registered_capital"] = "9" * 5000
    data["company"]["website"] = "w" * 201
    data["culture"]["policy"] = "A" * 2001
    problems = {p.path: p.message for p in problems_of(write_profile(tmp_path / "p.yaml", data))}
    assert problems == {"company.name": "过长（最多 100 个字符）",
                        "company.registered_capital": "过长（最多 100 个字符）",
                        "company.website": "过长（最多 200 个字符）",
                        "culture.policy": "过长（最多 2000 个字符）"}


NASTIEST = "A&B<C>\"D'E/../..\\{{ 7*7 }}{% if x %}{# c #}😀臺灣售後\u200f\u202e𠮷 &amp; ]]>"


def test_full_build_with_the_nastiest_value(tmp_path: Path) -> None:
    """One full build with the nastiest value as company name, a department and an outlet."""
    data = base_data()
    data["company"]["name"] = NASTIEST
    data["network"]["outlets"][0]["name"] = NASTIEST + "网点"
    list(_replace_everywhere(data, data["organization"]["aftersales_department"], NASTIEST + "部"))
    path = write_profile(tmp_path / "nasty.yaml", data)
    profile = load_profile(path).profile
    assert profile.company.name == NASTIEST
    folder = build(path, tmp_path / "out", refresh=False).folder
    procedures = sorted((folder / "procedures").glob("*.docx"))
    assert len(procedures) == 22 - len(profile.exclusions.procedures)
    for procedure in procedures:
        text = docx_text(procedure.read_bytes())
        assert tidy(NASTIEST) in text, procedure.name
        assert tidy(NASTIEST + "部") in text, procedure.name
    assert tidy(NASTIEST + "网点") in docx_text((folder / "售后服务手册.docx").read_bytes())
    for document in folder.rglob("*.docx"):  # records and the two volumes reopen too
        docx_text(document.read_bytes())
    report = validate_path(folder, profile)
    assert not [f for f in report.findings if f.code == "file_unreadable"]
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["profile"]["company"]["name"] == NASTIEST


# ================================================================ 2. hostile YAML


def _only_problem(path: Path) -> Any:
    holder: list[Any] = []
    peak = peak_of(lambda: holder.extend(problems_of(path)))
    assert peak < PEAK_LIMIT
    [problem] = holder
    assert CJK.search(problem.message)
    return problem


def _laughs(levels: int = 9, width: int = 10) -> str:
    lines = [f'l0: &l0 [{", ".join(["lol"] * width)}]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


YAML_BOMBS = {
    "billion-laughs": (_laughs(), "别名"),
    "aliased-long-text": ('s: &s "' + "A" * 400_000 + '"\ncompany:\n  introduction: ['
                          + ", ".join(["*s"] * 50) + "]\n", "文字过多"),
    "aliased-key": ("? [" + ", ".join(["&k0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"&k{i} [{', '.join([f'*k{i - 1}'] * 10)}]" for i in range(1, 8)]) + "]\n: 1\n", "键必须是简单的文字"),
    "self-reference": ("a: &a [1, *a]\n", "循环引用"),
    "flow-sequences-10000-deep": ("slug: " + "[" * 10_000 + "]" * 10_000 + "\n", "嵌套层数过深"),
    "flow-mappings-10000-deep": ("a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", "嵌套层数过深"),
    "block-sequences-10000-deep": ("- " * 10_000 + "x\n", "嵌套层数过深"),
    "block-mappings-deep": ("".join(" " * i + "k:\n" for i in range(1_000)) + " " * 1_000 + "v\n", "嵌套层数过深"),
}


@pytest.mark.parametrize("name", list(YAML_BOMBS))
def test_yaml_bombs_and_deep_nesting_are_refused(tmp_path: Path, name: str) -> None:
    text, expected = YAML_BOMBS[name]
    problem = _only_problem(_write(tmp_path, text))
    assert expected in problem.message
    assert "RecursionError" not in problem.message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _write(tmp_path, "slug: x\nintroduction: [" + ", ".join(["售后服务"] * 150_000) + "]\n")
    with pytest.raises(InputFileError, match="文件过大"):
        load_profile(path)
    code, _, err = cli("check", str(path))
    assert code == 3 and "文件过大" in err


@pytest.mark.parametrize("tagged", [
    "slug: !!python/object/apply:os.system ['touch {marker}']",
    "slug: !!python/object/apply:os.system\n  args: ['touch {marker}']",
    "slug: !!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "slug: !!python/name:os.system",
    "slug: !!python/module:os",
    "? !!python/object/apply:os.system ['touch {marker}']\n: 1",
    "slug: !!binary aGk=",
    "slug: !!set {{a, b}}",
], ids=["apply-seq", "apply-map", "new", "name", "module", "as-key", "binary", "set"])
def test_tags_other_than_plain_ones_are_refused_never_constructed(tmp_path: Path, tagged: str) -> None:
    marker = tmp_path / "pwned"
    problem = _only_problem(_write(tmp_path, tagged.format(marker=marker) + "\n"))
    assert "不支持的 YAML 标签" in problem.message or "键必须是简单的文字" in problem.message
    assert problem.line == 1
    assert not marker.exists()


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    problem = _only_problem(_write(tmp_path, "a: &a {x: 1}\nb:\n  <<: *a\n"))
    assert problem.line == 3 and "<<" in problem.message


def test_values_yaml_cannot_construct_go_to_the_schema(tmp_path: Path) -> None:
    text = _base_text().replace("founded: 2016-03-22", "founded: 2016-02-30").replace(
        "employees: 356", "employees: " + "9" * 5_000)
    problems = {p.path: p.message for p in problems_of(_write(tmp_path, text))}
    assert problems["company.founded"] == "应为日期（如 2025-03-01），实际为 '2016-02-30'"
    assert problems["company.employees"].startswith("数字过大")
    assert len(problems["company.employees"]) < 200  # the 5000 digits are not repeated


@pytest.mark.parametrize("name", ["billion-laughs", "flow-sequences-10000-deep"])
def test_cli_check_reports_bombs_without_traceback(tmp_path: Path, name: str) -> None:
    code, _, err = cli("check", str(_write(tmp_path, YAML_BOMBS[name][0])))
    assert code == 3
    assert YAML_BOMBS[name][1] in err


# ================================================================ 3. malicious template packs

P01 = "P01-售后服务识别与评价控制程序.docx"
MALICIOUS = {
    "mro": "{{ co.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__ }}",
    "include": "{% include '/etc/passwd' %}",
    "import": "{% import 'x' as y %}",
    "lipsum-globals": "{{ lipsum.__globals__ }}",
    "extends": "{% extends '/etc/passwd' %}",
    "attr-filter": "{{ co|attr('__class__') }}",
    "mutate-context": "{{ co.update({'name': 'x'}) }}",
    "self": "{{ self.__dict__ }}",
    "config": "{{ config.items() }}",
    "zero-division": "{{ 1 / 0 }}",
    "type-error": "{{ 1 + 'a' }}",
    "huge-range": "{{ range(10 ** 9) | list | length }}",
    "endless-macro": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "huge-power": "{{ 9 ** 999 ** 999 }}",
    "huge-repeat": "{{ 'a' * 10 ** 10 }}",
}
LEAKS = ("<class", "<module", "<function", "<built-in", "__builtins__", "root:", "Traceback")


def malicious_pack(folder: Path, tag: str) -> Path:
    document = docx.Document()
    document.add_paragraph("1 目的")
    document.add_paragraph(tag)
    (folder / "procedures").mkdir(parents=True)
    document.save(str(folder / "procedures" / P01))
    return folder


@pytest.mark.parametrize("name", list(MALICIOUS))
def test_sandbox_stops_malicious_tags(tmp_path: Path, name: str) -> None:
    pack = TemplatePack(malicious_pack(tmp_path / "pack", MALICIOUS[name]))
    context = {**build_context(load_profile(BASE).profile), "this": {"version": "A/0"}}
    with pytest.raises(TemplateRenderError) as info:
        render_template(pack.procedure(P01), context)
    message = info.value.render()
    assert message.startswith(f"{P01}: 模板")
    assert not any(leak in message for leak in LEAKS), message


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good") / "out"
    build(BASE, out, refresh=False)
    return out


@pytest.mark.parametrize("name", ["mro", "subclasses", "cycler-globals", "include", "import",
                                  "lipsum-globals"])
def test_malicious_pack_through_the_cli_keeps_the_earlier_build(tmp_path: Path, good_build: Path,
                                                                name: str) -> None:
    before = _tree(good_build)
    pack = malicious_pack(tmp_path / "pack", MALICIOUS[name])
    code, out, err = cli("build", str(BASE), "-o", str(good_build), "--templates", str(pack))
    assert code != 0
    assert f"{P01}: 模板" in err and "沙箱" in err
    assert not any(leak in out + err for leak in LEAKS), err
    assert _tree(good_build) == before
    # no staging left (the set's lock file stays: removing it would let two builds race)
    assert sorted(p.name for p in good_build.iterdir()) == [".yunzhi-software.lock",
                                                            "yunzhi-software"]


def test_render_error_exit_code_is_1(tmp_path: Path) -> None:
    pack = malicious_pack(tmp_path / "pack", MALICIOUS["mro"])
    code, _, _ = cli("build", str(BASE), "-o", str(tmp_path / "out"), "--templates", str(pack))
    assert code == 1


# ================================================================ 4. hostile documents for validate


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bomb(tmp_path_factory.mktemp("bomb") / "炸弹.docx")


def write_xxe(path: Path, target: str) -> Path:
    document = docx.Document()
    document.add_paragraph("ENTITY_HERE")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    xml = source.read("word/document.xml").decode("utf-8")
    declaration, body = xml.split("\n", 1)
    xml = (f'{declaration}\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>\n'
           + body.replace("ENTITY_HERE", "&xxe;"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = xml.encode("utf-8") if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return path


def test_bomb_is_small_on_disk_and_refused_without_inflating(bomb: Path) -> None:
    assert bomb.stat().st_size < 4 * MB
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size > 1000 * MB
    errors: list[InputFileError] = []

    def read() -> None:
        with pytest.raises(InputFileError) as info:
            validate_path(bomb)
        errors.append(info.value)

    assert peak_of(read) < PEAK_LIMIT
    assert "压缩炸弹" in errors[0].message and errors[0].where == "炸弹.docx"


SECRET = "TOPSECRET-27922"


@pytest.fixture()
def hostile_folder(tmp_path: Path, bomb: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A complete good set plus one file of every hostile kind; LibreOffice made absent."""
    folder = write_set(tmp_path / "set")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    hostile = folder / "附件"
    write_corrupt(hostile / "损坏.docx")
    (hostile / "不是压缩包.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    shutil.copy(bomb, hostile / "炸弹.docx")
    write_ole(hostile / "加密.docx")
    write_ole(hostile / "旧版.doc")
    write_xxe(hostile / "外部实体.docx", (tmp_path / "secret.txt").as_uri())
    write_xxe(hostile / "外部实体2.docx", "file:///etc/passwd")
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    return folder


UNREADABLE = {
    "附件/加密.docx": "文档已加密",
    "附件/损坏.docx": "文件已损坏",
    "附件/不是压缩包.docx": "文件已损坏",
    "附件/旧版.doc": "需要 LibreOffice",
    "附件/炸弹.docx": "压缩炸弹",
}


def test_validate_folder_reports_each_hostile_file_and_checks_the_rest(hostile_folder: Path) -> None:
    reports: list[Any] = []
    assert peak_of(lambda: reports.append(validate_path(hostile_folder))) < PEAK_LIMIT
    [report] = reports
    unreadable = {f.where: f.message for f in report.findings if f.code == "file_unreadable"}
    assert unreadable.keys() == UNREADABLE.keys()
    for where, expected in UNREADABLE.items():
        assert expected in unreadable[where]
    # the good set is checked as usual: every procedure found with all its sections
    assert [f for f in report.findings if f.code != "file_unreadable"] == []
    assert all(p.found and not p.missing_sections for p in report.procedures)
    assert SECRET not in json.dumps(report.to_dict(), ensure_ascii=False)


def test_validate_cli_on_the_hostile_folder(hostile_folder: Path) -> None:
    code, out, _ = cli("validate", str(hostile_folder), "--format", "json")
    assert code == 3  # checked, and falls short (the unreadable files are errors)
    data = json.loads(out)
    assert {f["where"] for f in data["findings"] if f["code"] == "file_unreadable"} == UNREADABLE.keys()
    assert SECRET not in out
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        first = passwd.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        assert first not in out


def test_zip_holding_a_bomb_and_good_documents(tmp_path: Path, bomb: Path) -> None:
    good = write_set(tmp_path / "set")
    files = {p.relative_to(good).as_posix(): p.read_bytes() for p in sorted(good.rglob("*.docx"))}
    archive = write_zip(tmp_path / "交付.zip", {**files, "附件/炸弹.docx": bomb.read_bytes()})
    reports: list[Any] = []
    assert peak_of(lambda: reports.append(validate_path(archive))) < PEAK_LIMIT
    [report] = reports
    assert [(f.code, f.where) for f in report.findings] == [("file_unreadable", "附件/炸弹.docx")]
    assert "压缩炸弹" in report.findings[0].message


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p, bomb: write_corrupt(p / "损坏.docx"), "文件已损坏"),
    (lambda p, bomb: shutil.copy(bomb, p / "炸弹.docx"), "压缩炸弹"),
    (lambda p, bomb: write_ole(p / "加密.docx"), "文档已加密"),
    (lambda p, bomb: write_ole(p / "旧版.doc"), "需要 LibreOffice"),
    (lambda p, bomb: (p / "坏.zip").write_bytes(b"PK\x05\x06" + bytes(10)) and p / "坏.zip", "压缩包已损坏"),
], ids=["corrupt", "bomb", "encrypted", "doc-without-libreoffice", "corrupt-zip"])
def test_validate_cli_on_one_hostile_file_exits_1(tmp_path: Path, bomb: Path, monkeypatch: pytest.MonkeyPatch,
                                                  make: Callable[[Path, Path], Any], expected: str) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    path = Path(make(tmp_path, bomb))
    code, out, err = cli("validate", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith("错误：") and expected in err


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    path = write_xxe(tmp_path / "xxe.docx", (tmp_path / "secret.txt").as_uri())
    try:
        report = validate_path(path)
    except InputFileError:
        return  # refusing the file is fine too
    assert SECRET not in json.dumps(report.to_dict(), ensure_ascii=False)


def test_zip_bomb_template_is_refused_before_inflating(tmp_path: Path, bomb: Path) -> None:
    (tmp_path / "pack" / "procedures").mkdir(parents=True)
    shutil.copy(bomb, tmp_path / "pack" / "procedures" / P01)
    pack = TemplatePack(tmp_path / "pack")
    context = build_context(load_profile(BASE).profile)
    errors: list[TemplatePackError] = []

    def render() -> None:
        with pytest.raises(TemplatePackError) as info:
            render_template(pack.procedure(P01), context)
        errors.append(info.value)

    assert peak_of(render) < PEAK_LIMIT
    assert "压缩炸弹" in errors[0].message


# ================================================================ 5. output stays in the output folder


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "..", ".", "a\\b", "/tmp/x", "~root", "a..b/c",
                                  "Acme", "a b", "ａｃｍｅ", "a\x00b", "", "-a", "a" * 64])
def test_hostile_slug_is_refused(tmp_path: Path, slug: str) -> None:
    data = base_data()
    data["slug"] = slug
    problems = problems_of(write_profile(tmp_path / "p.yaml", data))
    assert [p.path for p in problems] == ["slug"]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", ["../../../../tmp/逃逸公司", "/etc/passwd/../..\\c有限公司"])
def test_hostile_company_name_cannot_move_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     name: str) -> None:
    monkeypatch.chdir(tmp_path)
    siblings = _listing(tmp_path.parent)  # this run's other tests (they run one after another)
    data = base_data()
    data["company"]["name"] = name
    data["company"]["short_name"] = name
    profile = write_profile(tmp_path / "p.yaml", data)
    build(profile, tmp_path / "out", refresh=False)
    assert _listing(tmp_path) == ["out", "p.yaml"]
    assert _listing(tmp_path / "out") == [".yunzhi-software.lock", "yunzhi-software"]
    folder = (tmp_path / "out" / "yunzhi-software").resolve()
    for path in folder.rglob("*"):
        assert path.resolve().is_relative_to(folder) and not path.is_symlink()
    assert _listing(tmp_path.parent) == siblings
    for place in {Path("/tmp"), Path("/"), ROOT, ROOT.parent, tmp_path.parent.parent}:
        assert not [n for n in _listing(place) if "逃逸" in n or "有限公司" in n], place


def test_company_name_with_nul_never_reaches_a_path(tmp_path: Path) -> None:
    data = base_data()
    data["company"]["name"] = "a\x00/../b"
    [problem] = problems_of(write_profile(tmp_path / "p.yaml", data))
    assert problem.path == "company.name" and "U+0000" in problem.message


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_planned_file_names_are_path_safe(profile: Path) -> None:
    loaded = load_profile(profile)
    for job in plan_jobs(loaded, TemplatePack(), load_catalog()):
        path = Path(job.path)
        assert not path.is_absolute() and ".." not in path.parts, job.path
        assert len(path.parts) <= 2 and path.parts[0] in {"procedures", "records", path.name}
        assert not re.search(r'[\\:*?"<>|\x00-\x1f]', job.path), job.path


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/b\\c", "..", "x:y*z?\"<>|"])
def test_safe_name_never_yields_a_path(title: str) -> None:
    name = safe_name(title)
    assert "/" not in name and "\\" not in name and name not in {".", ".."}
    assert not re.search(r'[:*?"<>|]', name)


def test_zip_member_names_never_become_paths(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    names = ["../../逃逸.docx", "/tmp/逃逸绝对.docx", "a/../../../逃逸3.docx"]
    archive = write_zip(tmp_path / "包.zip", dict.fromkeys(names, buffer.getvalue()))
    report = validate_path(archive)
    assert set(names) <= set(report.documents)
    assert _listing(tmp_path) == ["包.zip"]
    for place in {Path("/tmp"), ROOT, tmp_path.parent, tmp_path.parent.parent}:
        assert not [n for n in _listing(place) if "逃逸" in n], place
