"""The collection keeps, beside each judged answer, the next candidates weighed as the judge would
weigh them were they the answer: what a judge that picks the sentence itself learns from."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.decision import LEXICAL_PREFIXES
from eval.answerability import ALTERNATIVES, FOLDS, collect_answers
from eval.scoring import Item
from tests.found import COLLEGE, COLLEGE_NOTICE, found_for, indexed

pytestmark = pytest.mark.integration


ITEM = Item(id="qc-1", question="青川学院申报副教授的教学能力测评采取什么方式？", answerable=True,
            source=f"{COLLEGE}.txt", evidence=["采取说课方式"], answer_must=[["说课"]])


def _dense(features: dict[str, float]) -> set[str]:
    """The names of the features every sentence has (the lexical ones name its words)."""
    return {k for k in features if not k.startswith(LEXICAL_PREFIXES)}


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    return indexed(make_assistant, tmp_path, COLLEGE, COLLEGE_NOTICE)


def test_the_judge_weighs_what_found_says_of_the_first_candidate(college) -> None:
    found, answer = found_for(college, ITEM.question), college.ask(ITEM.question)
    assert found.judged is not None and answer.decision is not None
    assert found.judged(found.candidates[0]) == answer.decision.features
    other = found.judged(next(c for c in found.scored if c.sentence != found.candidates[0].sentence))
    assert _dense(other) == _dense(answer.decision.features) and other["margin"] <= 0 <= answer.decision.features["margin"]


def test_each_judged_answer_keeps_the_next_candidates_labelled_by_what_they_hold(college) -> None:
    asked, removed = collect_answers(college, [ITEM], "t", [None] * FOLDS, [None] * FOLDS, removal=True, paraphrased=False)
    assert not asked.removal and removed.removal
    for row in (asked, removed):
        assert 0 < len(row.alternatives) <= ALTERNATIVES
        assert len({a.quote for a in row.alternatives}) == len(row.alternatives)
        assert all(_dense(a.features) == _dense(row.features or {}) for a in row.alternatives)
        assert all(a.title.startswith("关于做好2025年度青川学院") for a in row.alternatives)
    assert all(a.label == int("说课" in a.quote) for a in asked.alternatives)
    assert not any(a.label for a in removed.alternatives)  # its evidence removed, no sentence answers it
