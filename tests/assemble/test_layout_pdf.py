"""Laid-out pages (LibreOffice → PDF): the manual's TOC gives the pages its headings are on,
and no page of the manual or a volume is blank but for its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.run import build
from tests.conftest import PROFILES
from tests.pdfpages import header_only_pages, heading_pages, pages, toc_entries

VOLUMES = ("售后服务手册.pdf", "程序文件汇编.pdf", "记录表单汇编.pdf")


@pytest.mark.office
@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_toc_pages_and_no_header_only_page(profile: Path, tmp_path: Path) -> None:
    result = build(profile, tmp_path, pdf=True)
    assert not result.failed_notes, result.failed_notes
    pdf = result.folder / "pdf"
    manual = pages(pdf / "售后服务手册.pdf")
    entries, last = toc_entries(manual)
    assert len(entries) >= 40 and entries[0][0].startswith("1 ")
    wrong = [e for e in heading_pages(manual, entries, last) if e[1] != e[2]]
    assert not wrong, wrong  # (title, page in the TOC, page it is laid on)
    for name in VOLUMES:
        laid = pages(pdf / name)
        assert len(laid) > 10
        assert not header_only_pages(laid), (name, header_only_pages(laid))
