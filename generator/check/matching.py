"""Matching by meaning: procedure titles, procedure section labels, manual element headings.

Rules:
1. A procedure title is a short line ending in a kind (程序, 办法, 规定, 细则, 制度, 规范;
   codes, 《》 and a trailing "(A/0)" or "(试行)" removed) that is not itself a section
   label (工作程序, 控制程序 …) and is not a
   cross-reference (按…, 依据…, 见…).
2. Exact match on the canonical title or a catalog variant (after folding 顾客→客户,
   商品/物品→产品 and dropping connectors 和/与/及/、) scores 1.
3. Otherwise each procedure scores the summed length of its catalog keywords found in the
   title plus twice the best bigram similarity between the title's core (generic words such
   as 售后服务/控制/管理/程序 removed) and the cores of its title and variants. The best
   procedure is accepted when it has a keyword hit or a similarity of at least 0.6.
   Distinct keywords keep 退换货 (P09), 返修 (P05), 召回 (P10) and 报修/上门 (P04) apart.
4. A section label is a heading or a short line whose text, without its number and colon,
   is one of `SECTION_WORDS` (combined labels such as 相关文件和记录 or 目的和适用范围 give
   two sections; 职责与分工 stays one); a line "1. 目的：…" carrying its text inline counts
   as the label too. A short label not in the lists names a section by its last word (its
   head: 职责, 流程, 记录 …). A label of at most `max_process_label` characters ending in a
   process word (执行程序, 操作规程) is the procedure section, never a title. Labels, heads
   and the kinds of procedure are data (`generator/catalog/sections.yaml`).
5. A paragraph that states a section the way regulations do (为…，特制定本规定 for the
   purpose, 本办法适用于… for the scope: the cues of `sections.yaml`) labels that section too,
   so a 第一章 总则 with 第一条/第二条 articles has its purpose and scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.catalog import Catalog, ManualElement, Procedure
from generator.catalog.sections import SECTION_IDS, SECTION_LABELS, SectionId
from generator.catalog.vocabulary import section_words
from generator.docs.outline import Block
from generator.docs.tables import label_rows
from generator.docs.textnorm import normalize, strip_numbering

SECTION_WORDS: dict[SectionId, tuple[str, ...]] = SECTION_LABELS
KINDS = section_words().kinds
_CONNECTORS = re.compile(r"以及|和|与|及|、|/")
# words that may share a label with a section name without making it another section
_NEUTRAL = frozenset((*section_words().neutral, ""))
_LABEL_SEP = re.compile(r"[:：]")

_CANON = (("顾客", "客户"), ("商品", "产品"), ("物品", "产品"), ("以及", ""), ("和", ""),
          ("与", ""), ("及", ""), ("、", ""), (",", ""), ("·", ""))
_GENERIC = ("售后服务", "服务", "控制", "管理", "程序", "产品", "作业", "实施", "工作", "规定",
            "办法", "规程", "细则", "规范", "的")
_TITLE_TAIL = re.compile(r"(?:\([^()]{1,12}\)|[A-Z]/\d{1,2}|版)+$")
_XREF = ("按", "依据", "根据", "见", "参见", "参照", "执行", "详见", "遵照", "符合")
MIN_SIMILARITY = 0.6
MAX_CUE_LINE = 200  # a cue sentence (rule 5) stands in a paragraph of at most this length
_KIND_TAIL = re.compile("(?:" + "|".join(KINDS) + ")$")
_NOT_TITLES = frozenset(w for words in SECTION_WORDS.values() for w in words)


def _canon(text: str) -> str:
    for old, new in _CANON:
        text = text.replace(old, new)
    return text


def _core(canon: str) -> str:
    for word in _GENERIC:
        canon = canon.replace(word, "")
    return canon


def _grams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def title_text(norm: str) -> str | None:
    """The procedure-title form of a normalised line, or None when it cannot be a title."""
    text = strip_numbering(norm)
    text = text.strip("《》<>\"“”'")
    text = _TITLE_TAIL.sub("", text).strip("《》")
    if not (4 <= len(text) <= 30) or not text.endswith(KINDS):
        return None
    if text in _NOT_TITLES or _process_label(text) or text.startswith(_XREF) or "《" in text:
        return None
    return text


@dataclass(frozen=True)
class TitleMatch:
    procedure: Procedure
    score: float
    exact: bool


class ProcedureMatcher:
    """Scores a title against the 22 procedures of the catalog (rules 2 and 3)."""

    def __init__(self, catalog: Catalog) -> None:
        self._procedures = catalog.procedures
        self._exact: dict[str, Procedure] = {}
        self._keywords: dict[str, tuple[str, ...]] = {}
        self._cores: dict[str, tuple[frozenset[str], ...]] = {}
        for proc in catalog.procedures:
            names = (proc.title, *proc.variants)
            for name in names:
                self._exact.setdefault(_canon(name), proc)
            self._keywords[proc.id] = tuple(_canon(k) for k in proc.keywords)
            self._cores[proc.id] = tuple(_grams(_core(_canon(n))) for n in names)

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process, titles repeat
    def match(self, title: str) -> TitleMatch | None:
        """`title` is the output of `title_text`."""
        canon = _canon(title)
        exact = self._exact.get(canon)
        if exact is not None:
            return TitleMatch(exact, 100.0, True)
        best: tuple[float, int, float, Procedure] | None = None  # score, hits, sim, procedure
        for proc, (score, hits, sim) in self._scored(title).items():
            if score > 0 and (best is None or score > best[0]):
                best = (score, hits, sim, proc)
        if best is None or (best[1] == 0 and best[2] < MIN_SIMILARITY):
            return None
        return TitleMatch(best[3], best[0], False)

    def scores(self, title: str) -> dict[str, float]:
        """Every procedure's title score (keywords + 2 × similarity), for weighing with content."""
        canon = _canon(title)
        exact = self._exact.get(canon)
        if exact is not None:
            return {exact.id: 100.0}
        return {p.id: s for p, (s, hits, sim) in self._scored(title).items()
                if hits or sim >= MIN_SIMILARITY / 2}

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process, titles repeat
    def _scored(self, title: str) -> dict[Procedure, tuple[float, int, float]]:
        # the kind at the end (管理规定, 管理制度) says what the document is, not what it is about
        body = _canon(_KIND_TAIL.sub("", title))
        grams = _grams(_core(body))
        out: dict[Procedure, tuple[float, int, float]] = {}
        for proc in self._procedures:
            hits = sum(len(k) for k in self._keywords[proc.id] if k in body)
            sim = max(_dice(grams, core) for core in self._cores[proc.id])
            out[proc] = (hits + 2 * sim, hits, sim)
        return out


@lru_cache(maxsize=1)
def _section_lookup() -> dict[str, tuple[SectionId, ...]]:
    lookup: dict[str, tuple[SectionId, ...]] = {}
    for sid, words in SECTION_LABELS.items():
        for word in words:
            lookup[word] = (sid,)
    return lookup


def section_label(norm: str, is_heading: bool) -> tuple[SectionId, ...]:
    """Section ids a line labels (rule 4); () when it is not a label."""
    text = strip_numbering(norm)
    parts = _LABEL_SEP.split(text, maxsplit=1)
    head = parts[0].strip()
    inline = len(parts) == 2 and bool(parts[1].strip())
    if not head or len(head) > 12 or (not is_heading and not inline and len(text) > 14):
        return ()
    lookup = _section_lookup()
    whole = lookup.get(head)
    if whole:
        return whole
    found: list[SectionId] = []
    for piece in _CONNECTORS.split(head):
        if piece in _NEUTRAL:
            continue
        ids = lookup.get(piece) or _by_head(piece, len(head))
        if not ids:
            return ()
        found.extend(i for i in ids if i not in found)
    return tuple(found)


def _process_label(piece: str) -> bool:
    """执行程序, 处理程序, 操作规程: a verb and a process word (rule 4)."""
    words = section_words()
    return len(piece) <= words.max_process_label and any(
        piece.endswith(w) and len(piece) > len(w) for w in words.process_words)


def _by_head(piece: str, whole: int) -> tuple[SectionId, ...]:
    """A short label whose last word names a section (服务部职责, 投诉处理流程): rule 4."""
    words = section_words()
    if whole > words.max_head_label:
        return ()
    if _process_label(piece):
        return ("procedure",)
    for sid in SECTION_IDS:
        if any(piece.endswith(h) for h in words.heads.get(sid, ())):
            return (sid,)
    return ()


def labels_of(block: Block) -> tuple[SectionId, ...]:
    """Section ids a block labels: a heading or line (rule 4), or the left column of a
    two-column table (`generator.docs.tables`)."""
    if block.kind != "table":
        found_ids = section_label(block.norm, block.kind == "heading")
        if not found_ids and block.kind == "paragraph" and len(block.norm) <= MAX_CUE_LINE:
            return tuple(sid for sid, cues in _cues() if any(c.search(block.norm) for c in cues))
        return found_ids
    found: list[SectionId] = []
    for label, _text in label_rows(block.rows):
        found.extend(i for i in section_label(normalize(label), True) if i not in found)
    return tuple(found)


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[SectionId, tuple[re.Pattern[str], ...]], ...]:
    words = section_words()
    return tuple((sid, words.cue_patterns(sid)) for sid in SECTION_IDS if words.cue_patterns(sid))


def element_hit(element: ManualElement, key: str) -> bool:
    """Whether a heading (normalised, number stripped) names the manual element."""
    return any(_canon(s.replace("/", "")) in _canon(key.replace("/", ""))
               for s in element.synonyms)
