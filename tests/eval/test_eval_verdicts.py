"""The yes/no verdicts an evaluation scores: the labels, what an answer gives, and the figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.scoring import VERDICTS, ItemResult, load_items, metrics

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def _result(id_: str, expected: str | None, given: str | None, abstained: bool = False) -> ItemResult:
    return ItemResult(id=id_, question="能补报吗？", kind="rule", answerable=True, source="n.txt", retrieved=[],
                      support_rank=1, answer="", citations=[], abstained=abstained, correct=True,
                      citation_supported=True, latency_ms=1.0, verdict_expected=expected, verdict_given=given)


def test_verdict_figures_count_the_answers_given_to_labelled_questions() -> None:
    found = metrics([_result("a", "no", "no"), _result("b", "no", "yes"), _result("c", "yes", None),
                     _result("d", "depends", "yes"), _result("e", None, "yes"), _result("f", "yes", None, abstained=True)])
    assert found["n_yesno"] == 3  # a, b, c: labelled yes/no and answered
    assert found["yesno_accuracy"] == round(1 / 3, 4)  # a; c gave none
    assert found["wrong_yesno_rate"] == 0.5  # b of the two that gave one


def test_labels_attach_by_id_and_wording(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    rows = [{"id": "x-1", "question": "能补报吗？", "answerable": True}, {"id": "x-2", "question": "能代交吗？", "answerable": True}]
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    labels = tmp_path / "v.jsonl"
    labels.write_text(json.dumps({"id": "x-1", "question": "能补报吗？", "verdict": "no"}, ensure_ascii=False) + "\n"
                      + json.dumps({"id": "x-2", "question": "另一个问题？", "verdict": "yes"}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = load_items(questions, labels)
    assert [i.verdict for i in items] == ["no", None]  # x-2's label is for another wording


def test_every_label_is_of_a_question_in_the_sets() -> None:
    """A label whose question was reworded or dropped would silently score nothing."""
    sets = [ROOT / "eval/datasets/notices.jsonl", ROOT / "eval/datasets/dev.jsonl", ROOT / "eval/holdout/questions.jsonl",
            ROOT / "eval/corpus/questions"]
    labelled = {i.id for s in sets for i in load_items(s) if i.verdict}
    rows = [json.loads(line) for line in VERDICTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows and {r["id"] for r in rows} == labelled
    assert all(r["verdict"] in ("yes", "no", "depends") for r in rows)
