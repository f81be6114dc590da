"""The kind-of-fact classifier: its shipped model, clear questions, and the labelled set it learnt from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.understand.kinds import KINDS, MODEL_PATH, KindModel, default_model, features, normalise, predict_kind

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "eval" / "datasets" / "question_kinds.jsonl"
SOURCES = [ROOT / "eval" / "datasets" / "notices.jsonl", ROOT / "eval" / "datasets" / "dev.jsonl",
           ROOT / "eval" / "holdout" / "questions.jsonl", *sorted((ROOT / "eval" / "corpus" / "questions").glob("*.jsonl"))]

CLEAR = [
    ("南通冶金工程中级的纸质材料最晚什么时候交？", "deadline"),
    ("锡山区工程中级职称评审费是多少钱？", "fee"),
    ("评审表要交几份？", "count"),
    ("纸质材料要寄到哪里？", "place"),
    ("职称评审的咨询电话是多少？", "contact"),
    ("网上申报要在哪个平台注册账号？", "platform"),
    ("参公单位的工作人员能申报吗？", "yesno"),
    ("申报材料的第二分册要装哪些材料？", "list"),
    ("纸质材料要怎么装订？", "procedure"),
    ("评审费逾期没交会有什么后果？", "consequence"),
]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_model_file_loads() -> None:
    model = KindModel.load(MODEL_PATH)
    assert model.kinds == KINDS
    assert len(model.bias) == len(KINDS)
    assert model.weights and all(len(row) == len(KINDS) for row in model.weights.values())
    assert abs(sum(model.probabilities("评审费是多少？").values()) - 1.0) < 1e-9


@pytest.mark.parametrize(("question", "kind"), CLEAR)
def test_clear_questions_get_their_kind(question: str, kind: str) -> None:
    assert predict_kind(question) == kind


def test_traditional_characters_read_as_simplified() -> None:
    assert normalise("紙質材料交到哪裡？") == normalise("纸质材料交到哪里？")
    assert default_model().predict("紙質材料交到哪裡？") == "place"


def test_the_cue_rules_are_features() -> None:
    found = features("评审费是多少？")
    assert "<cue:fee>" in found and "<primary:fee>" in found
    assert "费是" in found and "\x02评审" in found


def test_the_labelled_file_is_well_formed() -> None:
    rows = read_jsonl(LABELS)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["kind"] in KINDS, row["id"]
        assert row.get("second_kind", row["kind"]) in KINDS, row["id"]
        assert row["question"].strip() and isinstance(row["subject"], str) and row["subject"], row["id"]
        assert isinstance(row["qualifiers"], list) and all(isinstance(q, str) and q for q in row["qualifiers"]), row["id"]


def test_every_question_is_labelled_with_its_own_wording() -> None:
    originals = {item["id"]: item["question"] for path in SOURCES for item in read_jsonl(path)}
    labelled = {row["id"]: row["question"] for row in read_jsonl(LABELS)}
    assert labelled == originals


def test_the_classifier_reads_the_primary_intent_and_the_cue_rules_the_rest() -> None:
    from assistant.understand.intent import Intent, classify
    from assistant.understand.kinds import read_intents

    model = default_model()
    assert read_intents("评审费逾期没交会有什么后果？", model)[0] is Intent.OTHER  # a consequence, not a fee
    assert classify("评审费逾期没交会有什么后果？")[0] is Intent.FEE
    assert read_intents("评审表要交几份？纸质材料寄到哪里？", model)[:2] == [Intent.COUNT, Intent.CONTACT]
    assert read_intents("评审费逾期没交会有什么后果？", None) == classify("评审费逾期没交会有什么后果？")


def test_the_shipped_model_never_saw_the_dev_set() -> None:
    info = default_model().info
    labelled = read_jsonl(LABELS)
    dev = {item["id"] for item in read_jsonl(ROOT / "eval" / "datasets" / "dev.jsonl")}
    assert info["trained_on"] == len([row for row in labelled if row["id"] not in dev])


def test_scores_do_not_depend_on_the_order_features_come_in() -> None:
    model = default_model()
    present = sorted(features("原件装在哪个袋子里？"))
    assert model.scores_of(present) == model.scores_of(list(reversed(present)))
