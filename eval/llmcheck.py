"""The LLM path against scripted completions: are correct answers shown, and is every wrong one caught?

``check(dataset, docs)`` starts :class:`eval.llmserver.ScriptedServer` on loopback, points an
assistant at it (``ASSISTANT_LLM_*`` as a deployment would), and asks every question of the
dataset once with correct completions and once per kind of deliberately wrong completion
(:data:`eval.llmwriters.WRONG_KINDS`), streamed as the page and the API stream. A wrong completion is
*caught* when the applicant is shown the extractive answer instead, the trace names the problem, and
nothing of the wrong text was streamed before; every answer shown is also scored by the evaluation's
own faithfulness check.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.pipeline import Assistant
from assistant.settings import LLMSettings, Settings
from eval.llmserver import ScriptedServer
from eval.llmwriters import WRONG_KINDS, Writer
from eval.runner import build_assistant, run_items
from eval.scoring import ItemResult, load_items, metrics


def check(dataset: Path, docs: list[Path] = (), kinds: list[str] = WRONG_KINDS) -> dict:
    items = load_items(dataset)
    writer = Writer()
    with ScriptedServer(writer) as server, tempfile.TemporaryDirectory(prefix="zc-llm-") as tmp:
        llm = LLMSettings(base_url=server.url, model="scripted", max_retries=0, timeout_s=10)
        assistant = build_assistant(Path(tmp), list(docs), Settings().model_copy(update={"llm": llm}))
        correct = _pass(assistant, items, writer, "correct")
        wrong = {kind: _pass(assistant, items, writer, kind) for kind in kinds}
    return {"dataset": str(dataset), "correct": correct, "wrong": wrong, "wrong_total": _total(wrong)}


def _pass(assistant: Assistant, items, writer: Writer, mode: str) -> dict:
    """Ask every question with ``writer`` in ``mode``, streamed as the page and the API do; pair each
    completion served with its answer and with the text streamed before it."""
    writer.mode, served, results, pieces = mode, [], [], [""]

    def ask(question: str):
        *streamed, final = assistant.stream(question)
        pieces[0] = "".join(str(p) for p in streamed)
        return final

    for item in items:
        before = len(writer.served)
        result = run_items(assistant, [item], ask=ask)[0]
        results.append(result)
        served += [(s, result, pieces[0]) for s in writer.served[before:]]
    if mode == "correct":
        shown = [r for s, r, _ in served if r.llm and r.llm["used"]]
        return {"served": len(served), "passed": len(shown), "metrics": metrics(results),
                "refused": [{"id": r.id, "problems": r.llm["problems"]} for s, r, _ in served if not r.llm["used"]]}
    wrong = [(s, r, text) for s, r, text in served if s.invented]
    caught = [(s, r) for s, r, text in wrong if _caught(r) and s.invented not in text]
    return {"served": len(served), "wrong": len(wrong), "caught": len(caught),
            "missed": [{"id": r.id, "text": s.text, "invented": s.invented} for s, r, text in wrong
                       if not (_caught(r) and s.invented not in text)],
            "streamed_wrong": sum(1 for s, _, text in wrong if s.invented in text),
            "shown_unfaithful": sum(1 for r in results if r.unfaithful)}


def _caught(result: ItemResult) -> bool:
    """The model's text was not shown, and for a reason the verifier found (not an error)."""
    llm = result.llm or {}
    return not llm.get("used", True) and any(not p.startswith("模型调用失败") for p in llm.get("problems", []))


def _total(wrong: dict) -> dict:
    return {"wrong": sum(w["wrong"] for w in wrong.values()), "caught": sum(w["caught"] for w in wrong.values()),
            "streamed_wrong": sum(w["streamed_wrong"] for w in wrong.values()),
            "shown_unfaithful": sum(w["shown_unfaithful"] for w in wrong.values())}


def print_check(report: dict) -> None:
    c = report["correct"]
    m = c["metrics"]
    print(f"dataset {report['dataset']}  (scripted OpenAI-compatible server on 127.0.0.1)")
    print(f"correct completions: {c['served']} served, {c['passed']} passed verification and were shown; "
          f"answer_accuracy={m['answer_accuracy']} abstention_accuracy={m['abstention_accuracy']} "
          f"faithfulness={m['faithfulness']}")
    for r in c["refused"]:
        print(f"  refused {r['id']}: {'；'.join(r['problems'])}")
    for kind, w in report["wrong"].items():
        print(f"wrong ({kind:<10}): {w['wrong']:>3} wrong completions, {w['caught']:>3} caught, "
              f"streamed before the refusal: {w['streamed_wrong']}, "
              f"answers shown with an unsupported fact: {w['shown_unfaithful']}")
        for miss in w["missed"]:
            print(f"  MISSED {miss['id']}: invented {miss['invented']} in {miss['text']}")
    t = report["wrong_total"]
    print(f"wrong completions: {t['wrong']}, caught: {t['caught']}, streamed before the refusal: "
          f"{t['streamed_wrong']}, shown with an unsupported fact: {t['shown_unfaithful']}")
