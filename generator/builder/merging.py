"""Hand edits survive a rebuild: the base copies kept with the set and the three-way merge.

Rules:
1. The base of a merge is the document exactly as the tool last wrote it, kept in the set as
   `.svcmanual/base/<path>` (hidden; `validate` skips hidden folders). A copy, not a render
   from the stored profile: a render depends on the generator version, the template pack and
   the fonts, and any drift there would read as a hand edit. Files kept from the previous set
   keep their base (hard links); a written file is its own base (a copy: Word or a script
   saving the file in place must not change it); a merged file's base is the
   new render it was merged with, so the next merge sees only the hand's edits again.
2. A set built before base copies existed has none for a hand-edited document: that document
   is protected as before, and the report says why. Its unedited documents become their own
   base on the next build.
3. The merge itself is `ooxml.merge`; this module turns its outcome into build data.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.builder.plan import BuildResult
from generator.ooxml.merge import Clash, MergeOutcome, merge_docx

BASE_DIR = Path(".svcmanual") / "base"


@dataclass
class Merges:
    """What the merges of one build produced, by document path."""

    bases: dict[str, bytes] = field(default_factory=dict)  # new base of each merged document
    clashes: dict[str, list[Clash]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it was not merged


def merge_edited(final: Path, path: str, ours: bytes, theirs: bytes, *, note: str,
                 author: str, merges: Merges) -> bytes | None:
    """The merged file of a hand-edited document, or None (the reason filed in `merges`)."""
    base_file = final / BASE_DIR / path
    if not base_file.is_file():
        merges.refused[path] = "缺少上次生成时的底稿（该文件集由旧版本生成），无法逐段合并"
        return None
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    outcome: MergeOutcome = merge_docx(base_file.read_bytes(), ours, theirs, note=note,
                                       author=author, date=stamp)
    if outcome.data is None:
        merges.refused[path] = outcome.reason
        return None
    merges.bases[path] = theirs
    merges.clashes[path] = outcome.clashes
    return outcome.data


def keep_bases(final: Path, folder: Path, result: BuildResult, merges: Merges) -> None:
    """Write the base copies of the new set into the staging `folder` (module rule 1)."""
    written = set(result.written)
    for entry in result.entries:
        target = folder / BASE_DIR / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.path in merges.bases:
            target.write_bytes(merges.bases[entry.path])
            continue
        if entry.path in written:  # a copy: a file saved in place must not change its base
            shutil.copyfile(folder / entry.path, target)
            continue
        old = final / BASE_DIR / entry.path
        if old.is_file():
            os.link(old, target)
        elif entry.path not in result.protected:
            shutil.copyfile(final / entry.path, target)  # unchanged, not edited: its own base


def record(result: BuildResult, merges: Merges) -> None:
    """Copy the merges' outcome into the build result, for the CLI and the change note."""
    result.clashes = {p: list(c) for p, c in merges.clashes.items()}
    result.not_merged = dict(merges.refused)


def clash_lines(result: BuildResult) -> list[str]:
    """One line per clash: document, part and section, paragraph, what was kept."""
    lines = []
    for path, clashes in result.clashes.items():
        for c in clashes:
            where = f"{c.part}" + (f"“{c.section}”" if c.section else "")
            lines.append(f"{path} · {where} · 第 {c.paragraph} 段：保留手工文本"
                         f"“{_short(c.kept)}”，新生成的文本已作为批注附上")
    return lines


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

