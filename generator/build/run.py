"""`svcmanual build`: one profile -> the complete document set in out/<slug>/.

Rules:
1. Everything is rendered into a staging folder beside the target; the previous set is swapped
   out only when the new one is complete, so a failed or killed build leaves it intact.
2. A document whose fresh render has the same text as last time keeps its file (hard-linked,
   not rewritten), its version and its 修订记录; a changed one gets the next version and a new
   修订记录 row saying what changed.
3. A file whose text no longer matches the manifest was edited by hand: it is kept as it is and
   reported, unless `force`, in which case it is backed up before being replaced.
4. Order: procedures and record forms first, then the manual (its 程序文件清单 shows their
   current versions), then the two compiled volumes made of the documents just produced.
5. With LibreOffice installed, the table of contents and page numbers are filled in the .docx
   files themselves; without it, the TOC lists the headings without page numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import __version__
from generator.assemble import charts
from generator.assemble.manual import fit_function_matrix
from generator.assemble.toc import fill_toc
from generator.assemble.volume import compose_volume
from generator.build.changes import Change
from generator.build.manifest import (
    MANIFEST,
    DocumentEntry,
    Manifest,
    Revision,
    file_text_sha256,
    manifest_bytes,
    next_version,
    read_manifest,
    text_sha256,
)
from generator.catalog import Catalog, load_catalog
from generator.errors import OutputError
from generator.pack.authoring.recordbuild import record_filename
from generator.pack.pack import TemplatePack
from generator.profile.loader import LoadedProfile, load_profile
from generator.render.context import build_context, manual_code, procedure_code, record_code
from generator.render.docx import render_template

MANUAL = "售后服务手册.docx"
PROCEDURES_VOLUME = "程序文件汇编.docx"
RECORDS_VOLUME = "记录表单汇编.docx"

Render = Callable[[dict[str, Any]], bytes]
NO_OFFICE = ("未找到 LibreOffice（soffice）：文件已全部生成，目录只列标题、暂无页码，也不能导出 PDF。"
             "需要页码和 PDF 时请安装 LibreOffice 和中文字体（Debian/Ubuntu："
             "sudo apt install libreoffice-writer-nogui fonts-noto-cjk）后重新运行；"
             "或在 Word/WPS 中打开文件后“更新域”")


@dataclass
class Job:
    id: str
    title: str
    code: str
    path: str  # relative to the profile's output folder
    template: Path
    kind: str  # procedure | record | manual | volume
    parts: list[str] = field(default_factory=list)  # ids of the documents a volume compiles


@dataclass
class BuildResult:
    slug: str
    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    backed_up: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_notes: list[str] = field(default_factory=list)
    entries: list[DocumentEntry] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    bumps: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new) version
    dry_run: bool = False


def safe_name(text: str) -> str:
    """A file-name-safe form of a code or title (no path separators)."""
    return "".join("-" if ch in '/\\:*?"<>|' else ch for ch in text).strip(". ")


def plan_jobs(loaded: LoadedProfile, pack: TemplatePack, catalog: Catalog) -> list[Job]:
    profile = loaded.profile
    prefix = profile.document_control.prefix
    excluded = {e.id for e in profile.exclusions.procedures}
    procedures: list[Job] = []
    records: list[Job] = []
    for proc in catalog.procedures:
        if proc.id in excluded:
            continue
        name = f"{proc.id}-{proc.title}.docx"
        procedures.append(Job(proc.id, proc.title, procedure_code(prefix, proc.id),
                              f"procedures/{name}", pack.procedure(name), "procedure"))
        for rec in proc.records:
            code = record_code(prefix, rec.code)
            records.append(Job(f"JL-{rec.code}", rec.name, code,
                               f"records/{safe_name(code)}-{rec.name}.docx",
                               pack.record(record_filename(rec)), "record"))
    manual = Job("manual", "售后服务手册", manual_code(prefix), MANUAL, pack.manual(MANUAL), "manual")
    volumes = [
        Job("procedures_volume", "程序文件汇编", f"{prefix}/CX-00", PROCEDURES_VOLUME,
            pack.manual(PROCEDURES_VOLUME), "volume", [j.id for j in procedures]),
        Job("records_volume", "记录表单汇编", f"{prefix}/JL-00", RECORDS_VOLUME,
            pack.manual(RECORDS_VOLUME), "volume", [j.id for j in records]),
    ]
    return [*procedures, *records, manual, *volumes]


def render_document(loaded: LoadedProfile, job: Job, catalog: Catalog) -> bytes:
    """One document rendered in memory as a first issue (for comparisons, e.g. `diff`)."""
    builder = _Builder(loaded, catalog, None, Path("/nonexistent"), False, dt.date.today(), {})
    revisions = [_initial_revision(loaded)]
    return builder.renderer(job)({**builder.context,
                                  "this": _this(job, revisions[0].version, revisions)})


def _initial_revision(loaded: LoadedProfile) -> Revision:
    dc = loaded.profile.document_control
    return Revision(dc.version, dc.issue_date.isoformat(), "首次发布", dc.prepared_by,
                    dc.approved_by)


def _this(job: Job, version: str, revisions: list[Revision]) -> dict[str, Any]:
    return {
        "id": job.id,
        "title": job.title,
        "code": job.code,
        "version": version,
        "distribution": "01",
        "revisions": [vars(r) for r in revisions],
    }


class _Builder:
    """State of one build: the rendered bytes of every document, by id."""

    def __init__(self, loaded: LoadedProfile, catalog: Catalog, old: Manifest | None,
                 final: Path, force: bool, today: dt.date, notes: dict[str, str]):
        self.loaded = loaded
        self.catalog = catalog
        self.old_docs = old.by_id() if old else {}
        self.final = final
        self.force = force
        self.today = today
        self.notes = notes
        self.changes: list[Change] = []
        self.context = build_context(loaded.profile, catalog)
        self.produced: dict[str, bytes] = {}
        self.replaced: dict[str, tuple[DocumentEntry, bytes]] = {}  # id -> (old entry, old file)
        self.entries: dict[str, DocumentEntry] = {}
        self._images: dict[str, Markup] | None = None

    def images(self) -> dict[str, Markup]:
        """The manual's charts as native drawings (no font or picture needed)."""
        if self._images is None:
            self._images = charts.chart_values(self.loaded.profile, self.context)
        return self._images

    def renderer(self, job: Job) -> Render:
        if job.kind == "volume":
            return lambda ctx: self._volume(job, ctx)
        if job.kind == "manual":
            return lambda ctx: fill_toc(fit_function_matrix(render_template(
                job.template, {**ctx, "doc_list": self._doc_list(), "images": self.images()})))
        return lambda ctx: render_template(job.template, ctx)

    def _volume(self, job: Job, ctx: dict[str, Any]) -> bytes:
        front = fill_toc(render_template(job.template, {**ctx, "doc_list": self._doc_list()}),
                         extra=[(self.entries[p].code, self.entries[p].title)
                                for p in job.parts if p in self.entries])
        return compose_volume(front, [self.produced[p] for p in job.parts])

    def _doc_list(self) -> list[dict[str, str]]:
        prefix = self.loaded.profile.document_control.prefix
        out = []
        for proc in self.catalog.procedures:
            entry = self.entries.get(proc.id)
            reason = self.context["docs"][proc.id]["reason"]
            out.append({
                "id": proc.id,
                "code": procedure_code(prefix, proc.id),
                "title": proc.title,
                "version": entry.version if entry else "—",
                "note": f"删减：{reason}" if reason else "",
            })
        return out

    def run(self, job: Job) -> tuple[DocumentEntry, bytes | None, str]:
        """Render one document; decide whether it is new, unchanged, changed or protected."""
        render = self.renderer(job)
        template_sha = hashlib.sha256(job.template.read_bytes()).hexdigest()
        previous = self.old_docs.get(job.id)
        existing = self.final / job.path
        if previous is None or not existing.exists() or previous.path != job.path:
            revisions = [_initial_revision(self.loaded)]
            data = render({**self.context, "this": _this(job, revisions[0].version, revisions)})
            return self._entry(job, revisions, template_sha, data), data, "written"
        on_disk = file_text_sha256(existing)
        edited = on_disk != previous.content_sha256
        data = render({**self.context, "this": _this(job, previous.version, previous.revisions)})
        same = text_sha256(data) == (previous.render_sha256 or previous.content_sha256)
        if edited and not self.force:
            self.produced[job.id] = existing.read_bytes()
            return previous, None, "protected"
        if same and not edited:
            self.produced[job.id] = existing.read_bytes()
            return previous, None, "unchanged"
        version, revisions = previous.version, list(previous.revisions)
        self.replaced[job.id] = (previous, existing.read_bytes())
        if not same:
            dc = self.loaded.profile.document_control
            version = next_version(previous.version)
            revisions.append(Revision(version, self.today.isoformat(),
                                      self.notes.get(job.id, self.notes.get("*", "依据企业档案变更修订")),
                                      dc.prepared_by, dc.approved_by))
            data = render({**self.context, "this": _this(job, version, revisions)})
        return (self._entry(job, revisions, template_sha, data), data,
                "forced" if edited else "written")

    def _entry(self, job: Job, revisions: list[Revision], template_sha: str,
               data: bytes) -> DocumentEntry:
        self.produced[job.id] = data
        digest = text_sha256(data)
        return DocumentEntry(job.id, job.title, job.code, revisions[-1].version, job.path,
                             job.template.name, template_sha, digest, digest, revisions)


def build(
    profile_path: str | Path,
    out_root: str | Path,
    *,
    templates_dir: str | Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    pdf: bool = False,
    refresh: bool = True,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    catalog = load_catalog()
    loaded = load_profile(profile_path)
    pack = TemplatePack(Path(templates_dir) if templates_dir else None)
    profile = loaded.profile
    out = Path(out_root)
    final = out / profile.slug
    if not dry_run:
        _recover(out, profile.slug)
    old = read_manifest(final) if final.is_dir() else None
    jobs = plan_jobs(loaded, pack, catalog)
    changes, notes = change_notes(old, loaded, jobs)
    builder = _Builder(loaded, catalog, old, final, force, today or dt.date.today(), notes)
    builder.changes = changes
    result = BuildResult(profile.slug, final, dry_run=dry_run, changes=[c.text for c in changes])
    result.warnings.extend(w.format(loaded.path) for w in loaded.warnings)

    staging = out / f".{profile.slug}.staging-{os.getpid()}"
    if not dry_run:
        _reset(staging)
    try:
        for job in jobs:
            if progress:
                progress(job.id)
            entry, data, status = builder.run(job)
            builder.entries[job.id] = entry
            {"unchanged": result.unchanged, "protected": result.protected}.get(
                status, result.written).append(job.path)
            if status == "forced":
                result.backed_up.append(job.path)
            if dry_run:
                continue
            target = staging / job.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                os.link(final / job.path, target)
            else:
                target.write_bytes(data)
        result.entries = list(builder.entries.values())
        result.bumps = {builder.entries[i].path: (prev.version, builder.entries[i].version)
                        for i, (prev, _) in builder.replaced.items()
                        if prev.version != builder.entries[i].version}
        if dry_run:
            return result
        if refresh and result.written:
            _refresh_fields(staging, result)
        _carry_folder(final, staging, REVISIONS)
        if old is not None and (builder.replaced or result.protected):
            _write_change_report(staging / REVISIONS, builder, result, old)
        removed = set(builder.old_docs) - set(builder.entries)
        if result.written or removed or old is None or old.profile_sha256 != loaded.sha256:
            manifest = Manifest(__version__, loaded.sha256,
                                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                result.entries, profile.model_dump(mode="json"))
            (staging / MANIFEST).write_bytes(manifest_bytes(manifest))
        else:
            os.link(final / MANIFEST, staging / MANIFEST)
        _carry_pdfs(final, staging, result)
        if result.backed_up:
            _backup(final, out, profile.slug, result.backed_up, builder.today)
        _swap(staging, final, out, profile.slug)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if pdf:
        _export_pdf(final, result)
    return result


def _refresh_fields(staging: Path, result: BuildResult) -> None:
    """Fill TOC and page numbers with LibreOffice when it is installed (else keep the TOC
    that lists headings without page numbers). The file hash then covers the filled text;
    the render hash stays that of the fresh render."""
    from generator.assemble.office import find_soffice, refresh_fields

    if find_soffice() is None:
        result.notes.append(NO_OFFICE)
        return
    # Only the manual: the volumes' TOCs list their parts by code and title, with no page
    # numbers to fill since every part restarts its numbering.
    with_toc = [p for p in result.written if p == MANUAL]
    refresh_fields([staging / p for p in with_toc])
    for entry in result.entries:
        if entry.path in with_toc:
            entry.content_sha256 = file_text_sha256(staging / entry.path)


def change_notes(old: Manifest | None, loaded: LoadedProfile,
                 jobs: list[Job]) -> tuple[list[Change], dict[str, str]]:
    """The profile changes since the last build, and the 修订记录 wording per document: the
    changes that reach its template."""
    from pydantic import ValidationError

    from generator.build.changes import profile_changes, summary
    from generator.build.impact import attribute
    from generator.profile.model import Profile

    if old is None or not old.profile:
        return [], {}
    try:
        previous = Profile.model_validate(old.profile)
    except ValidationError:
        return [], {}
    changes = profile_changes(previous, loaded.profile)
    if not changes:
        return [], {}
    per_doc = attribute(changes, previous, loaded.profile, {j.id: j.template for j in jobs})
    notes = {"*": summary(changes)}
    for job in jobs:
        reached = per_doc.get(job.id, [])
        if job.kind == "volume":
            unique = {c.path + c.text: c for part in job.parts for c in per_doc.get(part, [])}
            reached = list(unique.values())
        if reached:
            notes[job.id] = summary(reached)
    return changes, notes


REVISIONS = "修订说明"


def _carry_folder(final: Path, staging: Path, name: str) -> None:
    """Reports of earlier rebuilds stay with the set (hard links: nothing is rewritten)."""
    source = final / name
    if source.is_dir():
        shutil.copytree(source, staging / name, copy_function=os.link, dirs_exist_ok=True)


def _write_change_report(folder: Path, builder: _Builder, result: BuildResult,
                         old: Manifest) -> None:
    from generator.ooxml.redline import redline
    from generator.report.changes_report import ChangeReport, RevisedDocument, to_docx, to_markdown

    profile = builder.loaded.profile
    changes = builder.changes
    revised = []
    stamp = builder.today.isoformat()
    for doc_id, (previous, old_bytes) in builder.replaced.items():
        entry = builder.entries[doc_id]
        if entry.version == previous.version:
            continue
        revised.append(RevisedDocument(entry.code, entry.title, entry.path, previous.version,
                                       entry.version, entry.revisions[-1].change))
        target = folder / f"{stamp}-redline" / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(redline(old_bytes, builder.produced[doc_id],
                                   author=profile.document_control.prepared_by))
    old_ids = {d.id for d in old.documents}
    report = ChangeReport(
        profile.company.name, builder.today, changes, revised,
        added=[e.path for e in result.entries if e.id not in old_ids],
        removed=[d.path for d in old.documents if d.id not in builder.entries],
        protected=result.protected, backed_up=result.backed_up,
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stamp}-修订说明.md").write_text(to_markdown(report), encoding="utf-8")
    (folder / f"{stamp}-修订说明.docx").write_bytes(to_docx(report))
    result.notes.append(f"修订说明与修订对照稿已写入 {result.folder / REVISIONS}")


def _carry_pdfs(final: Path, staging: Path, result: BuildResult) -> None:
    """PDFs of unchanged documents stay valid: keep them with the new set."""
    old_pdf = final / "pdf"
    if not old_pdf.is_dir():
        return
    for rel in result.unchanged:
        source = old_pdf / Path(rel).with_suffix(".pdf")
        if source.exists():
            target = staging / "pdf" / Path(rel).with_suffix(".pdf")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)


def _export_pdf(final: Path, result: BuildResult) -> None:
    from generator.assemble.pdf import export_pdfs
    from generator.errors import DependencyMissing, SvcError

    wanted = [e.path for e in result.entries
              if not (final / "pdf" / Path(e.path).with_suffix(".pdf")).exists()]
    try:
        written = export_pdfs(final, wanted)
    except DependencyMissing as exc:
        result.failed_notes.append(exc.render() + "\n  Word 文件已全部生成。")
        return
    except SvcError as exc:
        result.failed_notes.append(exc.render())
        return
    result.notes.append(f"已导出 PDF {len(written)} 个（{final / 'pdf'}）")


def _reset(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出目录（{exc.strerror}）", where=str(folder),
                          hint="请检查输出目录的权限和磁盘空间") from None


def _previous_name(out: Path, slug: str) -> Path:
    return out / f".{slug}.previous"


def _recover(out: Path, slug: str) -> None:
    """A build killed between the two renames of `_swap` left the old set aside: restore it."""
    previous = _previous_name(out, slug)
    final = out / slug
    if previous.is_dir() and not final.exists():
        os.rename(previous, final)
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)
    if out.is_dir():
        for stale in out.glob(f".{slug}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)


def _swap(staging: Path, final: Path, out: Path, slug: str) -> None:
    previous = _previous_name(out, slug)
    if final.exists():
        os.rename(final, previous)
        os.rename(staging, final)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(staging, final)


def _backup(final: Path, out: Path, slug: str, paths: list[str], today: dt.date) -> None:
    folder = out / f"{slug}.backup-{today.isoformat()}"
    for rel in paths:
        source = final / rel
        if source.exists():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
