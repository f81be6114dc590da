"""``python -m eval run --dataset FILE.jsonl [--docs DIR] [--json OUT.json] [--mode hybrid|lexical|vector]``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHOWN = ["n", "hit@1", "hit@5", "mrr", "answer_accuracy", "citation_support", "abstention_accuracy",
         "false_abstention", "latency_p50_ms", "latency_p95_ms"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval")
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="answer a question set and score it")
    run.add_argument("--dataset", type=Path, required=True, help="questions, one JSON object a line")
    run.add_argument("--docs", type=Path, action="append", default=[],
                     help="folder (or file) of extra notices indexed with the bundled ones, in a temporary store")
    run.add_argument("--json", type=Path, help="write metrics and per-item results here")
    run.add_argument("--mode", choices=["hybrid", "lexical", "vector"], default="hybrid",
                     help="retrieval: fused (default) or one retriever alone, for comparison")
    run.add_argument("--failures", action="store_true", help="print every failed item")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    for path in [args.dataset, *args.docs]:
        if not path.exists():
            print(f"error: {path} does not exist", file=sys.stderr)
            return 2

    from eval.runner import run as run_eval
    from eval.scoring import write_json

    report = run_eval(args.dataset, args.docs, args.mode)
    _print(report, args.failures)
    if args.json:
        write_json(args.json, report)
        print(f"wrote {args.json}")
    return 0


def _print(report: dict, failures: bool) -> None:
    m = report["metrics"]
    print(f"dataset {report['dataset']}  mode {report['mode']}  notices {len(report['notices'])}"
          f"  index {report['index_seconds']}s")
    print("  ".join(f"{k}={m[k]}" for k in SHOWN if m.get(k) is not None))
    for kind, km in report["by_kind"].items():
        cells = [f"{k}={km[k]}" for k in ("n", "hit@5", "answer_accuracy", "abstention_accuracy") if km.get(k) is not None]
        print(f"  {kind:<14} " + "  ".join(cells))
    if failures:
        for r in report["results"]:
            bad = (r["answerable"] and not r["correct"]) or (not r["answerable"] and not r["abstained"])
            if bad:
                first = r["answer"].splitlines()[0] if r["answer"] else ""
                print(f"FAIL {r['id']} [{r['kind']}] rank={r['support_rank']} abst={r['abstained']} "
                      f"{r['question']}\n     -> {first[:160]}")


if __name__ == "__main__":
    sys.exit(main())
