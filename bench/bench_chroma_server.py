"""Chroma server mode (issue 14): answer latency beside embedded mode, and how soon a replica sees
another one's upload or delete.

    .venv/bin/python bench/bench_chroma_server.py [--questions N] [--repeat R] [--rounds K]

Starts its own ``chroma run`` on loopback (stopped at the end) and, in temporary folders, indexes
the bundled notices twice: embedded and on the server (one embedding cache, so the second is cheap).
1. Asks the first N questions of eval/datasets/notices.jsonl R times in each mode: p50/p95 of
   retrieval alone (``retriever.search`` in the question's scope) and of a whole answer (``ask``).
2. Replica A and replica B (two Assistants on the same database, default ``chroma.refresh_s``):
   K times, A ingests a holdout notice and B is asked about it every 20 ms until it answers; then A
   removes it and B is asked until it abstains. Prints the seconds from A's return to B's change,
   and the cost of B's check for a newer manifest.
The user's index and cache are untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import ChromaSettings, Settings  # noqa: E402
from bench.bench_pipeline import percentile  # noqa: E402
from tests.servers import ChromaServer, chroma_cli  # noqa: E402

HOLDOUT = ROOT / "eval" / "holdout" / "notices" / "101_huzhou_dianzi.txt"
HOLDOUT_QUESTION = "湖州2025年度电子信息专业中级职称网上申报时间是什么时候？"


def assistant(tmp: Path, name: str, embeddings=None, chroma: ChromaSettings | None = None) -> Assistant:
    settings = Settings(data_dir=tmp / name, cache_dir=tmp / "cache", chroma=chroma or ChromaSettings())
    return Assistant(settings, embeddings=embeddings)


def timed_ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def latencies(a: Assistant, questions: list[str], repeat: int) -> dict[str, str]:
    retrieval, whole = [], []
    for _ in range(repeat):
        for q in questions:
            scope = a.scope(q)
            retrieval.append(timed_ms(lambda q=q, ids=scope.notice_ids: a.retriever.search(q, ids)))
            whole.append(timed_ms(lambda q=q: a.ask(q)))
    return {name: f"p50 {percentile(v, 50):.1f} ms, p95 {percentile(v, 95):.1f} ms (n={len(v)})"
            for name, v in (("retrieval", retrieval), ("whole answer", whole))}


def until(check, limit: float = 30.0) -> float:
    """Seconds until ``check()`` holds, asked every 20 ms."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > limit:
            return float("inf")
        time.sleep(0.02)
    return time.monotonic() - start


def propagation(one: Assistant, two: Assistant, rounds: int) -> dict[str, list[float]]:
    seen, gone = [], []
    for _ in range(rounds):
        one.ingest([HOLDOUT])
        seen.append(until(lambda: "8月15日" in two.ask(HOLDOUT_QUESTION, generate=False).text))
        one.store.remove(HOLDOUT.stem)
        gone.append(until(lambda: two.ask(HOLDOUT_QUESTION, generate=False).abstained))
    return {"upload seen (s)": seen, "delete seen (s)": gone}


def check_cost_ms(store, n: int = 200) -> float:
    stamp = store._stamp
    return sum(timed_ms(lambda: store._manifests.newest(stamp)) for _ in range(n)) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    cli = chroma_cli()
    if cli is None:
        raise SystemExit("no chroma command: install chromadb")
    lines = (ROOT / "eval" / "datasets" / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[: args.questions]]
    server = ChromaServer(cli).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            report = run(Path(folder), server, questions, args)
    finally:
        server.stop()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def run(tmp: Path, server: ChromaServer, questions: list[str], args) -> dict:
    embedded = assistant(tmp, "embedded")
    embedded.ensure_bundled()
    remote = ChromaSettings(url=server.url)
    one = assistant(tmp, "replica-a", embedded.store.embeddings, remote)
    started = time.perf_counter()
    one.ensure_bundled()
    index_s = time.perf_counter() - started
    two = assistant(tmp, "replica-b", embedded.store.embeddings, remote)
    report = {"embedded": latencies(embedded, questions, args.repeat), "server": latencies(one, questions, args.repeat),
              "server index of the bundled notices, embeddings cached (s)": round(index_s, 2)}
    two.ask(HOLDOUT_QUESTION)  # replica B is serving
    report["check for a newer manifest (ms)"] = round(check_cost_ms(two.store), 2)
    for name, values in propagation(one, two, args.rounds).items():
        report[name] = [round(v, 2) for v in values]
    report["refresh_s"] = remote.refresh_s
    return report


if __name__ == "__main__":
    raise SystemExit(main())
