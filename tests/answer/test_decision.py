"""The judge that decides whether an answer is given."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.answer.decision import (
    FEATURES,
    LEXICAL_PREFIXES,
    AlwaysJudge,
    GateJudge,
    LogisticModel,
    ModelJudge,
    intent_columns,
    lexical_features,
    load_judge,
    notice_missing,
    ranking_lexical,
)
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.index.notice_grams import NoticeGrams
from assistant.models import NoticeMeta, Passage
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.scope import ScopeResolver

pytestmark = pytest.mark.unit

PASSING = {"missing_terms": 0.0, "unknown_topics": 0.0, "accepted": 1.0, "any_required": 1.0}


def model(threshold: float = 0.5) -> LogisticModel:
    """Weighs coverage only: standardised around 0.5."""
    return LogisticModel(features=["coverage"], mean=[0.5], scale=[0.25], coef=[2.0], intercept=0.0,
                              threshold=threshold)


def test_a_feature_marked_by_the_kind_of_question_counts_only_for_that_kind() -> None:
    """"coverage*intent_yesno" is the coverage of a yes/no question's answer: a judge can ask more of
    a yes/no answer's coverage than of a deadline's."""
    judge = LogisticModel(features=["coverage*intent_yesno"], mean=[0.0], scale=[1.0], coef=[-4.0], intercept=0.0)
    yes_no = {"coverage": 1.0, "intent_yesno": 1.0}
    assert judge.probability(yes_no) < 0.05
    assert judge.probability(yes_no | {"intent_yesno": 0.0, "intent_deadline": 1.0}) == 0.5
    assert {"coverage*intent_yesno", "coverage*intent_deadline"} <= set(FEATURES)


def test_the_model_is_a_logistic_regression_over_standardised_features() -> None:
    m = model()
    assert m.probability({"coverage": 0.5}) == pytest.approx(0.5)
    assert m.probability({"coverage": 1.0}) > 0.98 > 0.02 > m.probability({"coverage": 0.0})
    assert m.probability({}) < 0.5  # a feature not measured counts as 0


def test_lexical_features_name_what_the_sentence_lacks_and_holds() -> None:
    features = lexical_features("网上申报截止到哪天？", "纸质材料报送截止时间为7月25日。")
    assert {"miss:网上", "miss:网", "hit:截止"} <= set(features) and "hit:网上" not in features
    assert all(k.startswith(LEXICAL_PREFIXES) and v == 1.0 for k, v in features.items())


def test_lexical_features_read_the_sentence_under_its_headings() -> None:
    """The notice's title and the section path count as the sentence's own words: an address under
    "三、纸质材料报送" holds 纸质; no pair is formed across the end of a heading."""
    alone = lexical_features("纸质材料交到哪里？", "地址：港东大道1号。")
    under = lexical_features("纸质材料交到哪里？", "地址：港东大道1号。", ["关于报送评审材料的通知", "三、纸质材料报送"])
    assert "miss:纸质" in alone and "hit:纸质" in under and "miss:纸质" not in under
    assert "miss:知地" in lexical_features("通知地址", "地址", ["通知"])


def test_lexical_features_leave_out_grams_no_notice_holds() -> None:
    """A slip (材科 for 材料) is no word of the notices: with ``known`` it is not counted as lacking."""
    notices = NoticeGrams.build({"a": ("1", "纸质材料交到人社局")})
    question, sentence = "纸质材科交到哪里？", "纸质材料交到人社局。"
    plain = lexical_features(question, sentence)
    read = lexical_features(question, sentence, known=lambda g: notices.count(g) > 0)
    assert "miss:材科" in plain and "miss:科" in plain
    assert "miss:材科" not in read and "miss:科" not in read and "hit:纸质" in read


def test_notice_missing_counts_the_question_pairs_the_answering_notice_never_writes() -> None:
    """告知 is written by another notice, so the question asks what this notice never says; 材科 is
    written by none (a slip) and does not count."""
    grams = NoticeGrams.build({"a": ("1", "校外送审时间为11月3日至11月28日。"), "b": ("1", "评审结果书面告知申报人。")})
    assert notice_missing("校外送审结果什么时候告知？", "a", grams) == {"notice_missing_share": 0.5, "notice_missing_n": 3.0}
    assert notice_missing("校外送审时间？", "a", grams)["notice_missing_n"] == 0.0
    assert notice_missing("材科", "a", grams) == {"notice_missing_share": 0.0, "notice_missing_n": 0.0}


def test_a_place_named_only_in_the_notices_metadata_counts_as_held() -> None:
    """The headings also hold the words that name the notice (the scope resolver's own surfaces):
    a title that says only 自治区 still reads as 新疆 when the notice's province is 新疆维吾尔自治区."""
    root = Path(__file__).resolve().parents[2]
    notice = NoticeMeta(notice_id="xj", file_name="xj.txt", title="关于做好2024年度自治区有色金属行业职称评审工作的通知",
                        province="新疆维吾尔自治区", year=2024, series=["工程技术"])
    resolver = ScopeResolver([notice], {"xj": ""}, Gazetteer.load(root / "knowledge" / "regions.csv"),
                             load_vocabulary(root / "knowledge" / "vocabulary.yaml"))
    support = SimpleNamespace(vocab=SimpleNamespace(alternatives=lambda text: {}))
    passage = Passage(id="p", notice_id="xj", text="地址：乌鲁木齐市友好北路636号。", section=["五、材料报送"])
    question, sentence = "新疆有色金属职称纸质材料寄到哪里？", passage.text
    bare = ExtractiveAnswerer(support, {"xj": notice}, 3, 2)  # type: ignore[arg-type]
    named = ExtractiveAnswerer(support, {"xj": notice}, 3, 2,  # type: ignore[arg-type]
                               names=lambda nid: resolver.own_surfaces([nid]))
    assert "新疆" in named._headings(passage) and named._headings(passage)[0] == notice.title
    assert named._headings(passage)[-1] == "五、材料报送"
    assert "miss:新疆" in lexical_features(question, sentence, bare._headings(passage))
    read = lexical_features(question, sentence, named._headings(passage))
    assert "hit:新疆" in read and "miss:新疆" not in read and "miss:新" not in read


def test_lexical_weights_count_as_they_are_and_unseen_ones_not_at_all() -> None:
    m = model().model_copy(update={"lexical": {"miss:网上": -3.0}})
    base = m.probability({"coverage": 0.5})
    assert m.probability({"coverage": 0.5, "miss:网上": 1.0}) < 0.1 < base
    assert m.probability({"coverage": 0.5, "miss:从未见过": 1.0}) == base


def test_the_model_judge_answers_at_its_threshold_and_records_why() -> None:
    judge = ModelJudge(model(threshold=0.7))
    low, high = judge.decide({"coverage": 0.6, **PASSING}), judge.decide({"coverage": 0.9, **PASSING})
    assert (low.answered, high.answered) == (False, True)
    assert low.threshold == 0.7 and 0 < low.probability < 0.7 and low.judge == "model"
    assert ModelJudge(model(), threshold=0.99).decide({"coverage": 0.9}).answered is False


def test_the_model_withholds_answers_the_gates_allow_and_never_overrules_them() -> None:
    """A veto: a sure model does not answer what a gate refuses; an unsure one withholds what the
    gates allow."""
    judge = ModelJudge(model())
    refused = judge.decide({"coverage": 1.0, **PASSING, "missing_terms": 2.0})
    assert not refused.answered and refused.reasons == ["missing_terms"] and refused.probability > 0.9
    assert GateJudge().decide({"coverage": 0.2, **PASSING}).answered
    vetoed = judge.decide({"coverage": 0.2, **PASSING})
    assert not vetoed.answered and vetoed.reasons == []


def test_a_follow_up_is_left_to_the_gates() -> None:
    """The model learned from questions asked on their own, not from "那纸质材料呢？" read with the
    question before it."""
    decision = ModelJudge(model()).decide({"coverage": 0.2, **PASSING, "follow_up": 1.0})
    assert decision.answered and decision.probability < 0.5
    assert not ModelJudge(model()).decide({"coverage": 0.2, **PASSING, "missing_terms": 1.0, "follow_up": 1.0}).answered


def test_without_a_model_the_hand_written_gates_decide() -> None:
    assert GateJudge().decide(PASSING).answered
    assert not GateJudge().decide({**PASSING, "any_required": 0.0}).answered
    assert AlwaysJudge().decide({**PASSING, "accepted": 0.0}).answered


def test_load_judge_falls_back_to_the_gates(tmp_path: Path) -> None:
    assert isinstance(load_judge(tmp_path / "missing.json"), GateJudge)
    path = tmp_path / "m.json"
    path.write_text(model(0.6).model_dump_json(), encoding="utf-8")
    judge = load_judge(path, threshold=0.4)
    assert isinstance(judge, ModelJudge) and judge.threshold == 0.4


def test_the_shipped_model_is_complete() -> None:
    from assistant.settings import Settings

    path = Settings().answer.model_file
    if path is None or not path.exists():
        pytest.skip("no trained model shipped")
    shipped = LogisticModel.load(path)
    assert set(shipped.features) <= set(FEATURES)
    assert len(shipped.coef) == len(shipped.mean) == len(shipped.scale) == len(shipped.features)
    assert 0 < shipped.threshold < 1 and shipped.about.get("leave_one_notice_out")
    assert all(name.startswith(LEXICAL_PREFIXES) for name in shipped.lexical)


def test_lexical_features_are_wanted_only_by_a_judge_that_reads_them() -> None:
    assert not GateJudge().wants_lexical and AlwaysJudge().wants_lexical  # collecting keeps them
    assert not ModelJudge(model()).wants_lexical
    assert ModelJudge(model().model_copy(update={"lexical": {"miss:网上": -3.0}})).wants_lexical


def test_the_ranker_reads_each_lexical_feature_again_marked_by_the_fact_the_sentence_gives() -> None:
    """An address line that does not repeat 纸质 lacks it as a sentence giving a place; the deadline
    line holding it holds it as one giving none: a ranker can weigh the two apart."""
    question = "纸质材料寄到哪里？"
    address = ranking_lexical(question, "材料报送地址：人民路8号", [], {"kind_match": 1.0, "coverage": 0.4})
    deadline = ranking_lexical(question, "纸质材料报送时间：10月30日前", [], {"kind_match": 0.0, "coverage": 0.9})
    assert address["miss:纸质|fact"] == address["miss:纸质"] == 1.0 and "miss:纸质|nofact" not in address
    assert deadline["hit:纸质|nofact"] == 1.0 and not any(k.endswith("|fact") for k in deadline)
    assert address["by:coverage|fact"] == 0.4 and deadline["by:coverage|nofact"] == 0.9
    assert "by:coverage|nofact" not in address


def test_a_kind_the_judge_has_no_column_for_is_judged_with_the_kinds_of_no_fixed_shape() -> None:
    assert intent_columns("deadline")["intent_deadline"] == 1.0
    assert intent_columns("platform") == intent_columns("other")
    assert sum(intent_columns("platform").values()) == 1.0
