"""Marking the changes inside paragraphs: character diff, w:ins/w:del runs, paragraph marks.

Rules 3 to 6 of `generator.ooxml.redline`: a paired paragraph is diffed character by character
and its runs split at the changes; whole paragraphs, rows and tables get their marks; tracked
paragraph marks that Word cannot remove are moved to the paragraph before them.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from generator.ooxml.ns import (
    W_BR,
    W_DEL,
    W_DELTEXT,
    W_FLDCHAR,
    W_INS,
    W_NS,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_T,
    W_TAB,
    W_TR,
    XML_SPACE,
    W,
)
from generator.ooxml.redline_text import (
    PAIR_RATIO,
    Op,
    key,
    own,
    paragraphs,
    run_text,
    similarity,
    text_of,
    within,
)

_FREE_PARENTS = (W_P, W + "hyperlink")  # runs elsewhere (fldSimple, sdt, ins …) are locked
_AFTER_PARA_RPR = (W + "sectPr", W + "pPrChange")
_NS = {"w": W_NS}
_TINY = 2  # an equal stretch this short between two changes is folded into them


@dataclass
class Marks:
    """Makes w:ins/w:del elements with unique ids."""

    author: str
    date: str
    next_id: int

    def make(self, tag: str) -> etree._Element:
        el = etree.Element(tag)
        el.set(W + "id", str(self.next_id))
        el.set(W + "author", self.author)
        el.set(W + "date", self.date)
        self.next_id += 1
        return el


@dataclass
class _Piece:
    """A run holding exactly one text child, covering new_text[start:end]."""

    run: etree._Element
    start: int
    end: int
    locked: bool


def mark_changed(old: etree._Element, new: etree._Element, marks: Marks) -> None:
    old_text = text_of(old)
    if (key(old)[1:] != key(new)[1:] or similarity(old_text, text_of(new)) < PAIR_RATIO
            or not _diff_runs(old_text, new, marks)):
        wrap(live_runs(new), W_INS, marks)
        deleted = _deleted_runs(old, marks)
        if deleted is not None:
            ppr = new.find(W_PPR)
            if ppr is None:
                new.insert(0, deleted)
            else:
                ppr.addnext(deleted)


def _diff_runs(old_text: str, p: etree._Element, marks: Marks) -> bool:
    """Mark the character changes from `old_text` in `p`; False (nothing marked) when a
    change would touch a field, a content control or an existing revision."""
    ops = [op for op in _char_ops(old_text, text_of(p)) if op[0] != "equal"]
    _explode(p)
    pieces = _pieces(p)
    for _tag, i1, i2, j1, j2 in ops:
        if any(q.locked and q.start < j2 and q.end > j1 for q in pieces):
            return False
        before, after = _around(pieces, j1)
        if i2 > i1 and j2 == j1 and (before or after) and not any(
                q is not None and not q.locked for q in (before, after)):
            return False
    cuts = {j for op in ops for j in op[3:]}
    pieces = [part for q in pieces for part in _split(q, cuts)]
    for _tag, i1, i2, j1, j2 in ops:
        inserted = [q for q in pieces if j1 <= q.start and q.end <= j2]
        if i2 > i1:
            before, after = _around(pieces, j1)
            anchor = inserted[0] if inserted else before if before and not before.locked else after
            deleted = marks.make(W_DEL)
            deleted.append(_deleted_run(old_text[i1:i2], None if anchor is None else anchor.run))
            if anchor is None:
                p.append(deleted)
            elif anchor is before:
                anchor.run.addnext(deleted)
            else:
                anchor.run.addprevious(deleted)
        wrap([q.run for q in inserted], W_INS, marks)
    return True


def _char_ops(a: str, b: str) -> list[Op]:
    """Character opcodes in which an equal stretch between two changes is folded into them when
    it is no longer than both (the semantic clean-up of diff-match-patch) or than _TINY."""
    ops: list[Op] = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    while True:
        merged: list[Op] = []
        for tag, i1, i2, j1, j2 in ops:
            if merged and tag != "equal" and merged[-1][0] != "equal":
                _, i1, _, j1, _ = merged.pop()
                tag = "replace"
            merged.append((tag, i1, i2, j1, j2))
        ops = merged
        size = [max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in ops]
        tiny = next((k for k in range(1, len(ops) - 1)
                     if ops[k][0] == "equal"
                     and size[k] <= max(_TINY, min(size[k - 1], size[k + 1]))), None)
        if tiny is None:
            return [(_kind(*op[1:]) if op[0] != "equal" else "equal", *op[1:]) for op in ops]
        ops[tiny] = ("replace", *ops[tiny][1:])


def _kind(i1: int, i2: int, j1: int, j2: int) -> str:
    return "insert" if i1 == i2 else "delete" if j1 == j2 else "replace"


def _explode(p: etree._Element) -> None:
    """Give every run of `p` at most one content child, so text runs can be split."""
    for run in list(own(p, W_R)):
        rpr = run.find(W_RPR)
        anchor = run
        for child in [c for c in run if c.tag != W_RPR][1:]:
            part = etree.Element(W_R, attrib=dict(run.attrib))
            if rpr is not None:
                part.append(copy.deepcopy(rpr))
            part.append(child)
            anchor.addnext(part)
            anchor = part


def _pieces(p: etree._Element) -> list[_Piece]:
    pieces: list[_Piece] = []
    depth = position = 0
    for run in own(p, W_R):
        if within(run, W_DEL, p):
            continue
        text = run_text(run)
        if text:
            locked = depth > 0 or run.getparent().tag not in _FREE_PARENTS
            pieces.append(_Piece(run, position, position + len(text), locked))
            position += len(text)
        kinds = [c.get(W + "fldCharType") for c in run.iterchildren(W_FLDCHAR)]
        depth += kinds.count("begin") - kinds.count("end")
    return pieces


def _around(pieces: list[_Piece], j: int) -> tuple[_Piece | None, _Piece | None]:
    """The pieces holding the character before and the character at position `j`."""
    before = next((q for q in pieces if q.start < j <= q.end), None)
    after = next((q for q in pieces if q.start <= j < q.end), None)
    return before, after


def _split(piece: _Piece, cuts: Iterable[int]) -> list[_Piece]:
    out: list[_Piece] = []
    run, start = piece.run, piece.start
    for cut in sorted(c for c in cuts if piece.start < c < piece.end):
        tail = copy.deepcopy(run)
        run.addnext(tail)
        head_t, tail_t = run.find(W_T), tail.find(W_T)
        text = head_t.text or ""
        head_t.text, tail_t.text = text[: cut - start], text[cut - start:]
        for t in (head_t, tail_t):
            t.set(XML_SPACE, "preserve")
        out.append(_Piece(run, start, cut, piece.locked))
        run, start = tail, cut
    out.append(_Piece(run, start, piece.end, piece.locked))
    return out


def live_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in own(p, W_R) if not (within(r, W_INS, p) or within(r, W_DEL, p))]


def wrap(runs: list[etree._Element], tag: str, marks: Marks) -> None:
    """Wrap each stretch of adjacent sibling runs in one w:ins/w:del."""
    group: list[etree._Element] = []
    for run in [*runs, None]:
        if group and (run is None or run.getprevious() is not group[-1]):
            wrapper = marks.make(tag)
            group[0].addprevious(wrapper)
            wrapper.extend(group)
            group = []
        if run is not None:
            group.append(run)


def _deleted_run(text: str, like: etree._Element | None) -> etree._Element:
    """A run of w:delText (w:tab, w:br for tabs and breaks) with the w:rPr of `like`."""
    run = etree.Element(W_R)
    rpr = None if like is None else like.find(W_RPR)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for chunk in re.split(r"([\t\n])", text):
        if chunk in ("\t", "\n"):
            etree.SubElement(run, W_TAB if chunk == "\t" else W_BR)
        elif chunk:
            t = etree.SubElement(run, W_DELTEXT)
            t.text = chunk
            t.set(XML_SPACE, "preserve")
    return run


def _deleted_runs(old: etree._Element, marks: Marks) -> etree._Element | None:
    """The text of an old paragraph as one w:del, each run keeping its own w:rPr."""
    deleted = marks.make(W_DEL)
    for run in own(old, W_R):
        text = "" if within(run, W_DEL, old) else run_text(run)
        if text:
            deleted.append(_deleted_run(text, run))
    return deleted if len(deleted) else None


def deleted_copy(unit: etree._Element, marks: Marks) -> etree._Element:
    if unit.tag == W_P:
        return _deleted_paragraph(unit, marks)
    twin = copy.deepcopy(unit)
    for original, copied in zip(paragraphs(unit), paragraphs(twin), strict=True):
        copied.getparent().replace(copied, _deleted_paragraph(original, marks))
    for tr in [twin] if twin.tag == W_TR else twin.iter(W_TR):
        _mark_row(tr, marks.make(W_DEL))
    return twin


def _deleted_paragraph(old: etree._Element, marks: Marks) -> etree._Element:
    """A text-only copy of `old` (drawings and fields would need the old part's
    relationships) with its runs and its mark deleted."""
    p = etree.Element(W_P)
    ppr = old.find(W_PPR)
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for el in [c for c in ppr if c.tag in _AFTER_PARA_RPR]:
            ppr.remove(el)  # a section break or a formatting change must not come along
        p.append(ppr)
    deleted = _deleted_runs(old, marks)
    if deleted is not None:
        p.append(deleted)
    mark_paragraph(p, W_DEL, marks)
    return p


def mark_paragraph(p: etree._Element, tag: str, marks: Marks) -> None:
    """Mark the paragraph mark itself inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    rpr = _mark_rpr(p)
    for el in [*rpr.iterchildren(W_INS), *rpr.iterchildren(W_DEL)]:
        rpr.remove(el)
    rpr.insert(0, marks.make(tag))


def _mark_rpr(p: etree._Element) -> etree._Element:
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = etree.Element(W_PPR)
        p.insert(0, ppr)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = etree.Element(W_RPR)
        tail = next((c for c in ppr if c.tag in _AFTER_PARA_RPR), None)
        if tail is None:
            ppr.append(rpr)
        else:
            tail.addprevious(rpr)
    return rpr


def _mark_of(p: etree._Element) -> etree._Element | None:
    return next(iter(p.xpath("w:pPr/w:rPr/w:ins | w:pPr/w:rPr/w:del", namespaces=_NS)), None)


def settle_marks(root: etree._Element) -> None:
    """A paragraph mark at the end of a cell or of the body, or before a table, cannot be
    removed (Word and LibreOffice keep the empty paragraph). When such a mark is tracked, track
    instead the mark of the untracked paragraph before the stretch of tracked ones: removing it
    joins the same text away. A deleted paragraph handed its mark away takes the properties of
    that paragraph, so that accepting leaves them as in the new file."""
    for p in paragraphs(root):
        mark, following = _mark_of(p), p.getnext()
        if mark is None or (following is not None and following.tag == W_P):
            continue
        first = p
        while (before := first.getprevious()) is not None and before.tag == W_P \
                and (m := _mark_of(before)) is not None and m.tag == mark.tag:
            first = before
        before = first.getprevious()
        if before is None or before.tag != W_P or _mark_of(before) is not None \
                or before.find(f"{W_PPR}/{W}sectPr") is not None:  # a section break stays
            continue
        mark.getparent().remove(mark)
        if mark.tag == W_DEL:
            ppr = before.find(W_PPR)
            for el in p.findall(W_PPR):
                p.remove(el)
            if ppr is not None:
                p.insert(0, copy.deepcopy(ppr))
        _mark_rpr(before).insert(0, mark)


def mark_inserted_rows(root: etree._Element, marks: Marks) -> None:
    """A table row whose every paragraph is inserted is an inserted row (w:trPr/w:ins), so
    rejecting removes the row, not only its text."""
    for tr in root.iter(W_TR):
        marks_of = [_mark_of(p) for p in paragraphs(tr)]
        if marks_of and all(m is not None and m.tag == W_INS for m in marks_of):
            _mark_row(tr, marks.make(W_INS))


def _mark_row(tr: etree._Element, mark: etree._Element) -> None:
    trpr = tr.find(W + "trPr")
    if trpr is None:
        trpr = etree.Element(W + "trPr")
        tr.insert(0 if tr.find(W + "tblPrEx") is None else 1, trpr)
    change = trpr.find(W + "trPrChange")
    if change is None:
        trpr.append(mark)
    else:
        change.addprevious(mark)
