"""What a build produces: the jobs (one per document, in build order) and the result.

Rules:
1. Procedures first, then the record forms of the procedures kept, then the manual (its
   程序文件清单 shows the procedures' versions), then the two volumes, which compile the
   procedures and the record forms just produced.
2. An excluded procedure (删减) has neither a document nor record forms.
3. File names are made from codes and titles with `safe_name`, so no title can leave the
   profile's output folder.
4. A profile with a sector gets the sector's record list and its templates (`pack.pack`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.builder.manifest import DocumentEntry
from generator.catalog import Catalog
from generator.catalog.sectors import sector_procedures, sector_set
from generator.ooxml.merge import Clash
from generator.pack.authoring.recordbuild import record_filename
from generator.pack.pack import TemplatePack
from generator.profile.loader import LoadedProfile
from generator.render.wording import manual_code, procedure_code, record_code

MANUAL = "售后服务手册.docx"
PROCEDURES_VOLUME = "程序文件汇编.docx"
RECORDS_VOLUME = "记录表单汇编.docx"
REVISIONS = "修订说明"  # folder of the change reports and redlines

JobKind = Literal["procedure", "record", "manual", "volume"]

Status = Literal["written", "unchanged", "protected", "forced", "merged"]
"""What a build did with one document:
written    new, or its text changed: rendered and written (a change bumps the version);
unchanged  same text as last time: the file is kept as it is (hard link);
protected  edited by hand since the last build: kept as it is and reported;
forced     edited by hand and replaced because of `force`, after a backup;
merged     edited by hand and changed by the profile: the hand's edits merged into the new
           render (`build.merging`), next version."""


@dataclass(frozen=True)
class Job:
    id: str
    title: str
    code: str
    path: str  # relative to the profile's output folder
    template: Path
    kind: JobKind
    parts: list[str] = field(default_factory=list)  # ids of the documents a volume compiles


@dataclass
class BuildResult:
    slug: str
    folder: Path
    written: list[str] = field(default_factory=list)  # paths, with "forced" ones
    unchanged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    backed_up: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_notes: list[str] = field(default_factory=list)
    entries: list[DocumentEntry] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    bumps: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new) version
    kept: list[str] = field(default_factory=list)  # the user's files carried into the new set
    merged: list[str] = field(default_factory=list)  # paths, also in `written`
    clashes: dict[str, list[Clash]] = field(default_factory=dict)  # merged path -> its clashes
    not_merged: dict[str, str] = field(default_factory=dict)  # protected path -> why
    dry_run: bool = False

    def record(self, path: str, status: Status) -> None:
        """File one document's path under what happened to it."""
        if status == "unchanged":
            self.unchanged.append(path)
        elif status == "protected":
            self.protected.append(path)
        else:
            self.written.append(path)
            if status == "forced":
                self.backed_up.append(path)
            elif status == "merged":
                self.merged.append(path)


def safe_name(text: str) -> str:
    """A file-name-safe form of a code or title (no path separators)."""
    return "".join("-" if ch in '/\\:*?"<>|' else ch for ch in text).strip(". ")


def plan_jobs(loaded: LoadedProfile, pack: TemplatePack, catalog: Catalog) -> list[Job]:
    """Every document of the profile's set, in the order they must be built."""
    profile = loaded.profile
    prefix = profile.document_control.prefix
    excluded = {e.id for e in profile.exclusions.procedures}
    sid = profile.company.sector
    sector = None if sid is None else sector_set().sectors[sid]
    procedures: list[Job] = []
    records: list[Job] = []
    for proc in sector_procedures(catalog, sector):
        if proc.id in excluded:
            continue
        name = f"{proc.id}-{proc.title}.docx"
        procedures.append(Job(proc.id, proc.title, procedure_code(prefix, proc.id),
                              f"procedures/{name}", pack.procedure(name, sid), "procedure"))
        for rec in proc.records:
            code = record_code(prefix, rec.code)
            records.append(Job(f"JL-{rec.code}", rec.name, code,
                               f"records/{safe_name(code)}-{rec.name}.docx",
                               pack.record(record_filename(rec), sid), "record"))
    manual = Job("manual", "售后服务手册", manual_code(prefix), MANUAL, pack.manual(MANUAL), "manual")
    volumes = [
        Job("procedures_volume", "程序文件汇编", f"{prefix}/CX-00", PROCEDURES_VOLUME,
            pack.manual(PROCEDURES_VOLUME), "volume", [j.id for j in procedures]),
        Job("records_volume", "记录表单汇编", f"{prefix}/JL-00", RECORDS_VOLUME,
            pack.manual(RECORDS_VOLUME), "volume", [j.id for j in records]),
    ]
    return [*procedures, *records, manual, *volumes]
