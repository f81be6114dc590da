"""A table row is about what its own columns say, whichever layout the table has."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import _row_first
from assistant.settings import Settings
from assistant.text.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(Settings().vocab_file)


def test_a_rows_level_column_says_its_level_not_a_remark_after_it(vocab: Vocabulary) -> None:
    row = "序号：3｜受理地：扬中市｜级别：初级｜网络申报时间：3月15日-9月15日｜备注：不含句容市初级、中级"
    assert vocab.alternatives(row)["level"] == {"初级", "中级"}
    assert _row_first(vocab.alternatives, row)["level"] == {"初级"}


def test_a_row_with_a_column_per_level_is_about_every_one(vocab: Vocabulary) -> None:
    """Levels that only column names name (a date under each) are all the row's."""
    row = "阶段：材料报送｜工作内容：纸质材料报送｜副高级（副主任医师等）：10月20日至10月24日｜正高级（主任医师等）：9月29日至9月30日"
    assert _row_first(vocab.alternatives, row)["level"] == {"副高级", "正高级"}


def test_a_sentence_that_is_no_row_is_read_whole(vocab: Vocabulary) -> None:
    sentence = "申报中级的须于7月20日前报送，初级的另行通知。"
    assert _row_first(vocab.alternatives, sentence) == vocab.alternatives(sentence)
