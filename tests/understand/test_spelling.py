"""Slips of a pinyin input method are read back to the notices' words, and nothing else is."""

from __future__ import annotations

import pytest

from assistant.index.notice_grams import NoticeGrams
from assistant.settings import Settings
from assistant.text.normalize import Tokenizer
from assistant.text.vocab import load_vocabulary
from assistant.understand.spelling import MAX_FIXES, Speller

NOTICES = {
    "a": "申报人须于7月20日前完成网上申报。论文、学历截止时间为3月31日。参加免试的人员由教职工代表推荐。",
    "b": "继续教育学分证明一份。湖州市人力资源和社会保障局。纸质材料装订成册。",
}
VOCABULARY = ["申报", "职称", "评审费", "是", "要", "吗", "什么"]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(user_words=["评审费"])


def speller(tokenizer: Tokenizer, notices: dict[str, str] = NOTICES, vocabulary: list[str] = VOCABULARY) -> Speller:
    grams = NoticeGrams.build({nid: ("", text) for nid, text in notices.items()})
    chars = [g for g in grams.vocab if len(g) == 1]
    return Speller(grams.count, vocabulary, ["湖州", "湖州市"], chars, tokenizer.in_dictionary, tokenizer.log_probability)


@pytest.mark.parametrize(("written", "read"), [
    ("离退休人员能申保吗？", "离退休人员能申报吗？"),
    ("要交几篇论闻？", "要交几篇论文？"),
    ("继续教育学份有什么要求？", "继续教育学分有什么要求？"),
    ("湖洲电子信息职称", "湖州电子信息职称"),
])
def test_a_homophone_slip_is_read_as_the_notices_word(tokenizer: Tokenizer, written: str, read: str) -> None:
    out, fixes = speller(tokenizer).correct(written)
    assert out == read and len(fixes) == 1


@pytest.mark.parametrize("written", [
    "需要参加面试吗？",  # 面试 is a word, though the notices only hold 免试
    "去交职称材料",  # 交 alone is a word; 教职 reads no likelier
    "评审的后果是什么？",  # a word the notices never use, with no homophone they do
])
def test_a_word_as_written_is_left_alone(tokenizer: Tokenizer, written: str) -> None:
    assert speller(tokenizer).correct(written) == (written, [])


def test_a_slip_to_a_word_no_notice_holds_is_left_alone(tokenizer: Tokenizer) -> None:
    without = {"b": NOTICES["b"]}  # no notice holds 论文
    assert speller(tokenizer, without).correct("要交几篇论闻？")[1] == []


@pytest.mark.parametrize(("written", "read"), [
    ("成绩能打电化查吗？", "成绩能打电话查吗？"),  # 电化 is a word, but no notice's: 电话 is
    ("职称办的连系人是谁？", "职称办的联系人是谁？"),
])
def test_a_slip_that_is_a_word_no_notice_writes_is_read_as_the_notices_word(tokenizer: Tokenizer, written: str,
                                                                            read: str) -> None:
    notices = {"a": "咨询电话：0731-1234567。联系人：王老师。", "b": "联系电话：85816207。职称办联系人：刘宇翔。"}
    assert speller(tokenizer, notices).correct(written)[0] == read


def test_a_number_asked_for_is_no_slip(tokenizer: Tokenizer) -> None:
    """几 and 记 sound alike, and a notice writes 记号笔; but 几号 asks which day."""
    notices = {"a": "网上申报截止时间为7月20日。", "b": "涉及本人姓名处须用记号笔标出。"}
    assert speller(tokenizer, notices).correct("网上申报截止到几号？") == ("网上申报截止到几号？", [])


def test_a_question_word_of_the_vocabulary_is_never_read_as_another(tokenizer: Tokenizer) -> None:
    """谁 forms no word with 由 or 收, and 税收 is a word the notice holds; but 谁 is how applicants
    ask who, a word of the vocabulary on its own."""
    words = load_vocabulary(Settings().vocab_file).words
    notices = {"a": "评审费由财政部门统一收取，纳入税收管理。"}
    assert speller(tokenizer, notices, words).correct("评审费由谁收？") == ("评审费由谁收？", [])


def test_a_question_with_more_slips_than_a_slip_is_read_as_written(tokenizer: Tokenizer) -> None:
    written = "能申保吗，" * (MAX_FIXES + 1)
    assert speller(tokenizer).correct(written) == (written, [])


@pytest.mark.integration
def test_the_query_reads_the_slip_back_and_says_so(bundled) -> None:
    query = bundled.assistant.read("新疆有色金属职称离退休人员能申保吗？")
    assert "申报" in query.read and "申保" not in query.read
    assert any("申保吗→申报吗" in note for note in query.notes)
