"""Turn a finished Word document into a docxtpl template: known facts become tags.

Used by `templates import` (`generator.pack.importer`). Works on the package's story parts
(body, headers, footers, footnotes, endnotes; tables and text boxes are paragraphs inside
them), leaves every other part byte for byte as it was, so styles, numbering and layout stay
the consultancy's.

Rules:
1. Text that already looks like template syntax ({{ }}, {% %}, {# #}) is escaped first with
   docxtpl's own marks ({_{ … }_}, {_% … %_}), so it prints as written.
2. Table rows that list the items of a known list (service outlets, departments …) become a
   docxtpl row loop: the first such row is the pattern, its cells holding an item's fields
   become tags, a `{%tr for %}` row goes before it and `{%tr endfor %}` after, the other item
   rows are removed. Cells that count rows become `{{ loop.index }}`. Tables of the outlets
   covering each sales region are looped first (`ooxml.coverage`), 修订记录 tables before
   them become the `this.revisions` loop (`ooxml.revisions`); paragraphs listing a text list
   one item each become a paragraph loop (`ooxml.paralists`), as do paragraphs naming one
   item each of a record list; lists named in a sentence become inline loops before the facts
   and an item named alone its item by position after them (`ooxml.listfacts`). The charts
   a build drew become their `images` tags first, and whole-paragraph conditional tags
   paragraph blocks last (`ooxml.blocks`).
3. Every occurrence of a known fact becomes its tag, also when Word split the fact across
   runs (the tag goes into the first run, whose formatting it keeps; the rest of the fact is
   cut from the following runs). Longer facts win over shorter ones that they contain; a
   fact shared by several tags (the general manager who also approves) takes the tag whose
   cue word stands nearest before it in the paragraph or in the cell to its left.
4. A tag is always written whole into one w:t, so docxtpl's XML clean-up never has to join it.
5. The document properties lose the previous client's facts (`ooxml.docprops`).
6. Theme font attributes are dropped from the styles, so the explicit fonts apply.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from generator.ooxml.blocks import block_paragraphs, charts_to_tags
from generator.ooxml.cells import cell_text, cells, rows, set_cell_text, tag_row
from generator.ooxml.coverage import Coverage, CoverageResult, loop_coverage
from generator.ooxml.docprops import PARTS as PROPERTY_PARTS
from generator.ooxml.docprops import clean_properties
from generator.ooxml.listfacts import Field, ListFact, Span, enumerations, singles
from generator.ooxml.ns import W as _W
from generator.ooxml.package import parse
from generator.ooxml.paralists import StringList, loop_item_paragraphs, loop_paragraphs
from generator.ooxml.revisions import LOOP as REVISION_LOOP
from generator.ooxml.revisions import loop_revisions

P, R, T, TC, TR, TBL = _W + "p", _W + "r", _W + "t", _W + "tc", _W + "tr", _W + "tbl"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STORY = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TAG_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_ESCAPES = {"{{": "{_{", "}}": "}_}", "{%": "{_%", "%}": "%_}", "{#": "{_{ '{#' }_}"}
_ESCAPE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#")
_INDEX = re.compile(r"^\d{1,3}$")
MIN_SHARE = 0.6
_CODE_CHAR = re.compile(r"[A-Za-z0-9]")


def tag(expr: str) -> str:
    """The docxtpl tag printing `expr`."""
    return "{{ " + expr + " }}"


@dataclass(frozen=True)
class Choice:
    """One tag a fact may become, with the words that select it when they precede it."""

    tag: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A text to find, as written in the document, and the tags it may become (first is the
    default)."""

    text: str
    choices: tuple[Choice, ...]
    # not part of a longer code: "A/0" not inside "XA/01", "LQ/" not inside "BLQ/"
    whole_token: bool = False


@dataclass
class TagResult:
    data: bytes
    inserted: Counter[str] = field(default_factory=Counter)
    loops: list[str] = field(default_factory=list)  # "服务网点 → {%tr for o in outlets %}"
    unmapped: list[str] = field(default_factory=list)  # loop cells kept as written
    texts: list[str] = field(default_factory=list)  # every paragraph afterwards (with tags)
    pictures: int = 0
    properties: list[str] = field(default_factory=list)  # docProps cleaned of facts (title …)


def tag_package(data: bytes, facts: Sequence[Fact], lists: Sequence[ListFact],
                coverage: Coverage | None = None,
                strings: Sequence[StringList] = ()) -> TagResult:
    """Rules 1–4 over every story part of the .docx `data` (already checked by
    `ooxml.safety`)."""
    result = TagResult(b"")
    replace = _FactReplacer(facts, result.inserted)
    covered = CoverageResult(result.loops, result.unmapped)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            raw = source.read(info)
            if info.filename.startswith("word/media/"):
                result.pictures += 1
            if info.filename == "word/styles.xml":
                raw = _without_theme_fonts(raw)
            if info.filename in PROPERTY_PARTS:
                raw, changed = clean_properties(raw, [f.text for f in facts])
                result.properties += changed
            if _STORY.match(info.filename):
                root = parse(raw)
                _escape(root)
                for chart in charts_to_tags(root):
                    result.inserted[chart] += 1
                    result.unmapped.append(f"生成的图改为 {chart}，按新档案重画")
                for table in list(root.iter(TBL)):
                    if loop_revisions(table):
                        result.loops.append("修订记录 → " + REVISION_LOOP)
                        continue
                    if coverage is not None:
                        loop_coverage(table, coverage, covered)
                    for lst in lists:
                        _loop_rows(table, lst, result)
                result.loops += loop_paragraphs(root, strings)
                made, notes = loop_item_paragraphs(root, lists)
                result.loops += made
                result.unmapped += notes
                for p in root.iter(P):
                    _spans(p, lambda text: enumerations(text, lists, replace.by_text), result)
                    replace(p)
                    _spans(p, lambda text: singles(text, lists), result)
                    text = paragraph_text(p)
                    if text.strip():
                        lead = replace.lead.strip()
                        result.texts.append(f"{lead}：{text}" if 0 < len(lead) <= 8 else text)
                block_paragraphs(root)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
            target.writestr(info, raw)
    result.data = out.getvalue()
    return result


def _own_texts(p: etree._Element) -> list[etree._Element]:
    """The w:t of a paragraph, without those of paragraphs nested in it (text boxes)."""
    return [t for t in p.iter(T) if next(t.iterancestors(P), None) is p]


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in _own_texts(p))


def _rewrite(p: etree._Element, pattern: re.Pattern[str],
             replacement: Callable[[re.Match[str], str], str | None]) -> None:
    """Replace matches of `pattern` in the paragraph's text across its runs (rule 3)."""
    text = paragraph_text(p)
    _replace_spans(p, [(m.start(), m.end(), new) for m in pattern.finditer(text)
                       if (new := replacement(m, text)) is not None])


def _replace_spans(p: etree._Element, spans: Sequence[tuple[int, int, str]]) -> None:
    """Replace (start, end, new) spans of the paragraph's text, in text order, across runs."""
    if not spans:
        return
    nodes = _own_texts(p)
    starts = []
    pos = 0
    for t in nodes:
        starts.append(pos)
        pos += len(t.text or "")
    for ms, me, new in reversed(spans):
        for t, s in zip(nodes, starts, strict=True):
            value = t.text or ""
            e = s + len(value)
            if s <= ms < e or (ms == e == s and not value):
                t.text = value[: ms - s] + new + (value[me - s:] if me <= e else "")
                t.set(_XML_SPACE, "preserve")
            elif ms < s < me:
                t.text = value[me - s:] if me < e else ""
                t.set(_XML_SPACE, "preserve")


def _spans(p: etree._Element, found: Callable[[str], list[Span]], result: TagResult) -> None:
    """List spans (`listfacts`) written into the paragraph, their loops and notes reported."""
    spans = found(paragraph_text(p))
    for span in spans:
        result.inserted[span.text] += 1
        if span.loop:
            result.loops.append(span.loop)
        if span.note and span.note not in result.unmapped:
            result.unmapped.append(span.note)
    _replace_spans(p, [(s.start, s.end, s.text) for s in spans])


def _escape(root: etree._Element) -> None:
    for p in root.iter(P):
        _rewrite(p, _ESCAPE, lambda m, _text: _ESCAPES[m.group(0)])


class _FactReplacer:
    def __init__(self, facts: Sequence[Fact], inserted: Counter[str]):
        self.by_text = {f.text: f for f in facts if f.text}
        ordered = sorted(self.by_text, key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in ordered)
        # existing tags are matched first and left alone
        self.pattern = re.compile(_TAG_SPAN.pattern + (f"|(?P<fact>{alternatives})"
                                                        if ordered else ""))
        self.inserted = inserted
        self.lead = ""

    def __call__(self, p: etree._Element) -> None:
        if len(self.by_text) == 0:
            return
        self.lead = _left_cell_text(p)
        _rewrite(p, self.pattern, self._choose)

    def _choose(self, match: re.Match[str], text: str) -> str | None:
        found = match.group("fact")
        if found is None:
            return None
        fact = self.by_text[found]
        start, end = match.span()
        if fact.whole_token and (
                (start > 0 and _CODE_CHAR.match(text[start - 1]) and _CODE_CHAR.match(found[0]))
                or (end < len(text) and _CODE_CHAR.match(text[end])
                    and _CODE_CHAR.match(found[-1]))):
            return None
        before = self.lead + text[:start]
        tag = _nearest_cue(fact.choices, before[-30:])
        self.inserted[tag] += 1
        return tag


def _nearest_cue(choices: tuple[Choice, ...], before: str) -> str:
    best: tuple[int, int, str] | None = None  # end of cue, length of cue, tag
    for choice in choices:
        for cue in choice.cues:
            at = before.rfind(cue)
            if at >= 0:
                key = (at + len(cue), len(cue), choice.tag)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best is not None else choices[0].tag


def _left_cell_text(p: etree._Element) -> str:
    cell = next(p.iterancestors(TC), None)
    if cell is None:
        return ""
    left = cell.getprevious()
    while left is not None and left.tag != TC:
        left = left.getprevious()
    return "" if left is None else cell_text(left)


def _item_of(cell_text: str, lst: ListFact) -> int | None:
    text = cell_text.strip()
    key = lst.key
    for i, item in enumerate(lst.items):
        value = next(f.text for f in item if f.expr == key)
        if value and (text == value or text.startswith(value + "（")):
            return i
    return None


def _row_items(tr: etree._Element, lst: ListFact) -> tuple[int, int] | None:
    for col, cell in enumerate(cells(tr)):
        item = _item_of(cell_text(cell), lst)
        if item is not None:
            return col, item
    return None


def _runs_of_items(tbl: etree._Element, lst: ListFact) -> Iterator[list[tuple[etree._Element, int]]]:
    run: list[tuple[etree._Element, int]] = []
    column = -1
    for tr in rows(tbl):
        hit = _row_items(tr, lst)
        if hit is not None and (not run or hit[0] == column) and hit[1] not in {i for _, i in run}:
            column = hit[0]
            run.append((tr, hit[1]))
            continue
        if run:
            yield run
        run, column = ([(tr, hit[1])], hit[0]) if hit is not None else ([], -1)
    if run:
        yield run


def _loop_rows(tbl: etree._Element, lst: ListFact, result: TagResult) -> None:
    """Rule 2 for one table and one list."""
    for run in list(_runs_of_items(tbl, lst)):
        shown = {i for _, i in run}
        pattern, first = run[0]
        mapped = sum(1 for c in cells(pattern)
                     if _field_tag(cell_text(c).strip(), lst.items[first], lst.var))
        expr = next((e for e, idx in lst.subsets if set(idx) == shown), None)
        # a list shown in a table, not a department named in a column of some other table
        if mapped < 2 or (expr is None and len(shown) < MIN_SHARE * len(lst.items)):
            continue
        if expr is None:
            candidates = [(len(idx), e) for e, idx in lst.subsets if shown <= set(idx)]
            expr = min(candidates)[1]
            result.unmapped.append(f"{lst.label}表格只列出 {len(shown)} 项（档案共 "
                                   f"{len(lst.items)} 项），已改为列出全部")
        for col, cell in enumerate(cells(pattern)):
            texts = [cell_text(cells(tr)[col]).strip() if col < len(cells(tr)) else ""
                     for tr, _ in run]
            new = _field_tag(texts[0], lst.items[first], lst.var)
            if new is None and len(run) > 1 and all(_INDEX.match(t) for t in texts) and [
                    int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(run))):
                new = "{{ loop.index }}" if texts[0] == "1" else (
                    tag(f"loop.index + {int(texts[0]) - 1}"))
            if new is None:
                if len(set(texts)) > 1:
                    result.unmapped.append(f"{lst.label}表格中“{texts[0]}”一列未能对应档案字段，"
                                           "各行将重复第一行的内容")
                continue
            set_cell_text(cell, new)
            result.inserted[new] += 1
        for tr, _ in run[1:]:
            tbl.remove(tr)
        pattern.addprevious(tag_row(pattern, "{%tr for " + f"{lst.var} in {expr}" + " %}"))
        pattern.addnext(tag_row(pattern, "{%tr endfor %}"))
        result.loops.append(f"{lst.label} → {{%tr for {lst.var} in {expr} %}}")


def _field_tag(text: str, item: tuple[Field, ...], var: str) -> str | None:
    for f in sorted(item, key=lambda f: len(f.text), reverse=True):
        if not f.text:
            continue
        expr = f.expr if re.fullmatch(r"[\w.]+", f.expr) else f"({f.expr})"
        if text == f.text:
            return tag(f"{expr}")
        if text.startswith(f.text) and len(text) - len(f.text) <= 8 and not re.match(
                r"[0-9A-Za-z]", text[len(f.text)]):
            return tag(expr) + _escaped(text[len(f.text):])
    return None


def _escaped(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


_THEME_FONTS = tuple(_W + a for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def _without_theme_fonts(raw: bytes) -> bytes:
    """Theme font attributes override the explicit (Chinese) fonts in Word (docx-pitfalls 2);
    the explicit fonts a consultancy chose are what it sees, so they are kept and win."""
    root = parse(raw)
    for fonts in root.iter(_W + "rFonts"):
        for attr in _THEME_FONTS:
            fonts.attrib.pop(attr, None)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out
