"""The LLM path against a real model server (``make llm-smoke``): how many answers the model wrote
were shown, how many were refused by the verifier, and how many shown were wrong.

The assistant reads its model settings from the environment (``ASSISTANT_LLM_BASE_URL`` …), as a
deployment does. Each question of the dataset is asked once, streamed as the page streams it. An
answer shown from the model is *wrong* when the question has no answer in the notices, or when the
model's own text (``Answer.direct``, without the quoted sources) misses the item's ``answer_must``.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from assistant.settings import Settings
from eval.runner import build_assistant, run_items
from eval.scoring import ItemResult, answer_ok, load_items


def smoke(dataset: Path, docs: list[Path] = ()) -> dict:
    settings = Settings()
    if not settings.llm.enabled:
        raise SystemExit("llm-smoke: set ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL to the model server")
    items = load_items(dataset)
    with tempfile.TemporaryDirectory(prefix="zc-smoke-") as tmp:
        assistant = build_assistant(Path(tmp), list(docs), settings)

        def ask(question: str):
            *_, final = assistant.stream(question)
            return final

        results = run_items(assistant, items, ask=ask)
    return summary(results, {i.id: i for i in items})


def summary(results: list[ItemResult], items: dict) -> dict:
    asked = [r for r in results if r.llm is not None]
    shown = [r for r in asked if r.llm and r.llm["used"]]
    wrong = [r for r in shown if not _right(r, items[r.id])]
    latencies = sorted(r.latency_ms for r in asked) or [0.0]
    return {
        "questions": len(results), "asked": len(asked), "shown": len(shown), "refused": len(asked) - len(shown),
        "wrong_shown": len(wrong), "latency_p50_ms": round(statistics.median(latencies)),
        "latency_p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]),
        "wrong": [{"id": r.id, "question": r.question, "direct": r.direct} for r in wrong],
        "refusals": [{"id": r.id, "problems": r.llm["problems"]} for r in asked if r.llm and not r.llm["used"]],
    }


def _right(result: ItemResult, item) -> bool:
    return item.answerable and answer_ok(result.direct, item.answer_must)


def print_smoke(report: dict) -> None:
    print(f"questions {report['questions']}, model asked {report['asked']}, shown {report['shown']}, "
          f"refused {report['refused']}, wrong shown {report['wrong_shown']}; "
          f"latency p50 {report['latency_p50_ms']} ms, p95 {report['latency_p95_ms']} ms")
    for r in report["refusals"]:
        print(f"  refused {r['id']}: {'；'.join(r['problems'])}")
    for w in report["wrong"]:
        print(f"  WRONG SHOWN {w['id']}: {w['question']} → {w['direct'][:120]}")
