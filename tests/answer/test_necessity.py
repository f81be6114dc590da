"""Term necessity: a question word weighs by how often answering sentences hold it, not by rarity alone."""

from __future__ import annotations

import pytest

from assistant.answer.necessity import TermNecessity
from assistant.answer.support import Support
from assistant.settings import Settings
from assistant.text.normalize import Tokenizer, compact
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary

pytestmark = pytest.mark.unit

# 后果 is asked four times and never held by the answer; 发票 asked four times and always held.
OBSERVED = [("后果", False)] * 4 + [("发票", True)] * 4 + [("材料", True), ("材料", False)]


def test_fit_counts_each_word_and_the_share_held_over_all_words() -> None:
    model = TermNecessity.fit(OBSERVED)
    assert model.counts == {"后果": (4, 0), "发票": (4, 4), "材料": (2, 1)}
    assert model.prior == pytest.approx(0.5)


def test_a_word_never_held_weighs_less_than_one_always_held_and_an_unseen_word_keeps_its_weight() -> None:
    model = TermNecessity.fit(OBSERVED)
    assert model.factor("后果") < model.factor("材料") < model.factor("发票")
    assert model.factor("从未问过") == pytest.approx(1.0)


def test_the_prior_pulls_a_word_seen_once_more_than_one_seen_often() -> None:
    model = TermNecessity.fit([("处理", False), *[("后果", False)] * 10, *[("发票", True)] * 11])
    assert model.factor("后果") < model.factor("处理") < 1.0


@pytest.fixture(scope="module")
def parts():
    settings = Settings()
    vocab = load_vocabulary(settings.vocab_file)
    tokenizer = Tokenizer(user_words=vocab.tokenizer_words + list(vocab.series), stopwords=["的", "了", "吗", "呢"])
    return tokenizer, vocab, Gazetteer.load(settings.regions_file)


NOTICES = {
    "a": compact("申报人弄虚作假的，取消当年评审资格。评审费每人300元，可开具发票。"),
    "b": compact("纸质材料报送至市人社局。"),
    "c": compact("网上申报时间为7月1日至7月20日。"),
}


def test_support_weighs_a_phrasing_word_down_and_coverage_follows(parts) -> None:
    """"弄虚作假会有什么后果": the sentence naming 弄虚作假 covers more of the question once 后果 is
    known to be a word answers do not hold."""
    plain = Support(*parts, NOTICES)
    learned = Support(*parts, NOTICES, necessity=TermNecessity.fit(OBSERVED))
    question, sentence = "弄虚作假会有什么后果？", "申报人弄虚作假的，取消当年评审资格。"
    before, after = plain.content_terms(question), learned.content_terms(question)
    assert set(before) == set(after) and "后果" in after
    assert after["后果"] < before["后果"]
    assert learned.coverage(after, sentence) > plain.coverage(before, sentence)


def test_holds_reads_the_sentence_and_its_section_path(parts) -> None:
    support = Support(*parts, NOTICES)
    assert support.holds("发票", "可开具发票。")
    assert support.holds("纸质材料", "报送至市人社局。", "三、纸质材料报送")
    assert not support.holds("发票", "评审费每人300元。", "四、收费")


def test_a_title_naming_a_level_is_no_word_of_what_is_asked(parts) -> None:
    """副主任护师 says which level (副高级), as 高级工程师 does: neither it nor its pieces (主任, 护师)
    is a word an answer must hold; 破格 is what is asked."""
    tokenizer, vocab, gazetteer = parts
    tokenizer = Tokenizer(user_words=[*vocab.tokenizer_words, *vocab.series, *vocab.rank_titles()], stopwords=["的"])
    notices = {"a": compact("副主任护师评审实行结构化面试。今年副高级不设破格申报。主任委员由评委会推选。")}
    terms = Support(tokenizer, vocab, gazetteer, notices).content_terms("副主任护师今年能破格吗？")
    assert set(terms) == {"破格"}
