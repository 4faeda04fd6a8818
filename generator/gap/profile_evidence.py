"""Evidence the company profile itself can give, per GB/T 27922 clause.

The profile states facts (departments, outlets, funds, targets); it cannot show documents,
records or service actually delivered. Rules, by clause:
1.  5.1.1.1 the after-sales department exists and has posts of its own.
2.  5.1.1.2 outlets cover the sales regions (province name contained in an outlet's region;
    share of regions covered). Intangible-only products with remote support and no outlets
    count as covered remotely.
3.  5.1.1.3 outlets exist; an entrusted one counts only with an agreement valid on the
    effective date (share of outlets).
4.  5.1.2.1 posts state qualifications (share of people, by post headcount).
5.  5.1.2.2 售后服务管理师 ≥ 10 % of the after-sales department, at least one (share reached).
6.  5.1.3.1 annual funds, a special fund, a compensation reserve or insurance.
7.  5.1.3.2 technical, business and service-culture training topics; incentives.
8.  5.1.3.3 premises, information system, tools, safety measures; spare parts when products
    are tangible and P11 is not excluded.
9.  5.1.4.2 a law list and law awareness among the training topics.
10. 5.1.5.1 a supervision body with at least one full-time member.
11. 5.1.5.2 numeric service targets.
12. 5.1.7 service philosophy, commitments with numbers, promotion channels.
13. 5.3.1 hotline plus online channels, callback time limit, a satisfaction target.
14. 5.3.2 complaint time limits.
Other clauses (5.1.4.1, 5.1.6, 5.2.x) need documents or an assessment: no profile rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from generator.gap.checklist import Item, checklist
from generator.gap.model import Evidence
from generator.profile.defaults import DEFAULT_LAWS
from generator.profile.model import Department, Profile

Rule = Callable[[Profile], "Evidence | None"]

TECH_WORDS = ("技术", "故障", "维修", "安装", "产品", "技能", "操作")
BUSINESS_WORDS = ("业务", "政策", "三包", "收费", "流程", "制度", "法", "规定", "规范")
CULTURE_WORDS = ("文化", "理念", "承诺", "礼仪")
LAW_WORDS = ("法", "规定", "三包", "条例")
REGION_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "省", "市")


def _mentions(texts: list[str], words: tuple[str, ...]) -> list[str]:
    return [t for t in texts if any(w in t for w in words)]


def _aftersales(p: Profile) -> Department | None:
    name = p.organization.aftersales_department
    return next((d for d in p.organization.departments if d.name == name), None)


def _tangible(p: Profile) -> bool:
    return any(prod.tangible for prod in p.scope.products)


def _excluded_procedures(p: Profile) -> set[str]:
    return {e.id for e in p.exclusions.procedures}


def department(p: Profile) -> Evidence | None:
    dept = _aftersales(p)
    posts = [q.name for q in p.organization.posts if dept and q.department == dept.name]
    where = p.organization.aftersales_department
    return checklist([
        Item(dept is not None, f"售后服务部门“{where}”" + (f"（{dept.headcount} 人）" if dept else ""),
             "在 organization.departments 中定义售后服务部门并写明职责"),
        Item(bool(posts), f"部门内岗位 {len(posts)} 个（{'、'.join(posts)}）" if posts else "部门内岗位",
             f"在 organization.posts 中为“{where}”设置岗位并写明岗位职责"),
    ], "profile")


def region_key(region: str) -> str:
    for suffix in REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) > len(suffix):
            return region[: -len(suffix)]
    return region


def coverage(p: Profile) -> Evidence | None:
    outlets = p.network.outlets
    regions = p.scope.sales_regions
    if not outlets and not _tangible(p) and p.network.remote_support:
        text = f"企业档案：无实物商品，以远程服务（{p.network.remote_support}）覆盖全部销售区域"
        return Evidence(1.0, "profile", text)
    covered = [r for r in regions
               if any(region_key(r) in o.region or region_key(o.region) == "全国" for o in outlets)]
    missing = [r for r in regions if r not in covered]
    text = f"企业档案：{len(outlets)} 个服务网点覆盖销售区域 {len(covered)}/{len(regions)}"
    if missing:
        text += f"（未覆盖：{'、'.join(missing)}）"
    gap = None
    if missing:
        gap = (f"在 network.outlets 中增加覆盖 {'、'.join(missing)} 的自建或外委网点，"
               "执行 P06 自建与外委维修网点控制程序并更新 06-01 服务网点清单")
    return Evidence(len(covered) / len(regions), "profile", text, gap)


def outlet_kinds(p: Profile) -> Evidence | None:
    outlets = p.network.outlets
    if not outlets:
        gap = ("在 network.outlets 中列出自建服务站或外委网点（外委须签订委托服务协议）；"
               "无实体网点的纯服务企业可在 exclusions.indicators 中删减 5.1.1.3 并说明理由")
        return Evidence(0.0, "profile", "企业档案：未列出服务网点", gap)
    effective = p.document_control.effective_date
    lapsed = [o.name for o in outlets if o.kind == "entrusted"
              and (o.agreement_until is None or o.agreement_until < effective)]
    own = sum(1 for o in outlets if o.kind == "self_built")
    text = f"企业档案：自建网点 {own} 个，外委网点 {len(outlets) - own} 个"
    gap = None
    if lapsed:
        text += f"；{'、'.join(lapsed)} 的委托服务协议未填写或在实施日期前到期"
        gap = (f"与 {'、'.join(lapsed)} 签订或续签委托服务协议，填写 network.outlets[].agreement_until，"
               "并登记于 06-03 委托服务协议登记表")
    return Evidence((len(outlets) - len(lapsed)) / len(outlets), "profile", text, gap)


def qualifications(p: Profile) -> Evidence | None:
    posts = p.organization.posts
    total = sum(q.count for q in posts)
    qualified = sum(q.count for q in posts if q.qualifications)
    missing = [q.name for q in posts if not q.qualifications]
    text = f"企业档案：{len(posts)} 个岗位共 {total} 人，其中 {qualified} 人所在岗位写明任职要求"
    gap = None
    if missing:
        text += f"（未写明：{'、'.join(missing)}）"
        gap = (f"在 organization.posts[].qualifications 中写明 {'、'.join(missing)} 的任职要求，"
               "按 P07 做岗位能力评价并建立 07-05 人员资质台账")
    return Evidence(qualified / total, "profile", text, gap)


def managers(p: Profile) -> Evidence | None:
    dept = _aftersales(p)
    staff = dept.headcount if dept else 0
    needed = max(1, math.ceil(staff * 0.10))
    have = len(p.organization.service_managers)
    text = (f"企业档案：售后服务管理师 {have} 名；售后服务部门 {staff} 人，按 10%（至少 1 名）"
            f"需 {needed} 名")
    gap = None
    if have < needed:
        gap = (f"在 organization.service_managers 中增补 {needed - have} 名售后服务管理师"
               f"（至少 {needed} 名），并发布管理师任命书")
    return Evidence(min(1.0, have / needed), "profile", text, gap)


def funds(p: Profile) -> Evidence | None:
    r = p.resources
    reserve = [f"赔偿准备金 {r.compensation_reserve_wan:g} 万元"] if r.compensation_reserve_wan else []
    reserve += [f"{i.kind} {i.amount_wan:g} 万元" for i in r.insurance]
    return checklist([
        Item(True, f"年度售后服务经费 {r.annual_budget_wan:g} 万元"),
        Item(r.special_fund_wan > 0, f"专项资金 {r.special_fund_wan:g} 万元" if r.special_fund_wan
             else "售后服务专项资金", "在 resources.special_fund_wan 中预先安排售后服务专项资金"),
        Item(bool(reserve), "、".join(reserve) or "赔偿准备金或保险",
             "设立赔偿准备金（resources.compensation_reserve_wan）或投保产品责任险"
             "（resources.insurance），执行 P17 售后服务保障控制程序"),
    ], "profile")


def training(p: Profile) -> Evidence | None:
    t = p.training
    kinds = [("技术", TECH_WORDS, "如 产品结构与故障诊断"), ("业务", BUSINESS_WORDS, "如 三包规定与收费政策"),
             ("服务文化", CULTURE_WORDS, "如 服务理念与服务承诺")]
    items = []
    for name, words, example in kinds:
        found = _mentions(t.topics, words)
        label = f"{name}培训（{found[0]}）" if found else f"{name}培训"
        items.append(Item(bool(found), label, f"在 training.topics 中加入{name}培训（{example}），"
                          "列入 07-01 年度培训计划"))
    items.append(Item(True, f"激励措施 {len(t.incentives)} 项"))
    evidence = checklist(items, "profile")
    return Evidence(evidence.fraction, "profile",
                    f"{evidence.text}；每人每年 {t.hours_per_person} 学时", evidence.gap)


def facilities(p: Profile) -> Evidence | None:
    r = p.resources
    items = [
        Item(True, f"服务场所 {len(r.premises)} 处"),
        Item(True, f"信息系统“{r.information_system.name}”"),
        Item(True, f"工具设备 {len(r.tools)} 类"),
        Item(bool(r.safety_measures), f"安全措施 {len(r.safety_measures)} 项" if r.safety_measures
             else "服务安全措施", "在 resources.safety_measures 中写明服务安全保障措施"),
    ]
    if _tangible(p) and "P11" not in _excluded_procedures(p):
        sp = r.spare_parts
        items.append(Item(sp is not None, f"备品备件 {sp.items} 种" if sp else "备品备件",
                          "在 resources.spare_parts 中填写备件库、品种数和储备原则，"
                          "执行 P11 备品备件启用控制程序"))
    return checklist(items, "profile")


def laws(p: Profile) -> Evidence | None:
    names = [law.name for law in p.laws]
    default = tuple(names) == DEFAULT_LAWS
    awareness = _mentions(p.training.topics, LAW_WORDS)
    return checklist([
        Item(bool(names), f"法律法规清单 {len(names)} 部" + ("（默认清单，请按行业核对补充）" if default else ""),
             "在 laws 中列出适用的法律法规，建立 01-01 法律法规及其他要求清单"),
        Item(bool(awareness), f"法规宣贯（{awareness[0]}）" if awareness else "法规宣贯培训",
             "在 training.topics 中加入法律法规及三包规定宣贯"),
    ], "profile")


def supervision(p: Profile) -> Evidence | None:
    s = p.organization.supervision
    full = [m.name for m in s.members if m.full_time]
    label = f"监督机构“{s.name}” {len(s.members)} 人，专职 {len(full)} 人"
    return checklist([Item(bool(full), label,
                           "将 organization.supervision.members 中至少一名成员设为 full_time: true"
                           "（专职监督人员），执行 P19 售后服务监督和绩效考核控制程序")], "profile")


def targets(p: Profile) -> Evidence | None:
    shown = "、".join(f"{t.name} {t.comparator} {t.value:g}{t.unit}" for t in p.culture.targets[:3])
    more = "等" if len(p.culture.targets) > 3 else ""
    text = (f"企业档案：量化服务目标 {len(p.culture.targets)} 项（{shown}{more}）；"
            "监督结果运用与目标修订的实施情况须以记录核实")
    return Evidence(1.0, "profile", text)


def culture(p: Profile) -> Evidence | None:
    c, k = p.culture, p.commitments
    return checklist([
        Item(True, f"服务理念“{c.philosophy}”"),
        Item(True, f"量化承诺（响应 {k.response_hours:g} 小时、修复 {k.repair_days} 天、回访 {k.callback_days} 天）"),
        Item(True, f"宣传方式 {len(c.promotion)} 种"),
    ], "profile")


def customers(p: Profile) -> Evidence | None:
    co = p.company
    satisfaction = [t for t in p.culture.targets if "满意" in t.name]
    return checklist([
        Item(True, f"服务热线 {co.hotline}"),
        Item(bool(co.online_channels), "线上渠道：" + "、".join(co.online_channels) if co.online_channels
             else "线上受理渠道", "在 company.online_channels 中填写线上受理渠道（如 微信公众号、官网在线客服）"),
        Item(True, f"服务完成后 {p.commitments.callback_days} 天内回访"),
        Item(bool(satisfaction), f"满意度目标 {satisfaction[0].comparator} {satisfaction[0].value:g}"
             f"{satisfaction[0].unit}" if satisfaction else "顾客满意度目标",
             "在 culture.targets 中设定顾客满意度目标，按 P14 开展满意度调查（14-02 顾客满意度调查表）"),
    ], "profile")


def complaints(p: Profile) -> Evidence | None:
    k = p.commitments
    label = f"投诉 {k.complaint_response_hours} 小时内答复、{k.complaint_close_days} 天内处理完毕"
    return checklist([Item(True, label)], "profile")


PROFILE_RULES: dict[str, Rule] = {
    "5.1.1.1": department,
    "5.1.1.2": coverage,
    "5.1.1.3": outlet_kinds,
    "5.1.2.1": qualifications,
    "5.1.2.2": managers,
    "5.1.3.1": funds,
    "5.1.3.2": training,
    "5.1.3.3": facilities,
    "5.1.4.2": laws,
    "5.1.5.1": supervision,
    "5.1.5.2": targets,
    "5.1.7": culture,
    "5.3.1": customers,
    "5.3.2": complaints,
}


def profile_evidence(clause: str, profile: Profile) -> Evidence | None:
    rule = PROFILE_RULES.get(clause)
    return rule(profile) if rule else None
