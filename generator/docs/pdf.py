"""Read a text-layer PDF (a manual or a whole pack exported from Word) into an `Outline`.

Rules:
1. Text comes from pypdf's layout-free extraction, page by page; a PDF whose pages yield no
   text (a scan) is an `InputFileError` saying so, as are encrypted and damaged files.
2. Lines that repeat at the top or bottom of at least half the pages (three pages or more),
   compared with their digits masked (生效日期… 第 4 页 共 50 页 is the same line on every
   page), are the header and footer: taken off each page's top and bottom run (each once per
   page, so a cover repeating the company name keeps it) and kept in `header_lines` as the
   first page shows them. Bare page numbers (第 1 页 共 9 页, 1/9, - 3 -) are dropped.
3. The table of contents is not text: a line with a dot leader and a page number is dropped
   anywhere, and so is a page that opens with 目录 / 目次 / Contents together with the pages
   after it that hold only short lines without a sentence (a contents list that runs on).
4. A short line shaped like a numbered heading (`docs.headings.pattern_family`) is a heading,
   unless it reads as a table row (three or more space-separated cells, or a code or number
   of four digits or more after the number); levels come from nesting as for unstyled Word
   files. Other lines are paragraphs; a line continues the previous one when that one does not
   end a sentence and is nearly full (within a page).
5. PDF text has no tables: a run of at least `MIN_CELL_RUN` short lines (≤ `MAX_CELL`
   characters, no full stop, not headings) within a page is a table or a chart (its rows one per line), so
   that a name wrapped inside a cell (…医疗设备技 / 术服务有限公司) is read as a table's,
   as in a Word file.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from generator.docs import headings as hd
from generator.docs.outline import Block, Outline
from generator.docs.textnorm import fold, traditional_chars
from generator.errors import InputFileError

_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页.*|-?\s*\d{1,4}\s*-?|\d{1,4}\s*/\s*\d{1,4}|"
                          r"page\s*\d+.*)$", re.IGNORECASE)
_ENDS = ("。", "；", "：", ":", "！", "？", "”", "》", ")", "）")
EDGE = 6  # lines at the top and the bottom of a page that may be header or footer
_DIGITS = re.compile(r"\d+")
_TOC_TITLE = re.compile(r"^(?:目\s*录|目\s*次|contents|table\s+of\s+contents)$", re.IGNORECASE)
_ROW_CODE = re.compile(r"\d{4,}|[A-Za-z]{2,}[-/]")
MAX_TOC_LINE = 40
MAX_CELL = 30  # a line this short without a full stop may be a table cell or a chart box
MIN_CELL_RUN = 3
logging.getLogger("pypdf").addHandler(logging.NullHandler())  # the library prints nothing
logging.getLogger("pypdf").propagate = False
SCAN_HINT = "请提供 Word 原文件，或先用文字识别（OCR）软件把扫描件转成文字后再检查"


def read_pdf_bytes(data: bytes, name: str) -> Outline:
    """The outline of a PDF held in memory (rule 1)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputFileError("PDF 设有密码，无法读取", where=name, hint="请去除密码后再检查")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError,
            AttributeError, IndexError, ZeroDivisionError) as exc:
        raise InputFileError(f"PDF 已损坏或格式不正确，无法读取（{type(exc).__name__}）",
                             where=name, hint="请重新导出 PDF，或提供 Word 原文件") from None
    lines = [[ln.strip() for ln in page.splitlines() if ln.strip()] for page in pages]
    if not any(lines):
        raise InputFileError("PDF 中没有可提取的文字（可能是扫描件）", where=name, hint=SCAN_HINT)
    repeated = _repeated(lines)
    header: dict[str, str] = {}  # key -> the line as the first page shows it
    bodies: list[list[str]] = []
    for page in lines:
        top, bottom = _edges(page, repeated)
        for ln in page[:top] + page[len(page) - bottom:]:
            header.setdefault(_key(ln), ln)
        bodies.append(page[top:len(page) - bottom])
    kept = [[ln for ln in page if not _PAGE_NUMBER.match(ln)
             and not hd.looks_like_toc_line(fold(ln, frozenset()))]
            for page in _without_contents(bodies)]
    full = _full_line([ln for page in kept for ln in page])
    shown = [ln for ln in header.values() if not _PAGE_NUMBER.match(ln)]
    return _outline(name, [_joined(page, full) for page in kept], shown)


def _key(line: str) -> str:
    return _DIGITS.sub("#", line.replace(" ", ""))


def _repeated(pages: list[list[str]]) -> set[str]:
    """Digit-masked keys of the lines at the edges of at least half the pages (rule 2)."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({_key(ln) for ln in page[:EDGE] + page[-EDGE:]})
    return {key for key, n in edges.items() if n >= max(3, len(pages) / 2)}


def _edges(page: list[str], repeated: set[str]) -> tuple[int, int]:
    """How many lines at the top and at the bottom of `page` are header and footer."""
    seen: set[str] = set()
    top = 0
    while top < min(EDGE, len(page)) and (key := _key(page[top])) in repeated - seen:
        seen.add(key)
        top += 1
    bottom = 0
    while (bottom < min(EDGE, len(page) - top)
           and (key := _key(page[len(page) - 1 - bottom])) in repeated - seen):
        seen.add(key)
        bottom += 1
    return top, bottom


def _without_contents(bodies: list[list[str]]) -> list[list[str]]:
    """Rule 3: the contents pages left out."""
    out: list[list[str]] = []
    in_contents = False
    for page in bodies:
        opens = bool(page) and bool(_TOC_TITLE.match(page[0].replace("\u3000", " ").strip()))
        listing = all(len(ln) <= MAX_TOC_LINE and "。" not in ln for ln in page)
        in_contents = opens or (in_contents and listing and bool(page))
        if not in_contents:
            out.append(page)
    return out


def _table_row(folded: str) -> bool:
    """Rule 4: "1 戴国栋 客户服务部 JS-2023-1126" is a row of a table, not a heading."""
    cells = folded.split()
    return len(cells) >= 4 or (len(cells) >= 2 and bool(_ROW_CODE.search(" ".join(cells[1:]))))


def _full_line(lines: list[str]) -> int:
    return sorted(len(ln) for ln in lines)[int(len(lines) * 0.9)] if lines else 0


def _joined(lines: list[str], full: int) -> list[str]:
    """Lines of one page joined into paragraphs (never across a page: a page often opens
    with a short heading such as 颁布令 after a full last line)."""
    out: list[str] = []
    for line in lines:
        quick = fold(line, frozenset())
        starts_new = hd.pattern_family(quick) is not None or not out
        if not starts_new and len(out[-1]) >= 0.8 * full and not out[-1].endswith(_ENDS):
            out[-1] += line
        else:
            out.append(line)
    return out


def _outline(name: str, pages: list[list[str]], header: list[str]) -> Outline:
    trad = traditional_chars([ln for page in pages for ln in page] + header)
    stack = hd.LevelStack()
    blocks: list[Block] = []
    cells: list[tuple[str, str]] = []  # a run of short lines: a table or a chart (rule 5)

    def flush() -> None:
        if len(cells) >= MIN_CELL_RUN:
            text = "\n".join(c for c, _ in cells)
            blocks.append(Block(len(blocks), "table", text, "\n".join(f for _, f in cells),
                                rows=tuple((c,) for c, _ in cells)))
        else:
            blocks.extend(Block(len(blocks) + k, "paragraph", c, f) for k, (c, f) in
                          enumerate(cells))
        cells.clear()

    for page in pages:
        for line in page:
            folded = fold(line, trad)
            family = (hd.pattern_family(folded) if len(folded) <= 60 and not _table_row(folded)
                      else None)
            if family is None and len(folded) <= MAX_CELL and "。" not in folded:
                cells.append((line, folded))
                continue
            flush()
            if family is not None:
                blocks.append(Block(len(blocks), "heading", line, folded, stack.place(family)))
            else:
                blocks.append(Block(len(blocks), "paragraph", line, folded))
        flush()  # a table ends with its page here; a chart or a cover never runs on
    return Outline(name, tuple(blocks), tuple(header), tuple(fold(h, trad) for h in header))
