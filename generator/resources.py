"""Where shipped data lives: inside the wheel (generator/_data) or in the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`templates` or `profiles`: the installed copy if present, else the checkout's folder."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def example_profiles() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_dir("profiles").glob("*.yaml"))}
