"""The rendering context: what templates see of a profile.

Templates read plain data (dicts, lists, strings, numbers), never model objects, so the
sandbox has nothing callable to reach for. Derived values live here, in one place:
the canonical commitment sentences (`promise`) are the single wording that the manual, the
服务承诺书 and every procedure quote (5.1.7 asks for one wording everywhere).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.catalog import Catalog, load_catalog
from generator.profile.model import Profile


def num(value: float) -> str:
    """2.0 -> '2', 1.5 -> '1.5'."""
    return f"{value:g}"


def duration_hours(hours: float) -> str:
    """2 -> '2小时', 0.5 -> '30分钟' (under an hour reads better in minutes)."""
    if hours < 1:
        return f"{round(hours * 60)}分钟"
    return f"{num(hours)}小时"


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def join_cn(items: list[str]) -> str:
    """['甲','乙','丙'] -> '甲、乙和丙'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + "和" + items[-1]


def procedure_code(prefix: str, proc_id: str) -> str:
    return f"{prefix}/CX-{proc_id[1:]}"


def record_code(prefix: str, code: str) -> str:
    return f"{prefix}/JL-{code}"


def manual_code(prefix: str) -> str:
    return f"{prefix}/SC-01"


def promises(p: Profile) -> dict[str, str]:
    """Canonical commitment sentences, keyed; order is the order of the 服务承诺书."""
    c, w = p.commitments, p.warranty
    out: dict[str, str] = {}
    channels = "、".join([f"服务热线{p.company.hotline}", *p.company.online_channels])
    out["channels"] = f"客户可通过{channels}提出服务需求，受理时间为{p.company.service_hours}"
    out["response"] = f"接到客户服务需求后{duration_hours(c.response_hours)}内响应"
    if c.onsite:
        parts = [f"{o.area}{o.hours}小时内" for o in c.onsite]
        out["onsite"] = f"需要上门服务的，{'，'.join(parts)}到达现场"
    out["repair"] = f"一般故障{c.repair_days}天内修复或解决"
    if c.loaner:
        out["loaner"] = "维修期间影响客户正常使用的，免费提供备用机"
    tangible = any(x.tangible for x in p.scope.products)
    warranty = (f"整机保修{w.whole_months}个月" if tangible
                else f"自验收之日起提供{w.whole_months}个月免费维护")
    if w.main_parts:
        warranty += "，" + "，".join(f"{m.name}保修{m.months}个月" for m in w.main_parts)
    out["warranty"] = warranty
    if w.return_days or w.exchange_days:
        bits = []
        if w.return_days:
            bits.append(f"{w.return_days}日内可退货")
        if w.exchange_days:
            bits.append(f"{w.exchange_days}日内可换货")
        start = "自签收之日起" if tangible else "自服务开通之日起"
        out["returns"] = f"符合退换货条件的，{start}" + "、".join(bits)
    out["complaint"] = (
        f"投诉受理后{c.complaint_response_hours}小时内答复，{c.complaint_close_days}天内处理完毕"
    )
    out["callback"] = f"服务完成后{c.callback_days}天内回访"
    if c.spare_parts_years:
        out["spare_parts"] = f"产品停产后备件继续供应不少于{c.spare_parts_years}年"
    for i, extra in enumerate(c.extra, 1):
        out[f"extra{i}"] = extra.rstrip("。；;")
    return out


def target_text(name: str, comparator: str, value: float, unit: str) -> str:
    word = "不低于" if comparator == ">=" else "不高于"
    return f"{name}{word}{num(value)}{unit}"


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff）】”])[ \u00a0]+(?=[0-9A-Za-z])|"
                        r"(?<=[0-9A-Za-z%])[ \u00a0]+(?=[\u4e00-\u9fff（【“])")


def tidy(value: Any) -> Any:
    """House typography for profile values: no space between Chinese and numbers or Latin
    letters ("成立于 2009 年" -> "成立于2009年"), and 1850.0 -> 1850."""
    if isinstance(value, str):
        return _CJK_SPACE.sub("", value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tidy(v) for v in value]
    return value


def build_context(profile: Profile, catalog: Catalog | None = None) -> dict[str, Any]:
    """The whole context for every template of one profile."""
    return tidy(_context(profile, catalog or load_catalog()))


def _context(profile: Profile, catalog: Catalog) -> dict[str, Any]:
    p = profile
    org = p.organization
    f = org.functions
    prefix = p.document_control.prefix
    dept = {
        "aftersales": org.aftersales_department,
        "hr": f.hr,
        "office": f.office,
        "quality": f.quality,
        "technical": f.technical,
        "sales": f.sales,
        "finance": f.finance,
        "warehouse": f.warehouse or org.aftersales_department,
    }
    heads = {d.name: d.head for d in org.departments}
    post = {
        "dispatcher": f.dispatcher,
        "agent": f.agent,
        "engineer": f.engineer,
        "parts_keeper": f.parts_keeper or f.engineer,
        "doc_controller": f.doc_controller or f.office,
    }
    excluded = {e.id: e.reason for e in p.exclusions.procedures}
    docs = {
        proc.id: {
            "id": proc.id,
            "title": proc.title,
            "code": procedure_code(prefix, proc.id),
            "ref": f"《{proc.title}》（{procedure_code(prefix, proc.id)}）",
            "excluded": proc.id in excluded,
            "reason": excluded.get(proc.id, "").rstrip("。；;，, "),
        }
        for proc in catalog.procedures
    }
    rec = {
        r.code: f"《{r.name}》（{record_code(prefix, r.code)}）"
        for proc in catalog.procedures
        for r in proc.records
    }
    outlets = [o.model_dump() for o in p.network.outlets]
    promise = promises(p)
    leader = org.deputy_manager or org.general_manager
    return {
        "co": p.company.model_dump(),
        "products": [x.model_dump() for x in p.scope.products],
        "product_names": join_cn([x.name for x in p.scope.products]),
        "services": list(p.scope.services),
        "regions": join_cn(list(p.scope.sales_regions)),
        "region_list": list(p.scope.sales_regions),
        "channels": list(p.scope.sales_channels),
        "tangible": any(x.tangible for x in p.scope.products),
        "installation": any(x.installation for x in p.scope.products),
        "gm": org.general_manager.model_dump(),
        "mr": org.management_representative.model_dump(),
        "leader": {
            "name": leader.name,
            "title": leader.title or ("分管副总经理" if org.deputy_manager else "总经理"),
        },
        "dept": dept,
        "dept_head": {k: heads.get(v, "") for k, v in dept.items()},
        "post": post,
        "departments": [d.model_dump() for d in org.departments],
        "posts": [x.model_dump() for x in org.posts],
        "managers": [m.model_dump() for m in org.service_managers],
        "manager_names": join_cn([m.name for m in org.service_managers]),
        "sup": {
            **org.supervision.model_dump(),
            "full_time_names": join_cn(
                [m.name for m in org.supervision.members if m.full_time]
            ),
        },
        "outlets": outlets,
        "outlets_self": [o for o in outlets if o["kind"] == "self_built"],
        "outlets_entrusted": [o for o in outlets if o["kind"] == "entrusted"],
        "has_self_built": any(o["kind"] == "self_built" for o in outlets),
        "has_entrusted": any(o["kind"] == "entrusted" for o in outlets),
        "remote_support": p.network.remote_support,
        "cm": {
            **p.commitments.model_dump(),
            "response_hours": num(p.commitments.response_hours),
            "response_text": duration_hours(p.commitments.response_hours),
        },
        "promise": promise,
        "promise_list": list(promise.values()),
        "culture": p.culture.model_dump(),
        "targets": [
            {**t.model_dump(), "text": target_text(t.name, t.comparator, t.value, t.unit)}
            for t in p.culture.targets
        ],
        "w": p.warranty.model_dump(),
        "charges": p.charges.model_dump(),
        "res": p.resources.model_dump(),
        "system": p.resources.information_system.name,
        "training": p.training.model_dump(),
        "laws": [law.name for law in p.laws],
        "doc": {
            **p.document_control.model_dump(),
            "issue_date": cn_date(p.document_control.issue_date),
            "effective_date": cn_date(p.document_control.effective_date),
            "manual_code": manual_code(prefix),
        },
        "docs": docs,
        "rec": rec,
        "excluded": excluded,
        "excluded_indicators": [
            {"id": e.id, "title": catalog.scheme.indicators_by_id[e.id].title,
             "reason": e.reason.rstrip("。；;，, ")}
            for e in p.exclusions.indicators
            if e.id in catalog.scheme.indicators_by_id
        ],
        "matrix": function_matrix(catalog, dept, [d.name for d in org.departments]),
        "record_list": [
            {
                "code": record_code(prefix, r.code),
                "name": r.name,
                "procedure": procedure_code(prefix, proc.id),
                "keeper": dept[r.keeper],
                "retention": r.retention or f"{p.document_control.record_retention_years}年",
            }
            for proc in catalog.procedures
            if proc.id not in excluded
            for r in proc.records
        ],
        "law_rows": [
            {**law.model_dump(), "effective": cn_date(law.effective) if law.effective else None}
            for law in p.laws
        ],
        "warranty_rows": [
            {"name": "整机" if any(x.tangible for x in p.scope.products) else "免费维护",
             "months": p.warranty.whole_months},
            *({"name": m.name, "months": m.months} for m in p.warranty.main_parts),
        ],
        "flow_steps": flow_steps(p, dept, post),
        # Filled by the build: the documents of this set with their current versions.
        "doc_list": [],
        "images": {},
    }


def function_matrix(catalog: Catalog, dept: dict[str, str], departments: list[str]) -> dict[str, Any]:
    """职能分配表: ▲ lead / △ assist per indicator and department (functions -> departments)."""
    rows = []
    for indicator in catalog.scheme.indicators:
        assignment = catalog.function_matrix[indicator.id]
        lead = dept[assignment.lead]
        helpers = {dept[a] for a in assignment.assist} - {lead}
        cells = ["▲" if d == lead else "△" if d in helpers else "" for d in departments]
        rows.append({"clause": indicator.id, "title": indicator.title, "cells": cells})
    return {"departments": departments, "rows": rows}


def flow_steps(p: Profile, dept: dict[str, str], post: dict[str, str]) -> list[dict[str, str]]:
    """The overall service flow 受理→派工→服务→确认→回访→分析→改进 with who and how fast."""
    c = p.commitments
    onsite = "，".join(f"{o.area}{o.hours}小时" for o in c.onsite) or "按约定时间"
    return [
        {"name": "受理", "what": "通过热线及线上渠道受理服务需求，登记客户与产品信息，核实保修状态",
         "who": f"{dept['aftersales']}{post['agent']}", "chart": dept["aftersales"],
         "limit": f"{duration_hours(c.response_hours)}内响应"},
        {"name": "派工", "what": "按区域、产品和技能派工，约定服务时间，跟踪工单进度",
         "who": f"{dept['aftersales']}{post['dispatcher']}", "chart": dept["aftersales"],
         "limit": "受理后及时派工"},
        {"name": "服务", "what": "上门或远程实施安装、维修、技术支持，执行收费标准",
         "who": post["engineer"], "chart": post["engineer"],
         "limit": f"到达现场：{onsite}；修复：{c.repair_days}天内"},
        {"name": "确认", "what": "客户验收服务结果并签字确认，工单在系统中关闭",
         "who": post["engineer"], "chart": post["engineer"], "limit": "服务完成当日"},
        {"name": "回访", "what": "回访服务质量和满意度，发现问题转入投诉或返修处理",
         "who": f"{dept['aftersales']}{post['agent']}", "chart": dept["aftersales"],
         "limit": f"{c.callback_days}天内"},
        {"name": "分析", "what": "统计服务数据、投诉和满意度，分析质量问题与服务短板",
         "who": f"{dept['quality']}、{dept['aftersales']}",
         "chart": f"{dept['quality']}、{dept['aftersales']}", "limit": "每月"},
        {"name": "改进", "what": "制定并实施纠正预防和改进措施，验证效果并修订服务规范",
         "who": f"{dept['aftersales']}牵头", "chart": dept["aftersales"], "limit": "按改进计划"},
    ]
