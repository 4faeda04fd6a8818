"""The rendering context: what templates see of a profile, key by key.

`RenderContext` defines every name a template may use; the comment on each key says what it
holds (templates/src/AUTHORING.md shows them to template authors). Template lint allows
exactly these names (`CONTEXT_KEYS`), and impact analysis compares the ones derived from the
profile (all but `BUILD_KEYS`). Values are plain data (dicts, lists, strings, numbers), never
model objects, so the sandbox has nothing callable to reach for; docxtpl gets the context as
the plain dict it is at run time. Derived wording lives in `render.wording`.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from generator.catalog import Catalog, Keeper, load_catalog
from generator.catalog.sectors import sector_procedures
from generator.profile.approvals import signoffs
from generator.profile.model import Profile
from generator.render.certification import cert_context
from generator.render.sector import SectorEntry, law_rows, profile_sector, sector_entry
from generator.render.wording import (
    cn_date,
    duration_hours,
    join_cn,
    manual_code,
    num,
    procedure_code,
    promises,
    record_code,
    target_text,
    tidy,
)

Row = dict[str, Any]  # a profile model as data (its fields by name), e.g. one department


class Leader(TypedDict):
    name: str
    title: str  # 分管副总经理, or the GM's title (总经理) when there is no deputy


class Posts(TypedDict):
    """Post names by function (the office department itself when no post is named)."""

    dispatcher: str  # 调度
    agent: str  # 热线/回访
    engineer: str  # 服务工程师
    parts_keeper: str  # 备件 (the engineer when the profile names none)
    doc_controller: str  # 文控
    project_manager: str  # 项目经理 (家装; the engineer when the profile names none)
    inspector: str  # 质检 (the quality department when the profile names none)
    ae_monitor: str  # 不良事件监测 (the quality department when the profile names none)


class DocRef(TypedDict):
    """One procedure of the catalog as other documents cite it."""

    id: str  # P13
    title: str  # 客户投诉管理控制程序
    code: str  # LQ/CX-13
    ref: str  # 《客户投诉管理控制程序》（LQ/CX-13）
    excluded: bool  # the profile excludes it (删减)
    reason: str  # the exclusion's reason, without final punctuation ("" when not excluded)


class ExcludedIndicator(TypedDict):
    id: str
    title: str
    reason: str


class MatrixRow(TypedDict):
    clause: str
    title: str
    cells: list[str]  # ▲ lead, △ assist or "" per department, in `departments` order


class FunctionMatrix(TypedDict):
    departments: list[str]
    rows: list[MatrixRow]


class RecordRow(TypedDict):
    """One record form of a procedure the profile keeps, for the 记录清单."""

    code: str  # LQ/JL-04-02
    name: str
    procedure: str  # LQ/CX-04
    keeper: str  # the department keeping it
    retention: str  # e.g. 3年


class WarrantyRow(TypedDict):
    name: str  # 整机 (免费维护 without tangible products) or a main part
    months: int


class FlowStep(TypedDict):
    """One step of the service flow 受理→派工→服务→确认→回访→分析→改进."""

    name: str
    what: str
    who: str
    chart: str  # who, as the flow chart labels the step
    limit: str  # how fast


class DocListEntry(TypedDict):
    """One procedure in the manual's document list (filled by the build)."""

    id: str
    code: str
    title: str
    version: str  # "—" when the procedure is not part of the set
    note: str  # 删减：reason, or ""


class ThisDocument(TypedDict):
    """The document being rendered (set by the build for each document)."""

    id: str
    title: str
    code: str
    version: str
    distribution: str
    revisions: list[Row]  # version, date, change, by, approved_by


class _ProfileContext(TypedDict):
    co: Row  # the company: name, short_name, hotline, service_hours, online_channels, address …
    products: list[Row]  # name, category, tangible, installation, description
    product_names: str  # joined “甲、乙和丙”
    services: list[str]
    regions: str  # the sales regions, joined
    region_list: list[str]
    channels: list[str]  # sales channels
    tangible: bool  # any tangible product
    installation: bool  # any product needs installation
    gm: Row  # 总经理: name, title, phone
    mr: Row  # 管理者代表
    leader: Leader
    # department name by function (warehouse falls back to aftersales; alteration to quality,
    # construction to aftersales)
    dept: dict[str, str]
    dept_head: dict[str, str]  # the head's name of each of those departments
    post: Posts
    departments: list[Row]  # name, head, head_title, headcount, duties
    posts: list[Row]  # name, department, count, duties, qualifications
    managers: list[Row]  # 售后服务管理师: name, department, certificate_no
    manager_names: str
    sup: Row  # supervision: name, leader, frequency, members, full_time_names, reports_to
    outlets: list[Row]  # name, kind, region, address, phone, contact, staff, agreement_until
    outlets_self: list[Row]
    outlets_entrusted: list[Row]
    has_self_built: bool
    has_entrusted: bool
    remote_support: str | None
    cm: Row  # commitments; response_hours as text, response_text “2小时” or “30分钟”
    promise: dict[str, str]  # the one wording of each commitment (5.1.7), see `promises`
    promise_list: list[str]  # the same, in the order of the 服务承诺书
    culture: Row  # philosophy, policy, slogan, promotion, targets
    targets: list[Row]  # name, comparator, value, unit, measure, text “顾客满意度不低于95%”
    w: Row  # warranty: return_days, exchange_days, whole_months, main_parts, exclusions
    charges: Row  # items, parts_policy, publication
    res: Row  # resources: budgets, insurance, premises, tools, vehicles, spare_parts …
    system: str  # the information system's name
    training: Row  # hours_per_person, topics, incentives
    sector: SectorEntry  # the trade: id, name, terms, consumer_goods, regimes, severity
    laws: list[str]  # names of the applicable laws and standards (the rows of law_rows)
    doc: Row  # document control; issue_date and effective_date in Chinese, manual_code
    approval: dict[str, Row]  # manual/procedure/record: prepared_by … (names), prepared_role …
    cert: Row  # target_level, target_min, trial_start, trial_end, trial_months, application …
    docs: dict[str, DocRef]  # every procedure by id
    rec: dict[str, str]  # record form by catalog code: “《派工单》（LQ/JL-04-02）”
    excluded: dict[str, str]  # excluded procedure id -> reason
    excluded_indicators: list[ExcludedIndicator]
    matrix: FunctionMatrix  # 职能分配表
    record_list: list[RecordRow]
    law_rows: list[Row]  # name, issuer, number, effective (in Chinese); sector's laws first
    warranty_rows: list[WarrantyRow]
    flow_steps: list[FlowStep]
    doc_list: list[DocListEntry]  # empty here; the build fills it for the manual and volumes
    images: dict[str, Any]  # empty here; the build puts the charts (org_chart …) in


class RenderContext(_ProfileContext, total=False):
    this: ThisDocument


CONTEXT_KEYS: frozenset[str] = frozenset(RenderContext.__annotations__)
# Keys the build fills in, not derived from the profile alone.
BUILD_KEYS: frozenset[str] = frozenset({"doc_list", "images", "this"})


def build_context(profile: Profile, catalog: Catalog | None = None) -> RenderContext:
    """The whole context for every template of one profile (all keys but `this`)."""
    return cast(RenderContext, tidy(_context(profile, catalog or load_catalog())))


def _context(profile: Profile, catalog: Catalog) -> RenderContext:
    p = profile
    org = p.organization
    f = org.functions
    prefix = p.document_control.prefix
    dept: dict[Keeper, str] = {
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
    post: Posts = {
        "dispatcher": f.dispatcher,
        "agent": f.agent,
        "engineer": f.engineer,
        "parts_keeper": f.parts_keeper or f.engineer,
        "doc_controller": f.doc_controller or f.office,
        "project_manager": f.project_manager or f.engineer,
        "inspector": f.inspector or f.quality,
        "ae_monitor": f.ae_monitor or f.quality,
    }
    names: dict[str, str] = {**cast(dict[str, str], dept), "alteration": f.alteration or f.quality,
                             "construction": f.construction or org.aftersales_department}
    sector = profile_sector(p)
    procedures = sector_procedures(catalog, sector)
    laws = law_rows(p, sector)
    terms = sector_entry(sector)["terms"]
    excluded = {e.id: e.reason for e in p.exclusions.procedures}
    docs: dict[str, DocRef] = {
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
        for proc in procedures
        for r in proc.records
    }
    outlets = [o.model_dump() for o in p.network.outlets]
    promise = promises(p, terms)
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
        "dept": names,
        "dept_head": {k: heads.get(v, "") for k, v in names.items()},
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
            # Supervision reports to someone other than its own leader.
            "reports_to": "总经理" if org.supervision.leader == org.management_representative.name
            else "管理者代表",
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
        "sector": sector_entry(sector),
        "laws": [row["name"] for row in laws],
        "doc": {
            **p.document_control.model_dump(),
            "issue_date": cn_date(p.document_control.issue_date),
            "effective_date": cn_date(p.document_control.effective_date),
            "manual_code": manual_code(prefix),
        },
        "approval": {k: dict(v) for k, v in signoffs(p).items()},
        "cert": cert_context(p, catalog),
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
            for proc in procedures
            if proc.id not in excluded
            for r in proc.records
        ],
        "law_rows": laws,
        "warranty_rows": [
            {"name": terms["service_object"] if any(x.tangible for x in p.scope.products)
             else "免费维护",
             "months": p.warranty.whole_months},
            *(WarrantyRow(name=m.name, months=m.months) for m in p.warranty.main_parts),
        ],
        "flow_steps": flow_steps(p, dept, post),
        # Filled by the build: the documents of this set with their current versions.
        "doc_list": [],
        "images": {},
    }


def function_matrix(catalog: Catalog, dept: dict[Keeper, str], departments: list[str]) -> FunctionMatrix:
    """职能分配表: ▲ lead / △ assist per indicator and department (functions -> departments)."""
    rows: list[MatrixRow] = []
    for indicator in catalog.scheme.indicators:
        assignment = catalog.function_matrix[indicator.id]
        lead = dept[assignment.lead]
        helpers = {dept[a] for a in assignment.assist} - {lead}
        cells = ["▲" if d == lead else "△" if d in helpers else "" for d in departments]
        rows.append({"clause": indicator.id, "title": indicator.title, "cells": cells})
    return {"departments": departments, "rows": rows}


def flow_steps(p: Profile, dept: dict[Keeper, str], post: Posts) -> list[FlowStep]:
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
