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
