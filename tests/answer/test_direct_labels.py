"""The direct answer leaves out what the question sets aside (除了评审费还要交什么钱) and says what a
count is of when the question does not."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import _set_aside, _unasked

pytestmark = pytest.mark.unit

_ROW = "级别：高级工艺美术师（副高级）｜评审费：每人380元｜作品展评费：每人120元｜备注：破格申报人员另交面试答辩费150元"


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
