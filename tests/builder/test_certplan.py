"""Every build writes the road to the certificate (认证推进计划.docx, 认证日程.ics) and every
document is signed by whom P20's approval table names: checked by reopening the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from docx import Document
from icalendar import Calendar

from generator.builder.certplan import CALENDAR, PLAN
from generator.profile.loader import load_profile
from generator.render.wording import cn_date
from tests.conftest import PROFILES
from tests.docfiles import all_text

REQUIRED = ("试运行", "内部评价", "管理评审", "认证申请", "监督")


def _events(folder: Path) -> list[tuple[str, dt.date, dt.date]]:
    cal = Calendar.from_ical((folder / CALENDAR).read_bytes())
    return [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"))
            for e in cal.walk("VEVENT")]


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_calendar_has_the_dated_steps(built: dict[str, Path], name: str) -> None:
    events = _events(built[name])
    assert len(events) >= 6
    for word in REQUIRED:
        assert any(word in summary for summary, _, _ in events), word
    for _, start, end in events:
        assert isinstance(start, dt.date) and end > start
    starts = [start for _, start, _ in events]
    assert starts == sorted(starts), "steps in the order of the road to the certificate"
    by = {summary.split("：", 1)[1]: start for summary, start, _ in events}
    assert by["认证申请"] > by["管理评审"] > by["内部评价"] > by["试运行"]


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_plan_docx_carries_the_calendar_dates(built: dict[str, Path], name: str) -> None:
    rows = [[c.text for c in r.cells] for r in Document(str(built[name] / PLAN)).tables[0].rows]
    assert rows[0][:4] == ["序号", "步骤", "日期", "负责人"]
    events = _events(built[name])
    assert len(rows) - 1 == len(events)
    for row, (summary, start, _) in zip(rows[1:], events, strict=True):
        assert summary.endswith(row[1])
        assert row[2].startswith(cn_date(start))
        assert row[3], f"{row[1]} has an owner"


def test_surveillance_follows_the_profile_interval(tmp_path: Path) -> None:
    from generator.builder.run import build

    data = yaml.safe_load(PROFILES[0].read_text(encoding="utf-8"))
    data["certification"] = {"target_level": "四星级", "trial_run_months": 2,
                             "surveillance_months": 6, "certificate_years": 2}
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = build(profile, tmp_path / "out", refresh=False).folder
    events = _events(folder)
    surveillance = [start for s, start, _ in events if "监督" in s]
    assessment = next(start for s, start, _ in events if "现场评审" in s)
    assert len(surveillance) == 3  # every 6 months within a 2-year term
    assert surveillance[0].month == (assessment.month + 5) % 12 + 1
    trial = next((start, end) for s, start, end in events if "试运行" in s)
    loaded = load_profile(profile).profile
    assert trial[0] == loaded.document_control.effective_date
    plan_text = "\n".join(p.text for p in Document(str(folder / PLAN)).paragraphs)
    assert "四星级" in plan_text and "每6个月" in plan_text


def _signature(path: Path) -> dict[str, str]:
    cells = [c.text for row in Document(str(path)).tables[0].rows for c in row.cells]
    return {cells[i]: cells[i + 1] for i in range(len(cells) - 1) if cells[i] in ("编制", "审核", "批准")}


def _p20_table(folder: Path) -> dict[str, str]:
    p20 = next((folder / "procedures").glob("P20-*.docx"))
    for table in Document(str(p20)).tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:1] == ["文件类别"]:
            col = header.index("批准")
            return {r.cells[0].text: r.cells[col].text for r in table.rows[1:]}
    raise AssertionError("P20 has no approval table")


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_every_document_is_approved_as_p20_says(built: dict[str, Path], name: str) -> None:
    folder = built[name]
    table = _p20_table(folder)
    profile = load_profile(next(p for p in PROFILES if p.stem == name)).profile
    procedure_approver = profile.organization.management_representative.name
    assert procedure_approver in table["程序文件"], "P20: 程序文件 approved by the 管理者代表"
    assert profile.organization.general_manager.name in table["售后服务手册"]
    for path in sorted((folder / "procedures").glob("*.docx")):
        assert _signature(path)["批准"] in table["程序文件"], path.name
    manual = _signature(folder / "售后服务手册.docx")
    assert manual["批准"] in table["售后服务手册"]
    assert manual["审核"] != manual["批准"]


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_the_set_covers_the_road_to_the_certificate(built: dict[str, Path], name: str) -> None:
    folder = built[name]
    cert = load_profile(next(p for p in PROFILES if p.stem == name)).profile.certification
    manual = all_text(folder / "售后服务手册.docx")
    p16 = all_text(next((folder / "procedures").glob("P16-*.docx")))
    for text in (manual, p16):
        assert "试运行" in text and "管理评审" in text
        assert f"每{cert.surveillance_months}个月一次" in text
        if cert.surveillance_extension_months:
            assert f"延期最长不超过{cert.surveillance_extension_months}个月" in text
        assert "证书暂停" in text, "what happens when surveillance is missed"
    assert "营业执照" in p16
    assert f"目标等级为{cert.target_level}" in manual
