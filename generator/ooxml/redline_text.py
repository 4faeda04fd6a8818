"""What the redline reads in a story: its paragraphs, their text and what makes two equal.

Paragraphs in text boxes are left out; deleted runs do not count towards a paragraph's text.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterator

from lxml import etree

from generator.ooxml.ns import W_BR, W_CR, W_DEL, W_DELTEXT, W_INSTR, W_P, W_R, W_T, W_TAB, W_TXBX, W

_DRAWINGS = (W + "drawing", W + "pict", W + "object")
_SPECIAL = {W_TAB: "\t", W_BR: "\n", W_CR: "\n"}
PAIR_RATIO = 0.5  # two paragraphs at least this alike are one paragraph changed

Op = tuple[str, int, int, int, int]


def paragraphs(root: etree._Element) -> list[etree._Element]:
    """Paragraphs in reading order, table cells included, text boxes (drawings) excluded."""
    return [p for p in root.iter(W_P) if next(p.iterancestors(W_TXBX), None) is None]


def own(p: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Descendants of `p` with these tags that belong to `p`, not to a nested text box."""
    for el in p.iter(*tags):
        if next(el.iterancestors(W_P)) is p:
            yield el


def within(el: etree._Element, tag: str, p: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag == tag:
            return True
    return False


def run_text(run: etree._Element) -> str:
    return "".join(
        (c.text or "") if c.tag in (W_T, W_DELTEXT) else _SPECIAL.get(c.tag, "") for c in run)


def text_of(p: etree._Element) -> str:
    return "".join(run_text(r) for r in own(p, W_R) if not within(r, W_DEL, p))


def key(p: etree._Element) -> tuple[str, tuple[str, ...], int]:
    """Text, field instructions and number of drawings: what makes two paragraphs equal."""
    fields = [(i.text or "").strip() for i in own(p, W_INSTR)]
    fields += [(s.get(W + "instr") or "").strip() for s in own(p, W + "fldSimple")]
    return text_of(p), tuple(fields), sum(1 for _ in own(p, *_DRAWINGS))


def similarity(a: str, b: str) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already fall short of pairing."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_RATIO or matcher.quick_ratio() < PAIR_RATIO:
        return 0.0
    return matcher.ratio()


def align(a: list[Hashable], b: list[Hashable]) -> list[Op]:
    """Paragraph opcodes, with the unchanged head and tail cut off first (most of a regenerated
    document), as difflib's cost grows with the square of repeated items such as empty
    paragraphs. Its junk heuristic stays off: it would leave such items unmatched."""
    ids: dict[Hashable, int] = {}
    x, y = [ids.setdefault(k, len(ids)) for k in a], [ids.setdefault(k, len(ids)) for k in b]
    head = tail = 0
    while head < min(len(x), len(y)) and x[head] == y[head]:
        head += 1
    while tail < min(len(x), len(y)) - head and x[-1 - tail] == y[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, x[head:len(x) - tail], y[head:len(y) - tail],
                                     autojunk=False).get_opcodes()
    ops: list[Op] = [("equal", 0, head, 0, head)] if head else []
    ops += [(t, i1 + head, i2 + head, j1 + head, j2 + head) for t, i1, i2, j1, j2 in middle]
    if tail:
        ops.append(("equal", len(x) - tail, len(x), len(y) - tail, len(y)))
    return ops
