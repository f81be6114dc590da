"""A yes/no question is answered by the sentence that rules on what is asked, not by the one that
shares most of its words: which sentence gives the kind of fact a yes/no question wants is how sure
the verdict model is that it says yes or no."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.found import college_notice, found_for, indexed

pytestmark = pytest.mark.integration

NOTICE = college_notice(
    "临江学院",
    """
一、工作程序
1.个人申报：10月8日至10月17日，申报人登录人事系统填报。
2.校外送审：10月27日至11月21日，代表作通过省送审平台匿名送校外同行专家评议。
3.学科评议：讲师代表作不送校外专家评议，由学院学科评议组审议。
""",
)


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    return indexed(make_assistant, tmp_path, "linjiang_xueyuan", NOTICE)


def test_the_sentence_that_rules_on_the_act_comes_first(college) -> None:
    found = found_for(college, "临江学院申报讲师的代表作要送校外专家评吗？")
    schedule = next(c for c in found.scored if "匿名送校外同行专家评议" in c.sentence)
    ruling = next(c for c in found.scored if "不送校外专家评议" in c.sentence)
    assert ruling.features["kind_bonus"] > schedule.features["kind_bonus"]
    assert "不送校外专家评议" in found.candidates[0].sentence
