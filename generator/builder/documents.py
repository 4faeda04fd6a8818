"""Rendering one document of a set: the template, the profile's context and `this`.

Rules:
1. Every template gets the profile's whole context plus `this`, the document's own identity:
   id, title, code, version, distribution number and its 修订记录 rows.
2. The manual also gets `doc_list` (its 程序文件清单, with the versions of the procedures
   rendered before it) and the three charts as native drawings (`images`), which need no
   font or picture at build time.
3. A volume is its own front matter (title page, TOC listing its parts by code and title)
   followed by the parts rendered before it, each keeping its own headers and numbering.
4. A document rendered on its own (`render_document`) is a first issue; it needs no build.
5. Templates of a pack that is not ours render in one worker per renderer, within the
   budget of `generator.render.budget` (time, CPU, memory for the whole set).
6. A document whose template, context and `this` (and for the manual and the volumes, what
   they list and compile) are those of a document made before is taken from the cache of
   finished documents (`builder.outputs`) instead of being rendered again.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import asdict
from typing import Any, TypedDict

from markupsafe import Markup

from generator.assemble import charts
from generator.assemble.manual import finish_manual
from generator.assemble.toc import fill_toc
from generator.assemble.volume import compose_volume
from generator.builder import outputs
from generator.builder.manifest import DocumentEntry, Revision
from generator.builder.plan import Job
from generator.catalog import Catalog
from generator.ooxml.comments import strip_comments
from generator.profile.approvals import approver_for
from generator.profile.loader import LoadedProfile
from generator.render.budget import RenderWorker
from generator.render.context import build_context
from generator.render.docx import render_template
from generator.render.wording import procedure_code

Images = dict[str, Markup]  # name in the template -> the chart's drawing (run XML)


class ThisContext(TypedDict):
    """`this` in a template: the document being rendered."""

    id: str  # the catalog id: P04, JL-04-01, manual, procedures_volume …
    title: str
    code: str  # the controlled document code, e.g. LQ/CX-04
    version: str  # A/0, A/1 …
    distribution: str  # 分发号
    revisions: list[dict[str, Any]]  # 修订记录 rows: version, date, change, by, approved_by


def this_context(job: Job, version: str, revisions: list[Revision]) -> ThisContext:
    return {
        "id": job.id,
        "title": job.title,
        "code": job.code,
        "version": version,
        "distribution": "01",
        "revisions": [asdict(r) for r in revisions],
    }


def initial_revision(loaded: LoadedProfile, kind: str) -> Revision:
    """The 修订记录 row of a first issue: the profile's document control, and the approver
    the approval table names for this kind of document."""
    dc = loaded.profile.document_control
    return Revision(dc.version, dc.issue_date.isoformat(), "首次发布", dc.prepared_by,
                    approver_for(loaded.profile, kind))


class DocumentRenderer:
    """Renders the documents of one profile. The manual and the volumes are made from the
    documents rendered before them: `add` each finished one (its entry and its file)."""

    def __init__(self, loaded: LoadedProfile, catalog: Catalog):
        self.loaded = loaded
        self.catalog = catalog
        self.context = build_context(loaded.profile, catalog)
        given = outputs.canonical(self.context)
        self._given = None if given is None else (
            given, loaded.profile.model_dump_json().encode("utf-8"))
        self.entries: dict[str, DocumentEntry] = {}
        self.files: dict[str, bytes] = {}
        self._images: Images | None = None
        self.worker = RenderWorker()  # started only for a template that is not ours
        weakref.finalize(self, self.worker.close)

    def add(self, entry: DocumentEntry, data: bytes) -> None:
        self.entries[entry.id] = entry
        self.files[entry.id] = data

    def render(self, job: Job, this: ThisContext) -> bytes:
        ctx: dict[str, Any] = {**self.context, "this": this}
        if job.kind == "volume":
            return outputs.document(self._key(job, this, self._volume_inputs(job)),
                                    lambda: self._volume(job, ctx))
        if job.kind == "manual":
            doc_list = self._doc_list()
            return outputs.document(
                self._key(job, this, [outputs.canonical(doc_list)]),
                lambda: finish_manual(render_template(
                    job.template, {**ctx, "doc_list": doc_list, "images": self._charts()},
                    self.worker)))
        return outputs.document(self._key(job, this, []),
                                lambda: render_template(job.template, ctx, worker=self.worker))

    def _key(self, job: Job, this: ThisContext, extra: list[bytes | None]) -> str | None:
        """The cache key of this render: None when some input is not plain data."""
        own = outputs.canonical(this)
        if self._given is None or own is None or None in extra:
            return None
        try:
            template = job.template.read_bytes()
        except OSError:
            return None  # render_template reports it
        return outputs.key(job.kind.encode(), *self._given, hashlib.sha256(template).digest(),
                           own, *(part for part in extra if part is not None))

    def _volume_inputs(self, job: Job) -> list[bytes | None]:
        """What a volume compiles: its parts' codes, titles and bytes, and the 程序文件清单."""
        parts = [p for p in job.parts if p in self.entries]
        listed = outputs.canonical([[self.entries[p].code, self.entries[p].title] for p in parts])
        return [listed, outputs.canonical(self._doc_list()),
                *(hashlib.sha256(self.files[p]).digest() for p in job.parts)]

    def _charts(self) -> Images:
        """The manual's charts, drawn once per profile."""
        if self._images is None:
            self._images = charts.chart_values(self.loaded.profile, self.context)
        return self._images

    def _volume(self, job: Job, ctx: dict[str, Any]) -> bytes:
        front = fill_toc(render_template(job.template, {**ctx, "doc_list": self._doc_list()},
                                         worker=self.worker),
                         extra=[(self.entries[p].code, self.entries[p].title)
                                for p in job.parts if p in self.entries])
        # Comments (merge clashes) stay in the documents themselves; the volume has no
        # comments part for them.
        return compose_volume(front, [strip_comments(self.files[p]) for p in job.parts])

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


def render_document(loaded: LoadedProfile, job: Job, catalog: Catalog) -> bytes:
    """One procedure, record form or manual rendered in memory as a first issue (for
    comparisons, e.g. `diff`); a volume needs its parts and is rendered only by a build."""
    first = initial_revision(loaded, job.kind)
    return DocumentRenderer(loaded, catalog).render(job, this_context(job, first.version, [first]))
