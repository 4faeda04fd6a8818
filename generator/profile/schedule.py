"""The road to the certificate as dated steps, computed from the profile.

Order (each step with its owner): 文件自查 → 文件发布 → 试运行 (from the trial-run start, the
length the profile gives) → 内部评价 → 管理评审 → 认证申请 → 预计现场评审 (HQ plus sampled
outlets) → one 监督 per interval of the certificate's term → 证书到期. Offsets between steps
are planning defaults of this tool (a week or two each), not rules of a certification body;
the surveillance interval and the certificate's term come from `certification`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from generator.profile.approvals import person
from generator.profile.model import Profile


@dataclass(frozen=True)
class Step:
    key: str  # selfcheck, issue, trial, evaluation, review, application, assessment, surveillance-1 …
    name: str  # 试运行, 内部评价 …
    start: dt.date
    end: dt.date  # same as start for a one-day step
    owner: str  # a person's name
    what: str  # what is done and what it leaves as evidence



def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def trial_window(profile: Profile) -> tuple[dt.date, dt.date]:
    c = profile.certification
    start = c.trial_run_start or profile.document_control.effective_date
    return start, add_months(start, c.trial_run_months) - dt.timedelta(days=1)


def application_date(profile: Profile) -> dt.date:
    _, trial_end = trial_window(profile)
    review = trial_end + dt.timedelta(days=21)
    return profile.certification.planned_application or review + dt.timedelta(days=14)


def plan_steps(profile: Profile) -> list[Step]:
    c = profile.certification
    dc = profile.document_control
    gm = person(profile, "general_manager")
    mr = person(profile, "management_representative")
    office = person(profile, "office_head")
    trial_start, trial_end = trial_window(profile)
    evaluation = trial_end + dt.timedelta(days=7)
    review = trial_end + dt.timedelta(days=21)
    application = application_date(profile)
    assessment = application + dt.timedelta(days=30)
    sup = profile.organization.supervision
    outlets = "及抽样的服务网点" if profile.network.outlets else ""
    steps = [
        Step("selfcheck", "文件自查", dc.issue_date - dt.timedelta(days=7), dc.issue_date - dt.timedelta(days=7),
             dc.prepared_by, "对照GB/T 27922-2011逐项自查手册、程序文件和表单，估算得分，整改缺项和前后不一致"),
        Step("issue", "体系文件发布", dc.issue_date, dc.issue_date, gm,
             f"发布售后服务手册和程序文件，{_cn(dc.effective_date)}起实施，组织宣贯培训"),
        Step("trial", "试运行", trial_start, trial_end, mr,
             f"体系试运行{c.trial_run_months}个月，各部门按程序文件运行并保存服务、回访、投诉、监督等运行记录"),
        Step("evaluation", "内部评价", evaluation, evaluation, mr,
             "按内部评价与达标控制程序逐项评分，形成内部评价报告，对扣分项开具整改通知"),
        Step("review", "管理评审", review, review, gm,
             "总经理主持评审体系的适宜性和有效性、内部评价结果和目标完成情况，决定是否申请认证"),
        Step("application", "认证申请", application, application, office,
             "向认证机构提交申请书和资料：营业执照、体系文件、运行记录、服务网点清单、组织架构图等"),
        Step("assessment", "预计现场评审", assessment, assessment, mr,
             f"认证机构到总部{outlets}现场评审、评分，目标{c.target_level}；评审后按期限整改"),
    ]
    last = assessment
    term_end = add_months(assessment, 12 * c.certificate_years)
    n = 1
    while add_months(last, c.surveillance_months) < term_end:
        last = add_months(last, c.surveillance_months)
        due = add_months(last, c.surveillance_extension_months or 0)
        latest = (f"，因故延期须书面申请，最迟{_cn(due)}，逾期证书可能被暂停"
                  if c.surveillance_extension_months else "")
        steps.append(Step(f"surveillance-{n}", f"第{n}次监督", last, last, mr,
                          f"认证机构监督评审（上次评审后{c.surveillance_months}个月内{latest}）；"
                          f"此前1个月内完成内部评价，{sup.name}汇总监督记录"))
        n += 1
    steps.append(Step("expiry", "证书到期（再认证）", term_end, term_end, mr,
                      "证书有效期届满，应在到期前提出再认证申请"))
    return steps
