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
   `{% if loop.last %}。{% else %}；{% endif %}`; the other paragraphs go. A loop that fills a
   table cell is followed by an empty paragraph, so an empty list leaves the cell valid.
3. Paragraphs naming one item each of a profile list of records (outlets, managers …) are
   found by `listfacts.paragraph_runs` and written the same way, the pattern being the
   first paragraph's text with the item's fields as tags.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from generator.ooxml.cells import TC, P, T, set_cell_text
from generator.ooxml.listfacts import ListFact, paragraph_runs

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
    _, (_, prefix, suffix) = run[0]
    last = run[-1][1][2]
    if _NUMBER.search(prefix):
        prefix = _NUMBER.sub("{{ loop.index }}", prefix, count=1)
    close = suffix if suffix == last else (
        "{% if loop.last %}" + last + "{% else %}" + suffix + "{% endif %}")
    _write([p for p, _ in run], prefix + "{{ x }}" + close, f"{{%p for x in {lst.expr} %}}",
           "{%p endfor %}")


def loop_item_paragraphs(root: etree._Element, lists: Sequence[ListFact]
                         ) -> tuple[list[str], list[str]]:
    """Rule 3; the loops made and the notes."""
    made: list[str] = []
    notes: list[str] = []
    for lst in lists:
        for parent in {p.getparent() for p in root.iter(P)} - {None}:
            paragraphs = [c for c in parent if c.tag == P]
            runs = paragraph_runs([_text(p) for p in paragraphs], lst)
            for run in runs:
                group = paragraphs[run.first:run.first + run.count]
                if any(group[k].getnext() is not group[k + 1] for k in range(len(group) - 1)):
                    continue  # not consecutive siblings: a table stands between them
                _write(group, run.pattern, run.loop, "{%p endfor %}")
                made.append(f"{lst.label}（逐段）→ {run.loop}")
                if run.note:
                    notes.append(run.note)
    return made, notes


def _write(group: list[etree._Element], pattern: str, head: str, tail: str) -> None:
    first = group[0]
    set_cell_text(first, pattern)
    for p in group[1:]:
        p.getparent().remove(p)
    for where, text in ((first.addprevious, head), (first.addnext, tail)):
        row = copy.deepcopy(first)
        set_cell_text(row, text)
        where(row)
    end = first.getnext()
    if end is not None and end.getparent().tag == TC and end.getnext() is None:
        # docxtpl drops the tag paragraphs: an empty list must not leave the cell without one
        empty = copy.deepcopy(end)
        set_cell_text(empty, "")
        end.addnext(empty)
