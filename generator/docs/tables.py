"""What a table says about the document around it: the title in a document-control table, and
the section labels in the left column of a two-column table.

Rules (on normalised cell text):
1. A document-control table names the document in the cell right of 文件名称 / 文件标题 /
   程序名称 / 名称, within its first three rows (a label heading a column is a list's header).
2. A two-column ("label | text") table has at least two rows whose first cell is short
   (≤ `MAX_LABEL` characters, no sentence punctuation) and whose last cell has text; those
   rows are (label, text) pairs in order. A table with more columns is a list, not labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.docs.textnorm import normalize

MAX_LABEL = 14
_TITLE_LABELS = frozenset({"文件名称", "文件标题", "程序名称", "程序文件名称", "名称", "标题",
                           "文件名", "制度名称"})
_SENTENCE = re.compile(r"[。；;，,]")

Rows = Sequence[Sequence[str]]


def _label_key(cell: str) -> str:
    return normalize(cell).strip(":：")


def control_title(rows: Rows) -> str | None:
    """The document title held in a control table (rule 1), as written."""
    for row in rows[:3]:
        cells = list(row)
        for c, cell in enumerate(cells):
            if _label_key(cell) not in _TITLE_LABELS:
                continue
            right = next((x for x in cells[c + 1:] if x.strip() and x != cell), "")
            if right.strip():
                return right.strip()
    return None


def label_rows(rows: Rows) -> list[tuple[str, str]]:
    """(label, text) of a two-column label table (rule 2); [] for any other table."""
    pairs: list[tuple[str, str]] = []
    for row in rows:
        cells = [c for i, c in enumerate(row) if i == 0 or c != row[i - 1]]  # merged cells repeat
        if len(cells) > 2:
            return []
        if len(cells) < 2:
            continue
        label, text = cells[0].strip(), cells[-1].strip()
        if (label and text and len(normalize(label)) <= MAX_LABEL
                and not _SENTENCE.search(label)):
            pairs.append((label, text))
    return pairs if len(pairs) >= 2 else []
