"""Whole paragraphs and drawings of an imported file that become template blocks.

Used by `tagging.tag_package`.

Rules:
1. A drawing a build made (the organisation charts and the service flow chart, recognised
   by the name `ooxml.drawing.CHART_NAMES` gives it) becomes its `{{ images.<key> }}` tag:
   the run holding it keeps its formatting and holds the tag instead. Its boxes name the
   previous client's posts, headcounts and outlets, which no tag inside them could follow.
2. A paragraph outside tables whose whole text is one conditional tag
   `{{ X if C else '' }}` (a paragraph of the company introduction) becomes
   `{%p if C %}` / `{{ X }}` / `{%p endif %}`, so a shorter value leaves no empty paragraph;
   one whose whole text is `{{ S|join('\\n') }}` (the rest of the introduction) becomes a
   paragraph loop over `S`, one paragraph per item and none for an empty list.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from generator.ooxml.cells import TC, P, R, T, set_cell_text
from generator.ooxml.drawing import CHART_NAMES
from generator.ooxml.ns import W

_DRAWING = W + "drawing"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_RPR = W + "rPr"
_IF = re.compile(r"^\{\{ (?P<value>.+?) if (?P<cond>.+) else '' \}\}$")
_JOIN = re.compile(r"^\{\{ (?P<seq>.+)\|join\('\\n'\) \}\}$")
_CHARTS = {name: "{{ images." + key + " }}" for key, name in CHART_NAMES.items()}


def charts_to_tags(root: etree._Element) -> list[str]:
    """Rule 1 over one story part; the tags written."""
    written = []
    for drawing in list(root.iter(_DRAWING)):
        docpr = next(drawing.iter(_DOCPR), None)
        name = "" if docpr is None else docpr.get("name", "")
        run = next(drawing.iterancestors(R), None)
        if name not in _CHARTS or run is None:
            continue
        for child in list(run):
            if child.tag != _RPR:
                run.remove(child)
        text = etree.SubElement(run, T)
        text.text = _CHARTS[name]
        written.append(_CHARTS[name])
    return written


def _own_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(T) if next(t.iterancestors(P), None) is p)


def _paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    for p in list(root.iter(P)):
        if next(p.iterancestors(TC), None) is None and next(p.iterancestors(P), None) is None:
            yield p


def block_paragraphs(root: etree._Element) -> int:
    """Rule 2 over one story part; the paragraphs changed."""
    changed = 0
    for p in _paragraphs(root):
        text = _own_text(p).strip()
        cond = _IF.match(text)
        join = _JOIN.match(text)
        if cond is not None:
            head, body, tail = ("{%p if " + cond["cond"] + " %}", "{{ " + cond["value"] + " }}",
                                "{%p endif %}")
        elif join is not None:
            head, body, tail = ("{%p for x in " + join["seq"] + " %}", "{{ x }}", "{%p endfor %}")
        else:
            continue
        set_cell_text(p, body)
        for where, value in ((p.addprevious, head), (p.addnext, tail)):
            row = copy.deepcopy(p)
            set_cell_text(row, value)
            where(row)
        changed += 1
    return changed
