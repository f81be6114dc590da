"""A question of two clauses that each ask ("是哪天、在哪里？") gets an answer to each, though the
notice states them in two sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.found import college_notice, indexed

pytestmark = pytest.mark.integration

NOTICE = college_notice(
    "青川学院",
    """
一、申报材料
申报人须于9月20日前在人事系统提交申报材料。

二、述职答辩
述职答辩定于10月15日上午举行，每人述职不超过8分钟。
答辩地点：青川学院行政楼3楼302室，请申报人提前30分钟到场签到。

三、评审费用
副高级职称评审费每人400元。
""",
)


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    return indexed(make_assistant, tmp_path, "qingchuan_dabian", NOTICE)


def test_each_clause_that_asks_is_answered(college) -> None:
    answer = college.ask("青川学院述职答辩是哪天、在哪里？")
    assert not answer.abstained
    assert "10月15日" in answer.direct and "行政楼3楼302室" in answer.direct
