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
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.assemble.office import find_soffice, refresh_fields
from generator.assemble.pdf import export_pdfs
from generator.build import staging
from generator.build.documents import DocumentRenderer, initial_revision, this_context
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
from generator.build.notes import Replaced, change_notes, note_for, write_change_report
from generator.build.plan import MANUAL, REVISIONS, BuildResult, Job, Status, plan_jobs
from generator.catalog import load_catalog
from generator.errors import DependencyMissing, SvcError
from generator.pack.pack import TemplatePack
from generator.profile.loader import LoadedProfile, load_profile


@dataclass(frozen=True)
class _Done:
    """One job's outcome: the entry for the manifest and the bytes to write (None: the file
    already in the set stays as it is)."""

    entry: DocumentEntry
    data: bytes | None
    status: Status


class _Versions:
    """Decides, document by document, between the last manifest and a fresh render."""

    def __init__(self, loaded: LoadedProfile, documents: DocumentRenderer, old: Manifest | None,
                 final: Path, force: bool, today: dt.date, notes: dict[str, str]):
        self.loaded = loaded
        self.documents = documents
        self.old_docs = old.by_id() if old else {}
        self.final = final
        self.force = force
        self.today = today
        self.notes = notes
        self.replaced: dict[str, Replaced] = {}

    def run(self, job: Job) -> _Done:
        """Render one document; decide whether it is new, unchanged, changed or protected."""
        render = self.documents.render
        template_sha = hashlib.sha256(job.template.read_bytes()).hexdigest()
        previous = self.old_docs.get(job.id)
        existing = self.final / job.path
        if previous is None or not existing.exists() or previous.path != job.path:
            revisions = [initial_revision(self.loaded)]
            data = render(job, this_context(job, revisions[0].version, revisions))
            return _Done(_entry(job, revisions, template_sha, data), data, "written")
        on_disk = file_text_sha256(existing)
        edited = on_disk != previous.content_sha256
        data = render(job, this_context(job, previous.version, previous.revisions))
        same = text_sha256(data) == (previous.render_sha256 or previous.content_sha256)
        if edited and not self.force:
            return _Done(previous, None, "protected")
        if same and not edited:
            return _Done(previous, None, "unchanged")
        version, revisions = previous.version, list(previous.revisions)
        self.replaced[job.id] = Replaced(previous, existing.read_bytes())
        if not same:
            dc = self.loaded.profile.document_control
            version = next_version(previous.version)
            revisions.append(Revision(version, self.today.isoformat(), note_for(self.notes, job.id),
                                      dc.prepared_by, dc.approved_by))
            data = render(job, this_context(job, version, revisions))
        return _Done(_entry(job, revisions, template_sha, data), data,
                     "forced" if edited else "written")


def _entry(job: Job, revisions: list[Revision], template_sha: str, data: bytes) -> DocumentEntry:
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
        staging.recover(out, profile.slug)
    old = read_manifest(final) if final.is_dir() else None
    jobs = plan_jobs(loaded, pack, catalog)
    changes, notes = change_notes(old, loaded, jobs)
    documents = DocumentRenderer(loaded, catalog)
    versions = _Versions(loaded, documents, old, final, force, today or dt.date.today(), notes)
    result = BuildResult(profile.slug, final, dry_run=dry_run, changes=[c.text for c in changes])
    result.warnings.extend(w.format(loaded.path) for w in loaded.warnings)

    folder = staging.staging_folder(out, profile.slug)
    if not dry_run:
        staging.reset(folder)
    try:
        for job in jobs:
            if progress:
                progress(job.id)
            done = versions.run(job)
            documents.add(done.entry,
                          done.data if done.data is not None else (final / job.path).read_bytes())
            result.record(job.path, done.status)
            if dry_run:
                continue
            target = folder / job.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if done.data is None:
                os.link(final / job.path, target)
            else:
                target.write_bytes(done.data)
        entries = documents.entries
        result.entries = list(entries.values())
        result.bumps = {entries[i].path: (r.previous.version, entries[i].version)
                        for i, r in versions.replaced.items()
                        if r.previous.version != entries[i].version}
        if dry_run:
            return result
        if refresh and result.written:
            _refresh_fields(folder, result)
        staging.carry_folder(final, folder, REVISIONS)
        if old is not None and (versions.replaced or result.protected):
            write_change_report(folder / REVISIONS, profile=profile, today=versions.today,
                                changes=changes, replaced=versions.replaced,
                                files=documents.files, result=result, old=old)
            result.notes.append(f"修订说明与修订对照稿已写入 {result.folder / REVISIONS}")
        removed = set(versions.old_docs) - set(entries)
        if result.written or removed or old is None or old.profile_sha256 != loaded.sha256:
            manifest = Manifest(__version__, loaded.sha256,
                                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                result.entries, profile.model_dump(mode="json"))
            (folder / MANIFEST).write_bytes(manifest_bytes(manifest))
        else:
            os.link(final / MANIFEST, folder / MANIFEST)
        staging.carry_pdfs(final, folder, result.unchanged)
        if result.backed_up:
            staging.backup(final, out, profile.slug, result.backed_up, versions.today)
        staging.swap(folder, final, out, profile.slug)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if pdf:
        _export_pdf(final, result)
    return result


def _refresh_fields(folder: Path, result: BuildResult) -> None:
    """Fill TOC and page numbers with LibreOffice when it is installed (else keep the TOC
    that lists headings without page numbers). The file hash then covers the filled text;
    the render hash stays that of the fresh render."""
    if find_soffice() is None:
        result.notes.append("未安装 LibreOffice：目录已列出标题，页码请在 Word 中“更新域”后显示")
        return
    # Only the manual: the volumes' TOCs list their parts by code and title, with no page
    # numbers to fill since every part restarts its numbering.
    with_toc = [p for p in result.written if p == MANUAL]
    refresh_fields([folder / p for p in with_toc])
    for entry in result.entries:
        if entry.path in with_toc:
            entry.content_sha256 = file_text_sha256(folder / entry.path)


def _export_pdf(final: Path, result: BuildResult) -> None:
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
