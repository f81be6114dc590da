"""Run a question set through the assistant in a temporary store and score it."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from assistant.models import Answer
from assistant.pipeline import Assistant
from assistant.settings import Settings
from eval.conversations import conversation_summary, is_conversations, items_of, load_conversations, run_conversations
from eval.faithfulness import unfaithful_facts
from eval.scoring import Item, ItemResult, answer_ok, load_items, metrics, support_rank, supports
from eval.systems import Ours, Timed

SNIPPET = 160  # characters of each retrieved passage kept in the results (for the report)


def build_assistant(workdir: Path, docs: list[Path], settings: Settings | None = None, embeddings=None) -> Assistant:
    """An assistant over the bundled notices plus ``docs``, in ``workdir``; the user's index is untouched."""
    base = settings or Settings()
    temp = base.model_copy(update={"data_dir": workdir})
    assistant = Assistant(temp, embeddings=embeddings)
    results = assistant.ensure_bundled()
    if docs:
        results += assistant.ingest(docs)
    for r in results:
        if r.status == "error":
            print(f"ingest failed: {r.path}: {r.message}", file=sys.stderr)
    return assistant


def score_item(item: Item, answer: Answer, latency_ms: float) -> ItemResult:
    texts = [h.passage.text for h in answer.passages]
    cited = [c.quote for c in answer.citations]
    cited_passages = {c.passage_id for c in answer.citations}
    cited_texts = [h.passage.text for h in answer.passages if h.passage.id in cited_passages] + cited
    # what an answer may also repeat: the provenance of what it cites (title, section, page)
    provenance = [f"{c.notice_title}\n{c.section}\n第{c.page}页" for c in answer.citations]
    return ItemResult(
        id=item.id,
        question=item.question,
        kind=item.kind,
        answerable=item.answerable,
        source=item.source,
        retrieved=[
            {"id": h.passage.id, "notice_id": h.passage.notice_id, "section": h.passage.section_label,
             "score": round(h.score, 4), "found_by": h.found_by, "snippet": h.passage.text[:SNIPPET]}
            for h in answer.passages
        ],
        support_rank=support_rank(texts, item.evidence) if item.answerable else None,
        answer=answer.text,
        direct=answer.direct,
        citations=[c.model_dump() for c in answer.citations],
        abstained=answer.abstained,
        correct=item.answerable and not answer.abstained and answer_ok(answer.text, item.answer_must),
        direct_correct=item.answerable and not answer.abstained and answer_ok(answer.direct, item.answer_must),
        confidence=getattr(answer, "confidence", None),
        citation_supported=item.answerable and any(supports(t, item.evidence) for t in cited_texts),
        latency_ms=round(latency_ms, 1),
        phrasing=item.phrasing,
        unfaithful=[] if answer.abstained else unfaithful_facts(answer.text, cited_texts + provenance),
        conversation=item.conversation,
        turn=item.turn,
        follow_up=item.follow_up,
        expected_must=item.answer_must,
        expected_evidence=item.evidence,
        llm=answer.llm.model_dump() if answer.llm else None,
        verdict_expected=item.verdict,
        verdict_given=None if answer.abstained else answer.verdict,
    )


def run_items(
    assistant: Assistant, items: list[Item], mode: str = "hybrid", ask: Callable[[str], Answer] | None = None
) -> list[ItemResult]:
    ask = ask or (lambda q: assistant.ask(q, mode=mode))
    results = []
    for item in tqdm(items, desc="questions", file=sys.stderr, leave=False):
        started = time.perf_counter()
        answer = ask(item.question)
        results.append(score_item(item, answer, 1000 * (time.perf_counter() - started)))
    return results


def run(dataset: Path, docs: list[Path], mode: str = "hybrid") -> dict:
    """A question set, or a conversation set (lines with ``turns``: each turn gets the earlier ones)."""
    conversations = load_conversations(dataset) if is_conversations(dataset) else None
    items = items_of(conversations) if conversations is not None else load_items(dataset)
    with tempfile.TemporaryDirectory(prefix="zc-eval-") as tmp:
        started = time.perf_counter()
        assistant = build_assistant(Path(tmp), docs)
        index_s = time.perf_counter() - started
        assistant.ask("预热")  # load models before timing questions
        if conversations is None:
            results = run_items(assistant, items, mode)
        else:
            results = run_conversations(Timed(Ours(assistant, mode)), conversations, score_item)
        notices = [n.model_dump() for n in assistant.notices()]
    extra = {"conversation": conversation_summary(results)} if conversations is not None else {}
    return {
        "dataset": str(dataset),
        "docs": [str(d) for d in docs],
        "mode": mode,
        "index_seconds": round(index_s, 1),
        "notices": notices,
        **summarize(results),
        **extra,
        "results": [r.model_dump() for r in results],
    }


def summarize(results: list[ItemResult]) -> dict:
    """Metrics overall, per kind, per notice (the item's source) and per phrasing when items have one."""
    out = {
        "metrics": metrics(results),
        "by_kind": _by(results, lambda r: r.kind),
        "by_source": _by(results, lambda r: r.source or "(none)"),
    }
    if any(r.phrasing for r in results):
        out["by_phrasing"] = _by(results, lambda r: r.phrasing or "(none)")
    return out


def _by(results: list[ItemResult], key) -> dict[str, dict]:
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        groups.setdefault(key(r), []).append(r)
    return {k: metrics(v) for k, v in sorted(groups.items())}
