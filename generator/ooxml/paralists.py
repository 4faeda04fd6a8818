"""Paragraphs that list the items of a profile list, one paragraph each, become a paragraph loop.

A procedure lists the premises, tools or safety measures one per paragraph ("杭州总部服务中心
650平方米；" …); the next client has other items, so the run of paragraphs becomes
`{%p for x in res.premises %}` … `{%p endfor %}`. Used by `tagging.tag_package` before the
facts.

Rules:
1. A run of consecutive sibling paragraphs, each holding one item of a list (at most six
   characters before it, such as "（2）", and two after, such as "；"), each item once, covering
   at least `MIN_SHARE` of the list and at least two paragraphs (one for a list of one), is
   a listing.
2. The first paragraph is the pattern: the item becomes `{{ x }}`, a number before it
   `{{ loop.index }}`, a closing mark that differs on the last paragraph
   `{% if loop.last %}。{% else %}；{% endif %}`; the other paragraphs go.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from generator.ooxml.cells import P, T, set_cell_text

MIN_SHARE = 0.6
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class StringList:
    """A list of texts of the profile (`res.premises`) and its items as written."""

    expr: str
    items: tuple[str, ...]


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(T))


def _match(text: str, lst: StringList) -> tuple[int, str, str] | None:
    text = text.strip()
    for i in sorted(range(len(lst.items)), key=lambda i: -len(lst.items[i])):
        item = lst.items[i]
        at = text.find(item) if item else -1
        if at >= 0 and at <= 6 and len(text) - at - len(item) <= 2:
            return i, text[:at], text[at + len(item):]
    return None


def loop_paragraphs(root: etree._Element, lists: Sequence[StringList]) -> list[str]:
    """Rules 1–2 over every run of sibling paragraphs; the loops made."""
    made: list[str] = []
    for lst in lists:
        for parent in {p.getparent() for p in root.iter(P)} - {None}:
            for run in _runs(parent, lst):
                _loop(run, lst)
                made.append(f"{lst.expr}（逐段）→ {{%p for x in {lst.expr} %}}")
    return made


Hit = tuple[etree._Element, tuple[int, str, str]]


def _runs(parent: etree._Element, lst: StringList) -> list[list[Hit]]:
    need = max(2 if len(lst.items) > 1 else 1, math.ceil(MIN_SHARE * len(lst.items)))
    found: list[list[Hit]] = []
    run: list[Hit] = []
    for child in [*parent, None]:
        hit = _match(_text(child), lst) if child is not None and child.tag == P else None
        if hit is not None and hit[0] not in {h[0] for _, h in run}:
            run.append((child, hit))
            continue
        if len(run) >= need:
            found.append(run)
        run = [(child, hit)] if hit is not None else []
    return found


def _loop(run: list[Hit], lst: StringList) -> None:
    pattern, (_, prefix, suffix) = run[0]
    last = run[-1][1][2]
    if _NUMBER.search(prefix):
        prefix = _NUMBER.sub("{{ loop.index }}", prefix, count=1)
    close = suffix if suffix == last else (
        "{% if loop.last %}" + last + "{% else %}" + suffix + "{% endif %}")
    set_cell_text(pattern, prefix + "{{ x }}" + close)
    for p, _ in run[1:]:
        p.getparent().remove(p)
    for where, text in ((pattern.addprevious, f"{{%p for x in {lst.expr} %}}"),
                        (pattern.addnext, "{%p endfor %}")):
        row = copy.deepcopy(pattern)
        set_cell_text(row, text)
        where(row)
