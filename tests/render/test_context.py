"""The render context: its keys are exactly those `RenderContext` declares and documents."""

from __future__ import annotations

import re
from pathlib import Path

from generator.profile.loader import load_profile
from generator.render.context import BUILD_KEYS, CONTEXT_KEYS, build_context

AUTHORING = Path(__file__).resolve().parents[2] / "templates" / "src" / "AUTHORING.md"


def test_context_has_exactly_the_declared_keys(example_profile: Path) -> None:
    context = build_context(load_profile(example_profile).profile)
    assert set(context) == CONTEXT_KEYS - {"this"}
    assert context["doc_list"] == [] and context["images"] == {}


def test_build_keys_are_declared() -> None:
    assert BUILD_KEYS <= CONTEXT_KEYS


def test_authoring_guide_names_every_profile_key() -> None:
    named = set(re.findall(r"`([a-z_]+)[.`\[(]", AUTHORING.read_text(encoding="utf-8")))
    assert sorted(CONTEXT_KEYS - BUILD_KEYS - named) == []
