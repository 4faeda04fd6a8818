"""Reading laid-out pages back from a PDF (pdftotext): page bodies, TOC entries, headings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

PAGE_OF = re.compile(r"第\s*(\d+)\s*页\s*共\s*\d+\s*页")
ENTRY = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$")


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def body(page: str) -> list[str]:
    """The non-empty lines below the document-control header (which ends with 第 X 页 共 Y 页)."""
    lines = page.splitlines()
    for i, line in enumerate(lines[:6]):
        if PAGE_OF.search(line):
            return [x for x in lines[i + 1:] if x.strip()]
    return [x for x in lines if x.strip()]


def page_number(page: str) -> int | None:
    found = PAGE_OF.search(page)
    return int(found.group(1)) if found else None


def toc_entries(laid: list[str]) -> tuple[list[tuple[str, int]], int]:
    """(title, page) of every TOC line, and the index of the TOC's last page."""
    entries: list[tuple[str, int]] = []
    last = -1
    for i, page in enumerate(laid):
        found = [m for m in map(ENTRY.match, body(page)) if m]
        if found:
            entries += [(m.group(1), int(m.group(2))) for m in found]
            last = i
        elif entries:
            break
    return entries, last


def heading_pages(laid: list[str], entries: list[tuple[str, int]], after: int
                  ) -> list[tuple[str, int, int | None]]:
    """(title, page the TOC gives, page number the heading is laid on) for every entry."""
    def squash(text: str) -> str:
        return re.sub(r"\s", "", text)

    out = []
    for title, listed in entries:
        key = squash(title)
        where = next((page_number(laid[i]) for i in range(after + 1, len(laid))
                      if any(squash(line).startswith(key) for line in body(laid[i]))), None)
        out.append((title, listed, where))
    return out


def header_only_pages(laid: list[str]) -> list[int]:
    """1-based indexes of pages that hold nothing but their header."""
    return [i + 1 for i, page in enumerate(laid) if not body(page)]
