"""Profile lists (outlets, departments, people, regions, insurers …) named in running text.

`tagging` loops the tables that show such a list one row per item; this module handles the
same lists where a sentence names them: "各维修服务站（苏州园区维修服务站、无锡维修服务站）",
"投保的产品责任险（甲保险公司，保额5000万元）", "售后服务管理师钱文杰、孙悦和朱振华". It works on
the text of one paragraph and returns the spans to replace; `tagging` writes them across runs.

Rules:
1. An enumeration is a chain of item names (the list's key field) in one paragraph, each
   item once, consecutive names no more than `_GAP` characters apart with no "。" between
   them. The text around each name must follow one pattern: what stands between two names
   is the first item's tail, a separator ("、", "，", "；" …; the last one may be "和", "及",
   "与") and the next item's head, where head and tail are the same text once each item's own
   field values (kind, insurer, amount, staff …) are replaced by their tags.
2. The chain becomes a loop over the list, or over the subset it shows exactly (自建网点);
   a chain covering at least `MIN_SHARE` of the list stands for the whole list when the list
   allows it (`ListFact.partial`, not for departments, whose names carry roles) and a note
   says so. A list of one item named once is an enumeration of one; its field values right
   next to the name (within the clause) are taken into the pattern.
3. After the facts, an item still named alone (`ListFact.single`) becomes that item of the
   new list by position, falling back to the list's label when the new list is shorter, and
   a note says so. Regions are not (`single` False): a province named alone is as often an
   address or the title of a local regulation as a sales region.
4. Consecutive sibling paragraphs naming one item each ("（1）杭州服务站：…"), each item
   once, written to one pattern once the item's own fields are tags, become a paragraph loop
   (`paralists` writes it) over the list or subset they show, under the share of rule 2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

MIN_SHARE = 0.6
_GAP = 40
_SEPARATORS = ("、", "，", "；", ",", ";", "/", " ")
_LAST = ("和", "及", "与", "以及", "、")
_STOP = re.compile(r"[。！？\n]")
_CLAUSE = re.compile(r"[、，；。,;！？\n]")
_TAGGED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{_\{.*?\}_\}|\{_%.*?%_\}")
_ABSORB = 16


@dataclass(frozen=True)
class Field:
    """One field of a list item: how it is written and its expression on the loop variable."""

    expr: str  # e.g. "o.name" or "'自建' if o.kind == 'self_built' else '外委'"
    text: str


@dataclass(frozen=True)
class ListFact:
    """A list of the profile that tables show one row per item and sentences name."""

    label: str  # "服务网点"
    var: str  # loop variable, "o"
    key: str  # expression of the identifying field, "o.name"
    items: tuple[tuple[Field, ...], ...]
    subsets: tuple[tuple[str, tuple[int, ...]], ...]  # (context expression, item indexes)
    partial: bool = True  # a partial enumeration may stand for the whole list (rule 2)
    single: bool = True  # a name standing alone becomes the item at its position (rule 3)

    def key_text(self, i: int) -> str:
        return next((f.text for f in self.items[i] if f.expr == self.key), "")


_OPEN = {"（": "）", "(": ")", "【": "】", "〔": "〕"}  # brackets that can hold a listing


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str  # the replacement
    note: str  # "" or what the consultant should check
    loop: str  # "" or the loop made, for the report


def _tag(expr: str) -> str:
    return "{{ " + (expr if re.fullmatch(r"[\w.\[\]']+", expr) else f"({expr})") + " }}"


def _free(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` outside tags."""
    out, pos = [], 0
    for m in _TAGGED.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _names(text: str, lst: ListFact) -> list[tuple[int, int, int]]:
    """(start, end, item) of every item name outside tags, longest names first."""
    keys = sorted({(lst.key_text(i), i) for i in range(len(lst.items))
                   if len(lst.key_text(i)) >= 2}, key=lambda x: (-len(x[0]), x[1]))
    first: dict[str, int] = {}
    for name, i in keys:
        first.setdefault(name, i)
    if not first:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(first, key=len, reverse=True)))
    found = []
    for a, b in _free(text):
        for m in pattern.finditer(text, a, b):
            found.append((m.start(), m.end(), first[m.group(0)]))
    return found


def _value_pattern(value: str) -> str:
    esc = re.escape(value)
    return rf"(?<!\d){esc}(?!\d)" if value.isdigit() else esc


def _templatize(text: str, item: tuple[Field, ...], key: str) -> str | None:
    """`text` with the item's field values as tags; None if it holds template syntax."""
    if "{" in text or "}" in text:
        return None
    fields = sorted((f for f in item if f.text and f.expr != key), key=lambda f: -len(f.text))
    if not fields:
        return text
    marks = {f"\x00{i}\x00": f for i, f in enumerate(fields)}
    for mark, f in marks.items():
        text = re.sub(_value_pattern(f.text), mark, text)
    for mark, f in marks.items():
        text = text.replace(mark, _tag(f.expr))
    return text


def _render(pattern: str, item: tuple[Field, ...]) -> str:
    for f in item:
        pattern = pattern.replace(_tag(f.expr), f.text)
    return pattern


def _pattern(text: str, chain: list[tuple[int, int, int]], lst: ListFact
             ) -> tuple[int, int, str, str, str] | None:
    """(start, end, item pattern, separator, last separator) of a chain (rule 1)."""
    items = [lst.items[i] for _, _, i in chain]
    gaps = [text[chain[k][1]:chain[k + 1][0]] for k in range(len(chain) - 1)]
    key = _tag(lst.key)
    if not gaps:
        return _absorbed(text, chain[0], lst)
    first = gaps[0]
    for sep in _SEPARATORS:
        for last in dict.fromkeys((sep, *_LAST)):
            k0sep = last if len(gaps) == 1 else sep
            for at in [m.start() for m in re.finditer(re.escape(k0sep), first)]:
                tail = _templatize(first[:at], items[0], lst.key)
                head = _templatize(first[at + len(k0sep):], items[1], lst.key)
                if tail is None or head is None:
                    continue
                ok = all(g == _render(tail, items[k]) + (last if k == len(gaps) - 1 else sep)
                         + _render(head, items[k + 1]) for k, g in enumerate(gaps))
                before = _render(head, items[0])
                after = _render(tail, items[-1])
                if ok and text[:chain[0][0]].endswith(before) and \
                        text[chain[-1][1]:].startswith(after):
                    return (chain[0][0] - len(before), chain[-1][1] + len(after),
                            head + key + tail, sep, last)
    return None


def _absorbed(text: str, hit: tuple[int, int, int], lst: ListFact
              ) -> tuple[int, int, str, str, str]:
    """A name alone with its own field values next to it, within its clause (rule 2)."""
    start, end, i = hit
    values = [f.text for f in lst.items[i] if f.text and f.expr != lst.key]
    grew = True
    while grew:
        grew = False
        for v in values:
            window = text[end:end + _ABSORB]
            inside = text[start:end].count("（") > text[start:end].count("）")
            if inside:  # within brackets the clause runs to the closing one
                window = window.split("）")[0]
            m = re.search(_value_pattern(v), window)
            if m and (inside or not _CLAUSE.search(window[:m.start()])) \
                    and "{" not in window[:m.end()]:
                end += m.end()
                grew = True
            window = text[max(0, start - _ABSORB):start]
            found = [x for x in re.finditer(_value_pattern(v), window)]
            if found and not _CLAUSE.search(window[found[-1].end():]) and \
                    "}" not in window[found[-1].start():]:
                start -= len(window) - found[-1].start()
                grew = True
    opened = text[start:end].count("（") - text[start:end].count("）")
    close = text.find("）", end)
    if opened > 0 and 0 <= close - end <= 6 and not _CLAUSE.search(text[end:close]):
        end = close + 1
    body = _templatize(text[start:hit[0]], lst.items[i], lst.key)
    tail = _templatize(text[hit[1]:end], lst.items[i], lst.key)
    if body is None or tail is None:
        start, end, body, tail = hit[0], hit[1], "", ""
    return start, end, body + _tag(lst.key) + tail, "、", "、"


def _chains(names: list[tuple[int, int, int]], text: str) -> list[list[tuple[int, int, int]]]:
    out: list[list[tuple[int, int, int]]] = []
    chain: list[tuple[int, int, int]] = []
    for hit in names:
        if chain and (hit[0] - chain[-1][1] <= _GAP and hit[0] >= chain[-1][1]
                      and not _STOP.search(text[chain[-1][1]:hit[0]])
                      and "{" not in text[chain[-1][1]:hit[0]]
                      and hit[2] not in {i for _, _, i in chain}):
            chain.append(hit)
            continue
        if chain:
            out.append(chain)
        chain = [hit]
    if chain:
        out.append(chain)
    return out


def enumerations(text: str, lists: Sequence[ListFact], facts: Collection[str] = ()
                 ) -> list[Span]:
    """Rules 1–2 over one paragraph's text: the spans to replace, in text order. A chain
    that fits no pattern is tried in its longest parts that do. A span within one of `facts`
    as written here (the joined product names) is left to that fact's tag."""
    spans: list[Span] = []
    held = [(m.start(), m.end()) for f in facts if len(f) > 2 and f in text
            for m in re.finditer(re.escape(f), text)]
    for lst in lists:
        for chain in _chains(sorted(_names(text, lst)), text):
            least = 2 if len(lst.items) > 1 else 1
            for size in range(len(chain), least - 1, -1):
                for at in range(len(chain) - size + 1):
                    span = _enumeration(text, chain[at:at + size], lst)
                    if span is not None and not any(
                            span.start < s.end and s.start < span.end for s in spans) and not any(
                            a <= span.start and span.end <= b for a, b in held):
                        spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def _subset(shown: set[int], lst: ListFact, how: str) -> tuple[str, str] | None:
    """The list expression for the items a text shows, with a review note when it is widened
    to the whole list (a partial FACTS file may lack some items); None: not this list."""
    expr = next((e for e, idx in lst.subsets if set(idx) == shown), None)
    if expr is not None:
        return expr, ""
    supersets = [(len(idx), e) for e, idx in lst.subsets if shown <= set(idx)]
    if not (lst.partial and supersets and len(shown) >= math.ceil(MIN_SHARE * len(lst.items))):
        return None
    return (min(supersets)[1],
            f"{how}{lst.label} {len(shown)} 项（档案共 {len(lst.items)} 项），已改为列出全部")


def _enumeration(text: str, chain: list[tuple[int, int, int]], lst: ListFact) -> Span | None:
    shown = {i for _, _, i in chain}
    chosen = _subset(shown, lst, "句中列出")
    if chosen is None:
        return None
    expr, note = chosen
    found = _pattern(text, chain, lst)
    if found is None:
        return None
    start, end, body, sep, last = found
    between = sep if last == sep else (
        "{% if loop.revindex == 2 %}" + last + "{% else %}" + sep + "{% endif %}")
    loop = "{% for " + f"{lst.var} in {expr}" + " %}"
    listed = loop + body + "{% if not loop.last %}" + between + "{% endif %}{% endfor %}"
    if text[start - 1:start] in _OPEN and text[end:end + 1] == _OPEN.get(text[start - 1:start]):
        # "各维修服务站（A、B）": the brackets go with the list, so no list leaves no "（）"
        start, end = start - 1, end + 1
        listed = "{% if " + expr + " %}" + text[start] + listed + text[end - 1] + "{% endif %}"
    return Span(start, end, listed, note, f"{lst.label}（句中列举）→ {loop}")


def singles(text: str, lists: Sequence[ListFact]) -> list[Span]:
    """Rule 3 over one paragraph's text (after the facts)."""
    spans: list[Span] = []
    for lst in lists:
        if not lst.single or not lst.subsets:
            continue
        whole = lst.subsets[0][0]
        for start, end, i in _names(text, lst):
            if any(start < s.end and s.start < end for s in spans):
                continue
            attr = lst.key[len(lst.var):]
            expr = (f"{whole}[{i}]{attr} if {whole}|length > {i} else '{lst.label}'")
            spans.append(Span(start, end, "{{ " + expr + " }}",
                              f"单独提到的{lst.label}“{text[start:end]}”改为新档案中第 {i + 1} 项"
                              f"{lst.label}（不足时写“{lst.label}”），请核对", ""))
    return sorted(spans, key=lambda s: s.start)


_NUMBERED = re.compile(r"^(?:（\d+）|\(\d+\)|\d+[.、．）)]|[a-z][）)])")
_CLOSE = re.compile(r"[；;。，,]$")


@dataclass(frozen=True)
class ParagraphRun:
    """Paragraphs `first` … `first + count - 1` listing one item each, as one pattern."""

    first: int
    count: int
    pattern: str
    loop: str  # "{%p for o in outlets %}"
    note: str


def _one_item(text: str, lst: ListFact) -> str | None:
    """The paragraph as a pattern of its one item (rule 4), or None."""
    names = _names(text, lst)
    if len({i for _, _, i in names}) != 1 or "{" in text:
        return None
    start, end, i = names[0]
    head = _templatize(text[:start], lst.items[i], lst.key)
    tail = _templatize(text[end:], lst.items[i], lst.key)
    if head is None or tail is None or len(head) > 12:
        return None
    number = _NUMBERED.match(head)
    if number and re.search(r"\d", number.group(0)):
        head = re.sub(r"\d+", "{{ loop.index }}", number.group(0), count=1) + head[number.end():]
    return head + _tag(lst.key) + tail


def paragraph_runs(texts: Sequence[str], lst: ListFact) -> list[ParagraphRun]:
    """Rule 4: runs of consecutive paragraphs naming one item each, every one the same pattern
    once the item's fields are tags (a number before it is the loop index, the closing mark
    of the last may differ)."""
    out: list[ParagraphRun] = []
    k = 0
    while k < len(texts):
        run: list[tuple[str, int]] = []
        while k + len(run) < len(texts):
            text = texts[k + len(run)].strip()
            pattern = _one_item(text, lst)
            item = _names(text, lst)[0][2] if pattern is not None else -1
            if pattern is None or item in {i for _, i in run} or (
                    run and _CLOSE.sub("", pattern) != _CLOSE.sub("", run[0][0])):
                break
            run.append((pattern, item))
        made = _paragraph_loop(k, run, lst)
        if made is not None:
            out.append(made)
        k += max(1, len(run))
    return out


def _paragraph_loop(first: int, run: list[tuple[str, int]], lst: ListFact
                    ) -> ParagraphRun | None:
    shown = {i for _, i in run}
    if len(run) < (2 if len(lst.items) > 1 else 1) or (
            len(run) == 1 and len(_TAGGED.sub("", run[0][0])) > _ABSORB):
        return None  # one long paragraph naming the only item is a sentence, not a listing
    chosen = _subset(shown, lst, "逐段列出")
    if chosen is None:
        return None
    expr, note = chosen
    bodies = {_CLOSE.sub("", p) for p, _ in run}
    if len(bodies) != 1:
        return None
    closes = [m.group(0) if (m := _CLOSE.search(p)) else "" for p, _ in run]
    body = bodies.pop()
    last, other = closes[-1], (closes[0] if len(run) > 1 else closes[-1])
    if len(set(closes[:-1])) > 1:
        return None
    close = last if last == other else (
        "{% if loop.last %}" + last + "{% else %}" + other + "{% endif %}")
    loop = "{%p for " + f"{lst.var} in {expr}" + " %}"
    return ParagraphRun(first, len(run), body + close, loop, note)
