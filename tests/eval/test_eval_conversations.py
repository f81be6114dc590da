"""Conversations: the dataset is valid against the notices; history is passed only when ask() takes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOTICES_DIR

from assistant.models import Answer
from eval.conversations import conversation_summary, load_conversations, run_conversations, validate
from eval.runner import score_item
from eval.suite import DATASETS
from eval.systems import Ours, Timed, history_as

pytestmark = pytest.mark.unit
DATA = Path(__file__).resolve().parent / "data"


def notice_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in NOTICES_DIR.glob("*.txt")}


def test_the_conversation_set_is_valid_against_the_notices() -> None:
    conversations = load_conversations(DATASETS / "conversations.jsonl")
    assert validate(conversations, notice_texts()) == []
    assert len(conversations) >= 20
    assert {c.source for c in conversations} == set(notice_texts())  # every notice has conversations
    turns = [t for c in conversations for t in c.turns]
    assert sum(t.follow_up for t in turns) >= 20 and any(not t.answerable for t in turns)
    assert all(t.id == f"{t.conversation}#{t.turn}" for t in turns)


def test_validation_reports_bad_evidence(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text((DATA / "tiny_conversations.jsonl").read_text(encoding="utf-8").replace("7月25日前", "7月26日前"),
                    encoding="utf-8")
    problems = validate(load_conversations(path), notice_texts())
    assert problems == ["tc-1#2: no evidence string occurs in the source notice"]


class Recorder:
    """A scripted system: records what it was asked and with which history."""

    name = "fake"

    def __init__(self, supports_history: bool) -> None:
        self.supports_history = supports_history
        self.calls: list[tuple[str, list | None]] = []

    def ask(self, question: str, history=None) -> Answer:
        self.calls.append((question, None if history is None else [q for q, _ in history]))
        return Answer(question=question, text="7月20日 7月25日")


@pytest.mark.parametrize("with_history", [True, False])
def test_history_is_given_only_to_systems_that_take_it(with_history: bool) -> None:
    conversations = load_conversations(DATA / "tiny_conversations.jsonl")
    system = Recorder(with_history)
    results = run_conversations(Timed(system), conversations, score_item)
    first, second = conversations[0].turns
    if with_history:
        assert system.calls == [(first.question, []), (second.question, [first.question])]
    else:
        assert system.calls == [(first.question, None), (second.question, None)]
    assert [r.follow_up for r in results] == [False, True] and all(r.correct for r in results)
    summary = conversation_summary(results)
    assert summary["conversation_accuracy"] == 1.0 and summary["by_turn"]["follow-up"]["n"] == 1


def test_history_takes_the_form_ask_declares() -> None:
    turns = [("南通冶金网上申报什么时候？", Answer(question="q", text="7月20日"))]
    assert history_as("list[str] | None", turns) == ["南通冶金网上申报什么时候？"]
    assert history_as("list[Answer] | None", turns) == [turns[0][1]]
    assert history_as("list[tuple[str, str]]", turns) == [("南通冶金网上申报什么时候？", "7月20日")]
    assert history_as("list[dict]", turns) == [{"role": "user", "content": "南通冶金网上申报什么时候？"},
                                               {"role": "assistant", "content": "7月20日"}]


def test_ours_probes_the_history_parameter() -> None:
    class Old:
        def ask(self, question: str, notice: str | None = None, mode: str = "hybrid") -> Answer:
            return Answer(question=question, text=mode)

    class New:
        def ask(self, question: str, history: list[str] | None = None) -> Answer:
            return Answer(question=question, text=repr(history))

    assert not Ours(Old()).supports_history and Ours(Old()).ask("q", []).text == "hybrid"
    assert Ours(New()).supports_history and Ours(New()).ask("q", [("a", Answer(question="a", text="x"))]).text == "['a']"


@pytest.mark.unit
def test_a_conversation_file_is_told_from_a_question_file() -> None:
    from eval.conversations import is_conversations

    data = Path(__file__).parent / "data"
    assert is_conversations(data / "tiny_conversations.jsonl")
    assert not is_conversations(data / "tiny.jsonl")
