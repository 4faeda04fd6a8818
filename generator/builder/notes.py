"""What a rebuild says about itself: the 修订记录 wording and the change report with redlines.

Rules:
1. The 修订记录 row of a revised document names exactly the profile changes that alter it
   (`attribution.Attribution`, decided by rendering); a volume names those altering any of its
   parts or its own front matter. A document revised with no profile change altering it says
   why: a new template, the versions it lists, or a new svcmanual.
2. When a rebuild revised or protected anything, `修订说明/<date>-修订说明.md` and `.docx` list
   the changes (or what else caused the revision), the documents revised (old and new
   version), added, removed, protected, backed up, merged with hand edits (with each clash:
   document, section, paragraph) and not merged (with why), and `修订说明/<date>-redline/` holds
   a tracked-changes copy of each revised one. A second rebuild on the same day numbers its
   report `<date>-2-…`: earlier reports are never overwritten.
3. Everything is written as new files in the staging folder; a file carried from the previous
   set (a hard link) is never opened for writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from generator.builder.changes import Change, profile_changes, summary
from generator.builder.impact import attribute
from generator.builder.manifest import DocumentEntry, Manifest
from generator.builder.merging import clash_lines
from generator.builder.plan import BuildResult, Job
from generator.ooxml.redline import redline
from generator.profile.loader import LoadedProfile
from generator.profile.model import Profile
from generator.report.changes_report import ChangeReport, RevisedDocument, to_docx, to_markdown


class Replaced(NamedTuple):
    """A document of the previous set that this build replaces."""

    previous: DocumentEntry
    data: bytes  # the file as it was


TEMPLATE_NOTE = "依据模板更新修订"
LISTED_NOTE = "依据所列文件的版本变更修订"
GENERATOR_NOTE = "依据 svcmanual 程序更新修订"
FORCED_CAUSE = "手工修改过的文件按 --force 以生成的内容覆盖（原文件已备份）"


class ProfileChanges(NamedTuple):
    """The profile changes since the last build and, per document id, the candidates that
    reach its template (`impact.attribute`); `previous` is the old profile."""

    changes: list[Change]
    candidates: dict[str, list[Change]]
    previous: Profile | None


def change_notes(old: Manifest | None, loaded: LoadedProfile, jobs: list[Job]) -> ProfileChanges:
    if old is None or not old.profile:
        return ProfileChanges([], {}, None)
    try:
        previous = Profile.model_validate(old.profile)
    except ValidationError:
        return ProfileChanges([], {}, None)
    changes = profile_changes(previous, loaded.profile)
    if not changes:
        return ProfileChanges([], {}, previous)
    return ProfileChanges(changes, attribute(changes, previous, loaded.profile,
                                             {j.id: j.template for j in jobs}), previous)


def in_order(changes: list[Change], chosen: Iterable[Change]) -> list[Change]:
    """`chosen` without repeats, in the order of the profile's changes."""
    keys = {(c.path, c.text) for c in chosen}
    return [c for c in changes if (c.path, c.text) in keys]


def cause_note(reached: list[Change], *, template_changed: bool, lists_others: bool) -> str:
    """The 修订记录 wording of a revised document."""
    if reached:
        return summary(reached)
    if template_changed:
        return TEMPLATE_NOTE
    return LISTED_NOTE if lists_others else GENERATOR_NOTE


def report_cause(changes: list[Change], revised_notes: list[str], forced: bool) -> str:
    """What caused this revision besides the profile changes listed ("" when nothing else)."""
    causes = []
    if TEMPLATE_NOTE in revised_notes:
        causes.append("模板更新")
    if GENERATOR_NOTE in revised_notes:
        causes.append("svcmanual 程序更新")
    if LISTED_NOTE in revised_notes and not changes and not causes:
        causes.append("所列文件的版本变更")
    parts = [] if changes else ["企业档案内容未变"]
    if causes:
        parts.append(f"{'部分文件的' if changes else '本次'}修订由{'、'.join(causes)}引起")
    if forced:
        parts.append(FORCED_CAUSE)
    return "；".join(parts) + "。" if parts else ""


def report_stamp(folder: Path, today: dt.date) -> str:
    """`<date>`, or `<date>-<n>` for the n-th report of the day: a name no report has yet."""
    base = today.isoformat()
    n = 1
    while True:
        stamp = base if n == 1 else f"{base}-{n}"
        if not any((folder / name).exists() for name in
                   (f"{stamp}-修订说明.md", f"{stamp}-修订说明.docx", f"{stamp}-redline")):
            return stamp
        n += 1


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (never through a link to the previous set)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(data)


def write_change_report(folder: Path, *, profile: Profile, today: dt.date, changes: list[Change],
                        replaced: Mapping[str, Replaced], files: Mapping[str, bytes],
                        result: BuildResult, old: Manifest) -> Path:
    """The change report (.md and .docx) and a redline of every revised document; returns
    the Markdown report's path."""
    entries = {e.id: e for e in result.entries}
    revised = []
    stamp = report_stamp(folder, today)
    for doc_id, (previous, old_bytes) in replaced.items():
        entry = entries[doc_id]
        if entry.version == previous.version:
            continue
        revised.append(RevisedDocument(entry.code, entry.title, entry.path, previous.version,
                                       entry.version, entry.revisions[-1].change))
        _write_new(folder / f"{stamp}-redline" / entry.path,
                   redline(old_bytes, files[doc_id], author=profile.document_control.prepared_by))
    old_ids = {d.id for d in old.documents}
    report = ChangeReport(
        profile.company.name, today, changes, revised,
        added=[e.path for e in result.entries if e.id not in old_ids],
        removed=[d.path for d in old.documents if d.id not in entries],
        protected=[p for p in result.protected if p not in result.not_merged],
        backed_up=result.backed_up, merged=result.merged, clashes=clash_lines(result),
        not_merged=[f"{p}：{why}" for p, why in result.not_merged.items()],
        cause=report_cause(changes, [d.change for d in revised], bool(result.backed_up)),
    )
    markdown = folder / f"{stamp}-修订说明.md"
    _write_new(markdown, to_markdown(report).encode("utf-8"))
    _write_new(folder / f"{stamp}-修订说明.docx", to_docx(report))
    return markdown
