"""Follow-up questions keep the notice of the conversation (no LLM)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.test_pipeline import satisfies
from assistant.models import Answer

CASES = yaml.safe_load((Path(__file__).parent / "data" / "cases.yaml").read_text(encoding="utf-8"))


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
