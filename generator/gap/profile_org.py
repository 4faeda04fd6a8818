"""Profile evidence on the organisation: department, outlets, staff, 管理师, supervision.

Rules, by clause:
1. 5.1.1.1 the after-sales department exists and has posts of its own.
2. 5.1.1.2 outlets cover the sales regions (province name contained in an outlet's region;
   share of regions covered). Intangible-only products with remote support and no outlets
   count as covered remotely.
3. 5.1.1.3 outlets exist; an entrusted one counts only with an agreement valid on the
   effective date (share of outlets).
4. 5.1.2.1 posts state qualifications (share of people, by post headcount).
5. 5.1.2.2 售后服务管理师 ≥ 10 % of the after-sales department, at least one (share reached).
6. 5.1.5.1 a supervision body with at least one full-time member.
"""

from __future__ import annotations

import math

from generator.gap.checklist import Item, checklist
from generator.gap.model import Evidence
from generator.gap.profile_service import tangible
from generator.profile.model import Profile
from generator.profile.model.organization import Department

REGION_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "省", "市",
)


def _aftersales(p: Profile) -> Department | None:
    name = p.organization.aftersales_department
    return next((d for d in p.organization.departments if d.name == name), None)


def department(p: Profile) -> Evidence:
    dept = _aftersales(p)
    posts = [q.name for q in p.organization.posts if dept and q.department == dept.name]
    where = p.organization.aftersales_department
    size = f"（{dept.headcount} 人）" if dept else ""
    listed = f" {len(posts)} 个（{'、'.join(posts)}）" if posts else ""
    return checklist([
        Item(dept is not None, f"售后服务部门“{where}”{size}",
             "在 organization.departments 中定义售后服务部门并写明职责"),
        Item(bool(posts), f"部门内岗位{listed}",
             f"在 organization.posts 中为“{where}”设置岗位并写明岗位职责"),
    ], "profile")


def region_key(region: str) -> str:
    for suffix in REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) > len(suffix):
            return region[: -len(suffix)]
    return region


def coverage(p: Profile) -> Evidence:
    outlets = p.network.outlets
    regions = p.scope.sales_regions
    if not outlets and not tangible(p) and p.network.remote_support:
        text = f"企业档案：无实物商品，以远程服务（{p.network.remote_support}）覆盖全部销售区域"
        return Evidence(1.0, "profile", text)
    covered = [r for r in regions
               if any(region_key(r) in o.region or region_key(o.region) == "全国" for o in outlets)]
    missing = [r for r in regions if r not in covered]
    text = f"企业档案：{len(outlets)} 个服务网点覆盖销售区域 {len(covered)}/{len(regions)}"
    if missing:
        text += f"（未覆盖：{'、'.join(missing)}）"
    gap: str | None = None
    if missing:
        gap = (f"在 network.outlets 中增加覆盖 {'、'.join(missing)} 的自建或外委网点，"
               "执行 P06 自建与外委维修网点控制程序并更新 06-01 服务网点清单")
    return Evidence(len(covered) / len(regions), "profile", text, gap)


def outlet_kinds(p: Profile) -> Evidence:
    outlets = p.network.outlets
    if not outlets:
        hint = ("在 network.outlets 中列出自建服务站或外委网点（外委须签订委托服务协议）；"
               "无实体网点的纯服务企业可在 exclusions.indicators 中删减 5.1.1.3 并说明理由")
        return Evidence(0.0, "profile", "企业档案：未列出服务网点", hint)
    effective = p.document_control.effective_date
    lapsed = [o.name for o in outlets if o.kind == "entrusted"
              and (o.agreement_until is None or o.agreement_until < effective)]
    own = sum(1 for o in outlets if o.kind == "self_built")
    text = f"企业档案：自建网点 {own} 个，外委网点 {len(outlets) - own} 个"
    gap: str | None = None
    if lapsed:
        text += f"；{'、'.join(lapsed)} 的委托服务协议未填写或在实施日期前到期"
        gap = (f"与 {'、'.join(lapsed)} 签订或续签委托服务协议，"
               "填写 network.outlets[].agreement_until，并登记于 06-03 委托服务协议登记表")
    return Evidence((len(outlets) - len(lapsed)) / len(outlets), "profile", text, gap)


def qualifications(p: Profile) -> Evidence:
    posts = p.organization.posts
    total = sum(q.count for q in posts)
    qualified = sum(q.count for q in posts if q.qualifications)
    missing = [q.name for q in posts if not q.qualifications]
    text = f"企业档案：{len(posts)} 个岗位共 {total} 人，其中 {qualified} 人所在岗位写明任职要求"
    gap: str | None = None
    if missing:
        text += f"（未写明：{'、'.join(missing)}）"
        gap = (f"在 organization.posts[].qualifications 中写明 {'、'.join(missing)} 的任职要求，"
               "按 P07 做岗位能力评价并建立 07-05 人员资质台账")
    return Evidence(qualified / total, "profile", text, gap)


def managers(p: Profile) -> Evidence:
    dept = _aftersales(p)
    staff = dept.headcount if dept else 0
    needed = max(1, math.ceil(staff * 0.10))
    have = len(p.organization.service_managers)
    text = (f"企业档案：售后服务管理师 {have} 名；售后服务部门 {staff} 人，按 10%（至少 1 名）"
            f"需 {needed} 名")
    gap: str | None = None
    if have < needed:
        gap = (f"在 organization.service_managers 中增补 {needed - have} 名售后服务管理师"
               f"（至少 {needed} 名），并发布管理师任命书")
    return Evidence(min(1.0, have / needed), "profile", text, gap)


def supervision(p: Profile) -> Evidence:
    s = p.organization.supervision
    full = [m.name for m in s.members if m.full_time]
    label = f"监督机构“{s.name}” {len(s.members)} 人，专职 {len(full)} 人"
    return checklist([Item(bool(full), label,
                           "将 organization.supervision.members 中至少一名成员设为 full_time: true"
                           "（专职监督人员），执行 P19 售后服务监督和绩效考核控制程序")], "profile")
