"""Check a manual set against clause 5.1.4.1 of GB/T 27922-2011; return findings as data.

Rules:
1. PATH is a .docx, a folder of documents (recursive) or a .zip (`generator.docs.inputs`); a file
   that cannot be read is an error finding `file_unreadable` for that file and the rest is
   checked. A single unreadable .docx given as PATH raises `InputFileError` (exit 1). A file
   that is not read at all (not a document, a lock file) is a warning `file_skipped` naming it.
2. Documents are split into procedures, manual parts and others (`generator.check.segment`);
   procedures are recognised by the meaning of their titles (`generator.check.matching`).
3. Every procedure P01–P22 must be present (`procedure_missing`, error) unless the profile
   excludes it (删减), or, without a profile, the manual declares it 删减 in a table
   (`generator.check.exclusions`). When one appears more than once, its standalone file is reported (else
   the first copy in path order) and the sections missing in any copy are listed.
   3b. A set holding both standalone procedure files and compiled volumes (程序文件汇编) must
   have each procedure in both forms: a procedure only in one form is `procedure_missing`.
4. Every procedure needs 目的, 范围, 职责 and 工作程序 (`section_missing`, error) and should
   have 相关文件 and 记录 (`section_missing`, warning).
5. A manual must exist (`manual_missing`, error). In it, each manual element of the catalog is
   looked for in the headings, then in short lines such as table captions; the required ones
   of 5.1.4.1 are errors when missing, the others warnings (`manual_element_missing`).
   Document control needs a number (编号), a version (版本/版次) and an approval (批准/签发)
   anywhere in the manual, its tables or its header.
6. Stale content (`generator.check.stale`): unrendered_tag, placeholder, foreign_company,
   inconsistent_contact, and with a profile unknown_role.
7. The set is complete when there is no error-severity finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.catalog import Catalog, ManualElement, load_catalog
from generator.catalog.sections import REQUIRED_SECTIONS, SECTION_IDS, SECTION_TITLES, SectionId
from generator.check.exclusions import declared_exclusions
from generator.check.findings import Finding
from generator.check.matching import ProcedureMatcher, element_hit
from generator.check.segment import Part, labels_of, split_documents
from generator.check.stale import stale_findings
from generator.docs.inputs import load_documents
from generator.docs.outline import Block, Outline
from generator.docs.textnorm import strip_numbering
from generator.errors import InputFileError
from generator.profile.model import Profile

CLAUSE = "5.1.4.1"
SHORT_LINE = 30
_NUMBER = re.compile(r"编号|文件代号|文件号")
_VERSION = re.compile(r"版本|版次|版号")
_APPROVAL = re.compile(r"批准|签发|审批")

__all__ = ["ElementResult", "Finding", "ProcedureResult", "ValidationReport", "validate_outlines",
           "validate_path"]


@dataclass(frozen=True)
class ElementResult:
    id: str
    title: str
    clause: str
    required: bool
    found: bool
    where: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "clause": self.clause, "required": self.required,
                "found": self.found, "where": self.where}


@dataclass(frozen=True)
class ProcedureResult:
    id: str
    title: str
    found: bool
    matched_title: str | None
    where: str | None
    missing_sections: tuple[SectionId, ...] = ()
    excluded: str | None = None  # the profile's reason when the procedure is excluded (删减)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "found": self.found,
                "matched_title": self.matched_title, "where": self.where,
                "missing_sections": list(self.missing_sections)}


@dataclass(frozen=True)
class ValidationReport:
    target: str
    manual_found: bool
    elements: tuple[ElementResult, ...]
    procedures: tuple[ProcedureResult, ...]
    findings: tuple[Finding, ...]
    documents: tuple[str, ...] = field(default=())
    company: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def complete(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        """The `validate --format json` contract, exactly."""
        return {
            "target": self.target,
            "complete": self.complete,
            "manual": {"found": self.manual_found,
                       "elements": [e.to_dict() for e in self.elements]},
            "procedures": [p.to_dict() for p in self.procedures],
            "findings": [f.to_dict() for f in self.findings],
            "summary": {"errors": self.errors, "warnings": self.warnings},
        }


def validate_path(path: Path, profile: Profile | None = None, *,
                  timeout: float | None = None) -> ValidationReport:
    """Check the document set at `path` (rule 1)."""
    loaded = load_documents(path, timeout=timeout)
    return validate_outlines(loaded.outlines, target=str(path), profile=profile,
                             failures=loaded.failures, skipped=loaded.skipped)


def validate_outlines(outlines: Sequence[Outline], *, target: str,
                      profile: Profile | None = None,
                      failures: Sequence[InputFileError] = (),
                      skipped: Sequence[InputFileError] = ()) -> ValidationReport:
    """Check outlines already read (`validate_path` after reading the files)."""
    catalog = load_catalog()
    parts = split_documents(outlines, catalog, _matcher(catalog))
    findings = [_unreadable(exc) for exc in failures]
    findings += [Finding("warning", "file_skipped", CLAUSE, exc.message, exc.where, exc.where)
                 for exc in skipped]
    manual = [p for p in parts if p.role == "manual"]
    elements, element_findings = _check_manual(manual, catalog)
    declared = declared_exclusions([b.rows for p in manual for b in p.outline.tables],
                                   _matcher(catalog))
    procedures, procedure_findings = _check_procedures(parts, catalog, profile, declared)
    findings += element_findings + procedure_findings + stale_findings(parts, profile)
    names = tuple([o.name for o in outlines] + [exc.where or "" for exc in failures])
    return ValidationReport(target, bool(manual), tuple(elements), tuple(procedures),
                            tuple(findings), names,
                            profile.company.name if profile is not None else None)


_MATCHERS: dict[int, ProcedureMatcher] = {}


def _matcher(catalog: Catalog) -> ProcedureMatcher:
    return _MATCHERS.setdefault(id(catalog), ProcedureMatcher(catalog))


def _unreadable(exc: InputFileError) -> Finding:
    message = exc.message + (f"。处理建议：{exc.hint}" if exc.hint else "")
    return Finding("error", "file_unreadable", CLAUSE, message, exc.where, exc.where)


def _check_manual(manual: list[Part], catalog: Catalog
                  ) -> tuple[list[ElementResult], list[Finding]]:
    results: list[ElementResult] = []
    findings: list[Finding] = []
    if not manual:
        findings.append(Finding(
            "error", "manual_missing", CLAUSE,
            "未找到售后服务手册：应有一份手册写明产品/服务范围、职能设计、组织分工和运转机制，"
            "并作为受控文件发布", None, "manual"))
    for element in catalog.elements:
        where = _find_element(element, manual) if manual else None
        results.append(ElementResult(element.id, element.title, element.clause,
                                     element.required, where is not None, where))
        if manual and where is None:
            findings.append(Finding(
                "error" if element.required else "warning", "manual_element_missing",
                element.clause, _element_message(element), manual[0].source, element.id))
    return results, findings


def _element_message(element: ManualElement) -> str:
    if element.id == "document_control":
        return "手册未体现文件受控信息：应有文件编号、版本号和批准人（封面、页眉或控制表）"
    names = "、".join(element.synonyms[:3])
    level = "缺少" if element.required else "未找到"
    return f"手册{level}“{element.title}”的内容（可用标题如：{names}）"


def _find_element(element: ManualElement, manual: list[Part]) -> str | None:
    if element.id == "document_control":
        return _find_control(manual)
    for part in manual:
        for block in part.outline.headings:
            if element_hit(element, block.key):
                return f"{part.source}: {block.text}"
    for part in manual:
        for block in part.outline.paragraphs:
            if len(block.norm) <= SHORT_LINE and element_hit(element, block.key):
                return f"{part.source}: {block.text}"
    return None


def _find_control(manual: list[Part]) -> str | None:
    for part in manual:
        texts = [(f"{part.source}（页眉/页脚）", line) for line in part.outline.header_folded]
        texts += [(f"{part.source}: {_first_line(b)}", b.folded) for b in part.outline.blocks
                  if b.kind == "table" or len(b.norm) <= SHORT_LINE]
        need = {"number": _NUMBER, "version": _VERSION, "approval": _APPROVAL}
        first: str | None = None
        for where, text in texts:
            for key in [k for k, regex in need.items() if regex.search(text)]:
                del need[key]
                first = first or where
        if not need:
            return first
    return None


def _first_line(block: Block) -> str:
    line = block.text.split("\n", 1)[0]
    return line if len(line) <= 40 else line[:39] + "…"


def _check_procedures(parts: list[Part], catalog: Catalog, profile: Profile | None,
                      declared: dict[str, str]) -> tuple[list[ProcedureResult], list[Finding]]:
    excluded = ({e.id: e.reason for e in profile.exclusions.procedures}
                if profile is not None else declared)
    by_id: dict[str, list[Part]] = {}
    per_source = Counter(p.source for p in parts if p.role == "procedure")
    for part in parts:
        if part.role == "procedure" and part.match is not None:
            by_id.setdefault(part.match.procedure.id, []).append(part)
    results: list[ProcedureResult] = []
    findings: list[Finding] = _volume_consistency(by_id, per_source, catalog, excluded)
    for proc in catalog.procedures:
        # a standalone file is the procedure's own place; a compiled volume holds a copy
        copies = sorted(by_id.get(proc.id, []), key=lambda p: per_source[p.source] > 1)
        if not copies:
            reason = excluded.get(proc.id)
            results.append(ProcedureResult(proc.id, proc.title, False, None, None, (), reason))
            if reason is None:
                findings.append(Finding("error", "procedure_missing", CLAUSE,
                                        _missing_message(proc.id, proc.title, proc.excludable,
                                                         profile is not None), None, proc.id))
            continue
        missing_all: list[SectionId] = []
        for copy in copies:
            missing = _missing_sections(copy)
            for sid in missing:
                if sid not in missing_all:
                    missing_all.append(sid)
                findings.append(Finding(
                    "error" if sid in REQUIRED_SECTIONS else "warning", "section_missing",
                    CLAUSE, f"{proc.id}《{proc.title}》缺少“{SECTION_TITLES[sid]}”章节",
                    copy.title_where, f"{proc.id}.{sid}"))
        first = copies[0]
        ordered = tuple(s for s in SECTION_IDS if s in missing_all)
        results.append(ProcedureResult(proc.id, proc.title, True,
                                       strip_numbering(first.title.strip()), first.title_where,
                                       ordered))
    return results, findings


def _volume_consistency(by_id: dict[str, list[Part]], per_source: Counter[str],
                        catalog: Catalog, excluded: dict[str, str]) -> list[Finding]:
    """Rule 3b: when a set has both standalone procedure files and compiled volumes, each
    procedure must be in both forms; one form lacking it means one of them is out of date."""
    standalone = {pid for pid, copies in by_id.items()
                  if any(per_source[c.source] == 1 for c in copies)}
    volumes = sorted(source for source, count in per_source.items() if count > 1)
    if len(standalone) < 2 or not volumes:
        return []
    findings: list[Finding] = []
    for proc in catalog.procedures:
        sources = {c.source for c in by_id.get(proc.id, [])}
        if not sources or proc.id in excluded:
            continue
        if proc.id not in standalone:
            findings.append(Finding(
                "error", "procedure_missing", CLAUSE,
                f"缺少程序文件 {proc.id}《{proc.title}》的单独文件（只见于 {'、'.join(sorted(sources))}）",
                None, proc.id))
        for volume in volumes:
            if volume not in sources:
                findings.append(Finding(
                    "error", "procedure_missing", CLAUSE,
                    f"{volume} 中缺少程序文件 {proc.id}《{proc.title}》（单独文件中有）",
                    volume, proc.id))
    return findings


def _missing_message(pid: str, title: str, excludable: bool, has_profile: bool) -> str:
    text = f"缺少程序文件 {pid}《{title}》"
    if excludable and not has_profile:
        text += "；如该程序已删减，请用 --profile 提供企业档案（exclusions.procedures）"
    elif excludable:
        text += "；如不适用，请在企业档案 exclusions.procedures 中写明删减理由"
    return text


def _missing_sections(part: Part) -> list[SectionId]:
    present = {label for block in part.outline.blocks for label in labels_of(block)}
    return [sid for sid in SECTION_IDS if sid not in present]
