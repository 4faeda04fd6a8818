"""Which paragraphs of a client's document are headings, and at which level.

Rules, in order (docx-pitfalls §11: never by style id alone):
1. Style name: "heading N" / "标题 N" / "N级标题" give level N; "Title" / "标题" / "文件标题"
   give level 0 (the document title). Table-of-contents styles are never headings.
2. Outline level: w:outlineLvl on the paragraph, else on its style chain, gives level +1.
3. A numeric style id ("1", "2") that the styles part does not define gives that level
   (files written by tools that drop styles.xml entries).
4. Text pattern on unstyled paragraphs, with the automatic number label in front:
   第一章 / 第一节 / 第一条 / 一、 / （一） / 1 / 1. / 1.1 / 4.2.1, when the rest is short
   (≤ 40 characters), has Chinese text and does not end like a sentence. "2个工作日" and
   "1.5倍" are quantities, not numbers of headings. (1) and a) are list items.
5. A short (≤ 25 characters) paragraph that is entirely bold and is not a "label: value" line.
6. Levels of pattern headings come from nesting: a numbering family seen before (e.g. 一、)
   returns to its level; a new family nests one level below the current heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_LEVEL_NAME = re.compile(r"^([1-9一二三四五六七八九])级标题$")
_TITLE_NAMES = frozenset({"title", "标题", "文件标题", "文档标题", "主标题", "封面标题"})
_TOC_NAME = re.compile(r"^(?:toc|目录|contents)\s*(?:[1-9]|heading|标题)?$", re.IGNORECASE)
_CN = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(_CN)}

_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第[{_CN}百零〇\d]+[章篇部](?:分)?\s*(.*)$")),
    ("section", re.compile(rf"^第[{_CN}百零〇\d]+节\s*(.*)$")),
    ("article", re.compile(rf"^第[{_CN}百零〇\d]+条\s*(.*)$")),
    ("cn", re.compile(rf"^[{_CN}百零]+\s*[、.．]\s*(.*)$")),
    ("paren_cn", re.compile(rf"^[(（][{_CN}]+[)）]\s*(.*)$")),
)
_DECIMAL = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){0,4})(?:[.．、]\s*|\s+|(?=[\u4e00-\u9fff]))(.*)$")
_QUANTITY = frozenset("个年月日天时分秒次名人家项元台件倍周级号%％份")
_SENTENCE_END = ("。", "；", ";", "，", ",", "、")
_TOC_LINE = re.compile(r"(?:\t|\.{3,}|…{2,}|·{3,}|-{3,})\s*\d{1,4}\s*$")
MAX_REST = 40
MAX_BOLD = 25


@dataclass(frozen=True)
class StyleClue:
    """What the style says about a paragraph."""

    name: str  # "" when the style is not defined
    outline_level: int | None
    defined: bool
    style_id: str | None


def is_toc_style(name: str) -> bool:
    return bool(_TOC_NAME.match(name.strip()))


def looks_like_toc_line(text: str) -> bool:
    return len(text) <= 120 and bool(_TOC_LINE.search(text))


def style_level(clue: StyleClue, para_outline: int | None) -> int | None:
    """Level from the style name, then outline level, then an undefined numeric id."""
    name = clue.name.strip().lower()
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1))
    match = _LEVEL_NAME.match(name)
    if match:
        digit = match.group(1)
        return int(digit) if digit.isdigit() else _CN_VALUE[digit]
    if name in _TITLE_NAMES:
        return 0
    if para_outline is not None:
        return para_outline + 1
    if clue.outline_level is not None:
        return clue.outline_level + 1
    sid = clue.style_id or ""
    if not clue.defined and sid.isdigit() and 1 <= int(sid) <= 9:
        return int(sid)
    return None


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _heading_shaped(rest: str) -> bool:
    rest = rest.strip()
    if not rest or len(rest) > MAX_REST or not _has_cjk(rest):
        return False
    return not rest.endswith(_SENTENCE_END) and "。" not in rest


def pattern_family(folded: str) -> str | None:
    """The numbering family of a heading-shaped line ("cn", "decimal2" …), else None."""
    text = folded.strip()
    for family, regex in _FAMILIES:
        match = regex.match(text)
        if match:
            return family if _heading_shaped(match.group(1)) else None
    match = _DECIMAL.match(text)
    if not match:
        return None
    number, rest = match.group(1), match.group(2).strip()
    first = int(re.split(r"[.．]", number)[0])
    if first == 0 or first > 30 or not rest or rest[0] in _QUANTITY:
        return None
    depth = len(re.split(r"[.．]", number))
    return f"decimal{depth}" if _heading_shaped(rest) else None


def bold_heading(folded: str) -> bool:
    text = folded.strip()
    if not text or len(text) > MAX_BOLD or not _has_cjk(text):
        return False
    body = text.rstrip(":：")
    if ":" in body or "：" in body:
        return False  # a "label: value" line of a cover or control block
    return not text.endswith(_SENTENCE_END) and "。" not in text


class LevelStack:
    """Assigns nesting levels to headings in reading order (rule 6)."""

    def __init__(self) -> None:
        self._stack: list[tuple[str, int]] = []

    def place(self, family: str, fixed: int | None = None) -> int:
        if fixed is not None:
            level = fixed
        else:
            level = next((lv for fam, lv in reversed(self._stack) if fam == family), -1)
            if level < 0:
                level = self._stack[-1][1] + 1 if self._stack else 1
            level = max(1, min(level, 9))
        while self._stack and self._stack[-1][1] >= level:
            self._stack.pop()
        self._stack.append((family, level))
        return level
