"""Lining up the paragraphs of two versions of a story for the three-way merge.

Rules:
1. Paragraphs (table cells included, text boxes left out) are aligned as the redline aligns
   them: difflib over their text, fields and drawings (in a table, with the texts of their
   row), with the equal head and tail cut off first; inside a block of differing paragraphs
   an old one is paired with the most alike later new one when at least half alike, and
   leftovers between two pairs are paired one for one while they sit in the same kind of
   container (a cell's new text replaces its old one).
2. Whether a paragraph changed is decided on its content, not its bytes: the paragraph
   properties and each run's formatting and text, neighbouring runs of one formatting joined
   (Word splits runs freely). Revision ids (rsid…), proofing marks, bookmarks, language tags
   and comment anchors do not count, so a bold word or a new colour is a change, a save is not.
"""

from __future__ import annotations

from collections.abc import Hashable

from lxml import etree

from generator.ooxml.comments import is_comment_run
from generator.ooxml.ns import W_DEL, W_P, W_PPR, W_R, W_RPR, W_T, W_TR, W
from generator.ooxml.redline_text import PAIR_RATIO, align, key, own, run_text, similarity, text_of, within

_IGNORED = frozenset(W + t for t in (
    "proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "lang",
    "noProof", "lastRenderedPageBreak", "rPr"))

Shape = tuple[object, ...]


def match(olds: list[etree._Element], news: list[etree._Element]) -> dict[int, int]:
    """Index of each old paragraph -> index of its new counterpart (same or changed); old
    paragraphs missing from the map were removed, new ones missing were added."""
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in align([_placed(p) for p in olds], [_placed(p) for p in news]):
        if tag == "equal":
            pairs.update(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace":
            for i, j in _pair(olds[i1:i2], news[j1:j2]):
                pairs[i1 + i] = j1 + j
    return pairs


def _placed(p: etree._Element) -> Hashable:
    """A paragraph's key plus, in a table, the texts of its row: a cell equals a cell of an
    equal row only, so a new 修订记录 row whose last cells repeat the row above is a new row."""
    row = next(p.iterancestors(W_TR), None)
    return key(p), None if row is None else tuple(text_of(q) for q in row.iter(W_P))


def _pair(olds: list[etree._Element], news: list[etree._Element]) -> list[tuple[int, int]]:
    new_texts = [text_of(n) for n in news]
    alike: list[tuple[int, int]] = []
    for i, o in enumerate(olds):
        start = alike[-1][1] + 1 if alike else 0
        text = text_of(o)
        best = min(((-similarity(text, t), k) for k, t in enumerate(new_texts[start:], start)),
                   default=None)
        if best is not None and -best[0] >= PAIR_RATIO:
            alike.append((i, best[1]))
    out: list[tuple[int, int]] = []
    i = j = 0
    for pi, pj in [*alike, (len(olds), len(news))]:
        k = 0
        while i + k < pi and j + k < pj and \
                olds[i + k].getparent().tag == news[j + k].getparent().tag:
            out.append((i + k, j + k))
            k += 1
        if pi < len(olds):
            out.append((pi, pj))
        i, j = pi + 1, pj + 1
    return out


def shape(p: etree._Element) -> Shape:
    """What a paragraph says and how it looks (rule 2): equal shapes, unchanged paragraph."""
    ppr = p.find(W_PPR)
    runs: list[list[object]] = []
    for run in own(p, W_R):
        if within(run, W_DEL, p) or is_comment_run(run):
            continue
        rpr = run.find(W_RPR)
        look = _norm(rpr) if rpr is not None else ()
        extra = tuple(_norm(c) for c in run if isinstance(c.tag, str)
                      and c.tag not in _IGNORED and c.tag != W_T)
        text = run_text(run)
        if runs and runs[-1][0] == look and not extra and not runs[-1][2]:
            runs[-1][1] = f"{runs[-1][1]}{text}"
        else:
            runs.append([look, text, extra])
    return (_norm(ppr) if ppr is not None else (), key(p)[1:],
            tuple(tuple(r) for r in runs if r[1] or r[2]))


def _norm(el: etree._Element) -> Shape:
    attrs = tuple(sorted((k, v) for k, v in el.attrib.items()
                         if not etree.QName(k).localname.startswith("rsid")))
    children = tuple(_norm(c) for c in el
                     if isinstance(c.tag, str) and c.tag not in _IGNORED - {W_RPR}
                     and not (c.tag == W_RPR and el.tag == W_PPR))
    return (el.tag, attrs, children)
