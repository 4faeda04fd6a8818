"""Cross-field checks on a profile that parsed cleanly.

Rules (each yields a problem with its place):
1. Every department named anywhere (aftersales_department, posts, functions, 管理师,
   supervision members) is one of `organization.departments`; every post named in
   `functions` is one of `organization.posts`. Names are unique.
2. Dates are in order: founded ≤ issue_date ≤ effective_date.
3. 删减 names existing procedures and indicators, never the ones 5.1.4.1 cannot do without.
4. Warnings: 售后服务管理师 fewer than 10 % of the after-sales staff (or none); no full-time
   supervision member; tangible products without spare parts or on-site limits; an entrusted
   outlet without an agreement date or with one that ends before the effective date; no
   sector and an empty law list (the manual would list no law at all).
5. The consistency rules of catalog/rules.yaml (`profile.rulechecks`), each with its rule id.
6. The checks against the profile's sector (`profile.sector_checks`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from generator.catalog import load_catalog
from generator.catalog.sectors import sector_set
from generator.errors import Severity
from generator.profile.model import Profile
from generator.profile.rulechecks import rule_checks
from generator.profile.sector_checks import sector_check
from generator.yamlfile import Loc

Check = tuple[Loc, str, Severity]


MAX_DEPARTMENTS = 30  # columns of the manual's function matrix that still lay out on A4


def cross_check(profile: Profile) -> list[Check]:
    return [*_references(profile), *_dates(profile), *_exclusions(profile), *_warnings(profile),
            *rule_checks(profile), *sector_check(profile)]


def _dupes(names: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            yield i, name
        seen.add(name)


def _references(p: Profile) -> Iterator[Check]:
    org = p.organization
    depts = [d.name for d in org.departments]
    posts = [q.name for q in org.posts]
    dept_set, post_set = set(depts), set(posts)
    listed = "、".join(depts)

    def unknown_dept(name: str) -> str:
        return f"部门“{name}”不在 organization.departments 中（现有：{listed}），请先定义该部门或改用已有名称"

    for i, name in _dupes(depts):
        yield ("organization", "departments", i, "name"), f"部门名称“{name}”重复", "error"
    for i, name in _dupes(posts):
        yield ("organization", "posts", i, "name"), f"岗位名称“{name}”重复", "error"
    for i, name in _dupes([o.name for o in p.network.outlets]):
        yield ("network", "outlets", i, "name"), f"网点名称“{name}”重复", "error"
    if org.aftersales_department not in dept_set:
        yield ("organization", "aftersales_department"), unknown_dept(org.aftersales_department), "error"
    if len(depts) > MAX_DEPARTMENTS:
        yield (("organization", "departments"),
               f"部门过多（{len(depts)} 个，最多 {MAX_DEPARTMENTS} 个）：手册的职能分配表每个部门占一列，"
               "列数过多时表格无法排版；请合并职责相近的部门，或只列出承担售后服务职能的部门", "error")
    for i, post in enumerate(org.posts):
        if post.department not in dept_set:
            yield ("organization", "posts", i, "department"), unknown_dept(post.department), "error"
    for i, sm in enumerate(org.service_managers):
        if sm.department not in dept_set:
            yield ("organization", "service_managers", i, "department"), unknown_dept(sm.department), "error"
    for i, member in enumerate(org.supervision.members):
        if member.department not in dept_set:
            yield ("organization", "supervision", "members", i, "department"), unknown_dept(member.department), "error"
    yield from _reporting_lines(p)
    funcs = org.functions
    for key in ("hr", "office", "quality", "technical", "sales", "finance", "warehouse"):
        value = getattr(funcs, key)
        if value is not None and value not in dept_set:
            yield ("organization", "functions", key), unknown_dept(value), "error"
    for key in ("dispatcher", "agent", "engineer", "parts_keeper", "doc_controller"):
        value = getattr(funcs, key)
        if value is not None and value not in post_set:
            yield (
                ("organization", "functions", key),
                f"岗位“{value}”不在 organization.posts 中（现有：{'、'.join(posts)}），请先定义该岗位或改用已有名称",
                "error",
            )


GM, DEPUTY = "总经理", "副总经理"


def _reporting_lines(p: Profile) -> Iterator[Check]:
    """`reports_to` names the general manager, the deputy or another department, without
    a loop."""
    org = p.organization
    by_name = {d.name: d for d in org.departments}
    heads = [GM, *([DEPUTY] if org.deputy_manager else [])]
    for i, d in enumerate(org.departments):
        loc: Loc = ("organization", "departments", i, "reports_to")
        up = d.reports_to
        if up is None or up in heads:
            continue
        if up == DEPUTY:
            yield loc, ("填写了向副总经理汇报，但未填写 organization.deputy_manager，"
                        "请补充副总经理或改为“总经理”"), "error"
        elif up not in by_name:
            yield loc, (f"上级“{up}”既不是{'、'.join(heads)}，也不是 organization.departments 中的部门，"
                        "请改用其中之一"), "error"
        else:
            seen = {d.name}
            while up in by_name and up not in seen:
                seen.add(up)
                up = by_name[up].reports_to
            if up in seen:
                yield loc, f"部门“{d.name}”的汇报关系形成循环，请让其中一个部门向总经理或副总经理汇报", "error"


def _dates(p: Profile) -> Iterator[Check]:
    dc = p.document_control
    if p.company.founded > dc.issue_date:
        yield ("company", "founded"), f"成立日期 {p.company.founded} 晚于文件发布日期 {dc.issue_date}", "error"
    if dc.effective_date < dc.issue_date:
        yield (
            ("document_control", "effective_date"),
            f"实施日期 {dc.effective_date} 早于发布日期 {dc.issue_date}，实施日期应不早于发布日期",
            "error",
        )


def _exclusions(p: Profile) -> Iterator[Check]:
    catalog = load_catalog()
    for i, ex in enumerate(p.exclusions.procedures):
        loc: Loc = ("exclusions", "procedures", i, "id")
        proc = catalog.procedures_by_id.get(ex.id)
        if proc is None:
            yield loc, f"没有编号为“{ex.id}”的程序文件（应为 P01—P22）", "error"
        elif not proc.excludable:
            yield loc, f"{ex.id}《{proc.title}》是 5.1.4.1 要求的核心程序，不能删减", "error"
    for i, ex in enumerate(p.exclusions.indicators):
        if ex.id not in catalog.scheme.indicators_by_id:
            yield ("exclusions", "indicators", i, "id"), f"评价指标“{ex.id}”不存在（如 5.2.3）", "error"


def _warnings(p: Profile) -> Iterator[Check]:
    org = p.organization
    staff = next(
        (d.headcount for d in org.departments if d.name == org.aftersales_department), 0
    )
    needed = max(1, math.ceil(staff * 0.10))
    if len(org.service_managers) < needed:
        yield (
            ("organization", "service_managers"),
            f"售后服务管理师 {len(org.service_managers)} 名，少于售后服务人员 {staff} 人的 10%"
            f"（至少 {needed} 名），评价时可能扣分",
            "warning",
        )
    if not any(m.full_time for m in org.supervision.members):
        yield (
            ("organization", "supervision", "members"),
            "监督机构没有专职成员（5.1.5.1 要求配备专职人员），请至少将一名成员设为 full_time: true",
            "warning",
        )
    excluded = {e.id for e in p.exclusions.procedures}
    tangible = any(prod.tangible for prod in p.scope.products)
    if tangible and p.resources.spare_parts is None and "P11" not in excluded:
        yield ("resources", "spare_parts"), "有实物商品但未填写备品备件信息", "warning"
    onsite_trade = p.company.sector is None or sector_set().sectors[p.company.sector].onsite
    if tangible and onsite_trade and not p.commitments.onsite and "P04" not in excluded:
        yield ("commitments", "onsite"), "有实物商品但未承诺上门服务时限", "warning"
    w = p.warranty
    if w.return_days and w.exchange_days and w.return_days > w.exchange_days:
        yield ("warranty", "return_days"), "退货期限长于换货期限，请核对三包承诺", "warning"
    for i, outlet in enumerate(p.network.outlets):
        if outlet.kind != "entrusted":
            continue
        if outlet.agreement_until is None:
            yield ("network", "outlets", i, "agreement_until"), "外委网点未填写委托服务协议有效期", "warning"
        elif outlet.agreement_until < p.document_control.effective_date:
            yield (
                ("network", "outlets", i, "agreement_until"),
                f"委托服务协议已于 {outlet.agreement_until} 到期，早于文件实施日期，请续签",
                "warning",
            )
    if p.company.sector is None and not p.laws:
        yield (("laws",), "未指定行业（company.sector）且 laws 为空：手册的法律法规清单和程序中引用的法律"
               "将为空；请删去 laws 一项以使用默认清单，或逐条列出适用的法律法规及标准", "warning")
