"""Produce the whole default template pack from its sources (text sources and catalog data).

Per sector: `procedures/<sector>/` holds a procedure whose text has a sector source
(`src/procedures/<sector>/Pxx.txt`) or whose record list differs from the common one (the
common text, the sector's 记录 section); `records/<sector>/` holds the forms the sector
overrides or adds. Everything else is shared.

Used by tools/build_templates.py to write templates/, and by the test that proves the
committed .docx files still match their sources.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocxDocument

from generator.catalog import Catalog, Procedure
from generator.catalog.sectors import Sector, SectorForm, form_layouts, sector_procedures, sector_set
from generator.ooxml.lean import Properties, lean_package, used_styles
from generator.pack.authoring.manualbuild import build_manual_template, build_volume_front
from generator.pack.authoring.recordbuild import (
    FormLayout,
    build_record_template,
    load_layouts,
    record_filename,
)
from generator.pack.authoring.source import parse_source
from generator.pack.authoring.templatebuild import build_procedure_template, procedure_filename

VOLUMES = ("程序文件汇编.docx", "记录表单汇编.docx")
MANUAL = "售后服务手册.docx"


def pack_documents(src: Path, catalog: Catalog) -> Iterator[tuple[str, DocxDocument, str]]:
    """(relative path in the pack, document, title) for every default template."""
    yield from _common_documents(src, catalog)
    for sector in sector_set().sectors.values():
        yield from sector_documents(src, catalog, sector)


def _layout(form: SectorForm) -> FormLayout:
    return FormLayout.model_validate(form.model_dump(exclude={"title", "procedure", "keeper"}))


def sector_documents(src: Path, catalog: Catalog, sector: Sector
                     ) -> Iterator[tuple[str, DocxDocument, str]]:
    """The templates of one sector that differ from the common ones."""
    procs: tuple[Procedure, ...] = sector_procedures(catalog, sector)
    for proc, common in zip(procs, catalog.procedures, strict=True):
        own = src / "procedures" / sector.id / f"{proc.id}.txt"
        if own.exists() or proc.records != common.records:
            source = own if own.exists() else src / "procedures" / f"{proc.id}.txt"
            yield (f"procedures/{sector.id}/{procedure_filename(proc)}",
                   build_procedure_template(parse_source(source), proc), proc.title)
    forms = form_layouts(sector)
    for proc in procs:
        for rec in proc.records:
            if rec.code in forms:
                yield (f"records/{sector.id}/{record_filename(rec)}",
                       build_record_template(proc, rec, _layout(forms[rec.code])), rec.name)


def _common_documents(src: Path, catalog: Catalog) -> Iterator[tuple[str, DocxDocument, str]]:
    for proc in catalog.procedures:
        source = src / "procedures" / f"{proc.id}.txt"
        if source.exists():
            yield (f"procedures/{procedure_filename(proc)}",
                   build_procedure_template(parse_source(source), proc), proc.title)
    layouts = load_layouts()
    for proc in catalog.procedures:
        for rec in proc.records:
            if rec.code in layouts:
                yield (f"records/{record_filename(rec)}",
                       build_record_template(proc, rec, layouts[rec.code]), rec.name)
    manual = src / "manual" / "售后服务手册.txt"
    if manual.exists():
        yield (f"manual/{MANUAL}", build_manual_template(parse_source(manual, sections=None)),
               "售后服务手册")
    for name in VOLUMES:
        yield f"manual/{name}", build_volume_front(), name.removesuffix(".docx")


CORE_PART = "docProps/core.xml"
DESCRIPTION = "由 svcmanual 默认模板源文件生成（tools/build_templates.py）"


def pack_files(src: Path, catalog: Catalog, when: dt.datetime) -> list[tuple[str, bytes]]:
    """(relative path, lean .docx bytes) for every default template. All keep the styles any
    of them uses, so the volumes and their parts share identical styles."""
    saved = []
    for rel, doc, title in pack_documents(src, catalog):
        buffer = io.BytesIO()
        doc.save(buffer)
        saved.append((rel, title, buffer.getvalue()))
    keep = set().union(*(used_styles(data) for _, _, data in saved))
    return [(rel, lean_package(data, keep, Properties(title, DESCRIPTION, when)))
            for rel, title, data in saved]


def write_pack(src: Path, out: Path, catalog: Catalog) -> list[Path]:
    written = []
    when = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for rel, data in pack_files(src, catalog, when):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not (target.is_file() and _same_content(target.read_bytes(), data)):
            target.write_bytes(data)  # an unchanged template keeps its bytes and its date
        written.append(target)
    return written


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != CORE_PART}


def _same_content(old: bytes, new: bytes) -> bool:
    """True when two templates differ at most in their core properties (the creation time)."""
    try:
        return _parts(old) == _parts(new)
    except zipfile.BadZipFile:
        return False
