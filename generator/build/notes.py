"""What a rebuild says about itself: the 修订记录 wording and the change report with redlines.

Rules:
1. The 修订记录 row of a revised document names the profile changes that reach its template
   (`impact.attribute`); a volume names those reaching any of its parts; a document no change
   reaches, revised anyway (e.g. a new template), gets the summary of all changes.
2. When a rebuild revised or protected anything, `修订说明/<date>-修订说明.md` and `.docx` list
   the changes, the documents revised (old and new version), added, removed, protected and
   backed up, and `修订说明/<date>-redline/` holds a tracked-changes copy of each revised one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from generator.build.changes import Change, profile_changes, summary
from generator.build.impact import attribute
from generator.build.manifest import DocumentEntry, Manifest
from generator.build.plan import BuildResult, Job
from generator.ooxml.redline import redline
from generator.profile.loader import LoadedProfile
from generator.profile.model import Profile
from generator.report.changes_report import ChangeReport, RevisedDocument, to_docx, to_markdown

DEFAULT_NOTE = "依据企业档案变更修订"


class Replaced(NamedTuple):
    """A document of the previous set that this build replaces."""

    previous: DocumentEntry
    data: bytes  # the file as it was


def change_notes(old: Manifest | None, loaded: LoadedProfile,
                 jobs: list[Job]) -> tuple[list[Change], dict[str, str]]:
    """The profile changes since the last build, and the 修订记录 wording per document id
    ("*": for a document no change reaches)."""
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


def note_for(notes: Mapping[str, str], doc_id: str) -> str:
    return notes.get(doc_id, notes.get("*", DEFAULT_NOTE))


def write_change_report(folder: Path, *, profile: Profile, today: dt.date, changes: list[Change],
                        replaced: Mapping[str, Replaced], files: Mapping[str, bytes],
                        result: BuildResult, old: Manifest) -> None:
    """The change report (.md and .docx) and a redline of every revised document."""
    entries = {e.id: e for e in result.entries}
    revised = []
    stamp = today.isoformat()
    for doc_id, (previous, old_bytes) in replaced.items():
        entry = entries[doc_id]
        if entry.version == previous.version:
            continue
        revised.append(RevisedDocument(entry.code, entry.title, entry.path, previous.version,
                                       entry.version, entry.revisions[-1].change))
        target = folder / f"{stamp}-redline" / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(redline(old_bytes, files[doc_id],
                                   author=profile.document_control.prepared_by))
    old_ids = {d.id for d in old.documents}
    report = ChangeReport(
        profile.company.name, today, changes, revised,
        added=[e.path for e in result.entries if e.id not in old_ids],
        removed=[d.path for d in old.documents if d.id not in entries],
        protected=result.protected, backed_up=result.backed_up,
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stamp}-修订说明.md").write_text(to_markdown(report), encoding="utf-8")
    (folder / f"{stamp}-修订说明.docx").write_bytes(to_docx(report))
