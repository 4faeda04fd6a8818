"""The road to the certificate written by every build: 认证推进计划.docx and 认证日程.ics.

Both come from the same `profile.schedule.plan_steps`, so the plan and the calendar carry the
same dates: self-check, documents issued, 试运行, 内部评价, 管理评审, 认证申请, the expected
on-site assessment, each 监督 of the certificate's term and its expiry, each with an owner.
The calendar is standard iCalendar (RFC 5545, all-day events), which Outlook, WPS and phone
calendars import. Where a rule of the certification body decides (surveillance interval,
extension, suspension), the plan says so instead of asserting a number of its own: the
interval used is the profile's `certification.surveillance_months`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from docx.shared import Pt
from icalendar import Calendar, Event

from generator.builder import outputs
from generator.ooxml import format
from generator.ooxml.lean import Properties, lean_package, used_styles
from generator.pack.authoring import frame
from generator.profile.model import Profile
from generator.profile.schedule import Step, plan_steps
from generator.render.wording import cn_date

PLAN = "认证推进计划.docx"
CALENDAR = "认证日程.ics"


def write_certplan(folder: Path, final: Path, profile: Profile) -> list[str]:
    """Write both files into `folder` (the build's staging folder); return their names. When
    the calendar (which carries every step, date and owner) is unchanged, the files of the
    last build in `final` are kept as they are (hard links), so an unchanged build rewrites nothing."""
    steps = plan_steps(profile)
    calendar = plan_ics(profile, steps, profile.document_control.issue_date)
    if all((final / n).is_file() for n in (PLAN, CALENDAR)) and (final / CALENDAR).read_bytes() == calendar:
        for name in (PLAN, CALENDAR):
            os.link(final / name, folder / name)
        return [PLAN, CALENDAR]
    made_before = outputs.key(b"plan", profile.model_dump_json().encode("utf-8"))
    (folder / PLAN).write_bytes(outputs.document(made_before, lambda: plan_docx(profile, steps)))
    (folder / CALENDAR).write_bytes(calendar)
    return [PLAN, CALENDAR]


def _when(step: Step) -> str:
    if step.end == step.start:
        return cn_date(step.start)
    return f"{cn_date(step.start)}至{cn_date(step.end)}"


def plan_docx(profile: Profile, steps: list[Step]) -> bytes:
    c = profile.certification
    doc = frame.new_document()
    doc.add_paragraph(f"{profile.company.name}", style=frame.TITLE)
    doc.add_paragraph("售后服务认证推进计划", style=frame.TITLE)
    body = "、".join(
        [f"目标等级：{c.target_level}"]
        + ([f"认证机构：{c.certification_body}"] if c.certification_body else [])
        + [f"试运行：{c.trial_run_months}个月"]
    )
    doc.add_paragraph(f"{body}。各步骤的日期随公司实际进度调整，调整后重新发布本计划。", style=frame.BODY)
    table = frame.grid_table(doc, len(steps) + 1, 5)
    frame.fill_row(table, 0, ["序号", "步骤", "日期", "负责人", "工作内容与证据"], header=True)
    for i, step in enumerate(steps, 1):
        frame.fill_row(table, i, [str(i), step.name, _when(step), step.owner, step.what])
    format.column_widths(table, [1.3, 2.6, 3.3, 1.9, 6.9])  # A4 text width 16 cm
    note = doc.add_paragraph(
        f"说明：监督按每{c.surveillance_months}个月一次、证书有效期按{c.certificate_years}年编排"
        + (f"，监督因故延期最长不超过{c.surveillance_extension_months}个月"
           if c.surveillance_extension_months else "")
        + "；监督间隔、允许的延期及逾期后果以认证机构的认证规则和认证合同为准，签订认证合同后"
        "核对本计划。",
        style=frame.BODY)
    note.runs[0].font.size = Pt(10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    # Stamped with the issue date, so an unchanged profile gives the same bytes.
    when = dt.datetime.combine(profile.document_control.issue_date, dt.time(), dt.timezone.utc)
    return lean_package(data, used_styles(data),
                        Properties(f"{profile.company.name}售后服务认证推进计划",
                                   "由 svcmanual 根据企业档案 certification 编排", when))


def plan_ics(profile: Profile, steps: list[Step], today: dt.date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//svcmanual//认证日程//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{profile.company.short_name}售后服务认证日程")
    c = profile.certification
    cal.add("x-wr-caldesc", f"目标{c.target_level}；试运行{c.trial_run_months}个月；"
            f"{c.certification_body or '认证机构待定'}；证书{c.certificate_years}年")
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)
    for step in steps:
        event = Event()
        event.add("uid", f"{profile.slug}-{step.key}@svcmanual")
        event.add("dtstamp", stamp)
        event.add("summary", f"{profile.company.short_name}：{step.name}")
        event.add("dtstart", step.start)
        event.add("dtend", step.end + dt.timedelta(days=1))  # all-day: the end is exclusive
        event.add("description", f"负责人：{step.owner}\n{step.what}")
        cal.add_component(event)
    return bytes(cal.to_ical())
