"""A yes/no question's verdict, read from the answering sentence by the trained model."""

from __future__ import annotations

import json

import pytest

from assistant.answer.verdict import MODEL_PATH, VerdictModel, features, focus, load_verdicts, read_verdict, sureness
from eval.yesno_verdicts import load_labels, quoted

pytestmark = pytest.mark.unit
SHIPPED = VerdictModel.load(MODEL_PATH)


def test_the_focus_is_the_clause_about_what_is_asked() -> None:
    sentence = "申报助理工程师的人员不组织答辩，申报工程师的须参加答辩。"
    assert focus("申报助理工程师要答辩吗？", sentence) == "申报助理工程师的人员不组织答辩"
    assert focus("邮寄可以吗？", "请按时报送。") == "请按时报送"  # no shared word: every clause ties


def test_features_name_their_text_and_the_word_lists_polarity() -> None:
    found = features("能补报吗？", "逾期不得补报，须按时提交。")
    assert {"s:不得", "f:补报", "q:补报", "<pol:s:False>", "<pol:f:False>"} <= found
    assert features("能补报吗？", "逾期不得补报，须按时提交。") == found


def test_a_verdict_is_given_only_beyond_the_threshold() -> None:
    model = VerdictModel(weights={"s:不得": -3.0, "s:可以": 3.0}, bias=0.0, threshold=0.9)
    assert model.read("能补报吗？", "逾期不得补报。").verdict == "no"
    assert model.read("能代交吗？", "可以代交。").verdict == "yes"
    unsure = model.read("能代交吗？", "可以代交，不得代签。")
    assert unsure.verdict is None and unsure.probability == pytest.approx(0.5)


def test_sureness_is_how_far_the_reading_is_from_undecided() -> None:
    """A sentence that rules on the act reads as yes or no; one that only shares the question's
    words, or holds both readings, as neither; without a model there is no reading."""
    model = VerdictModel(weights={"s:不得": -3.0, "s:可以": 3.0}, bias=0.0, threshold=0.9)
    ruled = sureness("能补报吗？", "逾期不得补报。", model)
    assert ruled == pytest.approx(abs(2 * model.read("能补报吗？", "逾期不得补报。").probability - 1)) and ruled > 0.9
    assert sureness("能补报吗？", "补报材料交到人事科。", model) == pytest.approx(0.0)
    assert sureness("能代交吗？", "可以代交，不得代签。", model) == pytest.approx(0.0)
    assert sureness("能补报吗？", "逾期不得补报。", None) == 0.0


def test_a_reading_summed_from_its_parts_is_the_reading_of_all_its_features() -> None:
    """The shares of the sentence, its focus and the question are kept and added: the same
    probability as the sum over the features of all three, read again or not."""
    pairs = [("纸质材料可以邮寄吗？", "纸质材料不接受邮寄，须本人现场报送。"),
             ("初级需要答辩吗？", "申报助理工程师的人员不组织答辩，申报工程师的须参加答辩。"),
             ("能补报吗？", "补报材料交到人事科。")]
    for question, sentence in pairs * 2:
        assert SHIPPED.probability(question, sentence) == pytest.approx(
            SHIPPED.probability_of(features(question, sentence)), abs=1e-12)


def test_the_model_survives_a_round_trip_through_json() -> None:
    model = VerdictModel(weights={"s:不得": -3.0}, bias=0.25, threshold=0.8, info={"C": 1.0})
    assert VerdictModel.from_json(model.to_json()) == model


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # the clause asked about decides, not any word of the sentence
    ("可以委托别人代交吗？", "本人不能到场的，可委托他人代为办理。", "yes"),
    ("初级需要答辩吗？", "申报助理工程师的人员不组织答辩，申报工程师的须参加答辩。", "no"),
    ("纸质材料可以邮寄吗？", "纸质材料不接受邮寄，须本人现场报送。", "no"),
])
def test_the_shipped_model_reads_sentences_that_both_allow_and_forbid(question: str, sentence: str, verdict: str) -> None:
    assert read_verdict(question, sentence, SHIPPED) == verdict


def test_the_shipped_model_records_its_threshold_and_left_out_figures() -> None:
    assert 0.5 < SHIPPED.threshold < 1
    assert SHIPPED.info["lono"]["wrong_among_given"] <= 0.05  # type: ignore[index]


def test_without_a_model_the_word_list_reads_the_verdict(tmp_path) -> None:
    assert load_verdicts(tmp_path / "none.json") is None and load_verdicts(None) is None
    assert read_verdict("能补报吗？", "逾期不得补报。", None) == "no"
    assert read_verdict("能代交吗？", "可委托他人代交。", None) == "yes"
    assert read_verdict("能代交吗？", "材料报送至人才中心。", None) is None


def test_nearly_every_label_finds_the_sentence_of_its_notice() -> None:
    """The model learns from the sentence the answerer quotes; a label whose deciding words no longer
    occur in its notice would teach it the words alone."""
    labels = load_labels()
    assert len(labels) > 400
    assert sum(lab.sentence != lab.because for lab in labels) >= 0.95 * len(labels)


def test_a_runs_quotes_are_read_without_the_notices_own_question(tmp_path) -> None:
    labels = [lab for lab in load_labels() if not lab.dev][:2]
    results = [{"id": labels[0].id, "abstained": False, "citations": [{"quote": "问1：能补报吗？\n答：逾期不得补报。"}]},
               {"id": labels[1].id, "abstained": True, "citations": []},
               {"id": "not-labelled", "abstained": False, "citations": [{"quote": "可以。"}]}]
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"datasets": {"x": {"systems": {"ours": {"results": results}}}}}), encoding="utf-8")
    assert quoted(run, labels) == [(labels[0], "答：逾期不得补报。")]
