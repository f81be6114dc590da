"""What the helpdesk copilot shows beside an answer: how sure it is, and a yes/no question's verdict."""

from __future__ import annotations

import pytest

from assistant.models import Answer, Decision
from assistant.web.render import decision_line

pytestmark = pytest.mark.unit
DECIDED = Decision(probability=0.83, threshold=0.21, answered=True)


def _answer(kind: str, verdict: str | None = None, abstained: bool = False) -> Answer:
    return Answer(question="能邮寄吗？", text="…", kind=kind, verdict=verdict, abstained=abstained, decision=DECIDED)


def test_the_line_shows_the_probability_against_the_threshold() -> None:
    assert decision_line(_answer("deadline")) == "　置信度 0.83（回答需 ≥ 0.21）"


@pytest.mark.parametrize(("verdict", "shown"), [("no", "是否：否"), ("yes", "是否：是"), (None, "是否：未下结论")])
def test_a_yes_no_answer_shows_its_verdict_or_that_it_states_none(verdict: str | None, shown: str) -> None:
    assert shown in decision_line(_answer("yesno", verdict))


def test_no_verdict_is_shown_for_an_abstention_or_another_kind() -> None:
    assert "是否" not in decision_line(_answer("yesno", None, abstained=True))
    assert "是否" not in decision_line(_answer("fee"))
