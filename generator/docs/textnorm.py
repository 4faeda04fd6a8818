"""Normalised copies of Chinese text, used for matching only (never shown to a user).

Rules:
1. NFKC folds full-width letters, digits and punctuation to half-width (（ → (, ： → :, Ｘ → X).
2. Traditional characters become Simplified through OpenCC (t2s, phrase-aware). OpenCC in pure
   Python is slow, so only texts that contain a character OpenCC would change are converted.
3. All whitespace is removed (Chinese has no word spaces; Word splits and pads freely).
4. Leading heading numbers (第一章, 一、, （一）, 1., 4.2.1) can be stripped for title matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_SPACE = re.compile(r"\s+")
_CN_DIGITS = "一二三四五六七八九十百零〇两"
_NUMBERING = re.compile(
    rf"^(?:第[{_CN_DIGITS}\d]+[章节篇部条]"
    rf"|[{_CN_DIGITS}]+[、.．]"
    rf"|[(（][{_CN_DIGITS}\d]+[)）]"
    r"|\d{1,2}[)）]"
    r"|\d{1,3}(?:[.．]\d{1,3}){0,5}(?:[.．、]|(?![\d个年月日天时次名人家项元台件倍周%％]))"
    r"|[a-zA-Z][.、)）]"
    r"|[A-Z]{1,10}/[A-Z]{1,4}-?\d{1,3}(?:-\d{1,3})?"
    r")\s*"
)


@lru_cache(maxsize=65536)
def _changes(char: str) -> bool:
    converted: str = _T2S.convert(char)
    return converted != char


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def traditional_chars(texts: Iterable[str]) -> frozenset[str]:
    """Characters of `texts` that OpenCC's t2s would change."""
    chars: set[str] = set()
    for text in texts:
        chars.update(text)
    return frozenset(c for c in chars if is_cjk(c) and _changes(c))


def fold(text: str, trad: frozenset[str] | None = None) -> str:
    """NFKC + Traditional → Simplified, whitespace kept (for regexes over running text)."""
    text = unicodedata.normalize("NFKC", text)
    if trad is None:
        trad = traditional_chars((text,))
    if trad and not trad.isdisjoint(text):
        text = _T2S.convert(text)
    return text


def normalize(text: str, trad: frozenset[str] | None = None) -> str:
    """The matching form of `text`: folded and without any whitespace."""
    return _SPACE.sub("", fold(text, trad))


def strip_numbering(norm: str) -> str:
    """Drop one leading heading number (and a document code) from normalised text."""
    previous = None
    while previous != norm:
        previous = norm
        norm = _NUMBERING.sub("", norm, count=1)
    return norm.strip(":：.、 ")
