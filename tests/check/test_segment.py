"""Splitting client documents into manual and procedure parts (generator.check.segment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.check.matching import ProcedureMatcher
from generator.check.segment import Part, split_documents
from generator.docs.outline import read_outline
from tests.clientdocs import Look, write_manual, write_merged, write_procedure


def split(*paths: Path) -> list[Part]:
    catalog = load_catalog()
    return split_documents([read_outline(p) for p in paths], catalog, ProcedureMatcher(catalog))


def test_one_file_one_procedure(tmp_path: Path) -> None:
    parts = split(write_procedure(tmp_path / "a.docx", "客户投诉管理控制程序"))
    assert [(p.role, p.match.procedure.id if p.match else None) for p in parts] == [("procedure", "P13")]
    assert parts[0].title == "客户投诉管理控制程序"


@pytest.mark.parametrize("look", [Look("word"), Look("plain", "chinese"), Look("bold")],
                         ids=["word-styles", "plain-chinese-numbers", "bold-only"])
def test_merged_file_splits_into_manual_and_every_procedure(tmp_path: Path, look: Look) -> None:
    parts = split(write_merged(tmp_path / "全套.docx", look=look))
    roles = [p.role for p in parts]
    assert roles[0] == "manual"
    found = [p.match.procedure.id for p in parts if p.role == "procedure" and p.match]
    assert found == [f"P{n:02d}" for n in range(1, 23)]


def test_manual_file_is_a_manual_part(tmp_path: Path) -> None:
    parts = split(write_manual(tmp_path / "售后服务手册.docx"))
    assert [p.role for p in parts] == ["manual"]


def test_title_only_in_a_cross_reference_is_not_a_procedure(tmp_path: Path) -> None:
    path = write_procedure(tmp_path / "p.docx", "产品退换货控制程序",
                           extra={"相关文件": ["《客户投诉管理控制程序》"]})
    ids = [p.match.procedure.id for p in split(path) if p.match]
    assert ids == ["P09"]
