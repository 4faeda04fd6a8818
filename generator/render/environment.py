"""The one Jinja environment every template renders in: sandboxed, strict, escaping.

docxtpl hands the environment each template's XML as a string; compiling it is the
expensive part of a render. Compiled templates are kept per source text, in memory for the
process (a batch renders the same template for many profiles) and as marshalled code in the
user's cache folder, so that the next run skips compiling too.

A template may compute, but not exhaust the machine: `**`, `*` and `%`, the filters and string
methods that make long strings (replace, center, indent, format, ljust …) and `lipsum` refuse
results over `MAX_REPEAT_LENGTH`; a cache file over `diskcache.MAX_CACHE_BYTES` is not
written. Loops are bounded by the sandbox's `range` and, for a pack that is not ours, by the
render worker's time and memory limits (`generator.render.budget`).
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from typing import Any

from jinja2 import StrictUndefined, Template, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import do_center, do_format, do_indent, do_replace
from jinja2.nodes import EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from generator.diskcache import cache_dir, read_cache, write_cache
from generator.render.wording import join_cn

_CACHE_VERSION = b"svcmanual-jinja-2"
# A template may compute, but not exhaust the machine: bounds on `**` and on repeating strings
# and lists with `*` (third-party packs run in this sandbox too).
MAX_EXPONENT = 1000
MAX_REPEAT_LENGTH = 1_000_000
MAX_LIPSUM = 100
# str methods whose integer arguments are output widths, and those whose result can grow
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?|\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


def _refuse(what: str, size: int) -> None:
    if size > MAX_REPEAT_LENGTH:
        raise SecurityError(f"模板中的“{what}”结果过大（约 {size} 个字符，上限 {MAX_REPEAT_LENGTH}）")


def _format_width(fmt: str) -> int:
    """The widest field a %- or {}-format string asks for."""
    widths = [int(n) for m in _FORMAT_WIDTH.finditer(fmt) for n in m.groups() if n]
    return max(widths, default=0)


def _replaced_length(s: str, old: str, new: str, count: int | None = None) -> int:
    hits = len(s) + 1 if old == "" else s.count(old)
    if count is not None and count >= 0:
        hits = min(hits, count)
    return len(s) + hits * (len(new) - len(old))


@pass_eval_context
def _replace(eval_ctx: EvalContext, s: str, old: str, new: str, count: int | None = None) -> str:
    _refuse("replace", _replaced_length(str(s), str(old), str(new), count))
    return do_replace(eval_ctx, s, old, new, count)


def _center(value: str, width: int = 80) -> str:
    _refuse("center", int(width))
    return do_center(value, width)


def _indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    per_line = len(width) if isinstance(width, str) else int(width)
    _refuse("indent", len(str(s)) + per_line * (str(s).count("\n") + 1))
    return do_indent(s, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _refuse("format", _format_width(str(value)))
    return do_format(value, *args, **kwargs)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if int(n) > MAX_LIPSUM or int(max) > MAX_LIPSUM or int(min) > MAX_LIPSUM:
        raise SecurityError(f"模板中的 lipsum 段落或词数过多（上限 {MAX_LIPSUM}）")
    return str(generate_lorem_ipsum(n, html, min, max))


class CachingSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["**", "*", "%"])

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._compiled: dict[bytes, Template] = {}
        self.filters.update(replace=_replace, center=_center, indent=_indent, format=_format)
        self.globals["lipsum"] = _lipsum

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A str method is bounded like the filters of the same name."""
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _WIDTH_METHODS:
                _refuse(name, max([len(owner)] + [a for a in args if isinstance(a, int)]))
            elif name == "replace" and len(args) >= 2:
                _refuse(name, _replaced_length(owner, str(args[0]), str(args[1]),
                                               args[2] if len(args) > 2 else None))
            elif name == "join" and args:
                _refuse(name, len(owner) * len(args[0]) if hasattr(args[0], "__len__") else 0)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """str.format / format_map, refused when a field asks for a huge width."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _refuse("format", _format_width(value.__self__))
        return wrapped

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and (
                abs(right) > MAX_EXPONENT
                or (isinstance(left, int) and left.bit_length() * abs(right) > 100_000)):
            raise SecurityError(f"模板中的乘方过大（指数 {right}）")
        if operator == "%" and isinstance(left, str):
            _refuse("%", _format_width(left))
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                        and len(seq) * count > MAX_REPEAT_LENGTH):
                    raise SecurityError("模板中的重复运算结果过大")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = hashlib.blake2b(_CACHE_VERSION + source.encode("utf-8") +
                              str(self.autoescape).encode(), digest_size=20).digest()
        found = self._compiled.get(key)
        if found is None:
            found = self.template_class.from_code(self, self._code(key, source),
                                                  self.make_globals(None), None)
            self._compiled[key] = found
        return found

    def _code(self, key: bytes, source: str) -> Any:
        folder = cache_dir()
        path = folder / "jinja" / f"{key.hex()}.{sys.implementation.cache_tag}" if folder else None
        if path is not None:
            raw = read_cache(path)
            if raw is not None:
                try:
                    return marshal.loads(raw)
                except (ValueError, EOFError, TypeError):
                    pass
        code = self.compile(source)
        if path is not None:
            write_cache(path, marshal.dumps(code))
        return code


def make_env(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """Strict undefined (a missing field is an error, never an empty string), autoescape on
    (an '&' in a company name must not corrupt the XML), sandboxed and immutable (a third-party
    template pack cannot reach Python internals or mutate the context)."""
    env = CachingSandbox(
        undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True
    )
    env.filters["join_cn"] = join_cn
    return env
