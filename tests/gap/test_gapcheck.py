"""Gap check: hand-computed scores, evidence from profile and documents, reports, CLI.

Scores of the scenarios under tests/data/gapcheck/<scenario>/ are computed by hand in the
comments of each assessment file; the simple scheme has no automatic evidence rules, so the
assessment alone decides there.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator.catalog import Level, load_catalog
from generator.check.findings import Finding
from generator.check.validate import ElementResult, ProcedureResult, ValidationReport
from generator.cli import main
from generator.errors import InputFileError
from generator.gap import run as gapcheck
from generator.gap.assessment import load_assessment
from generator.gap.doc_facts import doc_facts
from generator.gap.model import IndicatorResult
from generator.gap.notes import conclusion_notes
from generator.gap.profile_org import region_key
from generator.gap.run import gap_check, run_gap_check
from generator.gap.scheme_file import load_scheme_file
from generator.gap.scoring import GapReport
from generator.profile.loader import load_profile
from generator.profile.model import Profile
from generator.profile.model.document import Exclusion, Exclusions
from generator.report.gap_docx import render_docx
from generator.report.gap_html import render_html
from generator.report.gap_json import gap_dict
from generator.report.gap_md import render_md
from generator.report.gap_text import render_text

DATA = Path(__file__).resolve().parents[1] / "data" / "gapcheck"
PROFILE = DATA / "profile.yaml"
SIMPLE = DATA / "schemes" / "simple.yaml"
# A fix names something to act on: a profile field, a procedure, a record form, or the tool.
NAMES_A_FIX = re.compile(r"[a-z_]+\.[a-z_]+|P\d{2}|\d{2}-\d{2}|svcmanual")


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(PROFILE).profile


def simple(scenario: str) -> GapReport:
    return run_gap_check(PROFILE, assessment=DATA / scenario / "assessment.yaml", scheme=SIMPLE)


def by_id(report: GapReport) -> dict[str, IndicatorResult]:
    return {i.id: i for i in report.indicators}


def assert_score(report: GapReport, expected: float) -> None:
    assert report.score == pytest.approx(expected, abs=1e-9)
    assert gap_dict(report)["score"] == round(expected, 2)


# ------------------------------------------------------------------ scoring, hand-computed


@pytest.mark.parametrize(("scenario", "expected", "level"), [
    pytest.param("all_met", 100.0, "五星级", id="all-met"),
    pytest.param("exclusions", 50 / 70 * 100, "达标级", id="exclusions"),
    pytest.param("proportional", 24 + 18.75 + 20 * 2 / 3 + 15, "达标级", id="proportional"),
    pytest.param("deductions_five", 95.0, None, id="five-deductions-no-level"),
    pytest.param("deductions_four", 96.0, "五星级", id="four-deductions-level-kept"),
    pytest.param("bonus", 91.0, "四星级", id="bonus"),
    pytest.param("not_assessed", 75.0, "达标级", id="not-assessed-earn-nothing"),
])
def test_scenario_score_and_level(scenario: str, expected: float, level: str | None) -> None:
    report = simple(scenario)
    assert_score(report, expected)
    assert report.level == level
    assert gap_dict(report)["level"] == level


def test_exclusions_leave_the_base() -> None:
    report = simple("exclusions")
    data = gap_dict(report)
    assert data["applicable"] == 70
    assert data["earned"] == 50
    excluded = [i for i in data["indicators"] if i["status"] == "excluded"]
    assert [i["id"] for i in excluded] == ["A3", "A5"]
    assert all(i["earned"] is None and i["gap"] is None for i in excluded)
    assert "纯软件服务" in by_id(report)["A3"].evidence
    assert [g["id"] for g in data["gaps"]] == ["A4", "A2"]


def test_proportional_items_lose_points_in_proportion() -> None:
    items = by_id(simple("proportional"))
    assert items["A1"].earned == pytest.approx(24)
    assert items["A2"].earned == pytest.approx(18.75)
    assert items["A3"].status == "partial"
    assert items["A5"].status == "not_met"
    assert "1 份无客户签字" in items["A2"].evidence


def test_five_special_deductions_withhold_the_level() -> None:
    report = simple("deductions_five")
    data = gap_dict(report)
    assert data["special_deductions"] == 5
    assert data["level"] is None
    assert any("不授予等级" in n for n in conclusion_notes(report))
    assert "5.1.1.3" in report.special_deductions[1]


def test_star_level_carries_the_one_year_note() -> None:
    notes = conclusion_notes(simple("all_met"))
    assert any("满一年" in n and "达标级" in n for n in notes)
    assert not any("满一年" in n for n in conclusion_notes(simple("exclusions")))


def test_default_scheme_is_flagged_as_estimate(profile: Profile) -> None:
    notes = conclusion_notes(gap_check(profile, load_catalog().scheme))
    assert any("估计值" in n for n in notes)
    assert not any("估计值" in n for n in conclusion_notes(simple("all_met")))


def test_bonus_adds_one_point() -> None:
    data = gap_dict(simple("bonus"))
    assert data["bonus"] == 1


def test_two_bonuses_are_refused_with_the_line() -> None:
    with pytest.raises(InputFileError) as caught:
        simple("bonus_two")
    assert "assessment.yaml:3: special_bonus" in caught.value.message
    assert "至多一项" in caught.value.message


def test_not_assessed_gives_range_and_lists_them() -> None:
    report = simple("not_assessed")
    data = gap_dict(report)
    assert data["score_range"] == [75.0, 100.0]
    missing = [i for i in data["indicators"] if i["status"] == "not_assessed"]
    assert [(i["id"], i["source"], i["earned"]) for i in missing] == [
        ("A4", "not_assessed", None), ("A5", "not_assessed", None)]
    assert [(g["id"], g["lost"]) for g in data["gaps"]] == [("A4", 15.0), ("A5", 10.0)]
    notes = " ".join(conclusion_notes(report))
    assert "A4、A5" in notes and "100.00" in notes and "五星级" in notes


def _others_met(entries: dict[str, Any]) -> dict[str, Any]:
    return {"indicators": {i: entries.get(i, "met") for i in ("A1", "A2", "A3", "A4", "A5")}}


@pytest.mark.parametrize(("entries", "expected", "level"), [
    pytest.param({"A5": {"sampled": 2, "failed": 1}}, 95.0, "五星级", id="95-five-star"),
    pytest.param({"A5": {"sampled": 1000, "failed": 501}}, 94.99, "四星级", id="94.99-four-star"),
    pytest.param({"A5": "not_met"}, 90.0, "四星级", id="90-four-star"),
    pytest.param({"A3": "not_met"}, 80.0, "三星级", id="80-three-star"),
    pytest.param({"A1": "not_met"}, 70.0, "达标级", id="70-pass"),
    pytest.param({"A1": "not_met", "A5": {"sampled": 1000, "failed": 1}}, 69.99, None,
                 id="69.99-no-level"),
])
def test_level_thresholds_at_boundaries(tmp_path: Path, entries: dict[str, Any], expected: float,
                                        level: str | None) -> None:
    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(_others_met(entries), allow_unicode=True), encoding="utf-8")
    report = run_gap_check(PROFILE, assessment=path, scheme=SIMPLE)
    assert_score(report, expected)
    assert report.level == level


def test_threshold_reached_despite_float_drift() -> None:
    # 700 of 1000 indicators of weight 0.1 met: the float sums miss 70 by ~1e-13.
    indicators = tuple(
        IndicatorResult(f"X{n}", "x", "g", 0.1, "met" if n < 700 else "not_met",
                        1.0 if n < 700 else 0.0, "assessment", "", None if n < 700 else "修")
        for n in range(1000))
    report = GapReport("s", False, "c", indicators, (Level(name="达标级", min=70),), 4, (), None)
    assert report.score == pytest.approx(70)
    assert report.level == "达标级"


# ------------------------------------------------------------------ input files


def test_bad_assessment_lists_every_problem_with_its_line() -> None:
    with pytest.raises(InputFileError) as caught:
        simple("bad_assessment")
    message = caught.value.message
    assert "4 处问题" in message
    assert "assessment.yaml:3: indicators.A1: 结论只能是 met、not_met 或 excluded" in message
    assert "assessment.yaml:4: indicators.A9: 评分方案中没有指标“A9”" in message
    assert "assessment.yaml:5: indicators.A2.failed: 不合格数 5 大于抽查数 3" in message
    assert "assessment.yaml:6: special_deduction: 未知字段" in message
    assert "special_deductions" in message


def test_scheme_with_misspelt_key_is_refused_with_suggestion() -> None:
    with pytest.raises(InputFileError) as caught:
        load_scheme_file(DATA / "bad_scheme_key" / "scheme.yaml")
    assert "scheme.yaml:8: indicators[1].wieght: 未知字段“wieght”，是否想写“weight”？" in (
        caught.value.message)


def test_scheme_rules_are_checked_with_places() -> None:
    with pytest.raises(InputFileError) as caught:
        load_scheme_file(DATA / "bad_scheme_rules" / "scheme.yaml")
    message = caught.value.message
    assert "scheme.yaml:7: indicators: 指标权重之和为 90，应为 100" in message
    assert "scheme.yaml:3: levels: 等级应按分数线从高到低排列" in message
    assert "indicators[0].procedures[1]: 程序文件“P99”不存在" in message


def test_default_scheme_is_the_shipped_one() -> None:
    assert load_scheme_file(None) == load_catalog().scheme


# ------------------------------------------------------------------ profile evidence


def _org(profile: Profile, **changes: Any) -> Profile:
    return profile.model_copy(update={"organization": profile.organization.model_copy(
        update=changes)})


def test_profile_evidence_for_the_frozen_example(profile: Profile) -> None:
    report = gap_check(profile, load_catalog().scheme)
    items = by_id(report)
    automatic = {i for i, r in items.items() if r.source == "profile"}
    assert automatic == {"5.1.1.1", "5.1.1.2", "5.1.1.3", "5.1.2.1", "5.1.2.2", "5.1.3.1",
                         "5.1.3.2", "5.1.3.3", "5.1.4.2", "5.1.5.1", "5.1.5.2", "5.1.7",
                         "5.3.1", "5.3.2"}
    # 备件管理员 (2) and 文控专员 (1) state no qualifications: 44 of 47 people.
    assert items["5.1.2.1"].earned == pytest.approx(3 * 44 / 47)
    assert "备件管理员、文控专员" in (items["5.1.2.1"].gap or "")
    unknown = ["5.1.4.1", "5.1.6", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6"]
    assert [i.id for i in report.not_assessed] == unknown
    assert_score(report, 57 - 9 / 47)
    assert report.score_range[1] == pytest.approx(100 - 9 / 47)


def test_too_few_service_managers(profile: Profile) -> None:
    thin = _org(profile, service_managers=profile.organization.service_managers[:2])
    item = by_id(gap_check(thin, load_catalog().scheme))["5.1.2.2"]
    # 46 after-sales staff → 10 % → 5 needed; 2 of 5 reached.
    assert item.earned == pytest.approx(5 * 2 / 5)
    assert item.status == "partial"
    assert "organization.service_managers" in (item.gap or "") and "增补 3 名" in (item.gap or "")


def test_outlets_not_covering_a_sales_region(profile: Profile) -> None:
    outlets = [o for o in profile.network.outlets if "江西" not in o.region]
    thin = profile.model_copy(update={"network": profile.network.model_copy(
        update={"outlets": outlets})})
    item = by_id(gap_check(thin, load_catalog().scheme))["5.1.1.2"]
    assert item.earned == pytest.approx(4 * 5 / 6)
    assert "江西省" in item.evidence and "network.outlets" in (item.gap or "")


def test_lapsed_agreement_of_an_entrusted_outlet(profile: Profile) -> None:
    outlets = list(profile.network.outlets)
    outlets[3] = outlets[3].model_copy(update={"agreement_until": None})
    thin = profile.model_copy(update={"network": profile.network.model_copy(
        update={"outlets": outlets})})
    item = by_id(gap_check(thin, load_catalog().scheme))["5.1.1.3"]
    assert item.earned == pytest.approx(2 * 6 / 7)
    assert outlets[3].name in (item.gap or "") and "agreement_until" in (item.gap or "")


def test_supervision_without_full_time_member(profile: Profile) -> None:
    sup = profile.organization.supervision
    members = [m.model_copy(update={"full_time": False}) for m in sup.members]
    thin = _org(profile, supervision=sup.model_copy(update={"members": members}))
    item = by_id(gap_check(thin, load_catalog().scheme))["5.1.5.1"]
    assert item.status == "not_met"
    assert "full_time: true" in (item.gap or "")


def test_no_reserve_and_no_insurance(profile: Profile) -> None:
    resources = profile.resources.model_copy(
        update={"compensation_reserve_wan": None, "insurance": []})
    thin = profile.model_copy(update={"resources": resources})
    item = by_id(gap_check(thin, load_catalog().scheme))["5.1.3.1"]
    assert item.earned == pytest.approx(4 * 2 / 3)
    assert "compensation_reserve_wan" in (item.gap or "")


@pytest.mark.parametrize(("region", "key"), [
    ("浙江省", "浙江"), ("上海市", "上海"), ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"),
    ("香港特别行政区", "香港"), ("华东地区", "华东"), ("全国", "全国"),
])
def test_region_key(region: str, key: str) -> None:
    assert region_key(region) == key


def test_profile_exclusion_excludes(profile: Profile) -> None:
    excluded = profile.model_copy(update={"exclusions": Exclusions(
        indicators=[Exclusion(id="5.2.3", reason="无实物配送")])})
    report = gap_check(excluded, load_catalog().scheme)
    item = by_id(report)["5.2.3"]
    assert (item.status, item.source, item.earned) == ("excluded", "profile", None)
    assert report.applicable == 95


def test_assessment_overrides_profile_evidence_and_exclusion(profile: Profile) -> None:
    scheme = load_catalog().scheme
    excluded = profile.model_copy(update={"exclusions": Exclusions(
        indicators=[Exclusion(id="5.2.3", reason="无实物配送")])})
    assessment = load_assessment(DATA / "override_profile" / "assessment.yaml", scheme)
    report = gap_check(excluded, scheme, assessment=assessment)
    items = by_id(report)
    managers = items["5.1.2.2"]
    assert (managers.status, managers.source, managers.earned) == ("not_met", "assessment", 0)
    assert "已覆盖自动证据" in managers.evidence and "售后服务管理师 5 名" in managers.evidence
    assert managers.gap
    assert items["5.1.5.1"].earned == pytest.approx(3 * 3 / 4)
    assert items["5.2.3"].status == "met" and "企业档案删减" in items["5.2.3"].evidence
    assert items["5.2.1"].source == "assessment"
    # profile-evidenced 58.25 (all but 5.1.2.1, 5.1.2.2, 5.1.5.1 at full weight, plus the
    # assessed 2.25, 5.2.1 and 5.2.3) + 5.1.2.1 at 44/47; nothing excluded.
    assert_score(report, 58.25 + 3 * 44 / 47)
    assert report.applicable == 100


# ------------------------------------------------------------------ document evidence


def complete_docs(excluded: Iterable[str] = ()) -> ValidationReport:
    """A validator report on a complete document set."""
    catalog = load_catalog()
    return ValidationReport(
        target="out/lanqin-appliance",
        manual_found=True,
        elements=tuple(ElementResult(e.id, e.title, e.clause, e.required, True, "售后服务手册.docx")
                       for e in catalog.elements),
        procedures=tuple(ProcedureResult(p.id, p.title, True, p.title,
                                         f"procedures/{p.id}-{p.title}.docx")
                         for p in catalog.procedures if p.id not in set(excluded)),
        findings=(),
    )


def _procedure(report: ValidationReport, pid: str, **changes: Any) -> ValidationReport:
    procedures = tuple(replace(p, **changes) if p.id == pid else p for p in report.procedures)
    return replace(report, procedures=procedures)


def _finding(report: ValidationReport, code: str, message: str) -> ValidationReport:
    finding = Finding("error", code, "5.1.4.1", message, "售后服务手册.docx")
    return replace(report, findings=(*report.findings, finding))


def docs_report(profile: Profile, validation: ValidationReport) -> dict[str, IndicatorResult]:
    return by_id(gap_check(profile, load_catalog().scheme, validation=validation))


def test_complete_documents(profile: Profile) -> None:
    report = gap_check(profile, load_catalog().scheme, validation=complete_docs())
    items = by_id(report)
    assert items["5.1.4.1"].status == "met" and items["5.1.4.1"].source == "documents"
    assert items["5.2.4"].status == "met" and "P04" in items["5.2.4"].evidence
    assert items["5.1.2.1"].source == "profile"  # the weaker source binds
    assert [i.id for i in report.not_assessed] == ["5.2.1", "5.2.2", "5.2.6"]
    assert_score(report, 87 - 9 / 47)
    assert report.level == "三星级"


def test_missing_procedure(profile: Profile) -> None:
    validation = _procedure(complete_docs(), "P13", found=False)
    items = docs_report(profile, validation)
    complaints = items["5.3.2"]
    assert (complaints.status, complaints.source) == ("not_met", "documents")
    assert "P13《客户投诉管理控制程序》" in (complaints.gap or "")
    assert "13-01 客户投诉处理登记表" in (complaints.gap or "")
    # 5 elements + 22 procedures + clean content: 27 of 28
    assert items["5.1.4.1"].earned == pytest.approx(6 * 27 / 28)


def test_procedure_missing_required_section(profile: Profile) -> None:
    validation = _procedure(complete_docs(), "P13",
                            missing_sections=("responsibilities", "records"))
    complaints = docs_report(profile, validation)["5.3.2"]
    assert complaints.status == "not_met"
    assert "补写职责章节" in (complaints.gap or "")


def test_procedure_missing_only_optional_section_counts_as_complete(profile: Profile) -> None:
    validation = _procedure(complete_docs(), "P14", missing_sections=("records",))
    assert docs_report(profile, validation)["5.3.1"].status == "met"


def test_inconsistent_contact_costs_one_commitment_wording(profile: Profile) -> None:
    validation = _finding(complete_docs(), "inconsistent_contact",
                          "同一企业出现不同的服务热线：400-826-5177、400-800-1234")
    culture = docs_report(profile, validation)["5.1.7"]
    # P02 present, wording inconsistent: 1 of 2
    assert culture.earned == pytest.approx(5 / 2)
    assert "400-800-1234" in (culture.gap or "")


def test_foreign_company_name_costs_the_manual(profile: Profile) -> None:
    validation = _finding(complete_docs(), "foreign_company", "出现其他企业名称“恒润科技有限公司”")
    manual = docs_report(profile, validation)["5.1.4.1"]
    assert manual.earned == pytest.approx(6 * 27 / 28)
    assert "恒润科技" in (manual.gap or "") and "他企名称" in manual.evidence


def test_no_manual_found(profile: Profile) -> None:
    validation = replace(complete_docs(), manual_found=False, elements=())
    manual = docs_report(profile, validation)["5.1.4.1"]
    assert manual.earned == pytest.approx(6 * 23 / 28)
    assert "未找到售后服务手册" in (manual.gap or "")


def test_missing_expected_chapter_costs_nothing(profile: Profile) -> None:
    validation = complete_docs()
    validation = replace(validation, elements=tuple(replace(e, found=e.required)
                                                    for e in validation.elements))
    items = docs_report(profile, validation)
    assert items["5.1.1.1"].status == "met" and items["5.1.4.1"].status == "met"


def test_all_procedures_missing_gives_one_build_fix(profile: Profile) -> None:
    validation = replace(complete_docs(), procedures=())
    manual = docs_report(profile, validation)["5.1.4.1"]
    assert "补齐 22 份程序文件" in (manual.gap or "")


def test_excluded_procedure_is_not_required(profile: Profile) -> None:
    excluded = profile.model_copy(update={"exclusions": Exclusions(
        procedures=[Exclusion(id="P08", reason="无实物配送")],
        indicators=[Exclusion(id="5.2.3", reason="无实物配送")])})
    items = docs_report(excluded, complete_docs(excluded=["P08"]))
    assert items["5.1.4.1"].status == "met"
    assert items["5.2.3"].status == "excluded"


def test_doc_facts_reads_the_report() -> None:
    report = replace(_procedure(complete_docs(), "P02", found=False, missing_sections=()),
                     elements=(ElementResult("scope", "范围", "5.1.4.1", True, True, None),))
    report = _procedure(report, "P03", missing_sections=("records",))
    facts = doc_facts(report)
    assert facts.element_found("scope") and not facts.element_found("mechanism")
    assert facts.procedure("P01").complete and not facts.procedure("P02").found
    assert facts.procedure("P03").complete and not facts.procedure("P99").found


def test_documents_through_the_real_validator(tmp_path: Path) -> None:
    procedure = docx.Document()
    procedure.add_heading("客户投诉管理控制程序", 0)
    for heading in ("1 目的", "2 范围", "3 职责", "4 工作程序", "5 相关文件", "6 记录"):
        procedure.add_heading(heading, 1)
        procedure.add_paragraph("浙江澜沁电器有限公司按本程序处理投诉。")
    procedure.save(str(tmp_path / "P13-客户投诉管理控制程序.docx"))
    items = by_id(run_gap_check(PROFILE, docs=tmp_path))
    assert (items["5.3.2"].status, items["5.3.2"].source) == ("met", "documents")
    assert items["5.1.4.1"].source == "documents" and items["5.1.4.1"].status == "partial"
    assert "P13" not in (items["5.1.4.1"].gap or "")


# ------------------------------------------------------------------ example profiles


def _names_fixes(report: GapReport) -> None:
    for gap in report.gaps:
        assert gap.gap and NAMES_A_FIX.search(gap.gap), (gap.id, gap.gap)


def test_example_profile_without_documents(example_profile: Path) -> None:
    report = run_gap_check(example_profile)
    low, high = report.score_range
    assert report.score == low < high
    assert {"5.1.4.1", "5.1.6"} <= {i.id for i in report.not_assessed}
    _names_fixes(report)


def test_example_profile_with_complete_documents(example_profile: Path) -> None:
    loaded = load_profile(example_profile).profile
    excluded = [e.id for e in loaded.exclusions.procedures]
    report = gap_check(loaded, load_catalog().scheme, validation=complete_docs(excluded))
    assert report.level is not None
    assert report.gaps, "some indicators need an assessment"
    _names_fixes(report)


# ------------------------------------------------------------------ reports


@pytest.fixture(scope="module")
def mixed() -> GapReport:
    """Documents with one missing procedure, a deduction-free default-scheme report."""
    loaded = load_profile(PROFILE).profile
    return gap_check(loaded, load_catalog().scheme,
                     validation=_procedure(complete_docs(), "P13", found=False))


def test_json_has_the_contract_shape(mixed: GapReport) -> None:
    data = json.loads(json.dumps(gap_dict(mixed)))
    assert set(data) == {"score", "score_range", "level", "earned", "applicable",
                         "special_deductions", "bonus", "indicators", "gaps"}
    assert {tuple(sorted(i)) for i in data["indicators"]} == {
        ("earned", "evidence", "gap", "id", "source", "status", "title", "weight")}
    assert {i["source"] for i in data["indicators"]} <= {
        "assessment", "profile", "documents", "not_assessed"}
    # P13 missing: 5.3.2 loses 7; no evidence for 5.2.1, 5.2.2 (5 each), 5.2.6 (3);
    # 5.1.4.1 loses 6/28, 5.1.2.1 3/47 × 3.
    assert [(g["id"], g["lost"]) for g in data["gaps"]] == [
        ("5.3.2", 7.0), ("5.2.1", 5.0), ("5.2.2", 5.0), ("5.2.6", 3.0),
        ("5.1.4.1", round(6 / 28, 2)), ("5.1.2.1", round(9 / 47, 2))]
    assert data["score"] == round(87 - 7 - 6 / 28 - 9 / 47, 2)


def test_html_is_self_contained_with_chart(mixed: GapReport) -> None:
    page = render_html(mixed)
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "<link" not in page and "<img" not in page
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    chart = ET.fromstring(svg.group(0))
    assert len(chart.findall("rect")) >= 3
    positions = [page.index(f"<strong>{g.id} ") for g in mixed.gaps]
    assert positions == sorted(positions), "gap list follows points lost"
    assert "整改：编写 P13《客户投诉管理控制程序》" in page


def test_html_escapes_company_name(profile: Profile) -> None:
    company = profile.company.model_copy(update={"name": "A&B<公司>"})
    page = render_html(gap_check(profile.model_copy(update={"company": company}),
                                 load_catalog().scheme))
    assert "A&amp;B&lt;公司&gt;" in page and "A&B<公司>" not in page


def test_docx_reopens_with_chinese_fonts(tmp_path: Path, mixed: GapReport) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(mixed))
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "售后服务认证差距评估报告" in text and "三、整改清单（按失分排序）" in text
    tables = document.tables
    assert len(tables) == 4
    gap_rows = [[c.text for c in row.cells] for row in tables[2].rows[1:]]
    assert [r[1].split()[0] for r in gap_rows] == [g.id for g in mixed.gaps]

    def east_asia(style: str) -> str | None:
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "宋体"
    assert east_asia("Heading 1") == "黑体"


def test_markdown_and_text(mixed: GapReport) -> None:
    md = render_md(mixed)
    assert "| 序号 | 指标 | 失分 | 结论 | 整改措施 |" in md
    text = render_text(mixed)
    assert f"估计得分：{mixed.score:.2f}" in text
    assert "预计等级：达标级" in text and "得分范围：79.59 — 92.59" in text
    assert "差距清单" in text


# ------------------------------------------------------------------ command line


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["gap-check", "--profile", str(PROFILE), *args])


def test_cli_json() -> None:
    result = run("--scheme", str(SIMPLE), "--assessment", str(DATA / "bonus" / "assessment.yaml"),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["score"], data["level"], data["bonus"]) == (91.0, "四星级", 1)


def test_cli_writes_html_atomically(tmp_path: Path) -> None:
    out = tmp_path / "gap.html"
    result = run("--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["gap.html"]
    assert "<svg" in out.read_text(encoding="utf-8")


def test_cli_docx_needs_output() -> None:
    result = run("--format", "docx")
    assert result.exit_code == 2
    assert "-o" in result.stderr


def test_cli_docx(tmp_path: Path) -> None:
    out = tmp_path / "gap.docx"
    result = run("--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs[0].text == "售后服务认证差距评估报告"


@pytest.mark.parametrize(("threshold", "code"), [
    pytest.param("92", 3, id="below"), pytest.param("91", 0, id="equal"),
    pytest.param("90.5", 0, id="above"),
])
def test_cli_fail_under(threshold: str, code: int) -> None:
    result = run("--scheme", str(SIMPLE), "--assessment", str(DATA / "bonus" / "assessment.yaml"),
                 "--fail-under", threshold)
    assert result.exit_code == code
    if code:
        assert "低于 --fail-under 92" in result.stderr


def test_cli_bad_assessment_exits_1_with_place() -> None:
    result = run("--scheme", str(SIMPLE), "--assessment",
                 str(DATA / "bad_assessment" / "assessment.yaml"))
    assert result.exit_code == 1
    assert "assessment.yaml:4: indicators.A9" in result.stderr
    assert "Traceback" not in result.output


def test_cli_missing_docs_folder(tmp_path: Path) -> None:
    result = run("--docs", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert "不存在" in result.stderr


def test_cli_docs_go_through_the_validator_seam(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []

    def fake(docs: Path, profile: Profile) -> dict[str, Any]:
        seen.append(docs)
        return complete_docs()

    monkeypatch.setattr(gapcheck, "validate_documents", fake)
    result = run("--docs", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert seen == [tmp_path]
    data = json.loads(result.stdout)
    assert data["level"] == "三星级"
    assert next(i for i in data["indicators"] if i["id"] == "5.1.4.1")["source"] == "documents"
