"""Read a text-layer PDF (a manual or a whole pack exported from Word) into an `Outline`.

Rules:
1. Text comes from pypdf's layout-free extraction, page by page; a PDF whose pages yield no
   text (a scan) is an `InputFileError` saying so, as are encrypted and damaged files.
2. Lines that repeat at the top or bottom of at least half the pages (three pages or more) are
   the header and footer (`header_lines`); page numbers (第 1 页 共 9 页, 1/9, - 3 -) are dropped.
3. A short line shaped like a numbered heading (`docs.headings.pattern_family`) is a heading;
   levels come from nesting as for unstyled Word files. Other lines are paragraphs; a line
   continues the previous one when that one does not end a sentence and is nearly full.
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
EDGE = 2  # lines at the top and the bottom of a page that may be header or footer
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
    header = _repeated(lines)
    body = [ln for page in lines for k, ln in enumerate(page)
            if not _PAGE_NUMBER.match(ln)
            and not ((k < EDGE or k >= len(page) - EDGE) and ln in header)]
    return _outline(name, _joined(body), sorted(header))


def _repeated(pages: list[list[str]]) -> set[str]:
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update(set(page[:EDGE] + page[-EDGE:]))
    return {ln for ln, n in edges.items() if n >= max(3, len(pages) / 2)}


def _joined(lines: list[str]) -> list[str]:
    if not lines:
        return []
    full = sorted(len(ln) for ln in lines)[int(len(lines) * 0.9)]
    out: list[str] = []
    for line in lines:
        quick = fold(line, frozenset())
        starts_new = hd.pattern_family(quick) is not None or not out
        if not starts_new and len(out[-1]) >= 0.8 * full and not out[-1].endswith(_ENDS):
            out[-1] += line
        else:
            out.append(line)
    return out


def _outline(name: str, lines: list[str], header: list[str]) -> Outline:
    trad = traditional_chars(lines + header)
    stack = hd.LevelStack()
    blocks: list[Block] = []
    for line in lines:
        folded = fold(line, trad)
        family = hd.pattern_family(folded) if len(folded) <= 60 else None
        if family is not None:
            blocks.append(Block(len(blocks), "heading", line, folded, stack.place(family)))
        else:
            blocks.append(Block(len(blocks), "paragraph", line, folded))
    return Outline(name, tuple(blocks), tuple(header), tuple(fold(h, trad) for h in header))
