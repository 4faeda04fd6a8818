"""One indicator's result from its sources.

Rules:
1. An assessment entry decides alone (it overrides the profile's 删减 and automatic evidence;
   the overridden automatic evidence is quoted for the reader).
2. Else the profile's 删减 excludes the indicator.
3. Else the automatic sources (documents, profile) that have evidence are combined: the
   indicator earns the lowest fraction among them (a fact without its procedure, or a
   procedure without the fact, is not met); the binding source is reported, documents first
   on a tie.
4. No evidence at all: `not_assessed`.
5. Every indicator not fully met names its fix: the sources' own hints, else the scheme's
   `fix`, else a generic one naming the indicator.
"""

from __future__ import annotations

from generator.catalog import Indicator
from generator.gap.assessment import Judgement
from generator.gap.model import Evidence, IndicatorResult, Source, Status, status_for

NO_EVIDENCE = "企业档案和文件中均无该指标的证据"


def fallback_fix(ind: Indicator) -> str:
    return ind.fix or f"对照 {ind.id}“{ind.title}”的要求整改，并保留相应记录"


def _result(ind: Indicator, status: Status, fraction: float | None, source: Source,
            evidence: str, gap: str | None) -> IndicatorResult:
    group = ind.group or ".".join(ind.id.split(".")[:2])
    return IndicatorResult(ind.id, ind.title, group, ind.weight, status, fraction, source,
                           evidence, gap)


def _gap(ind: Indicator, fraction: float, evidence: list[Evidence]) -> str | None:
    if fraction >= 1:
        return None
    hints = [e.gap for e in evidence if e.gap and e.fraction < 1]
    return "；".join(hints) if hints else fallback_fix(ind)


def combine(ind: Indicator, *, judgement: Judgement | None, profile_exclusion: str | None,
            automatic: list[Evidence]) -> IndicatorResult:
    if judgement is not None:
        return _assessed(ind, judgement, profile_exclusion, automatic)
    if profile_exclusion is not None:
        return _result(ind, "excluded", None, "profile", f"企业档案删减：{profile_exclusion}", None)
    if not automatic:
        return _result(ind, "not_assessed", None, "not_assessed", NO_EVIDENCE,
                       f"提供证据或在评估文件中给出结论：{fallback_fix(ind)}")
    binding = min(automatic, key=lambda e: e.fraction)
    return _result(ind, status_for(binding.fraction), binding.fraction, binding.source,
                   "；".join(e.text for e in automatic), _gap(ind, binding.fraction, automatic))


def _assessed(ind: Indicator, judgement: Judgement, profile_exclusion: str | None,
              automatic: list[Evidence]) -> IndicatorResult:
    overridden = [e.text for e in automatic]
    if profile_exclusion is not None:
        overridden.insert(0, f"企业档案删减：{profile_exclusion}")
    evidence = judgement.text
    if overridden:
        evidence += "（已覆盖自动证据：" + "；".join(overridden) + "）"
    if judgement.fraction is None:
        return _result(ind, "excluded", None, "assessment", evidence, None)
    # The assessment says what is wrong; the automatic hints still say how to fix it.
    hints = [Evidence(0.0, e.source, e.text, e.gap) for e in automatic]
    return _result(ind, status_for(judgement.fraction), judgement.fraction, "assessment", evidence,
                   _gap(ind, judgement.fraction, hints))
