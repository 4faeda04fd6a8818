"""Heading recognition rules of generator.docs.headings, tested directly."""

from __future__ import annotations

import pytest

from generator.docs.headings import LevelStack, StyleClue, bold_heading, pattern_family, style_level


def clue(name: str = "", outline: int | None = None, *, defined: bool = True,
         style_id: str | None = None) -> StyleClue:
    return StyleClue(name, outline, defined, style_id)


@pytest.mark.parametrize(("name", "level"), [
    ("Heading 2", 2), ("heading 1", 1), ("标题 3", 3), ("二级标题", 2), ("3级标题", 3),
    ("Title", 0), ("文件标题", 0),
])
def test_style_names_give_levels(name: str, level: int) -> None:
    assert style_level(clue(name), None) == level


def test_outline_level_of_paragraph_wins_over_style_outline() -> None:
    assert style_level(clue("正文", 3), 0) == 1
    assert style_level(clue("正文", 1), None) == 2


def test_undefined_numeric_style_id_is_a_level_but_a_defined_one_is_not() -> None:
    assert style_level(clue("", defined=False, style_id="2"), None) == 2
    assert style_level(clue("Normal", defined=True, style_id="2"), None) is None


@pytest.mark.parametrize(("text", "family"), [
    ("第一章 总则", "chapter"),
    ("第三节 服务网点", "section"),
    ("第五条 投诉受理", "article"),
    ("一、服务承诺", "cn"),
    ("（二）上门服务", "paren_cn"),
    ("4 工作程序", "decimal1"),
    ("4.2 服务承诺", "decimal2"),
    ("4.2.1 受理与登记", "decimal3"),
])
def test_numbered_heading_families(text: str, family: str) -> None:
    assert pattern_family(text) == family


@pytest.mark.parametrize("text", [
    "2个工作日内完成回访",          # a quantity, not a heading number
    "1.5倍的赔偿",
    "4.2 服务人员应在接到派工后2小时内与客户联系。",  # ends like a sentence
    "一、客户来电时，客服人员应礼貌问候，",
    "31 超出范围的编号",
    "1 Introduction",                # no Chinese text
])
def test_sentences_and_quantities_are_not_headings(text: str) -> None:
    assert pattern_family(text) is None


def test_bold_heading_is_short_chinese_and_not_a_label_value_line() -> None:
    assert bold_heading("服务承诺")
    assert bold_heading("职责：")
    assert not bold_heading("文件编号：HR/CX-01")
    assert not bold_heading("客户服务部负责受理客户的全部报修和投诉事项并在当日登记完毕。")


def test_level_stack_nests_new_families_and_returns_to_known_ones() -> None:
    stack = LevelStack()
    assert stack.place("cn") == 1          # 一、
    assert stack.place("paren_cn") == 2    # （一） nests below
    assert stack.place("decimal1") == 3    # 1. nests below that
    assert stack.place("cn") == 1          # 二、 returns to its level
    assert stack.place("decimal1") == 2    # the stack was cut back: 1. now nests under 二、
    assert stack.place("chapter", fixed=1) == 1
