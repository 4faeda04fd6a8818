"""The one Jinja environment every template renders in: sandboxed, strict, escaping."""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.render.context import join_cn


def make_env(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """Strict undefined (a missing field is an error, never an empty string), autoescape on
    (an '&' in a company name must not corrupt the XML), sandboxed and immutable (a third-party
    template pack cannot reach Python internals or mutate the context)."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True
    )
    env.filters["join_cn"] = join_cn
    return env
