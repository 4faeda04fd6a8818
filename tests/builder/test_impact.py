"""Which documents a profile change reaches, from what their templates read (generator.builder.impact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.changes import profile_changes
from generator.builder.impact import affects, apply_change, attribute, changed_context_paths, template_reads
from generator.pack.pack import TemplatePack
from generator.profile.loader import load_profile
from generator.profile.model import Profile

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "profiles" / "lanqin-appliance.yaml"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(PROFILE).profile


def changed(profile: Profile, **company: str) -> Profile:
    return profile.model_copy(update={"company": profile.company.model_copy(update=company)})


def test_template_reads_names_context_paths() -> None:
    reads = template_reads(TemplatePack().procedure("P04-报修、送修和上门维修服务控制程序.docx"))
    assert ("co", "hotline") in reads
    assert any(path[0] == "promise" for path in reads)


def test_affects_by_prefix_either_way() -> None:
    assert affects(frozenset({("co", "hotline")}), {("co", "hotline")})
    assert affects(frozenset({("co",)}), {("co", "hotline")})          # reads the whole object
    assert affects(frozenset({("co", "hotline")}), {("co",)})          # the whole object changed
    assert not affects(frozenset({("co", "name")}), {("co", "hotline")})


def test_changed_context_paths_of_a_hotline_change(profile: Profile) -> None:
    new = changed(profile, hotline="400-000-1234")
    paths = changed_context_paths(profile, new)
    assert ("co", "hotline") in paths
    assert ("co", "name") not in paths


def test_apply_change_takes_only_that_change(profile: Profile) -> None:
    new = changed(profile, hotline="400-000-1234", website="www.example.cn")
    changes = profile_changes(profile, new)
    assert len(changes) == 2
    hotline_only = apply_change(profile, new, next(c for c in changes if "hotline" in c.path))
    assert hotline_only.company.hotline == "400-000-1234"
    assert hotline_only.company.website == profile.company.website


def test_attribute_reaches_only_documents_that_read_the_field(profile: Profile) -> None:
    pack = TemplatePack()
    templates = {
        "P04": pack.procedure("P04-报修、送修和上门维修服务控制程序.docx"),
        "P21": pack.procedure("P21-记录控制程序.docx"),
    }
    new = changed(profile, hotline="400-000-1234")
    per_doc = attribute(profile_changes(profile, new), profile, new, templates)
    assert [c.path for c in per_doc["P04"]] == ["company.hotline"]
    assert per_doc["P21"] == []
