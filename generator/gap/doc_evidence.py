"""Evidence from the documents (`--docs`), per indicator, from the validator's findings.

Rules:
1. 5.1.4.1: the required manual elements, every procedure not excluded by the profile
   (present and complete), and content free of another company's name, placeholders and
   unrendered template tags; the share of these met.
2. Other indicators: the procedures mapped to the indicator (the scheme's `procedures`, else
   the catalog procedures citing its clause), minus the profile's excluded ones, each present
   and complete. Expected (non-required) manual chapters are only warnings in the validator,
   so they cost no points here.
3. 5.1.7 also needs one commitment wording: no `inconsistent_contact` finding.
4. An indicator none of this applies to gets no document evidence (None).
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.catalog import Catalog, Indicator, Procedure
from generator.catalog.sections import SECTION_TITLES
from generator.gap.checklist import Item, checklist
from generator.gap.doc_facts import DocFacts
from generator.gap.model import Evidence

MANUAL_CLAUSE = "5.1.4.1"
COMMITMENT_CLAUSE = "5.1.7"
CONTENT_CODES = {
    "foreign_company": "他企名称",
    "placeholder": "占位符",
    "unrendered_tag": "未替换的模板标签",
}
MAX_PROCEDURE_FIXES = 5  # beyond this, one "build them" fix replaces the list
NO_MANUAL_FIX = "未找到售后服务手册：用 svcmanual build 生成手册，或在 --docs 中包含手册文件"
ELEMENT_FIX = {
    "document_control": "在手册封面写明文件编号、版本和编制/审核/批准人，作为受控文件发布",
}


def document_evidence(indicator: Indicator, facts: DocFacts, catalog: Catalog,
                      excluded: set[str]) -> Evidence | None:
    clause = indicator.standard_clause
    if clause == MANUAL_CLAUSE:
        items = _manual_items(facts, catalog, excluded)
    else:
        wanted = indicator.procedures
        if wanted is None:
            wanted = tuple(p.id for p in catalog.procedures if clause in p.clauses)
        procedures = [catalog.procedures_by_id[i] for i in wanted if i not in excluded]
        items = _procedure_items(procedures, facts)
        if clause == COMMITMENT_CLAUSE:
            items.append(_consistency_item(facts))
    return checklist(items, "documents") if items else None


def _manual_items(facts: DocFacts, catalog: Catalog, excluded: set[str]) -> list[Item]:
    elements = [e for e in catalog.elements if e.required]
    items = [Item(facts.element_found(e.id), e.title, _element_fix(facts, e.id, e.title))
             for e in elements]
    items += _procedure_items([p for p in catalog.procedures if p.id not in excluded], facts)
    problems = {c: len(facts.findings[c]) for c in CONTENT_CODES if facts.findings.get(c)}
    if problems:
        shown = "、".join(f"{CONTENT_CODES[c]} {n} 处" for c, n in problems.items())
        example = facts.findings[next(iter(problems))][0]
        items.append(Item(False, f"文件内容问题（{shown}）",
                          f"清除文件中的他企名称、占位符和未替换的模板标签（如：{example}）"))
    else:
        items.append(Item(True, "无他企名称和占位符"))
    return items


def _element_fix(facts: DocFacts, element_id: str, title: str) -> str:
    if not facts.manual_found:
        return NO_MANUAL_FIX
    return ELEMENT_FIX.get(element_id, f"在售后服务手册中补写“{title}”章节")


def _procedure_items(procedures: Iterable[Procedure], facts: DocFacts) -> list[Item]:
    items = []
    absent = [p for p in procedures if not facts.procedure(p.id).found]
    for proc in procedures:
        found = facts.procedure(proc.id)
        label = f"{proc.id} {proc.title}"
        if not found.found:
            fix = _absent_fix(proc) if len(absent) <= MAX_PROCEDURE_FIXES else _absent_many(absent)
            items.append(Item(False, label, fix))
        else:
            sections = "、".join(SECTION_TITLES[s] for s in found.missing_required)
            fix = f"在 {proc.id}《{proc.title}》中补写{sections}章节"
            items.append(Item(found.complete, label, fix))
    return items


def _absent_fix(proc: Procedure) -> str:
    records = "、".join(f"{r.code} {r.name}" for r in proc.records)
    return f"编写 {proc.id}《{proc.title}》（可用 svcmanual build 生成）并保留记录 {records}"


def _absent_many(absent: list[Procedure]) -> str:
    ids = "、".join(p.id for p in absent)
    return f"补齐 {len(absent)} 份程序文件（{ids}），可用 svcmanual build 生成后按企业实际修订"


def _consistency_item(facts: DocFacts) -> Item:
    messages = facts.findings.get("inconsistent_contact")
    if not messages:
        return Item(True, "服务热线与承诺表述一致")
    return Item(False, "服务热线表述不一致",
                f"统一广告、保修卡、合同和手册中的服务热线与服务承诺表述（如：{messages[0]}）")
