"""What the validator found in the documents, read from its `ValidationReport`.

Rules:
1. A manual element counts as found when its entry is found and a manual was found.
2. A procedure counts as present when it is listed as found; it is complete when none of
   the required sections (purpose, scope, responsibilities, procedure) is missing.
3. Findings are kept by code with their messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.catalog.sections import REQUIRED_SECTIONS, SectionId
from generator.check.validate import ValidationReport


@dataclass(frozen=True)
class ProcedureFacts:
    found: bool
    missing_sections: tuple[SectionId, ...] = ()

    @property
    def missing_required(self) -> tuple[SectionId, ...]:
        return tuple(s for s in self.missing_sections if s in REQUIRED_SECTIONS)

    @property
    def complete(self) -> bool:
        return self.found and not self.missing_required


@dataclass(frozen=True)
class DocFacts:
    target: str
    manual_found: bool
    elements: Mapping[str, bool] = field(default_factory=dict)
    procedures: Mapping[str, ProcedureFacts] = field(default_factory=dict)
    findings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def element_found(self, element_id: str) -> bool:
        return self.manual_found and self.elements.get(element_id, False)

    def procedure(self, procedure_id: str) -> ProcedureFacts:
        return self.procedures.get(procedure_id, ProcedureFacts(found=False))


def doc_facts(report: ValidationReport) -> DocFacts:
    """The facts of `report` the gap check scores."""
    findings: dict[str, list[str]] = {}
    for f in report.findings:
        findings.setdefault(f.code, []).append(f.message)
    return DocFacts(
        target=report.target,
        manual_found=report.manual_found,
        elements={e.id: e.found for e in report.elements},
        procedures={p.id: ProcedureFacts(p.found, p.missing_sections) for p in report.procedures},
        findings={code: tuple(msgs) for code, msgs in findings.items()},
    )
