"""Read the gap check's own YAML inputs (scheme, assessment) and report problems with lines.

Rules:
1. Unreadable, non-UTF-8 or malformed YAML is refused with the file and line
   (the profile loader's reader is reused, including its alias-bomb guard).
2. The top level must be a mapping.
3. Schema problems are reported all at once as FILE:LINE: path: message, in Chinese;
   an unknown key gets a "did you mean" from the fields allowed at that place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import InputFileError
from generator.profile.loader import Problem, read_yaml_with_lines, translate_error

Loc = tuple[str | int, ...]
Lines = Mapping[Loc, int]


def path_text(loc: Iterable[str | int]) -> str:
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
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def read_mapping(path: Path, what: str) -> tuple[dict[str, Any], Lines]:
    data, lines, problems = read_yaml_with_lines(path)
    if not problems and data is None:
        problems = [Problem("", f"{what}为空", 1)]
    elif not problems and not isinstance(data, dict):
        problems = [Problem("", "顶层应为由“键: 值”组成的映射", 1)]
    if problems:
        raise file_error(path, what, problems)
    return data, lines


def file_error(path: Path, what: str, problems: list[Problem],
               hint: str | None = None) -> InputFileError:
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.path))
    listed = "\n".join("  " + p.format(str(path)) for p in ordered)
    return InputFileError(f"{what} {path} 有 {len(problems)} 处问题：\n{listed}", hint=hint)


def validation_problems(exc: ValidationError, lines: Lines, model: type[BaseModel],
                        base: Loc = ()) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = (*base, *err["loc"])
        unknown = err["type"] == "extra_forbidden"
        message = _unknown_key(model, tuple(err["loc"])) if unknown else translate_error(err)
        problems.append(Problem(path_text(loc), message, line_for(lines, loc)))
    return problems


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    key = str(loc[-1])
    fields = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    hint = f"，是否想写“{close[0]}”？" if close else f"（允许的字段：{'、'.join(fields)}）"
    return f"未知字段“{key}”{hint}"


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _model_of(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
