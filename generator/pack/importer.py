"""`templates import`: a consultancy's Word files become a template pack.

    report = import_pack(Path("上一家客户.zip"), Path("facts.yaml"), Path("我的模板包"))

Rules:
1. SOURCE is a folder or a .zip of .docx/.doc/.odt (`docs.inputs.read_sources`; .doc/.odt
   through LibreOffice, else each such file is listed with what to do).
2. Each file is recognised by meaning, as `validate` does (`check.segment`,
   `check.matching`): a file holding one procedure is that procedure; a record form is
   recognised by its code (JL-04-01) or its title among the catalog's records; a file that
   `segment` calls the manual is the manual. A file holding several procedures or forms (a
   compiled volume), a second file for the same document, or a file of none of these is
   listed as not placed, with the reason.
3. A placed file is tagged (`ooxml.tagging`) with the facts of the FACTS file
   (`pack.facts`), its own document code becoming `{{ this.code }}`, and written where the
   pack layout (`pack.pack.TemplatePack`) looks for it: procedures/P04-<标题>.docx,
   records/JL-04-01-<名称>.docx, manual/售后服务手册.docx.
4. The pack is written into a new folder next to PACK and renamed into place only when
   complete; an existing, non-empty PACK is refused (nothing of it is touched).
5. The pack is linted (`pack.lint`) and the review report (`import_report`) written to
   PACK/导入报告.md.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from generator.catalog import Catalog, Procedure, RecordForm, load_catalog
from generator.check.matching import ProcedureMatcher
from generator.check.segment import Part, split_documents
from generator.docs.inputs import read_sources
from generator.docs.outline import Outline, read_outline_bytes
from generator.docs.textnorm import normalize
from generator.errors import InputFileError, OutputError
from generator.fsutil import atomic_write_text
from generator.ooxml.tagging import tag_package
from generator.pack.authoring.recordbuild import record_filename
from generator.pack.facts import Facts, load_facts
from generator.pack.import_report import FileReport, ImportReport, leftovers, to_markdown
from generator.pack.lint import lint_pack
from generator.render.wording import manual_code, procedure_code, record_code

REPORT_NAME = "导入报告.md"
MANUAL = "售后服务手册.docx"
_HEAD_BLOCKS = 8


def import_pack(source: Path, facts_path: Path, pack: Path, *,
                timeout: float | None = None) -> ImportReport:
    """Rules 1–5; returns the report (also written into the pack)."""
    catalog = load_catalog()
    facts = load_facts(facts_path, catalog)
    if pack.exists() and (not pack.is_dir() or any(pack.iterdir())):
        raise OutputError("输出目录已存在且不为空", where=str(pack),
                          hint="请指定一个新的目录，或先移走其中的文件")
    files, failures = read_sources(source, timeout=timeout)
    report = ImportReport(str(source), str(pack), notes=list(facts.notes))
    report.files += [FileReport(exc.where or str(source), None, _reason(exc)) for exc in failures]
    pack.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{pack.name}.", dir=pack.parent))
    try:
        _place_all(files, facts, catalog, staging, report)
        report.lint = [f.format() for f in lint_pack(staging)]
        atomic_write_text(staging / REPORT_NAME, to_markdown(report))
        if pack.exists():
            pack.rmdir()
        staging.rename(pack)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _reason(exc: InputFileError) -> str:
    return exc.message + (f"（{exc.hint}）" if exc.hint else "")


def _place_all(files: list[tuple[str, bytes]], facts: Facts, catalog: Catalog, staging: Path,
               report: ImportReport) -> None:
    matcher = ProcedureMatcher(catalog)
    taken: dict[str, str] = {}
    for name, data in files:
        try:
            outline = read_outline_bytes(data, name)
        except InputFileError as exc:
            report.files.append(FileReport(name, None, _reason(exc)))
            continue
        target, code, reason = _recognise(outline, catalog, matcher, facts.prefix)
        if target is not None and target in taken:
            reason = f"与 {taken[target]} 是同一份文件（{target}），只导入了第一份"
            target = None
        if target is None:
            report.files.append(FileReport(name, None, reason))
            continue
        taken[target] = name
        result = tag_package(data, facts.for_document(code), facts.lists, facts.coverage,
                             facts.strings)
        (staging / target).parent.mkdir(parents=True, exist_ok=True)
        (staging / target).write_bytes(result.data)
        entry = FileReport(name, target, tags=result.inserted, loops=result.loops,
                           notes=list(result.unmapped),
                           leftovers=leftovers(result.texts, facts.untagged))
        if result.properties:
            entry.notes.append("文档属性（" + "、".join(dict.fromkeys(result.properties))
                               + "）中删去了上一家客户的信息")
        if result.pictures:
            entry.notes.append(f"文件含 {result.pictures} 张图片（如组织机构图），其中的名称不会被替换，"
                               "请核对或改用生成的图")
        report.files.append(entry)


def _recognise(outline: Outline, catalog: Catalog, matcher: ProcedureMatcher,
               prefix: str | None) -> tuple[str | None, str | None, str]:
    """(place in the pack, the document's own code in the previous set, reason if none)."""
    parts = split_documents([outline], catalog, matcher)
    procedures = {p.match.procedure.id: p.match.procedure for p in parts
                  if p.role == "procedure" and p.match is not None}
    if len(procedures) > 1:
        return None, None, (f"含 {len(procedures)} 个程序文件（{'、'.join(sorted(procedures))}），"
                            "像是汇编；请提供每个程序的单独文件")
    if procedures:
        proc = next(iter(procedures.values()))
        return (f"procedures/{proc.id}-{proc.title}.docx",
                procedure_code(prefix, proc.id) if prefix else None, "")
    records = _records(outline, parts, catalog)
    if len(records) > 1:
        return None, None, f"含 {len(records)} 个记录表单，像是表单汇编；请提供单独的表单文件"
    if records:
        rec = records[0]
        return f"records/{record_filename(rec)}", record_code(prefix, rec.code) if prefix else None, ""
    if any(p.role == "manual" for p in parts):
        return f"manual/{MANUAL}", manual_code(prefix) if prefix else None, ""
    return None, None, "未能识别为手册、程序文件（P01–P22）或记录表单"


def _records(outline: Outline, parts: list[Part], catalog: Catalog) -> list[RecordForm]:
    """Record forms named by code or title in the file name, the header or the first blocks."""
    forms: list[tuple[Procedure, RecordForm]] = [(p, r) for p in catalog.procedures
                                                 for r in p.records]
    stem = Path(outline.name).stem
    head = [normalize(stem), *(normalize(x) for x in outline.header_lines)]
    for block in outline.blocks[:_HEAD_BLOCKS]:
        head.append(block.norm)
    by_code = []
    for _, rec in forms:
        code = re.compile(r"JL[-_/]?" + re.escape(rec.code).replace(r"\-", r"[-_.]?") + r"(?!\d)")
        if any(code.search(h) for h in head):
            by_code.append(rec)
    if by_code:
        return by_code
    by_name = [rec for _, rec in forms if any(h == normalize(rec.name) or (
        h.endswith(normalize(rec.name)) and len(h) - len(rec.name) <= 6) for h in head)]
    names = {rec.name for rec in by_name}
    # "返修台账" and "退换货台账": the longest title seen wins over one it contains
    return [rec for rec in by_name if not any(rec.name != n and rec.name in n for n in names)]
