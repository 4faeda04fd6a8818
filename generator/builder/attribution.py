"""Exact attribution: which profile changes alter one document, decided by rendering.

Rules:
1. The candidates are the changes that reach the document's template through what it reads
   (`impact.attribute`); that list may hold changes whose paths are read but whose new value
   renders the same (a head's name in a loop that filters it out), never fewer.
2. A candidate alters a document when the document rendered from the old profile with only
   that change applied differs in text from the document rendered from the old profile. With
   one candidate and an unchanged template the render is skipped: the document changed, and
   nothing else of the profile can have changed it.
3. A change that cannot be applied alone (the profile with only that change is inconsistent
   and does not render) is credited: a row may name one change too many, never miss one.
4. Every render uses the same `this` (the previous version and 修订记录), so only the change
   differs; the manual gets the previous set's versions for its 程序文件清单.
"""

from __future__ import annotations

from generator.builder.changes import Change, apply_change
from generator.builder.documents import DocumentRenderer, ThisContext
from generator.builder.manifest import DocumentEntry, text_sha256
from generator.builder.plan import Job
from generator.catalog import Catalog
from generator.profile.loader import LoadedProfile
from generator.profile.model import Profile


class Attribution:
    """Decides, for one build (or one `diff`), the changes that alter each document."""

    def __init__(self, old: Profile, new: LoadedProfile, catalog: Catalog,
                 candidates: dict[str, list[Change]],
                 old_entries: dict[str, DocumentEntry] | None = None):
        self.old = old
        self.new = new
        self.catalog = catalog
        self.candidates = candidates
        self.old_entries = old_entries or {}
        self._renderers: dict[str, DocumentRenderer] = {}

    def _renderer(self, change: Change | None) -> DocumentRenderer:
        key = "" if change is None else change.path + "\0" + change.text
        if key not in self._renderers:
            profile = self.old if change is None else apply_change(self.old, self.new.profile, change)
            loaded = LoadedProfile(self.new.path, profile, (), {}, "")
            renderer = DocumentRenderer(loaded, self.catalog)
            renderer.entries.update(self.old_entries)
            self._renderers[key] = renderer
        return self._renderers[key]

    def reaching(self, job: Job, this: ThisContext, baseline: str | None,
                 among: list[Change] | None = None) -> list[Change]:
        """The changes that alter `job`'s document. `baseline`: the text hash of the document
        rendered from the old profile with `this`, when known (else it is rendered).
        `among`: the changes to try instead of the candidates (each is rendered)."""
        candidates = self.candidates.get(job.id, []) if among is None else among
        if not candidates or (among is None and len(candidates) == 1 and baseline is not None):
            return list(candidates)
        if baseline is None:
            baseline = text_sha256(self._renderer(None).render(job, this))
        out = []
        for change in candidates:
            try:
                variant = self._renderer(change).render(job, this)
            except Exception:  # a profile with only this change can be inconsistent
                out.append(change)  # (a renamed department still named elsewhere): credit it
                continue
            if text_sha256(variant) != baseline:
                out.append(change)
        return out
