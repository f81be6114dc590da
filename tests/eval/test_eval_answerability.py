"""eval.answerability: the judge is scored and its threshold chosen as the product uses it, a veto."""

from __future__ import annotations

import pytest

from eval.answerability import Row, choose_threshold, figures, vetoed

pytestmark = pytest.mark.unit

PASS = {"missing_terms": 0.0, "unknown_topics": 0.0, "accepted": 1.0, "any_required": 1.0}
FAIL = {**PASS, "accepted": 0.0}


def rows_and_probabilities() -> tuple[list[Row], dict[int, float]]:
    """17 answerable questions: the gates pass 15 (9 right answers the judge trusts, 1 it doubts,
    5 wrong ones it doubts more) and refuse 2 the judge would trust."""
    spec = [(PASS, 1, 0.9)] * 9 + [(PASS, 1, 0.05)] + [(PASS, 0, 0.04)] * 5 + [(FAIL, 1, 0.99)] * 2
    rows = [Row(id=f"q{i}", dataset="d", group=f"n{i % 3}", answerable=True, features=f, label=label)
            for i, (f, label, _) in enumerate(spec)]
    return rows, {i: p for i, (_, _, p) in enumerate(spec)}


def test_the_veto_never_answers_what_the_gates_refuse() -> None:
    rows, probs = rows_and_probabilities()
    veto = vetoed(rows, probs)
    assert veto[15] == veto[16] == 0.0 and veto[0] == 0.9
    assert figures(rows, veto, 0.01)["answer_accuracy"] == round(10 / 17, 4)  # the gates' own


def test_the_threshold_withholds_what_it_can_within_the_answers_it_may_cost() -> None:
    """With no loss allowed it withholds the five wrong answers and keeps the doubted right one;
    allowed one answer in seventeen, it withholds that one too."""
    rows, probs = rows_and_probabilities()
    veto = vetoed(rows, probs)
    assert choose_threshold(rows, veto, None, 0.0) == 0.05
    assert figures(rows, veto, 0.05)["wrong_answer_rate"] == 0.0
    assert choose_threshold(rows, veto, None, 0.06) == 0.9
