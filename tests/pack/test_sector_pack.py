"""Sector templates: the lookup order of a pack and the sector documents the default pack has."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.plan import plan_jobs
from generator.catalog import load_catalog
from generator.errors import TemplatePackError
from generator.pack.pack import TemplatePack, default_pack_dir
from generator.profile.loader import load_profile
from tests.conftest import ROOT

P04 = "P04-报修、送修和上门维修服务控制程序.docx"
P20 = "P20-文件控制程序.docx"


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_lookup_order_custom_sector_custom_default_sector_default(tmp_path: Path) -> None:
    default = default_pack_dir()
    manual = _touch(tmp_path / "manual" / "售后服务手册.docx")  # an empty pack is refused
    pack = TemplatePack(tmp_path)
    assert pack.manual("售后服务手册.docx") == manual
    assert pack.procedure(P04, "apparel") == default / "procedures" / "apparel" / P04
    assert pack.procedure(P20, "apparel") == default / "procedures" / P20
    assert pack.procedure(P04) == default / "procedures" / P04
    root = _touch(tmp_path / "procedures" / P04)
    assert pack.procedure(P04, "apparel") == root
    own = _touch(tmp_path / "procedures" / "apparel" / P04)
    assert pack.procedure(P04, "apparel") == own
    assert pack.procedure(P04, "medical_device") == root


def test_sector_name_cannot_leave_the_pack() -> None:
    with pytest.raises(TemplatePackError):
        TemplatePack().procedure(P04, "../procedures")


def test_plan_uses_the_sector_templates_and_record_list() -> None:
    loaded = load_profile(ROOT / "profiles" / "danning-medical.yaml")
    jobs = {j.id: j for j in plan_jobs(loaded, TemplatePack(), load_catalog())}
    assert jobs["P04"].template.parent.name == "medical_device"
    assert jobs["P20"].template.parent.name == "procedures"
    assert jobs["JL-04-07"].title == "电气安全检测记录"
    assert jobs["JL-04-07"].template.parent.name == "medical_device"
    assert "JL-04-06" in jobs and "JL-13-03" in jobs
