"""Pipeline benchmark: cold ingest per notice, then warm retrieval and whole-answer latency.

    .venv/bin/python bench/bench_pipeline.py [--repeat N] [--dataset FILE.jsonl] [--out FILE.json]

1. Builds a fresh temporary store with the embedding cache OFF (every passage is embedded), loads the
   model first (timed on its own), then ingests the bundled notices one file at a time.
2. With the index warm, asks every question of the dev set (../shared/eval/dev.jsonl if present,
   else eval/datasets/notices.jsonl) N times and reports p50/p95 of
   - retrieval alone: ``assistant.retriever.search(question, scope.notice_ids)``, the scope resolved
     beforehand and not timed (questions whose scope is out of coverage are skipped: ask does not search);
   - a whole answer: ``assistant.ask(question)``.

Prints a table and writes JSON to bench/results/latest.json. The user's index and cache are untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def default_dataset() -> Path:
    shared = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    return shared if shared.is_file() else ROOT / "eval" / "datasets" / "notices.jsonl"


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "p50_ms": _r(percentile(values_ms, 50)),
        "p95_ms": _r(percentile(values_ms, 95)),
        "mean_ms": _r(sum(values_ms) / len(values_ms)) if values_ms else None,
        "max_ms": _r(max(values_ms)) if values_ms else None,
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def load_average() -> list[float] | None:
    """1/5/15-minute load: other processes on the machine slow the multi-threaded embedding model."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def bench(repeat: int, dataset: Path) -> dict:
    questions = load_questions(dataset)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="zc-bench-") as tmp:
        base = Settings()
        settings = base.model_copy(update={
            "data_dir": Path(tmp) / "data",
            "cache_dir": Path(tmp) / "cache",
            "embedding": base.embedding.model_copy(update={"cache": False}),
        })
        assistant = Assistant(settings)

        started = time.perf_counter()
        assistant.store.embeddings.embed_query("预热")  # load the model outside the per-notice figures
        model_load_s = time.perf_counter() - started

        ingest = []
        files = sorted(p for p in settings.notices_dir.iterdir() if p.is_file() and not p.name.startswith("."))
        for path in files:
            started = time.perf_counter()
            (result,) = assistant.ingest([path])
            seconds = time.perf_counter() - started
            ingest.append({"file": path.name, "status": result.status, "passages": result.chunks,
                           "seconds": round(seconds, 2),
                           "ms_per_passage": round(1000 * seconds / result.chunks, 1) if result.chunks else None})

        assistant.ask("预热")  # build the lexical index and the scope resolver before timing
        retrieval_ms: list[float] = []
        answer_ms: list[float] = []
        per_question = []
        skipped = 0
        for item in questions:
            scope = assistant.scope(item["question"])
            r_ms, a_ms = [], []
            for _ in range(repeat):
                if not scope.out_of_coverage:
                    started = time.perf_counter()
                    assistant.retriever.search(item["question"], scope.notice_ids or None)
                    r_ms.append(1000 * (time.perf_counter() - started))
                started = time.perf_counter()
                answer = assistant.ask(item["question"])
                a_ms.append(1000 * (time.perf_counter() - started))
            skipped += bool(scope.out_of_coverage)
            retrieval_ms += r_ms
            answer_ms += a_ms
            per_question.append({"id": item.get("id"), "abstained": answer.abstained,
                                 "retrieval_p50_ms": _r(percentile(r_ms, 50)), "answer_p50_ms": _r(percentile(a_ms, 50))})

    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                    "load_average_before": load_before, "load_average_after": load_average()},
        "embedding_model": assistant.store.embeddings.model_id,
        "embedding_cache": False,
        "model_load_seconds": round(model_load_s, 2),
        "ingest": ingest,
        "ingest_total_seconds": round(sum(i["seconds"] for i in ingest), 2),
        "dataset": str(dataset),
        "questions": len(questions),
        "repeat": repeat,
        "retrieval": {**summary(retrieval_ms), "skipped_out_of_coverage_questions": skipped},
        "answer": summary(answer_ms),
        "per_question": per_question,
    }


def print_report(report: dict) -> None:
    machine = report["machine"]
    print(f"model {report['embedding_model']} (cache off), load {report['model_load_seconds']} s, "
          f"{machine['cpus']} CPUs, Python {machine['python']}, OMP_NUM_THREADS={machine['omp_num_threads'] or 'unset'}, "
          f"load average {machine['load_average_before']} -> {machine['load_average_after']}")
    print()
    print(f"{'notice':<32} {'status':<8} {'passages':>8} {'seconds':>8} {'ms/passage':>11}")
    for row in report["ingest"]:
        print(f"{row['file']:<32} {row['status']:<8} {row['passages']:>8} {row['seconds']:>8.2f} "
              f"{row['ms_per_passage'] if row['ms_per_passage'] is not None else '-':>11}")
    print(f"{'total':<32} {'':<8} {sum(r['passages'] for r in report['ingest']):>8} {report['ingest_total_seconds']:>8.2f}")
    print()
    print(f"{report['questions']} questions x {report['repeat']} from {report['dataset']}")
    print(f"{'':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8}")
    for name in ("retrieval", "answer"):
        s = report[name]
        print(f"{name:<12} {s['n']:>5} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['mean_ms']:>8} {s['max_ms']:>8}")
    skipped = report["retrieval"]["skipped_out_of_coverage_questions"]
    if skipped:
        print(f"(retrieval skips {skipped} out-of-coverage question(s): ask answers them without searching)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times each question is asked (default 3)")
    parser.add_argument("--dataset", type=Path, default=None, help="questions, one JSON object a line")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    dataset = args.dataset or default_dataset()
    if not dataset.is_file():
        print(f"error: {dataset} does not exist", file=sys.stderr)
        return 2
    report = bench(args.repeat, dataset)
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
