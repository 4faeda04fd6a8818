"""Procedure titles and section labels matched by meaning (generator.check.matching)."""

from __future__ import annotations

import pytest

from generator.catalog import load_catalog
from generator.check.matching import ProcedureMatcher, section_label, title_text


@pytest.fixture(scope="module")
def matcher() -> ProcedureMatcher:
    return ProcedureMatcher(load_catalog())


@pytest.mark.parametrize(("title", "proc"), [
    ("报修、送修和上门维修服务控制程序", "P04"),
    ("上门维修服务管理程序", "P04"),
    ("顾客投诉处理控制程序", "P13"),
    ("商品退换货管理程序", "P09"),
    ("物品返修控制程序", "P05"),
    ("缺陷产品召回控制程序", "P10"),
    ("文件控制程序", "P20"),
])
def test_titles_match_their_procedure(matcher: ProcedureMatcher, title: str, proc: str) -> None:
    text = title_text(title)
    assert text is not None
    match = matcher.match(text)
    assert match is not None and match.procedure.id == proc


def test_exact_titles_score_as_exact(matcher: ProcedureMatcher) -> None:
    match = matcher.match("客户投诉管理控制程序")
    assert match is not None and match.exact


@pytest.mark.parametrize("line", [
    "工作程序",                        # a section label, not a title
    "按《文件控制程序》执行",           # a cross-reference
    "客服人员应在1个工作日内登记客户信息并分派工单，确保每项需求都有人负责。",
])
def test_lines_that_are_not_titles(line: str) -> None:
    assert title_text(line) is None


def test_unrelated_title_matches_nothing(matcher: ProcedureMatcher) -> None:
    text = title_text("财务报销审批程序")
    assert text is None or matcher.match(text) is None


@pytest.mark.parametrize(("label", "is_heading", "ids"), [
    ("目的", True, ("purpose",)),
    ("3 职责", True, ("responsibilities",)),
    ("职责与分工", True, ("responsibilities",)),
    ("目的和适用范围", True, ("purpose", "scope")),
    ("相关文件和记录", True, ("related_documents", "records")),
    ("支持性文件", True, ("related_documents",)),
    ("质量记录", True, ("records",)),
    ("1.目的：规范报修受理工作", False, ("purpose",)),
])
def test_section_labels(label: str, is_heading: bool, ids: tuple[str, ...]) -> None:
    assert section_label(label, is_heading) == ids


def test_a_long_plain_line_is_not_a_label() -> None:
    assert section_label("范围内的所有客户都应在当日得到回复并登记在案", False) == ()
