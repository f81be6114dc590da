"""Follow-up questions keep the notice of the conversation (no LLM)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.models import Answer
from tests.test_pipeline import satisfies

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES["followups"], ids=lambda c: c["question"])
def test_followup_inherits_the_notice(bundled, case: dict) -> None:
    answer = bundled.assistant.ask(case["question"], history=case["history"])
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, case["answer_must"])
    assert {c.notice_id for c in answer.citations} == {case["notice"]}
    assert any(r.startswith("沿用上文") for r in answer.scope.reasons)


@pytest.mark.integration
def test_without_history_the_same_followup_is_not_scoped(bundled) -> None:
    case = CASES["followups"][0]
    answer = bundled.assistant.ask(case["question"])
    assert not answer.scope.named


@pytest.mark.integration
def test_eligibility_question_is_assessed_and_later_facts_are_added(bundled) -> None:
    case = CASES["assessment_chat"]
    first = bundled.assistant.ask(case["question"])
    assert first.assessment and first.assessment["verdict"] == case["verdict_first"]
    second = bundled.assistant.ask(case["followup"], history=[case["question"]])
    assert second.assessment and second.assessment["verdict"] == case["verdict_after"]
    assert second.citations, "the notice sentences the assessment rests on are cited"
    for citation in second.citations:
        passage = bundled.assistant.store.passages()[citation.passage_id]
        assert citation.notice_id == passage.notice_id


@pytest.mark.integration
def test_ordinary_questions_are_not_assessed(bundled) -> None:
    answer = bundled.assistant.ask(CASES["deadline"]["question"])
    assert answer.assessment is None


@pytest.mark.integration
def test_stream_yields_pieces_then_the_final_answer(bundled):
    events = list(bundled.assistant.stream("南通市中级职称评审费是多少？"))
    final = events[-1]
    assert isinstance(final, Answer) and not final.abstained
    assert all(isinstance(e, str) for e in events[:-1]) and len(events) > 2
    assert "".join(events[:-1]) == final.text


# ---- follow-ups read in their conversation (assistant/conversation.py) --------------------------

CHAINS = [
    # a place alone: series, level and what was asked stay
    (["丹阳市机械工程中初级职称什么时候网上申报？", "句容市的呢？"], [["4月10日"], ["6月28日"]], "003_4ed8adcf736a59c4"),
    # an elliptical question about the topic of the turn before
    (["南通冶金中级职称评审费多少钱？", "什么时候交？"], [["报送材料时"]], "000_0c0ecf8262729fd8"),
    # a new question with no place: the notice stays, and the earlier place word picks the table row
    (["镇江市区建设工程中初级职称网络申报是什么时候？", "受理单位电话多少？"], [["84403810"]], "003_4ed8adcf736a59c4"),
    # "那X呢" after a question the knowledge base cannot answer: X's notice, the same kind of answer
    (["北京市2024年工程师职称什么时候申报？", "那南通冶金工程中级呢？"], [["7月20日"]], "000_0c0ecf8262729fd8"),
    # a focus noun of one character, and the earlier topic locating the paragraph
    (["参加“访惠聚”驻村的人评新疆有色金属职称可以免什么？", "要交什么表？"], [["免试审批表"]], "004_9e0c668b7d02aace"),
]


@pytest.mark.integration
@pytest.mark.parametrize("turns,must,notice", CHAINS, ids=lambda v: v[-1] if isinstance(v, list) and v and isinstance(v[0], str) else None)
def test_followup_keeps_what_it_leaves_out(bundled, turns, must, notice) -> None:
    answer = bundled.assistant.ask(turns[-1], history=turns[:-1])
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, must), answer.text
    assert {c.notice_id for c in answer.citations} == {notice}


@pytest.mark.integration
def test_another_place_drops_a_series_its_notice_lacks(bundled) -> None:
    """丹阳 机械工程 → "那南通的呢？": 南通's notice is for 冶金工程, so 机械工程 is not carried over."""
    answer = bundled.assistant.ask("那南通的呢？", history=["丹阳市机械工程中初级职称什么时候网上申报？"])
    assert answer.scope.notice_ids == ["000_0c0ecf8262729fd8"] and not answer.scope.out_of_coverage
    assert satisfies(answer.text, [["7月20日"]]), answer.text


@pytest.mark.integration
def test_a_level_the_notice_lacks_is_not_covered(bundled) -> None:
    """"那高级呢？" keeps 南通's notice and changes the level: a 中级-only notice does not cover it."""
    answer = bundled.assistant.ask("那高级呢？", history=["南通冶金工程中级评审费多少钱？"])
    assert answer.abstained and answer.scope.out_of_coverage


@pytest.mark.integration
def test_a_question_naming_its_own_notice_inherits_nothing(bundled) -> None:
    answer = bundled.assistant.ask("锡山区工程中级职称需要交纸质材料吗？", history=["南通冶金中级职称评审费多少钱？"])
    assert answer.scope.notice_ids == ["002_74495ca084d57cd5"]
    assert not any(r.startswith("沿用上文") for r in answer.scope.reasons)


# ---- clarifying questions ----------------------------------------------------------------------


@pytest.mark.integration
def test_a_bare_question_asks_which_notice(bundled) -> None:
    answer = bundled.assistant.ask("多少钱？")
    assert not answer.abstained and len(answer.clarify) >= 2, answer.text
    assert "哪一份通知" in answer.text and all(option in answer.text for option in answer.clarify)
    assert len({c.notice_id for c in answer.citations}) >= 2, "each candidate notice's answer is shown"


@pytest.mark.integration
def test_choosing_an_option_answers_for_that_notice(bundled) -> None:
    first = bundled.assistant.ask("多少钱？")
    for option in first.clarify:
        reply = bundled.assistant.ask(option, history=["多少钱？"])
        assert not reply.abstained, reply.text
        assert len({c.notice_id for c in reply.citations}) == 1 and reply.clarify == []
        assert satisfies(reply.text, [["元"]])


@pytest.mark.integration
def test_a_question_naming_its_notice_gets_no_clarifying_question(bundled) -> None:
    answer = bundled.assistant.ask("南通冶金中级职称评审费多少钱？")
    assert answer.clarify == [] and "哪一份通知" not in answer.text
