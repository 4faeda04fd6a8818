"""Read a YAML input file (profile, scheme, assessment) and report its problems with lines.

Every YAML file the tool reads goes through here, so every loader reports alike.

Rules:
1. The file must be UTF-8 YAML of at most `MAX_BYTES`; alias expansion is bounded
   (`MAX_NODES` nodes, `MAX_CHARS` characters of text) so that an alias bomb is refused
   instead of eating memory, and nesting is bounded (`MAX_DEPTH`) while scanning, before
   PyYAML's scanner (quadratic in flow depth) and composer (recursive) get to it.
2. Malformed YAML is one problem with its line and column; so are control characters,
   tags other than the plain ones (!!python/… is refused, never constructed) and keys that
   are not scalars. A key given twice is a problem at its second place.
3. A file that reads cleanly must hold a mapping; an empty file is a problem.
4. Schema problems (pydantic) are reported all at once, in Chinese, each as
   FILE:LINE: path: message. An unknown key gets a "did you mean" from the fields allowed at
   its place (or the list of them); a misspelt key is reported once, as unknown, not a
   second time as the required field it was meant to be.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import InputFileError, Problem
from generator.ooxml.guard import read_input

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_CHARS = 2 * MAX_BYTES
MAX_DEPTH = 64
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
NOT_A_MAPPING = "顶层应为由“键: 值”组成的映射"

Loc = tuple[str | int, ...]
Lines = Mapping[Loc, int]


def loc_text(loc: Iterable[str | int]) -> str:
    """("indicators", 1, "weight") -> 'indicators[1].weight'; a key holding a dot is quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "." in part:
            out += f'["{part}"]'
        else:
            out += ("." if out else "") + part
    return out


def line_for(lines: Lines, loc: Loc) -> int | None:
    """The line of `loc`, or of its nearest ancestor that has one."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was probably meant to be, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: str, allowed: Sequence[str]) -> str:
    """The message for a key that is not allowed: a suggestion, else the allowed keys."""
    close = did_you_mean(key, allowed)
    if close:
        return f"未知字段“{key}”，是否想写“{close}”？"
    listed = f"（允许的字段：{'、'.join(allowed)}）" if allowed else ""
    return f"未知字段“{key}”{listed}"


# ---------------------------------------------------------------- reading (rules 1-3)


# libyaml's safe loader where PyYAML was built with it: the same data, several times faster.
_DATA_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(text: str) -> Any:
    """Plain data from YAML text, for the shipped data files that need no line numbers
    (the catalog, the sector packs); raises yaml.YAMLError like `yaml.safe_load`."""
    return yaml.load(text, Loader=_DATA_LOADER)


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
                        Problem(loc_text(child), "字段重复出现，请删除其中一个",
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


def _read_text(path: Path) -> str:
    raw = read_input(path, MAX_BYTES)  # regular files only, never more than MAX_BYTES read
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）",
            where=str(path), hint="请用 UTF-8 编码另存该文件",
        ) from None


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Read YAML from `path`; return data, line index and structural problems (rules 1-2).

    A file that cannot be read at all raises `InputFileError`."""
    text = _read_text(path)
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


def read_document(path: Path, empty: str) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """`read_yaml`, plus rule 3: `empty` is the problem of a file holding nothing."""
    data, lines, problems = read_yaml(path)
    if data is None and not problems:
        problems = [Problem("", empty, 1)]
    elif data is not None and not isinstance(data, dict):
        problems = [*problems, Problem("", NOT_A_MAPPING, 1)]
    return data, lines, problems


def read_mapping(path: Path, what: str) -> tuple[dict[str, Any], Lines]:
    """The mapping in `path` (a `what`, e.g. 评分方案); any problem raises `InputFileError`."""
    data, lines, problems = read_document(path, f"{what}为空")
    if problems:
        raise file_error(path, what, problems)
    return data, lines


def file_error(path: Path, what: str, problems: Sequence[Problem],
               hint: str | None = None) -> InputFileError:
    """One error listing every problem of the file, in line order."""
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.path))
    listed = "\n".join("  " + p.format(str(path)) for p in ordered)
    return InputFileError(f"{what} {path} 有 {len(problems)} 处问题：\n{listed}", hint=hint)


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


# ---------------------------------------------------------------- schema problems (rule 4)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` inside `model` ([] when no model lives there)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        assert current is not None
        field = current.model_fields.get(part)
        current = None if field is None else model_of(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if current is not None else []


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field's annotation holds (inside Optional, list, dict …), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_of(arg)
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


def _translate_error(err: ErrorDetails, model: type[BaseModel]) -> str:
    """One pydantic error of validating `model`, in Chinese."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    if kind == "missing":
        return "缺少必填字段，请补充"
    if kind == "extra_forbidden":
        loc = tuple(err["loc"])
        return unknown_key(str(loc[-1]), _fields_at(model, loc[:-1]))
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    table = {
        "int_parsing": f"应为整数，实际为 {shown}",
        "int_type": f"应为整数，实际为 {shown}",
        "int_from_float": f"应为整数，实际为 {shown}",
        "int_parsing_size": f"数字过大，实际为 {shown}",
        "float_parsing": f"应为数字，实际为 {shown}",
        "float_type": f"应为数字，实际为 {shown}",
        "finite_number": f"应为有限的数字（不能是 .inf 或 .nan），实际为 {shown}",
        "multiple_of": f"应为 {ctx.get('multiple_of')} 的整数倍，实际为 {shown}",
        "decimal_parsing": f"应为数字，实际为 {shown}",
        "decimal_type": f"应为数字，实际为 {shown}",
        "enum": f"只能取 {ctx.get('expected')}，实际为 {shown}",
        "list_type": f"应为列表（每项以“- ”开头），实际为 {shown}",
        "tuple_type": f"应为列表（每项以“- ”开头），实际为 {shown}",
        "set_type": f"应为列表（每项以“- ”开头），实际为 {shown}",
        "frozen_instance": "该字段不能修改",
        "url_parsing": f"应为网址（如 https://example.com），实际为 {shown}",
        "url_scheme": f"网址应以 http:// 或 https:// 开头，实际为 {shown}",
        "time_parsing": f"应为时间（如 08:30），实际为 {shown}",
        "datetime_parsing": f"应为日期时间（如 2025-03-01 08:30），实际为 {shown}",
        "date_from_datetime_inexact": f"应为日期（如 2025-03-01），不能带时间，实际为 {shown}",
        "none_required": f"此处应为空，实际为 {shown}",
        "is_instance_of": f"类型不符，实际为 {shown}",
        "union_tag_invalid": f"取值无效，实际为 {shown}",
        "bool_parsing": f"应为 true 或 false，实际为 {shown}",
        "bool_type": f"应为 true 或 false，实际为 {shown}",
        "string_type": f"应为文字，实际为 {shown}"
        + ("（编号、电话等请加引号，如 \"0571...\"）" if isinstance(value, int) else ""),
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
    # a kind without a translation: never pydantic's English, only the value and the type code
    return table.get(kind, f"取值无效（{kind}），实际为 {shown}，请对照 svcmanual schema 修改")


def schema_problems(exc: ValidationError, lines: Lines, model: type[BaseModel],
                    base: Loc = ()) -> list[Problem]:
    """One problem per mistake of validating `model` at `base` in the file (rule 4)."""
    errors = exc.errors()
    suggested: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            close = did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
            if close:
                suggested.add((*loc[:-1], close))
    problems = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in suggested:
            continue
        full = (*base, *loc)
        problems.append(Problem(loc_text(full), _translate_error(err, model), line_for(lines, full)))
    return problems
