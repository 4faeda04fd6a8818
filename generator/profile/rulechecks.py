"""The consistency rules of `catalog/rules.yaml` that run on a profile (`svcmanual check`).

Each problem starts with its rule id in brackets ([R-SUPERVISION] …) so that `svcmanual rules`
explains it. R-APPROVAL: the manual's signatories in document_control agree with the approval
table. R-SUPERVISION: the supervision leader neither heads nor belongs to the supervised
after-sales department. R-MATRIX: the 职能分配表's lead for 5.1.5.1 is not the supervised
department. R-TIMELIMIT: the commitments do not contradict each other. R-EVIDENCE: every commitment
of the rules file's `evidence` keeps its procedure and has a form that records it. R-CERTPLAN: the certification steps
are in order and the target level exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import load_catalog
from generator.catalog.rules import load_evidence
from generator.catalog.sectors import sector_procedures, sector_set
from generator.errors import Severity
from generator.profile.approvals import signoffs
from generator.profile.model import Profile
from generator.profile.schedule import plan_steps, trial_window
from generator.profile.sector_checks import given
from generator.yamlfile import Loc

Check = tuple[Loc, str, Severity]


def rule_checks(p: Profile) -> list[Check]:
    return [*_approval(p), *_supervision(p), *_timelimits(p), *_evidence(p), *_certplan(p)]


def _approval(p: Profile) -> Iterator[Check]:
    manual = signoffs(p)["manual"]
    table = {"reviewed_by": ("审核", manual["reviewed_role"], manual["reviewed_by"]),
             "approved_by": ("批准", manual["approved_role"], manual["approved_by"])}
    for key, (verb, role, name) in table.items():
        given = getattr(p.document_control, key)
        if given is not None and given != name:
            yield (("document_control", key),
                   f"[R-APPROVAL] 手册的{verb}人填写为“{given}”，但审批权限表（approvals.manual）规定由"
                   f"{role}（{name}）{verb}；请删除该项或改为一致，或修改 approvals", "warning")


def _supervision(p: Profile) -> Iterator[Check]:
    org = p.organization
    sup = org.supervision
    supervised = org.aftersales_department
    head = next((d.head for d in org.departments if d.name == supervised), None)
    in_supervised = any(m.name == sup.leader and m.department == supervised for m in sup.members)
    if sup.leader == head or in_supervised:
        what = "负责人" if sup.leader == head else "成员"
        yield (("organization", "supervision", "leader"),
               f"[R-SUPERVISION] organization.supervision 的负责人{sup.leader}是被监督的{supervised}的{what}，"
               "监督不独立：请改由质量或其他不承担售后服务作业的部门人员担任负责人", "warning")
    if org.functions.quality == supervised:
        yield (("organization", "functions", "quality"),
               f"[R-MATRIX] 质量分析与监督由被监督的{supervised}承担，职能分配表中5.1.5.1的主责部门即被监督部门，"
               "监督不独立：请指定另一个部门", "warning")


def _timelimits(p: Profile) -> Iterator[Check]:
    c = p.commitments
    for i, onsite in enumerate(c.onsite):
        if onsite.hours < c.response_hours:
            yield (("commitments", "onsite", i, "hours"),
                   f"[R-TIMELIMIT] {onsite.area}上门时限{onsite.hours:g}小时短于响应时限{c.response_hours:g}小时，"
                   "服务承诺书前后矛盾：上门时限应不短于响应时限", "warning")
    if c.complaint_response_hours > c.complaint_close_days * 24:
        yield (("commitments", "complaint_response_hours"),
               f"[R-TIMELIMIT] 投诉响应时限{c.complaint_response_hours}小时长于投诉处理完毕时限"
               f"{c.complaint_close_days}天，请核对", "warning")


def _evidence(p: Profile) -> Iterator[Check]:
    """Each given commitment of `rules.yaml` evidence: its procedure is kept and one of that
    procedure's forms in this set (the sector's forms where a sector is named) records it."""
    catalog = load_catalog()
    excluded = {e.id: i for i, e in enumerate(p.exclusions.procedures)}
    sector = sector_set().sectors.get(p.company.sector or "")
    procedures = sector_procedures(catalog, sector) if sector else catalog.procedures
    forms = {proc.id: [r.name for r in proc.records] for proc in procedures}
    warned: set[str] = set()
    for need in load_evidence():
        if not given(p, need.field):
            continue
        loc = tuple(need.field.split("."))
        if need.procedure in excluded:
            if need.procedure not in warned:
                warned.add(need.procedure)
                yield (("exclusions", "procedures", excluded[need.procedure], "id"),
                       f"[R-EVIDENCE] 承诺了{need.what}（{need.field}），却删减了执行它的{need.procedure}，"
                       "兑现情况将无记录可查：请取消删减或撤回该承诺", "warning")
        elif not any(word in name for name in forms.get(need.procedure, []) for word in need.forms):
            yield (loc, f"[R-EVIDENCE] 承诺了{need.what}，但{need.procedure}的记录表单中没有记录它的表单"
                        f"（表单名称含“{'”或“'.join(need.forms)}”）：请增加表单或撤回该承诺", "warning")


def _certplan(p: Profile) -> Iterator[Check]:
    c = p.certification
    levels = [lv.name for lv in load_catalog().scheme.levels]
    if c.target_level not in levels:
        yield (("certification", "target_level"),
               f"[R-CERTPLAN] 目标等级“{c.target_level}”不在评分方案中（可选：{'、'.join(levels)}）", "error")
    start, _ = trial_window(p)
    if start < p.document_control.effective_date:
        yield (("certification", "trial_run_start"),
               f"[R-CERTPLAN] 试运行开始日期 {start} 早于文件实施日期 {p.document_control.effective_date}，"
               "试运行应在文件实施后开始", "warning")
    if c.planned_application is not None:
        review = next(s for s in plan_steps(p) if s.key == "review")
        if c.planned_application <= review.start:
            yield (("certification", "planned_application"),
                   f"[R-CERTPLAN] 计划申请日期 {c.planned_application} 不晚于管理评审（预计 {review.start}），"
                   "须先完成试运行、内部评价和管理评审：请推后申请日期或提前试运行", "warning")
