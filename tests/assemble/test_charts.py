"""The manual's charts: laid out from the real reporting lines, on the page, 9 pt, and with
no two boxes on top of each other."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from generator.assemble.charts import WIDTH_MM, aftersales_chart, charts, org_chart, superior
from generator.ooxml.drawing import Box, Drawing
from generator.profile.loader import load_profile
from generator.profile.model import Profile
from generator.render.context import build_context

from ..conftest import PROFILES, ROOT


def _profile(name: str) -> Profile:
    return load_profile(ROOT / "profiles" / f"{name}.yaml").profile


def _text(box: Box) -> str:
    return "".join(box.lines)


def _box(drawing: Drawing, start: str) -> Box:
    return next(b for b in drawing.boxes if _text(b).startswith(start))


def _framed(drawing: Drawing) -> list[Box]:
    return [b for b in drawing.boxes if b.outline and b.lines]


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_chart_fits_the_page_at_9pt_without_overlaps(path: Path) -> None:
    profile = load_profile(path).profile
    for name, drawing in charts(profile, build_context(profile)).items():
        assert drawing.width <= WIDTH_MM + 0.01, name
        assert min(b.size for b in drawing.boxes) >= 9, name
        for box in drawing.boxes:
            assert box.x >= 0 and box.x + box.w <= drawing.width + 0.01, (name, box.lines)
            assert box.y >= 0 and box.y + box.h <= drawing.height + 0.01, (name, box.lines)
        for a, b in itertools.combinations(_framed(drawing), 2):
            assert not _overlap(a, b), (name, a.lines, b.lines)


def test_org_chart_follows_reporting_lines_with_the_representative_as_staff() -> None:
    profile = _profile("yunzhi-software")
    drawing = org_chart(profile)
    gm, deputy = _box(drawing, "总经理"), _box(drawing, "副总经理")
    service, rnd = _box(drawing, "技术服务中心"), _box(drawing, "产品研发中心")
    assert deputy.y > gm.y and rnd.y == deputy.y  # R&D reports to the GM, beside the deputy
    assert service.y > deputy.y  # the service centre reports to the deputy (default)
    assert abs((service.x + service.w / 2) - (deputy.x + deputy.w / 2)) < 0.01
    mr = _box(drawing, "管理者代表")
    assert mr.dashed and gm.y < mr.y < deputy.y
    assert "176人" in _text(rnd)


def test_reports_to_moves_a_department_under_another() -> None:
    profile = _profile("lanqin-appliance")
    org = profile.organization
    departments = [d.model_copy(update={"reports_to": "综合办公室"}) if d.name == "财务部" else d
                   for d in org.departments]
    profile = profile.model_copy(update={
        "organization": org.model_copy(update={"departments": departments})})
    assert superior(profile, departments[-2]) == "综合办公室" and departments[-2].name == "财务部"
    drawing = org_chart(profile)
    office, fin = _box(drawing, "综合办公室"), _box(drawing, "财务部")
    assert fin.y > office.y


def test_aftersales_chart_shows_posts_headcounts_and_outlets() -> None:
    profile = _profile("danning-medical")
    drawing = aftersales_chart(profile)
    texts = [_text(b) for b in drawing.boxes]
    org = profile.organization
    for post in org.posts:
        if post.department == org.aftersales_department:
            assert f"{post.name}{post.count}人" in texts
    for outlet in profile.network.outlets:
        assert f"{outlet.name}{outlet.staff}人" in texts
    assert any(t.startswith(org.supervision.name) for t in texts)
    assert "400坐席10人" in texts and ("400", "坐席") not in [b.lines[:2] for b in drawing.boxes]


@pytest.mark.parametrize("name", ["lanqin-appliance", "yunzhi-software"])
def test_flow_chart_has_lanes_and_branches(name: str) -> None:
    profile = _profile(name)
    ctx = build_context(profile)
    drawing = charts(profile, ctx)["flow_chart"]
    texts = {_text(b) for b in [*drawing.boxes, *drawing.background]}
    assert {"客户", ctx["post"]["agent"], ctx["post"]["dispatcher"], "管理者代表"} <= texts
    assert {"可远程？", "满意？", "否，重新派工", "升级？", "升级处理督办"} <= texts
    tangible = ctx["tangible"]
    assert ({"取回", "取回检修", "领用备件"} <= texts) == tangible
