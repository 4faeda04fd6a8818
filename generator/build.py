"""`svcmanual build`: one profile -> the complete document set in out/<slug>/.

Rules:
1. Everything is rendered into a staging folder beside the target; the previous set is swapped
   out only when the new one is complete, so a failed or killed build leaves it intact.
2. A document whose text is unchanged keeps its file (hard-linked, not rewritten), its version
   and its 修订记录; a changed one gets the next version and a new 修订记录 row.
3. A file whose text no longer matches the manifest was edited by hand: it is kept as it is
   and reported, unless `force`, in which case it is backed up before being replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.catalog import Catalog, load_catalog
from generator.errors import OutputError
from generator.profile.loader import LoadedProfile, load_profile
from generator.render.context import build_context, procedure_code
from generator.render.docx import render_template
from generator.render.pack import TemplatePack
from generator.revision import (
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


@dataclass
class Job:
    id: str
    title: str
    code: str
    path: str  # relative to the profile's output folder
    template: Path
    kind: str  # procedure | manual | record | volume


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
    dry_run: bool = False


def plan_jobs(loaded: LoadedProfile, pack: TemplatePack, catalog: Catalog) -> list[Job]:
    profile = loaded.profile
    prefix = profile.document_control.prefix
    excluded = {e.id for e in profile.exclusions.procedures}
    jobs = []
    for proc in catalog.procedures:
        if proc.id in excluded:
            continue
        name = f"{proc.id}-{proc.title}.docx"
        jobs.append(Job(proc.id, proc.title, procedure_code(prefix, proc.id),
                        f"procedures/{name}", pack.procedure(name), "procedure"))
    return jobs


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
        "revisions": [vars(r) for r in revisions],
    }


def build(
    profile_path: str | Path,
    out_root: str | Path,
    *,
    templates_dir: str | Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    pdf: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    catalog = load_catalog()
    loaded = load_profile(profile_path)
    pack = TemplatePack(Path(templates_dir) if templates_dir else None)
    profile = loaded.profile
    out = Path(out_root)
    final = out / profile.slug
    _recover(out, profile.slug)
    old = read_manifest(final) if final.is_dir() else None
    old_docs = old.by_id() if old else {}
    context = build_context(profile, catalog)
    today = today or dt.date.today()
    result = BuildResult(profile.slug, final, dry_run=dry_run)
    for warning in loaded.warnings:
        result.warnings.append(warning.format(loaded.path))

    jobs = plan_jobs(loaded, pack, catalog)
    staging = out / f".{profile.slug}.staging-{os.getpid()}"
    if not dry_run:
        _reset(staging)
    entries: list[DocumentEntry] = []
    changed_any = old is None or old.profile_sha256 != loaded.sha256
    try:
        for job in jobs:
            if progress:
                progress(job.id)
            entry, data, status = _render_job(job, loaded, context, old_docs.get(job.id),
                                              final, force, today)
            entries.append(entry)
            target = staging / job.path
            if status == "unchanged":
                result.unchanged.append(job.path)
            elif status == "protected":
                result.protected.append(job.path)
            else:
                result.written.append(job.path)
                changed_any = True
                if status == "forced":
                    result.backed_up.append(job.path)
            if dry_run:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                os.link(final / job.path, target)
            else:
                target.write_bytes(data)
        removed = set(old_docs) - {e.id for e in entries}
        changed_any = changed_any or bool(removed)
        if dry_run:
            return result
        if changed_any or old is None:
            manifest = Manifest(__version__, loaded.sha256,
                                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                entries)
            (staging / MANIFEST).write_bytes(manifest_bytes(manifest))
        else:
            os.link(final / MANIFEST, staging / MANIFEST)
        if result.backed_up:
            _backup(final, out, profile.slug, result.backed_up, today)
        _swap(staging, final, out, profile.slug)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if pdf:
        _export_pdf(final, [e.path for e in entries], result)
    return result


def _export_pdf(final: Path, paths: list[str], result: BuildResult) -> None:
    from generator.assemble.pdf import export_pdfs
    from generator.errors import DependencyMissing

    try:
        written = export_pdfs(final, paths)
    except DependencyMissing as exc:
        result.failed_notes.append(exc.render())
        return
    result.notes.append(f"已导出 PDF {len(written)} 个到 {final / 'pdf'}")


def _render_job(
    job: Job,
    loaded: LoadedProfile,
    context: dict[str, Any],
    previous: DocumentEntry | None,
    final: Path,
    force: bool,
    today: dt.date,
) -> tuple[DocumentEntry, bytes | None, str]:
    """Render one document; decide whether it is new, unchanged, changed or protected."""
    template_sha = _file_sha(job.template)
    existing = final / job.path
    if previous is None or not existing.exists():
        revisions = [_initial_revision(loaded)]
        data = render_template(job.template, {**context, "this": _this(job, revisions[0].version,
                                                                       revisions)})
        return _entry(job, revisions, template_sha, data), data, "written"
    on_disk = file_text_sha256(existing)
    data = render_template(job.template, {**context, "this": _this(job, previous.version,
                                                                   previous.revisions)})
    same = text_sha256(data) == previous.content_sha256
    if on_disk != previous.content_sha256 and not force:
        return previous, None, "protected"
    if same and on_disk == previous.content_sha256:
        return previous, None, "unchanged"
    dc = loaded.profile.document_control
    version = next_version(previous.version) if not same else previous.version
    revisions = list(previous.revisions)
    if not same:
        revisions.append(Revision(version, today.isoformat(), "依据企业档案变更修订",
                                  dc.prepared_by, dc.approved_by))
        data = render_template(job.template, {**context, "this": _this(job, version, revisions)})
    status = "forced" if on_disk != previous.content_sha256 else "written"
    return _entry(job, revisions, template_sha, data), data, status


def _entry(job: Job, revisions: list[Revision], template_sha: str, data: bytes) -> DocumentEntry:
    return DocumentEntry(job.id, job.title, job.code, revisions[-1].version, job.path,
                         job.template.name, template_sha, text_sha256(data), revisions)


def _file_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    for stale in out.glob(f".{slug}.staging-*") if out.is_dir() else []:
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
