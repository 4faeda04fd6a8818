"""One exception family for svcmanual; each class carries its process exit code.

Exit codes (contract): 0 success; 1 the tool failed (bad file, I/O, render error);
2 usage error (raised by click itself); 3 the input was checked and falls short.
A `Problem` is one mistake in an input file with its place; `ProfileError` carries them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SHORT = 3

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: the path inside it (`company.hotline`), what, which line."""

    path: str
    message: str
    line: int | None = None
    severity: Severity = "error"

    def format(self, file: str) -> str:
        """FILE:LINE: path: message, as every loader reports its problems."""
        place = f"{file}:{self.line}" if self.line else file
        tag = "" if self.severity == "error" else "警告："
        return f"{place}: {self.path or '（文件）'}: {tag}{self.message}"


class SvcError(Exception):
    """Base class. The message is user-facing Chinese: what, where, what to do next."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  处理建议：{self.hint}"
        return text


class InputFileError(SvcError, OSError):
    """A file given by the user cannot be read or is not what it should be."""


class ProfileError(SvcError, ValueError):
    """A profile was read and has problems; `problems` lists every one with its place."""

    exit_code = EXIT_SHORT

    def __init__(self, path: str, problems: Sequence[Problem]):
        self.path = path
        self.problems = problems
        super().__init__(f"企业档案有 {len(problems)} 处问题", where=path)


class CatalogError(SvcError, ValueError):
    """The shipped catalog (procedures, manual elements, scheme) is inconsistent."""


class TemplateRenderError(SvcError, RuntimeError):
    """A template failed to render; the message names the template and shows the text around."""


class TemplatePackError(SvcError, ValueError):
    """A template pack is missing, malformed or tries to do something forbidden."""


class DependencyMissing(SvcError, RuntimeError):
    """An external program (LibreOffice) is needed and not installed."""


class OutputError(SvcError, OSError):
    """The output folder cannot be written safely."""
