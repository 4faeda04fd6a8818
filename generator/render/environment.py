"""The one Jinja environment every template renders in: sandboxed, strict, escaping.

docxtpl hands the environment each template's XML as a string; compiling it is the
expensive part of a render. Compiled templates are kept per source text, in memory for the
process (a batch renders the same template for many profiles) and as marshalled code in the
user's cache folder, so that the next run skips compiling too.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.render.wording import join_cn

_CACHE_VERSION = b"svcmanual-jinja-2"
# A template may compute, but not exhaust the machine: bounds on `**` and on repeating strings
# and lists with `*` (third-party packs run in this sandbox too).
MAX_EXPONENT = 1000
MAX_REPEAT_LENGTH = 1_000_000


def cache_dir() -> Path | None:
    """Where prepared and compiled templates persist (subfolders of this one);
    SVCMANUAL_CACHE=off disables the disk cache."""
    setting = os.environ.get("SVCMANUAL_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "svcmanual"


class CachingSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["**", "*"])

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._compiled: dict[bytes, Template] = {}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and (
                abs(right) > MAX_EXPONENT
                or (isinstance(left, int) and left.bit_length() * abs(right) > 100_000)):
            raise SecurityError(f"模板中的乘方过大（指数 {right}）")
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
            try:
                return marshal.loads(path.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                pass
        code = self.compile(source)
        if path is not None:
            write_cache(path, marshal.dumps(code))
        return code


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically; the disk cache is an optimisation only, so failing to
    write it is fine."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def make_env(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """Strict undefined (a missing field is an error, never an empty string), autoescape on
    (an '&' in a company name must not corrupt the XML), sandboxed and immutable (a third-party
    template pack cannot reach Python internals or mutate the context)."""
    env = CachingSandbox(
        undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True
    )
    env.filters["join_cn"] = join_cn
    return env
