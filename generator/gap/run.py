"""Gap check: estimate the GB/T 27922 score and level, and say what to fix first.

Inputs are parsed once at the edge: the scheme (`gap.scheme_file`), the profile
(`profile.loader`), the assessment (`gap.assessment`) and the validator's report on the
documents (`check.validate.validate_path`). `gap_check` is the pure core; tests call it
with hand-made `ValidationReport`s. Rules, per indicator of the scheme:
1. The assessment's entry, if any, decides (see `gap.combine`).
2. Else the profile's 删减 (`exclusions.indicators`) excludes it.
3. Else evidence from the documents (`gap.doc_evidence`) and the profile
   (`gap.profile_evidence`) is combined; with none it is `not_assessed`.
The score, range and level follow `gap.scoring`.
"""

from __future__ import annotations

from pathlib import Path

from generator.catalog import Scheme, load_catalog
from generator.check.validate import ValidationReport, validate_path
from generator.errors import InputFileError, SvcError
from generator.gap.assessment import Assessment, load_assessment
from generator.gap.combine import combine
from generator.gap.doc_evidence import document_evidence
from generator.gap.doc_facts import doc_facts
from generator.gap.model import Evidence
from generator.gap.profile_evidence import profile_evidence
from generator.gap.scheme_file import load_scheme_file
from generator.gap.scoring import GapReport
from generator.profile.loader import load_profile
from generator.profile.model import Profile

__all__ = ["GapReport", "gap_check", "run_gap_check"]


def run_gap_check(profile: Path, *, docs: Path | None = None, assessment: Path | None = None,
                  scheme: Path | None = None) -> GapReport:
    """Load every input, check the documents if given, and score."""
    loaded_scheme = load_scheme_file(scheme)
    loaded = load_profile(profile)
    judged = load_assessment(assessment, loaded_scheme) if assessment else None
    validation = validate_documents(docs, loaded.profile) if docs else None
    return gap_check(loaded.profile, loaded_scheme, assessment=judged, validation=validation)


def validate_documents(docs: Path, profile: Profile) -> ValidationReport:
    if not docs.exists():
        raise InputFileError("文件或文件夹不存在", where=str(docs),
                             hint="--docs 应为 .docx 文件、含 .docx 的文件夹或 .zip 压缩包")
    return validate_path(docs, profile=profile)


def gap_check(profile: Profile, scheme: Scheme, *, assessment: Assessment | None = None,
              validation: ValidationReport | None = None) -> GapReport:
    """Score `profile` (and the validator's findings, if any) against `scheme`."""
    catalog = load_catalog()
    judged = assessment or Assessment(indicators={})
    facts = doc_facts(validation) if validation is not None else None
    excluded_procedures = {e.id for e in profile.exclusions.procedures}
    profile_exclusions = {e.id: e.reason for e in profile.exclusions.indicators}
    notes = [f"企业档案删减的指标 {i} 不在评分方案中，已忽略"
             for i in profile_exclusions if i not in scheme.indicators_by_id]
    results = []
    for ind in scheme.indicators:
        automatic: list[Evidence] = []
        if facts is not None:
            found = document_evidence(ind, facts, catalog, excluded_procedures)
            automatic += [found] if found else []
        found = profile_evidence(ind.standard_clause, profile)
        automatic += [found] if found else []
        results.append(combine(ind, judgement=judged.indicators.get(ind.id),
                               profile_exclusion=profile_exclusions.get(ind.id),
                               automatic=automatic))
    if not any(r.applicable for r in results):
        raise SvcError("所有指标均被删减，没有可评分的指标",
                       hint="请检查企业档案的 exclusions.indicators 和评估文件中的 excluded")
    return GapReport(
        scheme_name=scheme.name,
        scheme_estimated=scheme.estimated,
        company=profile.company.name,
        indicators=tuple(results),
        levels=scheme.levels,
        max_special_deductions=scheme.max_special_deductions,
        special_deductions=judged.special_deductions,
        bonus=judged.bonus,
        notes=tuple(notes),
    )
