"""Which documents and sections a profile change affects, from what each template reads.

Rules:
1. A template's reads are the context paths its tags name (`co.hotline`, `dept.aftersales`,
   `promise.response`, `outlets` …), found in its Jinja syntax tree; a loop variable stands for
   the whole list it walks.
2. A profile change reaches the context paths whose values differ when only that change is
   applied; a document is affected when one of its reads is such a path or a prefix of one.
3. `attribute` gives the candidates (what a template reads); `diff` then keeps the changes
   that alter the rendered document (`attribution.Attribution`), as the build does.
4. Sections are found by rendering the old and the new document and comparing their text
   heading by heading (exact, not guessed).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import nodes

from generator.builder.attribution import Attribution
from generator.builder.changes import Change, apply_change, profile_changes
from generator.builder.documents import initial_revision, render_document, this_context
from generator.builder.plan import plan_jobs
from generator.catalog import load_catalog
from generator.ooxml import template as xml_template
from generator.pack.pack import TemplatePack
from generator.profile.loader import load_profile
from generator.profile.model import Profile
from generator.render.context import BUILD_KEYS, RenderContext, build_context
from generator.render.environment import make_env

CtxPath = tuple[str, ...]


@lru_cache(maxsize=256)
def template_reads(template: Path, mtime: float = 0.0) -> frozenset[CtxPath]:
    """Context paths read by a docxtpl template (cached per file and modification time)."""
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    sources = [tpl.patch_xml(tpl.get_xml())]
    assert tpl.docx is not None
    for section in tpl.docx.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                sources.append(tpl.patch_xml(xml_template.story_xml(part)))
    env = make_env()
    reads: set[CtxPath] = set()
    for source in sources:
        ast = env.parse(source)
        loop_vars = {n.name for f in ast.find_all(nodes.For) for n in f.target.find_all(nodes.Name)}
        for path in _outer_paths(ast):
            if path[0] not in loop_vars:
                reads.add(path)
    return frozenset(reads)


def _outer_paths(node: nodes.Node) -> Iterator[CtxPath]:
    """The longest attribute/item chains (co.hotline, not also co)."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
        path = _path(node)
        if path is not None:
            yield path
            if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                yield from _outer_paths(node.arg)
            return
    for child in node.iter_child_nodes():
        yield from _outer_paths(child)


def _path(node: nodes.Node) -> CtxPath | None:
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            parts.append(str(node.arg.value))
            node = node.node
        elif isinstance(node, nodes.Name):
            if node.ctx != "load":
                return None
            parts.append(node.name)
            return tuple(reversed(parts))
        else:
            return None


def _flatten(value: Any, prefix: CtxPath = ()) -> Iterator[tuple[CtxPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, (*prefix, str(key)))
    elif isinstance(value, list):
        # Lists are read as a whole by loops; compare them whole.
        yield prefix, repr(value)
    else:
        yield prefix, value


def changed_context_paths(old: Profile, new: Profile) -> set[CtxPath]:
    a = dict(_flatten(_plain(build_context(old))))
    b = dict(_flatten(_plain(build_context(new))))
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def _plain(ctx: RenderContext) -> dict[str, Any]:
    return {k: v for k, v in ctx.items() if k not in BUILD_KEYS}


def affects(reads: frozenset[CtxPath], changed: set[CtxPath]) -> bool:
    for read in reads:
        for path in changed:
            n = min(len(read), len(path))
            if read[:n] == path[:n]:
                return True
    return False


def attribute(changes: list[Change], old: Profile, new: Profile,
              templates: dict[str, Path]) -> dict[str, list[Change]]:
    """For each document id, the changes that reach it through what its template reads."""
    per_change = {}
    for change in changes:
        per_change[change.path] = changed_context_paths(old, apply_change(old, new, change))
    out: dict[str, list[Change]] = {}
    for doc_id, template in templates.items():
        reads = template_reads(template, template.stat().st_mtime)
        out[doc_id] = [c for c in changes if affects(reads, per_change[c.path])]
    return out



@dataclass
class DocumentImpact:
    id: str
    title: str
    path: str
    sections: list[str]


@dataclass
class FieldImpact:
    change: Change
    documents: list[DocumentImpact] = field(default_factory=list)


def section_texts(data: bytes) -> dict[str, str]:
    """Text of each level-1 section of a rendered document ("" = before the first heading)."""
    doc = Document(io.BytesIO(data))
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            if style == "Heading 1":
                current = block.text.strip()
                sections.setdefault(current, [])
                continue
            sections[current].append(block.text)
        else:
            for row in block.rows:
                sections[current].extend(c.text for c in row.cells)
    return {k: "\n".join(v) for k, v in sections.items()}


def changed_sections(old: bytes, new: bytes) -> list[str]:
    a, b = section_texts(old), section_texts(new)
    names = list(dict.fromkeys([*b, *a]))
    return [n or "封面及前置内容" for n in names if a.get(n) != b.get(n)]


def profile_diff(old_path: Path, new_path: Path, templates_dir: Path | None = None
                 ) -> list[FieldImpact]:
    """Each changed field with the documents and sections it affects."""
    catalog = load_catalog()
    old_loaded, new_loaded = load_profile(old_path), load_profile(new_path)
    old, new = old_loaded.profile, new_loaded.profile
    changes = profile_changes(old, new)
    pack = TemplatePack(templates_dir)
    jobs = {j.id: j for j in plan_jobs(new_loaded, pack, catalog) if j.kind != "volume"}
    old_jobs = {j.id: j for j in plan_jobs(old_loaded, pack, catalog) if j.kind != "volume"}
    candidates = attribute(changes, old, new, {k: j.template for k, j in jobs.items()})
    # exact, as the build decides it: the changes that alter each document when rendered
    exact = Attribution(old, new_loaded, catalog, candidates)
    per_doc: dict[str, list[Change]] = {}
    for doc_id in jobs:
        if doc_id in old_jobs and candidates.get(doc_id):
            first = initial_revision(old_loaded, old_jobs[doc_id].kind)
            per_doc[doc_id] = exact.reaching(
                old_jobs[doc_id], this_context(old_jobs[doc_id], first.version, [first]), None)
        else:
            per_doc[doc_id] = candidates.get(doc_id, [])
    reached = {doc_id for doc_id, cs in per_doc.items() if cs}
    sections: dict[str, list[str]] = {}
    for doc_id in sorted(reached):
        if doc_id in old_jobs:
            before = render_document(old_loaded, old_jobs[doc_id], catalog)
            after = render_document(new_loaded, jobs[doc_id], catalog)
            sections[doc_id] = changed_sections(before, after)
        else:
            sections[doc_id] = ["（新增文件）"]
    out = []
    for change in changes:
        impact = FieldImpact(change)
        for doc_id, cs in per_doc.items():
            if change in cs and sections.get(doc_id):
                job = jobs[doc_id]
                impact.documents.append(DocumentImpact(doc_id, job.title, job.path,
                                                       sections[doc_id]))
        out.append(impact)
    return out
