"""`svcmanual build`: one profile -> the complete document set in out/<slug>/.

Rules:
1. Everything is rendered into a staging folder beside the target; the previous set is swapped
   out only when the new one is complete, so a failed or killed build leaves it intact.
2. A document whose fresh render has the same text as last time keeps its file (hard-linked,
   not rewritten), its version and its 修订记录; a changed one gets the next version and a new
   修订记录 row saying what changed.
3. A file that no longer matches the manifest in any part a person can edit (text, formatting,
   pictures, tables, headers, footers) was edited by hand. When the profile changed it too, the
   hand's edits are merged into the new render (`build.merging`: next version, 修订记录 row,
   clashes as Word comments); when it cannot be merged, or the profile did not change it, it is
   kept as it is and reported. With `force` it is backed up and replaced instead.
4. Order: procedures and record forms first, then the manual (its 程序文件清单 shows their
   current versions), then the two compiled volumes made of the documents just produced.
5. One build per set at a time (`staging.lock`); files of the user in the set are carried
   into the new set untouched; a revised document's 修订记录 names exactly the changes that
   alter it (`Attribution`).
6. Every build also writes the certification plan and calendar (`build.certplan`).
7. With LibreOffice installed, the table of contents and page numbers are filled in the .docx
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

from generator import __version__, diskcache
from generator.assemble.office import find_soffice, refresh_fields
from generator.assemble.pdf import export_pdfs
from generator.builder import merging, staging
from generator.builder.attribution import Attribution
from generator.builder.certplan import CALENDAR, PLAN, write_certplan
from generator.builder.changes import Change
from generator.builder.documents import DocumentRenderer, ThisContext, initial_revision, this_context
from generator.builder.manifest import (
    MANIFEST,
    DocumentEntry,
    Manifest,
    Revision,
    edited_by_hand,
    file_parts_sha256,
    file_text_sha256,
    manifest_bytes,
    next_version,
    read_manifest,
    render_digests,
    text_sha256,
)
from generator.builder.notes import (
    ProfileChanges,
    Replaced,
    cause_note,
    change_notes,
    in_order,
    write_change_report,
)
from generator.builder.plan import MANUAL, REVISIONS, BuildResult, Job, Status, plan_jobs
from generator.builder.refresh import NO_OFFICE
from generator.catalog import Catalog, load_catalog
from generator.errors import DependencyMissing, OutputError, SvcError
from generator.pack.pack import TemplatePack
from generator.profile.approvals import approver_for
from generator.profile.leftovers import example_companies, leftovers, sibling_companies
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
                 final: Path, force: bool, today: dt.date, found: ProfileChanges,
                 catalog: Catalog):
        self.loaded = loaded
        self.documents = documents
        self.old = old
        self.old_docs = old.by_id() if old else {}
        self.final = final
        self.force = force
        self.today = today
        self.changes = found.changes
        self.attribution = (Attribution(found.previous, loaded, catalog, found.candidates,
                                        self.old_docs) if found.previous and found.changes
                            else None)
        self.reached: dict[str, list[Change]] = {}
        self.replaced: dict[str, Replaced] = {}
        self.merges = merging.Merges()

    def run(self, job: Job) -> _Done:
        """Render one document; decide whether it is new, unchanged, changed or protected."""
        render = self.documents.render
        template_sha = hashlib.sha256(job.template.read_bytes()).hexdigest()
        previous = self.old_docs.get(job.id)
        existing = self.final / job.path
        if previous is None or not existing.exists() or previous.path != job.path:
            revisions = [initial_revision(self.loaded, job.kind)]
            data = render(job, this_context(job, revisions[0].version, revisions))
            return _Done(_entry(job, revisions, template_sha, data), data, "written")
        edited = edited_by_hand(existing, previous)
        if edited and not self.force:
            return self._hand_edited(job, previous, existing)
        this = this_context(job, previous.version, previous.revisions)
        data = render(job, this)
        text_digest, layout = render_digests(data)
        same = (text_digest == (previous.render_sha256 or previous.content_sha256)
                and (not previous.layout_sha256 or layout == previous.layout_sha256))
        if same and not edited:
            return _Done(previous, None, "unchanged")
        version, revisions = previous.version, list(previous.revisions)
        self.replaced[job.id] = Replaced(previous, existing.read_bytes())
        if not same:
            dc = self.loaded.profile.document_control
            version = next_version(previous.version)
            note = self._note(job, this, previous, template_sha)
            revisions.append(Revision(version, self.today.isoformat(), note,
                                      dc.prepared_by, approver_for(self.loaded.profile, job.kind)))
            data = render(job, this_context(job, version, revisions))
        return _Done(_entry(job, revisions, template_sha, data), data,
                     "forced" if edited else "written")

    def _hand_edited(self, job: Job, previous: DocumentEntry, existing: Path) -> _Done:
        """A document edited by hand since the last build, without `force`: merged with the
        new render when the profile changed it, else kept as it is. Its entry keeps the
        render's hash, so it stays hand-edited."""
        this = this_context(job, previous.version, previous.revisions)
        unchanged = self.documents.render(job, this)
        if text_sha256(unchanged) == (previous.render_sha256 or previous.content_sha256):
            return _Done(previous, None, "protected")
        template_sha = hashlib.sha256(job.template.read_bytes()).hexdigest()
        dc = self.loaded.profile.document_control
        version = next_version(previous.version)
        note = self._note(job, this, previous, template_sha)
        revisions = [*previous.revisions,
                     Revision(version, self.today.isoformat(), note, dc.prepared_by,
                              approver_for(self.loaded.profile, job.kind))]
        theirs = self.documents.render(job, this_context(job, version, revisions))
        ours = existing.read_bytes()
        data = merging.merge_edited(self.final, job.path, ours, theirs, note=note,
                                    author=dc.prepared_by, merges=self.merges)
        if data is None:
            return _Done(previous, None, "protected")
        self.replaced[job.id] = Replaced(previous, ours)
        return _Done(_entry(job, revisions, template_sha, theirs), data, "merged")

    def _note(self, job: Job, this: ThisContext, previous: DocumentEntry,
              template_sha: str) -> str:
        """The 修订记录 wording: the changes that alter this document, else the cause."""
        template_changed = template_sha != previous.template_sha256
        same_generator = self.old is not None and self.old.generator_version == __version__
        reached: list[Change] = []
        if self.attribution is not None:
            if job.kind == "volume":
                parts = [c for part in job.parts for c in self.reached.get(part, [])]
                front = self.attribution.candidates.get(job.id, [])
                reached = in_order(self.changes, [*parts, *front])
            else:
                baseline = (previous.render_sha256 or None
                            if not template_changed and same_generator else None)
                reached = self.attribution.reaching(job, this, baseline)
                if not reached and not template_changed and job.kind != "manual":
                    # nothing the template reads changed, yet its text did: try every change
                    reached = self.attribution.reaching(job, this, None, among=self.changes)
        self.reached[job.id] = reached
        return cause_note(reached, template_changed=template_changed,
                          lists_others=job.kind in ("manual", "volume"))


def _entry(job: Job, revisions: list[Revision], template_sha: str, data: bytes) -> DocumentEntry:
    digest, parts = render_digests(data)
    return DocumentEntry(job.id, job.title, job.code, revisions[-1].version, job.path,
                         job.template.name, template_sha, digest, digest, revisions, parts, parts)


def _ours(old: Manifest | None) -> list[str]:
    """The files of the previous set the tool wrote (the rest is the user's)."""
    docs = [d.path for d in old.documents] if old else []
    if old is not None:
        docs += [PLAN, CALENDAR]  # written by every build, not listed among the documents
    return docs + [(Path("pdf") / Path(p).with_suffix(".pdf")).as_posix() for p in docs]


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
    lock_wait: float = 60.0,
) -> BuildResult:
    loaded = load_profile(profile_path)
    out = Path(out_root)
    try:
        if dry_run:
            return _build(loaded, out, templates_dir, True, force, pdf, refresh, today, progress)
        with staging.lock(out, loaded.profile.slug, lock_wait):
            staging.recover(out, loaded.profile.slug)
            return _build(loaded, out, templates_dir, False, force, pdf, refresh, today,
                          progress)
    finally:
        diskcache.prune()


def _build(loaded: LoadedProfile, out: Path, templates_dir: str | Path | None, dry_run: bool,
           force: bool, pdf: bool, refresh: bool, today: dt.date | None,
           progress: Callable[[str], None] | None) -> BuildResult:
    catalog = load_catalog()
    pack = TemplatePack(Path(templates_dir) if templates_dir else None)
    profile = loaded.profile
    final = out / profile.slug
    staging.check_is_ours(final)
    old = read_manifest(final) if final.is_dir() else None
    company_note = staging.check_same_company(final, old.profile, profile.company) if old else None
    jobs = plan_jobs(loaded, pack, catalog)
    found = change_notes(old, loaded, jobs)
    documents = DocumentRenderer(loaded, catalog)
    versions = _Versions(loaded, documents, old, final, force, today or dt.date.today(), found,
                         catalog)
    result = BuildResult(profile.slug, final, dry_run=dry_run,
                         changes=[c.text for c in found.changes])
    result.warnings.extend(w.format(loaded.path) for w in loaded.warnings)
    if company_note:
        result.warnings.append(company_note)
    examples = {c.name for c in example_companies()}
    siblings = [c for c in sibling_companies(out, profile.slug, MANIFEST) if c.name not in examples]
    result.warnings.extend(w.format(loaded.path)
                           for w in leftovers(profile, loaded.lines, siblings))
    result.kept = staging.user_files(final, _ours(old))

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
        merging.record(result, versions.merges)
        result.bumps = {entries[i].path: (r.previous.version, entries[i].version)
                        for i, r in versions.replaced.items()
                        if r.previous.version != entries[i].version}
        if dry_run:
            return result
        if refresh and result.written:
            _refresh_fields(folder, result)
        staging.carry_folder(final, folder, REVISIONS)
        merging.keep_bases(final, folder, result, versions.merges)
        write_certplan(folder, final, profile)
        staging.carry_user_files(final, folder, result.kept)
        # a report when something was revised, or a profile change missed protected files
        # (not on every rebuild that merely finds the same hand edits again)
        if old is not None and (versions.replaced or (
                result.protected and old.profile_sha256 != loaded.sha256)):
            report = write_change_report(folder / REVISIONS, profile=profile,
                                         today=versions.today, changes=found.changes,
                                         replaced=versions.replaced, files=documents.files,
                                         result=result, old=old)
            result.notes.append(f"修订说明与修订对照稿已写入 {result.folder / REVISIONS}"
                                f"（{report.name}）")
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
            kept = staging.backup(final, out, profile.slug, result.backed_up, versions.today)
            result.notes.append(f"手工修改的原文件已备份到 {kept}")
        staging.swap(folder, final, out, profile.slug)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, SvcError):
            raise
        raise OutputError(f"生成失败，原文件集未改动（{exc.strerror or exc}）",
                          where=str(exc.filename or folder),
                          hint="请检查输出目录的权限和磁盘空间后重试") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if pdf:
        export_pdf(final, result)
    return result


def _refresh_fields(folder: Path, result: BuildResult) -> None:
    """Fill TOC and page numbers with LibreOffice when it is installed (else keep the TOC
    that lists headings without page numbers). The file hashes then cover the filled file;
    the render hash stays that of the fresh render."""
    if find_soffice() is None:
        result.notes.append(NO_OFFICE)
        return
    # Only the manual: the volumes' TOCs list their parts by code and title, with no page
    # numbers to fill since every part restarts its numbering.
    with_toc = [p for p in result.written if p == MANUAL]
    refresh_fields([folder / p for p in with_toc])
    for entry in result.entries:
        if entry.path in with_toc and entry.path not in result.merged:  # merged: stays edited
            entry.content_sha256 = file_text_sha256(folder / entry.path)
            entry.parts_sha256 = file_parts_sha256(folder / entry.path)


def export_pdf(final: Path, result: BuildResult) -> None:
    """Export the set's documents that have no PDF yet; a failure becomes a failed note."""
    wanted = [e.path for e in result.entries
              if not (final / "pdf" / Path(e.path).with_suffix(".pdf")).exists()]
    wanted.append(PLAN)  # rewritten by every build
    try:
        written = export_pdfs(final, wanted)
    except DependencyMissing as exc:
        result.failed_notes.append(exc.render() + "\n  Word 文件已全部生成。")
        return
    except SvcError as exc:
        result.failed_notes.append(exc.render())
        return
    result.notes.append(f"已导出 PDF {len(written)} 个（{final / 'pdf'}）")
