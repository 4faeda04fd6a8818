"""Load a profile YAML file into a `Profile`, reporting every problem with its line.

Rules:
1. The file must be UTF-8 YAML of at most `MAX_BYTES`; alias expansion is bounded
   (`MAX_NODES` nodes, `MAX_CHARS` characters of text) so that an alias bomb is refused
   instead of eating memory, and nesting is bounded (`MAX_DEPTH`) while scanning, before
   PyYAML's scanner (quadratic in flow depth) and composer (recursive) get to it.
2. Malformed YAML is one problem with its line and column; so are control characters,
   tags other than the plain ones (!!python/… is refused, never constructed) and keys that
   are not scalars.
3. Every schema problem (unknown key with a "did you mean", wrong type, missing field) and
   every cross-field problem of `checks.py` is reported, each as FILE:LINE: path: message.
4. Warnings never stop a load; errors raise `ProfileError` carrying all problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.errors import InputFileError, ProfileError
from generator.profile.model import Profile

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_CHARS = 2 * MAX_BYTES
MAX_DEPTH = 64
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def format(self, file: str) -> str:
        place = f"{file}:{self.line}" if self.line else file
        tag = "" if self.severity == "error" else "警告："
        return f"{place}: {self.path or '（文件）'}: {tag}{self.message}"


@dataclass(frozen=True)
class LoadedProfile:
    path: str
    profile: Profile
    warnings: tuple[Problem, ...]
    lines: Mapping[Loc, int]
    sha256: str


def dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing deep nesting as soon as the scanner meets it."""

    def fetch_more_tokens(self) -> None:
        super().fetch_more_tokens()
        if self.flow_level > MAX_DEPTH or len(self.indents) > MAX_DEPTH:
            raise _Refused(f"嵌套层数过深（超过 {MAX_DEPTH} 层），不像是企业档案，已拒绝读取",
                           self.get_mark().line + 1)


class _Refused(Exception):
    """The YAML is refused as a whole: one problem, with its line when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Builder:
    """Turns a composed YAML node tree into plain data and a loc -> line index."""

    def __init__(self, loader: yaml.SafeLoader):
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.visited = 0
        self.chars = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _Refused(f"YAML 展开后节点过多（超过 {MAX_NODES} 个），疑似别名（&/*）炸弹，已拒绝读取")
        if len(loc) > MAX_DEPTH:  # aliases can nest (or loop) deeper than the text does
            raise _Refused(f"嵌套层数过深（超过 {MAX_DEPTH} 层）或别名循环引用自身，已拒绝读取",
                           node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(f"不支持的 YAML 标签“{_tag_name(node.tag)}”：企业档案只能包含文字、数字、"
                           "日期、列表和“键: 值”映射", node.start_mark.line + 1)
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    raise _Refused("键必须是简单的文字（不能是列表、映射、别名合并“<<”或带标签的值）",
                                   key_node.start_mark.line + 1)
                key = self.scalar(key_node)
                if not isinstance(key, str):
                    key = str(key)
                child = (*loc, key)
                if key in result:
                    self.problems.append(
                        Problem(dotted(child), "字段重复出现，请删除其中一个",
                                key_node.start_mark.line + 1)
                    )
                    continue
                self.lines[child] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise _Refused(f"YAML 展开后文字过多（超过 {MAX_CHARS} 个字符），疑似别名（&/*）炸弹，已拒绝读取")
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # 2025-02-30, an integer of 5000 digits: keep the text, the schema says what is wrong
            return node.value


def read_yaml_with_lines(path: Path) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Read YAML from `path`; return data, line index and structural problems."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("文件不存在", where=str(path), hint="请检查路径是否正确") from None
    except OSError as exc:
        raise InputFileError(f"无法读取文件（{exc.strerror}）", where=str(path)) from None
    if len(raw) > MAX_BYTES:
        raise InputFileError(
            f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节），不像是企业档案",
            where=str(path), hint="请确认选择了正确的 YAML 文件",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）",
            where=str(path), hint="请用 UTF-8 编码另存该文件",
        ) from None
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        at = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else 0
        return None, {}, [Problem(
            "", f"第 {at} 行含有不允许的控制字符 U+{code:04X}（YAML 文件中不能出现不可见的控制字符），"
            "请删除该字符", at)]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        builder = _Builder(loader)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f"第 {mark.column + 1} 列" if mark else ""
        detail = _yaml_problem_cn(exc.problem or "")
        return None, {}, [Problem("", f"YAML 格式错误（{col}）：{detail}", line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem("", f"YAML 格式错误：{exc}")]
    except _Refused as exc:
        return None, {}, [Problem("", exc.message, exc.line)]
    finally:
        loader.dispose()
    return data, builder.lines, builder.problems


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不允许出现“键: 值”，常见原因是冒号后缺空格或缩进不对",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能使用制表符缩进，请改用空格",
    "found undefined alias": "引用了未定义的别名",
    "expected <block end>, but found '-'": "列表项缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "sequence entries are not allowed here": "此处不允许出现列表项“- ”，常见原因是缩进不对",
    "found character that cannot start any token": "出现了不能作为值开头的字符（如 @ 或 `），请给该值加引号",
    "found unknown escape character": "双引号内的反斜杠“\\”转义无效，请改用单引号或写成“\\\\”",
    "found duplicate anchor": "锚点（&名称）重复定义",
    "expected <block end>": "缩进不一致或缺少冒号",
    "expected ',' or ']'": "方括号列表中缺少逗号或“]”",
    "expected ',' or '}'": "花括号映射中缺少逗号或“}”",
}


def _yaml_problem_cn(problem: str) -> str:
    for key, text in _YAML_PROBLEMS.items():
        if problem.startswith(key):
            return text
    return problem or "无法解析"


def _line_for(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class whose fields live at `loc` (for "did you mean" suggestions)."""
    model: Any = Profile
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _unwrap(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _shown(value: Any, limit: int = 60) -> str:
    """A wrong value as quoted in a message: short (it may be a megabyte long)."""
    if isinstance(value, (dict, list)):
        return type(value).__name__
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"…（共 {len(value)} 个字符）"
    return repr(value)


def translate_error(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    if kind == "missing":
        return "缺少必填字段，请补充"
    if kind == "extra_forbidden":
        loc = tuple(err["loc"])
        model = _model_at(loc[:-1])
        key = str(loc[-1])
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.6)
            if close:
                hint = f"，是否想写“{close[0]}”？"
        return f"未知字段“{key}”{hint}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    table = {
        "int_parsing": f"应为整数，实际为 {shown}",
        "int_type": f"应为整数，实际为 {shown}",
        "int_from_float": f"应为整数，实际为 {shown}",
        "int_parsing_size": f"数字过大，实际为 {shown}",
        "float_parsing": f"应为数字，实际为 {shown}",
        "float_type": f"应为数字，实际为 {shown}",
        "bool_parsing": f"应为 true 或 false，实际为 {shown}",
        "bool_type": f"应为 true 或 false，实际为 {shown}",
        "string_type": f"应为文字，实际为 {shown}"
        + ("（编号、电话等请加引号，如 \"0571...\"）" if isinstance(value, int) else ""),
        "list_type": f"应为列表（每项以“- ”开头），实际为 {shown}",
        "model_type": f"应为由“键: 值”组成的映射，实际为 {shown}",
        "model_attributes_type": f"应为由“键: 值”组成的映射，实际为 {shown}",
        "dict_type": f"应为由“键: 值”组成的映射，实际为 {shown}",
        "date_parsing": f"应为日期（如 2025-03-01），实际为 {shown}",
        "date_from_datetime_parsing": f"应为日期（如 2025-03-01），实际为 {shown}",
        "date_type": f"应为日期（如 2025-03-01），实际为 {shown}",
        "string_too_short": "不能为空",
        "string_unicode": "含有无效的 Unicode 字符（孤立的代理字符，如转义写法 \\uD800），Word 文档无法保存，请删除",
        "string_too_long": f"过长（最多 {ctx.get('max_length')} 个字符）",
        "too_short": f"至少需要 {ctx.get('min_length')} 项",
        "too_long": f"最多 {ctx.get('max_length')} 项",
        "greater_than": f"应大于 {ctx.get('gt')}，实际为 {shown}",
        "greater_than_equal": f"应不小于 {ctx.get('ge')}，实际为 {shown}",
        "less_than": f"应小于 {ctx.get('lt')}，实际为 {shown}",
        "less_than_equal": f"应不大于 {ctx.get('le')}，实际为 {shown}",
        "string_pattern_mismatch": f"格式不符（要求匹配 {ctx.get('pattern')}），实际为 {shown}",
        "literal_error": f"只能取 {ctx.get('expected')}，实际为 {shown}",
    }
    return table.get(kind, f"取值无效：{err['msg']}")


def _schema_problems(exc: ValidationError, lines: Mapping[Loc, int]) -> list[Problem]:
    """One problem per mistake: a misspelt key is reported once (as unknown, with the
    suggestion), not a second time as the required field it was meant to be."""
    errors = exc.errors()
    suggested: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            model = _model_at(loc[:-1])
            if model is not None:
                close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields),
                                                  n=1, cutoff=0.6)
                if close:
                    suggested.add((*loc[:-1], close[0]))
    problems = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in suggested:
            continue
        problems.append(Problem(dotted(loc), translate_error(err), _line_for(lines, loc)))
    return problems


def load_profile(path: str | Path) -> LoadedProfile:
    """Load and check one profile; raise ProfileError listing every error."""
    import hashlib

    from generator.profile.checks import cross_check

    file = Path(path)
    data, lines, problems = read_yaml_with_lines(file)
    if data is None and not problems:
        problems = [Problem("", "文件为空，请按 svcmanual init 生成的模板填写", 1)]
    elif data is not None and not isinstance(data, dict):
        problems = [*problems, Problem("", "顶层应为由“键: 值”组成的映射", 1)]
    if problems:
        raise ProfileError(str(file), problems)
    profile: Profile | None = None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, lines))
    if profile is not None:
        for path_loc, message, severity in cross_check(profile):
            problems.append(Problem(dotted(path_loc), message, _line_for(lines, path_loc), severity))
    errors = [p for p in problems if p.severity == "error"]
    if errors or profile is None:
        raise ProfileError(str(file), sorted(problems, key=lambda p: (p.line or 0, p.path)))
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    return LoadedProfile(str(file), profile, tuple(problems), lines, digest)
