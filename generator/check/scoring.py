"""Which procedure a part of a document is, judged by meaning: its title and its whole content.

Rules:
1. The title scores every procedure as `matching.ProcedureMatcher.scores` does (an exact
   catalog title or variant settles it).
2. The content scores each procedure by its catalog keywords: found in the purpose and scope
   (or, when they are not labelled, the first paragraphs) they weigh 2 per character, found in
   the rest of the part 0.5 per character and occurrence (at most two). Record names of the
   part that resemble the procedure's catalog records add up to 2. The 相关文件 section is left
   out: a procedure named there is another document, never this one.
3. A part is the procedure with the highest title + content score, when the title alone is a
   match (`ProcedureMatcher.match`) or the content alone is at least `MIN_CONTENT` and leads the
   runner-up by `MIN_LEAD`.
2b. A keyword found in the purpose of more than `SPREAD` of the set's parts weighs less, in
   proportion (`keyword_weights`).
4. Within one file, and among single-procedure files, a procedure is given once: parts are
   settled strongest first, and a part whose best procedure is taken gets its best free one when
   that still meets rule 3 (else it keeps its best and is a duplicate).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.catalog import Catalog, Procedure
from generator.check.matching import ProcedureMatcher, TitleMatch, labels_of
from generator.docs.outline import Block, Outline
from generator.docs.tables import label_rows
from generator.docs.textnorm import normalize

MIN_CONTENT = 3.0
MIN_LEAD = 1.0
SPREAD = 0.2  # a keyword in the purpose of more than this share of the parts is common
_OPENING = 4  # paragraphs taken as purpose/scope when those are not labelled
_RECORD_NAME = re.compile(r"《([^》]{2,30})》")
_KEY_SECTIONS = frozenset({"purpose", "scope"})


@dataclass(frozen=True)
class Evidence:
    """What a part says: purpose and scope text, the rest, its record names (normalised)."""

    key: str
    body: str
    names: tuple[str, ...]
    found: frozenset[str]  # catalog keywords in `key`


@dataclass(frozen=True)
class Decision:
    """The procedures a part may be, best first, with their scores."""

    ranked: tuple[tuple[Procedure, float], ...]
    title_match: TitleMatch | None
    content_best: float
    content_lead: float

    def score(self, proc: Procedure) -> float:
        return next((s for p, s in self.ranked if p == proc), 0.0)

    def acceptable(self, proc: Procedure) -> bool:
        """Whether the part may be `proc` (rule 3; any procedure scoring enough when the part
        has to give way to a stronger one, rule 4)."""
        if self.title_match is not None and self.title_match.procedure == proc:
            return True
        return self.score(proc) >= MIN_CONTENT and (
            self.title_match is not None or self.content_lead >= MIN_LEAD)

    def best(self) -> TitleMatch | None:
        if self.title_match is not None and self.title_match.exact:
            return self.title_match
        if self.ranked and (self.title_match is not None or (
                self.content_best >= MIN_CONTENT and self.content_lead >= MIN_LEAD)):
            proc, score = self.ranked[0]
            return TitleMatch(proc, score, False)
        return None


def _pieces(outline: Outline) -> Iterator[tuple[str, str]]:
    """(section id or "", normalised text) of every block, table rows split by their label."""
    current = ""
    for block in outline.blocks:
        if block.kind == "table" and label_rows(block.rows):
            for label, text in label_rows(block.rows):
                sids = labels_of(Block(0, "paragraph", label, label))
                yield (sids[0] if sids else current), normalize(text)
            continue
        sids = labels_of(block)
        if sids:
            current = sids[0] if len(sids) == 1 or "related_documents" not in sids else sids[-1]
        yield current, block.norm


class ContentScorer:
    """Rule 2 and 3 for one catalog."""

    def __init__(self, catalog: Catalog, matcher: ProcedureMatcher) -> None:
        self._procedures = catalog.procedures
        self._matcher = matcher
        self._keywords = {p.id: tuple(k for k in p.keywords if len(k) >= 2)
                          for p in catalog.procedures}
        self._records = {p.id: tuple(_grams(normalize(r.name)) for r in p.records)
                         for p in catalog.procedures}

    def evidence(self, outline: Outline) -> Evidence:
        key_text: list[str] = []
        rest: list[str] = []
        names: list[str] = []
        labelled = False
        for sid, text in _pieces(outline):
            if sid == "related_documents":
                continue
            labelled = labelled or sid in _KEY_SECTIONS
            (key_text if sid in _KEY_SECTIONS else rest).append(text)
            if sid == "records":
                names.extend(_RECORD_NAME.findall(text) or [text])
        if not labelled:
            key_text = [b.norm for b in outline.blocks if b.kind == "paragraph"][:_OPENING]
        key = "\n".join(key_text)
        found = frozenset(w for words in self._keywords.values() for w in words if w in key)
        return Evidence(key, "\n".join(rest), tuple(names), found)

    def content_scores(self, ev: Evidence, weights: Mapping[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for proc in self._procedures:
            score = 0.0
            for word in self._keywords[proc.id]:
                weight = weights.get(word, 1.0)
                if word in ev.key:
                    score += 2 * len(word) * weight
                score += 0.5 * len(word) * min(ev.body.count(word), 2) * weight
            score += 2 * max((_dice(_grams(n), r) for n in ev.names
                              for r in self._records[proc.id]), default=0.0)
            if score:
                out[proc.id] = score
        return out

    def decide(self, title: str, ev: Evidence, weights: Mapping[str, float]) -> Decision:
        title_match = self._matcher.match(title) if title else None
        title_scores = self._matcher.scores(title) if title else {}
        content = self.content_scores(ev, weights)
        ordered = [*sorted(content.values(), reverse=True), 0.0, 0.0]
        ranked = sorted(((p, title_scores.get(p.id, 0.0) + content.get(p.id, 0.0))
                         for p in self._procedures), key=lambda ps: -ps[1])
        return Decision(tuple((p, s) for p, s in ranked if s > 0), title_match, ordered[0],
                        ordered[0] - ordered[1])


def keyword_weights(evidence: Sequence[Evidence]) -> dict[str, float]:
    """Rule 2b: a keyword in the purpose of most parts of the set (提高顾客满意度 in every one)
    says nothing about which procedure a part is; its weight falls with its spread."""
    counts: Counter[str] = Counter(w for ev in evidence for w in ev.found)
    usual = max(2.0, SPREAD * len(evidence))
    return {w: min(1.0, usual / n) for w, n in counts.items()}


def assign(decisions: Sequence[tuple[str, Decision]]) -> list[TitleMatch | None]:
    """Rule 4: `decisions` are (group, decision) in document order; groups are a file name for
    the parts of one file, or one shared name for single-procedure files."""
    result: list[TitleMatch | None] = [d.best() for _, d in decisions]
    taken: dict[str, set[str]] = {}
    order = sorted(range(len(decisions)), key=lambda i: -_strength(decisions[i][1], result[i]))
    for i in order:
        group, decision = decisions[i]
        chosen = result[i]
        if chosen is None:
            continue
        used = taken.setdefault(group, set())
        if chosen.procedure.id in used and not chosen.exact:
            free = next((p for p, s in decision.ranked
                         if p.id not in used and decision.acceptable(p)), None)
            if free is not None:
                chosen = TitleMatch(free, decision.score(free), False)
        result[i] = chosen
        used.add(chosen.procedure.id)
    return result


def _strength(decision: Decision, match: TitleMatch | None) -> float:
    if match is None:
        return -1.0
    if match.exact:
        return 1000.0
    scores = [s for _, s in decision.ranked]
    return scores[0] - (scores[1] if len(scores) > 1 else 0.0)


def _grams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else \
        frozenset({text})


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
