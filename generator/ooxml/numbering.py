"""Automatic numbering labels ("第一章", "4.2.1", "（一）") rebuilt from numbering.xml.

Word keeps such labels out of the paragraph text; a reader of client documents needs them to
recognise headings. `Numbering.label` is called once per numbered paragraph, in reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from generator.ooxml.ns import W
from generator.ooxml.read import on, val

_NUMBER_FORMATS: dict[str, Callable[[int], str]] = {}


def _chinese(n: int, digits: str = "〇一二三四五六七八九") -> str:
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = digits[hundreds] + "百" if hundreds else ""
    if tens:
        out += "十" if tens == 1 and not hundreds else digits[tens] + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


def _letters(n: int, upper: bool) -> str:
    base = ord("A" if upper else "a")
    return chr(base + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int, upper: bool) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, sym in values:
        while n >= value:
            out += sym
            n -= value
    return out if upper else out.lower()


_NUMBER_FORMATS.update({
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": str,
    "decimalHalfWidth": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n, "零壹贰叁肆伍陆柒捌玖"),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": lambda n: _roman(n, True),
    "lowerRoman": lambda n: _roman(n, False),
})


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    legal: bool = False


class Numbering:
    """Rebuilds automatic numbering labels ("第一章", "4.2.1", "（一）") in reading order.

    Counters are kept per abstract numbering (Word continues a list across w:num instances of
    the same definition unless a w:startOverride restarts it).
    """

    def __init__(self, numbering_root: etree._Element | None):
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering_root is None:
            return
        for abstract in numbering_root.iterchildren(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(W + "lvl"):
                ilvl = lvl.get(W + "ilvl") or "0"
                start = val(lvl.find(W + "start")) or "1"
                levels[int(ilvl) if ilvl.isdigit() else 0] = _Level(
                    fmt=val(lvl.find(W + "numFmt")) or "decimal",
                    text=val(lvl.find(W + "lvlText")) or "",
                    start=int(start) if start.lstrip("-").isdigit() else 1,
                    legal=on(lvl.find(W + "isLgl")),
                )
            self._abstract[abstract.get(W + "abstractNumId") or ""] = levels
        for num in numbering_root.iterchildren(W + "num"):
            overrides: dict[int, int] = {}
            for override in num.iterchildren(W + "lvlOverride"):
                o_lvl = override.get(W + "ilvl") or "0"
                o_start = val(override.find(W + "startOverride"))
                if o_start and o_start.isdigit() and o_lvl.isdigit():
                    overrides[int(o_lvl)] = int(o_start)
            abstract_id = val(num.find(W + "abstractNumId")) or ""
            self._nums[num.get(W + "numId") or ""] = (abstract_id, overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph numbered (num_id, ilvl); "" for bullets/none."""
        if num_id not in self._nums or num_id == "0":
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        out = level.text
        for n in range(ilvl, -1, -1):
            placeholder = f"%{n + 1}"
            if placeholder not in out:
                continue
            lv = levels.get(n, _Level())
            value = counters.get(n, lv.start)
            fmt = "decimal" if level.legal else lv.fmt
            out = out.replace(placeholder, _NUMBER_FORMATS.get(fmt, str)(value))
        return out.strip()


def document_numbering(document: DocxDocument) -> Numbering:
    """A fresh `Numbering` for the document's numbering part (none: every label is "")."""
    return Numbering(_numbering_root(document))


def _numbering_root(document: DocxDocument) -> etree._Element | None:
    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            part = rel.target_part
            return part.element if isinstance(part, XmlPart) else None
    return None
