"""Table cells of a story part: their text, rows and the docxtpl row tags written into them.

Shared by `tagging` (list rows become loops) and `coverage` (region-coverage tables)."""

from __future__ import annotations

import copy

from lxml import etree

from generator.ooxml.ns import W as _W

P, R, T, TC, TR = _W + "p", _W + "r", _W + "t", _W + "tc", _W + "tr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def cell_text(tc: etree._Element) -> str:
    return "".join(t.text or "" for t in tc.iter(T))


def cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag == TC]


def rows(tbl: etree._Element) -> list[etree._Element]:
    return [r for r in tbl if r.tag == TR]


def set_cell_text(tc: etree._Element, text: str) -> None:
    nodes = list(tc.iter(T))
    if not nodes:
        para = next(tc.iter(P), None)
        if para is None:
            para = etree.SubElement(tc, P)
        run = etree.SubElement(para, R)
        nodes = [etree.SubElement(run, T)]
    nodes[0].text = text
    nodes[0].set(_XML_SPACE, "preserve")
    for t in nodes[1:]:
        t.text = ""


def tag_row(pattern: etree._Element, tag: str) -> etree._Element:
    row = copy.deepcopy(pattern)
    for t in row.iter(T):
        t.text = ""
    first = cells(row)[0]
    set_cell_text(first, tag)
    return row
