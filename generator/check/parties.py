"""Whose name is it: the company's own, a third party's, or the previous client's.

Rules (for `stale.foreign_company`):
1. A name is a third party when its clause (the text between the nearest punctuation marks
   around it) holds a role word of `catalog/parties.yaml` (保险, 承保, 委托, 外委, 合作, 承运,
   供应商, 认证 …), or when the name itself is of a third-party kind (…保险股份有限公司,
   …认证有限公司, …银行). A third party is never reported.
2. Without a profile the company is the name with the most weight: 5 in a header or footer, 4
   under a heading such as 公司简介 / 颁布令 / 任命书 and in signature lines, 3 on the first blocks
   of the manual, 2 after own-words such as 本公司 / 适用于, 1 elsewhere. Names in tables and
   third parties do not vote.
3. Any other name that is not the company's is the previous client's (`foreign_company`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.catalog.vocabulary import party_words

_CLAUSE_END = re.compile(r"[。；;，,：:！!？?\n]")
COVER_BLOCKS = 15


@dataclass(frozen=True)
class Mention:
    """One company name where it stands."""

    name: str
    text: str  # the folded line it stands in
    heading: str  # the heading above it ("" for none)
    in_header: bool
    in_table: bool
    on_cover: bool


def clause_of(text: str, name: str) -> str:
    start = text.find(name)
    if start < 0:
        return text
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_END.search(text, start + len(name))
    return text[left: right_match.start() if right_match else len(text)]


def is_third_party(mention: Mention) -> bool:
    words = party_words()
    if any(k in mention.name for k in words.third_party_names):
        return True
    clause = clause_of(mention.text, mention.name)
    before = clause[: clause.find(mention.name)]
    if any(w in before for w in words.own_words):
        return False  # "本程序适用于X公司外委网点…": X is who the document is for
    return any(w in clause.replace(mention.name, "\0") for w in words.role_words)


def weight(mention: Mention) -> int:
    words = party_words()
    if mention.in_header:
        return 5
    if any(p in mention.heading for p in words.own_places) or _signature(mention.text):
        return 4
    if mention.on_cover:
        return 3
    clause = clause_of(mention.text, mention.name)
    before = clause[: clause.find(mention.name)]
    return 2 if any(w in before for w in words.own_words) else 1


def _signature(text: str) -> bool:
    """A signature line: the name beside 总经理/批准/日期 or a date, without a sentence."""
    return "。" not in text and bool(re.search(r"总经理|批准|签发|\d{4}\s*年", text))


def own_company(mentions: Sequence[Mention]) -> str | None:
    """Rule 2."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.in_table or is_third_party(mention):
            continue
        votes[mention.name] += weight(mention)
    return votes.most_common(1)[0][0] if votes else None
