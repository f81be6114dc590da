"""How a passage is cut into the sentences an answer may quote."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import _sentences

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("heading", ["（四）材料整理。", "一、申报条件", "（二）继续教育："])
def test_a_numbered_heading_is_read_with_the_sentence_it_names(heading: str) -> None:
    """"（四）材料整理。" states nothing: quoted alone it would answer 材料怎么整理 with its own name."""
    sentences = _sentences(f"{heading}\n材料统一用A4纸，按目录顺序装入档案袋。\n（五）其他事项。")
    assert sentences[0] == f"{heading}\n材料统一用A4纸，按目录顺序装入档案袋。"


@pytest.mark.parametrize("sentence", ["（三）申报费300元。", "（1）评审表2份。"])
def test_a_numbered_sentence_with_a_fact_stands_alone(sentence: str) -> None:
    assert _sentences(f"{sentence}由单位统一报送。")[0] == sentence


def test_a_notices_own_question_is_quoted_with_its_answer() -> None:
    """"问12：要不要面试？面试在哪里？" states nothing; its answer is the sentence after it, and the
    answer's next sentence stands alone."""
    text = ("问12：要不要面试？面试在哪里？\n答：副主任护师评审实行结构化面试，面试时间为2025年10月中旬，地点为长春市人事考试中心。"
            "准考证于面试前5天在申报系统中打印。")
    first, second = _sentences(text)
    assert first.startswith("问12：要不要面试？") and first.endswith("地点为长春市人事考试中心。")
    assert second == "准考证于面试前5天在申报系统中打印。"
