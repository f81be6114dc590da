"""The part-of-speech table the support statistics read is jieba's own, read without jieba.posseg."""

from __future__ import annotations

import pytest

from assistant.answer.support import _word_tags

pytestmark = pytest.mark.unit


def test_the_table_is_the_one_jieba_posseg_reads() -> None:
    import jieba.posseg

    assert _word_tags() == jieba.posseg.dt.word_tag_tab
    assert _word_tags()["材料"] == "n"
