"""The direct answer says what each of several amounts is charged for, and leaves out what the
question sets aside (除了评审费还要交什么钱)."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import _charge, _set_aside, _unasked

pytestmark = pytest.mark.unit

_ROW = "级别：高级工艺美术师（副高级）｜评审费：每人380元｜作品展评费：每人120元｜备注：破格申报人员另交面试答辩费150元"


@pytest.mark.parametrize(("sentence", "span", "charge"), [
    ("根据省物价部门核定标准，高级会计师评审费为每人480元，正高级会计师评审费为每人720元。", "720元", "正高级会计师评审费"),
    ("（一）评审费：420元/人", "420元/人", "评审费"),
    (_ROW, "380元", "高级工艺美术师 评审费"),  # a table row: its key, then the amount's own cell
    (_ROW, "150元", "高级工艺美术师 破格申报人员另交面试答辩费"),  # a remark's words, not its header
    ("收费项目：面试答辩费｜级别：副高级｜职称评审（元/人）：150", "150元/人", "面试答辩费 职称评审"),  # a bare number's column
    ("100元", "100元", ""),
])
def test_an_amount_is_labelled_with_what_it_is_charged_for(sentence: str, span: str, charge: str) -> None:
    assert _charge(sentence, span) == charge


def test_a_fact_in_the_cell_of_what_the_question_sets_aside_is_left_out() -> None:
    assert _set_aside(_ROW, "380元", ["评审费"])
    assert not _set_aside(_ROW, "120元", ["评审费"])
    assert not _set_aside(_ROW, "380元", [])


@pytest.mark.parametrize(("item", "question", "unasked"), [
    ("《个人述职报告》", "还要额外交什么材料？几份？", True),  # the count alone would not say what it counts
    ("《评审表》", "评审表要交几份？", False),
    ("份", "要交几份？", False),
])
def test_a_count_of_something_the_question_does_not_name_says_what_it_counts(item: str, question: str, unasked: bool) -> None:
    assert _unasked(item, question) is unasked
