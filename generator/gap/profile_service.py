"""Profile evidence on resources, rules and service: funds, training, facilities, laws, culture.

Rules, by clause:
1. 5.1.3.1 annual funds, a special fund, a compensation reserve or insurance.
2. 5.1.3.2 technical, business and service-culture training topics; incentives.
3. 5.1.3.3 premises, information system, tools, safety measures; spare parts when products
   are tangible and P11 is not excluded.
4. 5.1.4.2 a law list (awareness needs training records; a law topic is only quoted).
5. 5.1.5.2 numeric service targets.
6. 5.1.7 service philosophy, commitments with numbers, promotion channels.
7. 5.3.1 hotline plus online channels, callback time limit, a satisfaction target.
8. 5.3.2 complaint time limits.
"""

from __future__ import annotations

from generator.gap.checklist import Item, checklist
from generator.gap.model import Evidence
from generator.profile.defaults import DEFAULT_LAWS
from generator.profile.model import Profile
from generator.profile.model.service import Target

TECH_WORDS = ("技术", "故障", "维修", "安装", "产品", "技能", "操作", "运维", "诊断")
BUSINESS_WORDS = ("业务", "政策", "三包", "收费", "流程", "制度", "法", "规定", "规范", "条款",
                  "合同")
CULTURE_WORDS = ("文化", "理念", "承诺", "礼仪", "服务意识")
LAW_WORDS = ("法", "规定", "三包", "条例", "合规", "个人信息保护", "等级保护")
DEFAULT_NOTE = "（默认清单，请按行业核对补充）"
COMPARATOR_CN = {">=": "≥", "<=": "≤"}


def _mentions(texts: list[str], words: tuple[str, ...]) -> list[str]:
    return [t for t in texts if any(w in t for w in words)]


def tangible(p: Profile) -> bool:
    return any(prod.tangible for prod in p.scope.products)


def _excluded_procedures(p: Profile) -> set[str]:
    return {e.id for e in p.exclusions.procedures}


def funds(p: Profile) -> Evidence:
    r = p.resources
    reserve = []
    if r.compensation_reserve_wan:
        reserve.append(f"赔偿准备金 {r.compensation_reserve_wan:g} 万元")
    reserve += [f"{i.kind} {i.amount_wan:g} 万元" for i in r.insurance]
    return checklist([
        Item(True, f"年度售后服务经费 {r.annual_budget_wan:g} 万元"),
        Item(r.special_fund_wan > 0, f"专项资金 {r.special_fund_wan:g} 万元" if r.special_fund_wan
             else "售后服务专项资金", "在 resources.special_fund_wan 中预先安排售后服务专项资金"),
        Item(bool(reserve), "、".join(reserve) or "赔偿准备金或保险",
             "设立赔偿准备金（resources.compensation_reserve_wan）或投保产品责任险"
             "（resources.insurance），执行 P17 售后服务保障控制程序"),
    ], "profile")


def training(p: Profile) -> Evidence:
    t = p.training
    kinds = [
        ("技术", TECH_WORDS, "如 产品结构与故障诊断"),
        ("业务", BUSINESS_WORDS, "如 三包规定与收费政策"),
        ("服务文化", CULTURE_WORDS, "如 服务理念与服务承诺"),
    ]
    items = []
    cited: set[str] = set()
    for name, words, example in kinds:
        # Prefer a topic not already cited, so one topic does not stand for two kinds.
        found = sorted(_mentions(t.topics, words), key=lambda topic: topic in cited)
        cited.update(found[:1])
        label = f"{name}培训（{found[0]}）" if found else f"{name}培训"
        items.append(Item(bool(found), label, f"在 training.topics 中加入{name}培训（{example}），"
                          "列入 07-01 年度培训计划"))
    items.append(Item(True, f"激励措施 {len(t.incentives)} 项"))
    evidence = checklist(items, "profile")
    return Evidence(evidence.fraction, "profile",
                    f"{evidence.text}；每人每年 {t.hours_per_person} 学时", evidence.gap)


def facilities(p: Profile) -> Evidence:
    r = p.resources
    items = [
        Item(True, f"服务场所 {len(r.premises)} 处"),
        Item(True, f"信息系统“{r.information_system.name}”"),
        Item(True, f"工具设备 {len(r.tools)} 类"),
        Item(bool(r.safety_measures), f"安全措施 {len(r.safety_measures)} 项" if r.safety_measures
             else "服务安全措施", "在 resources.safety_measures 中写明服务安全保障措施"),
    ]
    if tangible(p) and "P11" not in _excluded_procedures(p):
        sp = r.spare_parts
        items.append(Item(sp is not None, f"备品备件 {sp.items} 种" if sp else "备品备件",
                          "在 resources.spare_parts 中填写备件库、品种数和储备原则，"
                          "执行 P11 备品备件启用控制程序"))
    return checklist(items, "profile")


def laws(p: Profile) -> Evidence:
    names = [law.name for law in p.laws]
    default = tuple(names) == DEFAULT_LAWS
    awareness = _mentions(p.training.topics, LAW_WORDS)
    # Staff awareness shows in training records, not in the profile: a topic list without a
    # law topic proves nothing either way, so only the list itself is scored here.
    told = f"培训内容含“{awareness[0]}”" if awareness else "法规宣贯情况须以培训记录核实"
    text = f"企业档案：法律法规清单 {len(names)} 部{DEFAULT_NOTE if default else ''}；{told}"
    if names:
        return Evidence(1.0, "profile", text)
    return Evidence(0.0, "profile", text,
                    "在 laws 中列出适用的法律法规，建立 01-01 法律法规及其他要求清单")


def _target(t: Target) -> str:
    return f"{t.name} {COMPARATOR_CN[t.comparator]} {t.value:g}{t.unit}"


def targets(p: Profile) -> Evidence:
    shown = "、".join(_target(t) for t in p.culture.targets[:3])
    more = "等" if len(p.culture.targets) > 3 else ""
    text = (f"企业档案：量化服务目标 {len(p.culture.targets)} 项（{shown}{more}）；"
            "监督结果运用与目标修订的实施情况须以记录核实")
    return Evidence(1.0, "profile", text)


def culture(p: Profile) -> Evidence:
    c, k = p.culture, p.commitments
    return checklist([
        Item(True, f"服务理念“{c.philosophy}”"),
        Item(True, f"量化承诺（响应 {k.response_hours:g} 小时、修复 {k.repair_days} 天、"
                   f"回访 {k.callback_days} 天）"),
        Item(True, f"宣传方式 {len(c.promotion)} 种"),
    ], "profile")


def customers(p: Profile) -> Evidence:
    co = p.company
    satisfaction = [t for t in p.culture.targets if "满意" in t.name]
    return checklist([
        Item(True, f"服务热线 {co.hotline}"),
        Item(bool(co.online_channels), f"线上渠道：{'、'.join(co.online_channels) or '无'}",
             "在 company.online_channels 中填写线上受理渠道（如 微信公众号、官网在线客服）"),
        Item(True, f"服务完成后 {p.commitments.callback_days} 天内回访"),
        Item(bool(satisfaction), _target(satisfaction[0]) if satisfaction else "顾客满意度目标",
             "在 culture.targets 中设定顾客满意度目标，"
             "按 P14 开展满意度调查（14-02 顾客满意度调查表）"),
    ], "profile")


def complaints(p: Profile) -> Evidence:
    k = p.commitments
    label = f"投诉 {k.complaint_response_hours} 小时内答复、{k.complaint_close_days} 天内处理完毕"
    return checklist([Item(True, label)], "profile")
