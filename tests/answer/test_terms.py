"""Which words of a question an answer must cover: a modal the tokenizer glued to a verb (要交, 能报)
asks, it names nothing; a word naming the kind of answer (电话) is covered by that kind in its shape."""

from __future__ import annotations

import pytest

from assistant.answer.support import Support, abbreviates
from assistant.settings import Settings
from assistant.text.normalize import Tokenizer, compact
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.intent import Intent

pytestmark = pytest.mark.unit

NOTICES = {
    "a": compact("申报人无需报送纸质材料，单位汇总后报送省统计局。评审费不予退还，可以要交流。"),
    "b": compact("联系电话：0797-8993126。电子版发送至gzrs@163.com。教学能力测评采取说课方式。"),
    "c": compact("网上申报时间为7月1日至7月20日。会议纪要要交由单位存档。能报的专业见附件。"),
    "d": compact("异议请致电市卫生健康委员会人事科。受理地点：区人力资源和社会保障局专业技术人员管理股。"),
}


@pytest.fixture(scope="module")
def support() -> Support:
    settings = Settings()
    vocab = load_vocabulary(settings.vocab_file)
    tokenizer = Tokenizer(user_words=vocab.tokenizer_words + list(vocab.series), stopwords=["的", "了", "吗", "呢"])
    return Support(tokenizer, vocab, Gazetteer.load(settings.regions_file), NOTICES)


@pytest.mark.parametrize(("question", "kept"), [
    ("报高级统计师要交纸质材料吗？", {"纸质材料"}),
    ("出版系列中级今年能报吗？", set()),
])
def test_a_modal_glued_to_a_verb_is_no_word_an_answer_must_hold(support: Support, question: str, kept: set[str]) -> None:
    terms = support.content_terms(question)
    assert not {"要交", "能报"} & set(terms)
    assert kept <= set(terms)


def test_a_dictionary_word_beginning_with_a_modal_stays_whole(support: Support) -> None:
    """能力 and 会议 are words of their own, not 能 + 力 or 会 + 议."""
    terms = support.content_terms("教学能力测评和会议纪要怎么安排？")
    assert {"能力", "会议"} & set(terms) or {"教学能力", "会议纪要"} & set(terms)


def test_a_word_naming_a_phone_is_covered_by_a_phone_not_by_an_e_mail(support: Support) -> None:
    intents = [Intent.CONTACT]
    assert support.cue_satisfied("联系电话", intents, "联系电话：0797-8993126。")
    assert not support.cue_satisfied("联系电话", intents, "电子版发送至gzrs@163.com。")


@pytest.mark.parametrize("question", ["在乡镇统计站干了十几年，报高级统计师要论文吗？", "纸质材料交一份还是两份？",
                                      "继续教育三个月能修完吗？"])
def test_a_quantity_in_words_is_no_word_an_answer_must_hold(support: Support, question: str) -> None:
    """十几年, 两份, 三个月 say how much, as 12 or 2 do: the answer gives its own quantity."""
    terms = support.content_terms(question)
    assert not {"十几年", "一份", "两份", "三个月"} & set(terms)


def test_the_verb_of_an_a_not_a_question_is_what_is_asked(support: Support) -> None:
    """退不退 asks whether the fee is refunded: 退 is the word the answer must hold (不予退还), and
    neither 不退 nor 退不退 is a word of its own."""
    terms = support.content_terms("没评上，评审费退不退？")
    assert "退" in terms and not {"不退", "退不退"} & set(terms)
    assert support.coverage(terms, "评审费不予退还。") > support.coverage(terms, "评审费每人300元。")


def test_a_piece_of_a_question_phrase_is_no_word_an_answer_must_hold(support: Support) -> None:
    """The tokenizer may cut 哪几天 into 哪几 + 天: 哪几 asks which days, as the whole phrase does, even
    where a notice uses it (an interview's 记者 asks 考点设在哪几个城市)."""
    interview = {**NOTICES, "d": compact("记者：考点设在哪几个城市？负责人：设在西宁市。")}
    terms = Support(support.tokenizer, support.vocab, support.gazetteer, interview).content_terms("网上申报是哪几天？")
    assert "哪几" not in terms and "网上申报" in terms


@pytest.mark.parametrize(("word", "sentence"), [
    ("卫健委", "异议请致电市卫生健康委员会人事科。"), ("专技股", "区人力资源和社会保障局专业技术人员管理股"),
])
def test_a_short_form_is_held_by_its_full_name(support: Support, word: str, sentence: str) -> None:
    """卫健委 asked of a notice that writes only 卫生健康委员会: the notice does name it (no missing
    word), and a sentence with the full name covers it."""
    assert support.missing_terms({word: 1.0}, ["d"]) == []
    assert support.coverage({word: 1.0}, sentence) == 1.0


def test_a_word_spread_over_a_long_stretch_is_no_short_form(support: Support) -> None:
    assert support.coverage({"专技股": 1.0}, "专门负责技术工作的人员由本单位管理股") < 1.0


@pytest.mark.parametrize(("word", "text"), [
    ("申报表", "申报教授须提交代表作3项"), ("报名费", "报名和缴费均在网上进行"), ("评审费", "评审表须缴费后打印"),
    ("复审费", "不重复收取我省评审费"), ("纸质版", "纸质材料和电子版同时报送"),
])
def test_characters_that_do_not_head_words_are_no_short_form(support: Support, word: str, text: str) -> None:
    """A short form takes the head of each word (卫|健|委 of 卫生|健康|委员会): 申报表 is not in
    申报|教授|须|提交|代表, whose 报 and 表 head no word."""
    assert not abbreviates(word, compact(text), support.tokenizer.cut)
    assert abbreviates("卫健委", compact("异议请致电市卫生健康委员会人事科"), support.tokenizer.cut)


@pytest.mark.parametrize(("asked", "sentence"), [
    ("快递", "纸质材料不接受邮寄。"), ("自己", "不受理个人报送。"), ("退钱", "评审费不予退还。"),
])
def test_an_applicants_word_is_held_by_the_notices_word(support: Support, asked: str, sentence: str) -> None:
    """能自己快递过去吗 is answered by 不受理个人报送，不接受邮寄; 能退钱吗 by 不予退还."""
    assert support.holds(asked, sentence)
