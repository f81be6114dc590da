"""Multi-turn conversations (eval/datasets/conversations.jsonl, format in eval/datasets/README.md).

Each turn is scored like a FORMAT.md question. A system that takes a history gets the earlier turns
of the same conversation (its own answers); one that does not is asked every turn on its own, so a
follow-up such as "那纸质材料呢？" is then scored without the notice the first turn named.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from eval.scoring import Item, ItemResult, metrics, norm
from eval.systems import Timed, Turn


class Conversation(BaseModel):
    id: str
    source: str | None = Field(default=None, description="the notice the conversation starts on")
    topic: str = ""
    turns: list[Item]


def load_conversations(path: Path) -> list[Conversation]:
    conversations = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        for i, turn in enumerate(raw.get("turns", []), 1):
            turn.setdefault("id", f"{raw['id']}#{i}")
            turn.update(conversation=raw["id"], turn=i)
        try:
            conversations.append(Conversation.model_validate(raw))
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not a conversation: {exc}") from exc
    return conversations


def is_conversations(path: Path) -> bool:
    """A conversation set: its first non-empty line is an object with ``turns`` (a folder is a question set)."""
    if path.is_dir():
        return False
    with path.open(encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    return '"turns"' in first and isinstance(json.loads(first).get("turns"), list)


def items_of(conversations: list[Conversation]) -> list[Item]:
    return [t for c in conversations for t in c.turns]


def validate(conversations: list[Conversation], notices: dict[str, str]) -> list[str]:
    """Problems with a conversation set, checked against the notice texts (file name → text)."""
    problems: list[str] = []
    seen: set[str] = set()
    texts = {name: norm(text) for name, text in notices.items()}
    for c in conversations:
        if c.id in seen:
            problems.append(f"{c.id}: duplicate id")
        seen.add(c.id)
        if len(c.turns) < 2:
            problems.append(f"{c.id}: fewer than two turns")
        if c.turns and c.turns[0].follow_up:
            problems.append(f"{c.id}: the first turn cannot be a follow-up")
        for t in c.turns:
            problems += [f"{t.id}: {p}" for p in _turn_problems(t, texts)]
    return problems


def _turn_problems(t: Item, texts: dict[str, str]) -> list[str]:
    if not t.answerable:
        return [] if not (t.source or t.evidence or t.answer_must) else ["unanswerable turns need no source/evidence/answer_must"]
    if t.source not in texts:
        return [f"source {t.source!r} is not a known notice"]
    text = texts[t.source]
    problems = []
    if not t.evidence or not any(norm(e) in text for e in t.evidence):
        problems.append("no evidence string occurs in the source notice")
    if not t.answer_must:
        problems.append("answer_must is empty")
    for group in t.answer_must:
        if not any(norm(s) in text for s in group):
            problems.append(f"no string of {group} occurs in the source notice")
    return problems


def run_conversations(system: Timed, conversations: list[Conversation], score) -> list[ItemResult]:
    """Every turn of every conversation; ``score(item, answer, latency_ms)`` makes the result."""
    results = []
    for c in conversations:
        history: list[Turn] = []
        for turn in c.turns:
            answer, ms = system.ask(turn.question, history if system.supports_history else None)
            history.append((turn.question, answer))
            results.append(score(turn, answer, ms))
    return results


def conversation_summary(results: list[ItemResult]) -> dict:
    """First turns vs follow-ups, and the share of conversations in which every turn is right."""
    by_conv: dict[str, list[ItemResult]] = {}
    for r in results:
        by_conv.setdefault(r.conversation or r.id, []).append(r)
    ok = [all(_turn_ok(r) for r in turns) for turns in by_conv.values()]
    return {
        "conversation_accuracy": round(sum(ok) / len(ok), 4) if ok else None,
        "n_conversations": len(ok),
        "by_turn": {
            "first turn": metrics([r for r in results if not r.follow_up]),
            "follow-up": metrics([r for r in results if r.follow_up]),
        },
    }


def _turn_ok(r: ItemResult) -> bool:
    return r.correct if r.answerable else r.abstained
