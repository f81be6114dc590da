"""The remove-one-fact test (after GovTech's KnowOrNot): delete the sentences that hold a question's
answer from its notice, index the notice again, ask again. The notices then do not say, so the right
reply is an abstention; ``fact_removal_abstention`` is the share of such questions abstained on.

For each answerable item: every sentence of its source notice's passages that holds one of its
evidence strings is deleted (``scoring.supports``: a table-row evidence deletes the row), the notice's
passages are replaced in the store (re-embedded where changed: the embedding cache makes the rest
free), the question is asked, and the original passages are put back. Items whose evidence is found in
no passage are reported as ``not_located`` and left out of the share.

An item's evidence names where its notice says the fact; a notice may say it twice (a sentence and a
table row, the body and a Q&A). Each answer given is reported with the sentences left in its notice
that still hold every ``answer_must`` group (``still_stated``): where one restates the fact, the
item's evidence lacks it and the answer was right (review, then add it to the evidence); where it
states another fact, the answer was wrong.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from assistant.models import Answer, Passage
from assistant.pipeline import Assistant
from assistant.text.sentences import split_sentences
from eval.runner import build_assistant
from eval.scoring import Item, answer_ok, load_items, supports


def redact(passages: list[Passage], evidence: list[str]) -> tuple[list[Passage], int]:
    """The passages without the sentences holding any evidence string, and how many were deleted.
    Evidence spanning two sentences deletes both; a passage left empty is dropped."""
    out, deleted = [], 0
    for p in passages:
        sentences = split_sentences(p.text)
        doomed = _holding(sentences, evidence)
        deleted += len(doomed)
        kept = [s for i, s in enumerate(sentences) if i not in doomed]
        if not doomed:
            out.append(p)
        elif kept:
            text = "\n".join(kept)
            out.append(p.model_copy(update={"text": text, "id": Passage.make_id(p.notice_id, p.order, text)}))
    return out, deleted


def _holding(sentences: list[str], evidence: list[str]) -> set[int]:
    """Indexes of the sentences holding an evidence string, alone or with the sentence after it."""
    doomed = {i for i, s in enumerate(sentences) if supports(s, evidence)}
    for i in range(len(sentences) - 1):
        pair = sentences[i] + sentences[i + 1]
        if not {i, i + 1} & doomed and supports(pair, evidence):
            doomed |= {i, i + 1}
    return doomed


def still_stated(passages: list[Passage], must: list[list[str]]) -> list[str]:
    """The sentences of ``passages`` holding every ``must`` group: what would score as the answer."""
    return [s for p in passages for s in split_sentences(p.text) if must and answer_ok(s, must)]


def ask_without(assistant: Assistant, item: Item, ask: Callable[[str], Answer]) -> tuple[Answer | None, int]:
    """The answer to ``item`` with its evidence deleted from its notice (None when not located)."""
    notice_id = Path(item.source or "").stem
    original = assistant.store.notice_passages(notice_id)
    redacted, deleted = redact(original, item.evidence)
    if not deleted:
        return None, 0
    assistant.store.replace_passages(notice_id, redacted)
    try:
        return ask(item.question), deleted
    finally:
        assistant.store.replace_passages(notice_id, original)


def removal_results(assistant: Assistant, items: list[Item], ask: Callable[[str], Answer] | None = None) -> dict:
    """Ask every answerable item again with its facts removed; the abstention share and the misses."""
    ask = ask or assistant.ask
    abstained, answered, missing = [], [], []
    for item in tqdm([i for i in items if i.answerable and i.source], desc="remove-one-fact", file=sys.stderr, leave=False, disable=None):
        answer, _ = ask_without(assistant, item, ask)
        if answer is None:
            missing.append(item.id)
        elif answer.abstained:
            abstained.append(item.id)
        else:
            answered.append({"id": item.id, "question": item.question, "answer": answer.text[:300],
                             "still_stated": _left(assistant, item)[:3]})
    tried = len(abstained) + len(answered)
    return {
        "fact_removal_abstention": round(len(abstained) / tried, 4) if tried else None,
        "n": tried,
        "not_located": missing,
        "answered": answered,
        "answered_still_stated": sum(1 for a in answered if a["still_stated"]),
    }


def _left(assistant: Assistant, item: Item) -> list[str]:
    """The sentences of the item's notice that hold its answer after its evidence is deleted."""
    redacted, _ = redact(assistant.store.notice_passages(Path(item.source or "").stem), item.evidence)
    return still_stated(redacted, item.answer_must)


def run_removal(dataset: Path, docs: list[Path]) -> dict:
    """``python -m eval removal``: the remove-one-fact test on one question set, in a temporary store."""
    items = load_items(dataset)
    with tempfile.TemporaryDirectory(prefix="zc-removal-") as tmp:
        assistant = build_assistant(Path(tmp), docs)
        return {"dataset": str(dataset), "docs": [str(d) for d in docs], **removal_results(assistant, items)}
