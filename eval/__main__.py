"""The evaluation commands.

``python -m eval run --dataset FILE.jsonl [--docs DIR] [--json OUT.json] [--mode hybrid|lexical|vector] [--failures]``
    one question set, our pipeline, in a temporary store;
``python -m eval run-all [--out DIR]``
    every dataset (dev, notices, conversations, holdout, eligibility), ours and the baseline, plain and
    perturbed; writes DIR/run.json, DIR/report.html and DIR/report.md (default DIR: eval/reports);
``python -m eval report [--json RUN.json ...] [--out DIR]``
    the HTML and Markdown report of one or more runs;
``python -m eval llm-check --dataset FILE.jsonl [--docs DIR] [--json OUT.json]``
    the LLM path against a scripted OpenAI-compatible server on loopback: correct completions (how
    many pass verification) and deliberately wrong ones (how many are caught); exit 1 if one is missed;
``python -m eval llm-smoke --dataset FILE.jsonl [--docs DIR] [--json OUT.json]``
    the LLM path against the real model server the environment names (``make llm-smoke``): shown,
    refused and wrong-shown counts and latency; exit 1 if a wrong answer was shown;
``python -m eval serve-llm [--port 8765] [--mode correct|date|amount|…]``
    serve those scripted completions, for ``ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8765/v1``;
``python -m eval injection [--clean FILE] [--injected FILE] [--dataset FILE ...] [--write-copy]``
    the question sets answered with a clean extra notice and with a copy carrying planted instructions
    (``--docs`` both times; by default the copy is built from eval/injection/variants.yaml); exit 1 when
    any answer differs, repeats a planted line or states a planted fact; ``--write-copy`` rewrites
    eval/injection/101_huzhou_dianzi.txt from the variants;
``python -m eval train-instructions``
    the planted-instruction classifier (knowledge/instructions/*.yaml + the notices' sentences) →
    knowledge/models/instructions.json, with its figures on notices and families it did not see;
``python -m eval train-kinds [--end-to-end]``
    the question-kind classifier (eval/datasets/question_kinds.jsonl, never the dev set) →
    knowledge/models/question_kinds.json, with its accuracy on left-out notices beside the cue rules;
    ``--end-to-end`` instead answers every labelled question with cue rules and with classifiers trained
    on the other folds' notices, and prints both answer figures per dataset;
``python -m eval train-verdicts [--quotes RUN.json]``
    the yes/no verdict model (eval/datasets/verdicts.jsonl, never the dev set) →
    knowledge/models/yesno_verdict.json, with its figures on left-out notices beside the word list;
    ``--quotes`` instead measures it, left out by notice, on the sentences a run's answers quoted;
``python -m eval removal --dataset FILE.jsonl [--docs DIR] [--json OUT.json]``
    the remove-one-fact test: each answerable question asked again with the sentences holding its
    evidence deleted from its notice; the share abstained on (``fact_removal_abstention``), and
    each answer given with the sentences left that still hold its answer (``still_stated``);
``python -m eval train-answerability [--cache DIR] [--no-removal] [--no-ranker] [--risk RATE] [--out DIR]``
    the team's sets → the sentence ranker and the answer judge (knowledge/models/), with the figures on
    notices each model did not see; ``--cache`` keeps (or reuses) the collected candidates and answers;
``python -m eval rules [--failures] [--json OUT.json]``
    the eligibility rule proposer on the five bundled notices against their hand-written rule files:
    recall and precision of the fields, share of quotes found verbatim; exit 1 below recall 0.85 or
    with a quote not in its notice;
``python -m eval metadata [--failures] [--json OUT.json]``
    notice metadata (title, issuer, 文号, date, round year, region, series, levels) read through the
    product's loaders against the hand labels of the bundled, corpus and hold-out notices: per-field
    accuracy per set (``eval/metadata.py`` says how each field is matched);
``python -m eval check [--run RUN.json] [--tolerance 0.02] [--reference FILE] [--update]``
    exit 1 when a score falls more than the tolerance below eval/reference_scores.json (without --run,
    runs run-all first).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPORTS_REL = "eval/reports"
REPORTS = Path(__file__).resolve().parent / "reports"

SHOWN = ["n", "hit@1", "hit@5", "mrr", "answer_accuracy", "direct_accuracy", "citation_support", "abstention_accuracy",
         "false_abstention", "wrong_answer_rate", "yesno_accuracy", "wrong_yesno_rate", "faithfulness", "latency_p50_ms", "latency_p95_ms", "llm_asked", "llm_shown", "llm_refused"]


def _parser() -> argparse.ArgumentParser:
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
    all_ = sub.add_parser("run-all", help="every dataset, ours and the baseline, plain and perturbed; then the report")
    all_.add_argument("--out", type=Path, default=REPORTS, help=f"folder for run.json and the report (default {REPORTS_REL})")
    all_.add_argument("--no-baseline", action="store_true", help="score our pipeline only")
    all_.add_argument("--no-robustness", action="store_true", help="skip the perturbed runs")
    llm = sub.add_parser("llm-check", help="the LLM path against a scripted server: correct and wrong completions")
    llm.add_argument("--dataset", type=Path, required=True, help="questions, one JSON object a line")
    llm.add_argument("--docs", type=Path, action="append", default=[], help="extra notices, as for run")
    llm.add_argument("--json", type=Path, help="write the counts and every missed or refused item here")
    smk = sub.add_parser("llm-smoke", help="the LLM path against the real model server ASSISTANT_LLM_* names")
    smk.add_argument("--dataset", type=Path, required=True, help="questions, one JSON object a line")
    smk.add_argument("--docs", type=Path, action="append", default=[], help="extra notices, as for run")
    smk.add_argument("--json", type=Path, help="write the counts, every refusal and every wrong answer shown here")
    srv = sub.add_parser("serve-llm", help="serve scripted completions on 127.0.0.1 (for ASSISTANT_LLM_BASE_URL)")
    srv.add_argument("--port", type=int, default=8765)
    srv.add_argument("--mode", default="correct", help="correct, or a wrong kind: date, amount, phone, email, "
                     "count, address, date_shift, citation")
    rep = sub.add_parser("report", help="HTML and Markdown report of run JSON files")
    rep.add_argument("--json", type=Path, nargs="+", action="extend", default=[],
                     help=f"run-all or `run --json` files (default {REPORTS_REL}/run.json)")
    rep.add_argument("--out", type=Path, default=None, help="folder for report.html and report.md (default: the first JSON's)")
    inj = sub.add_parser("injection", help="a notice with planted instructions must change no answer")
    inj.add_argument("--clean", type=Path, default=None, help="the clean notice (default: hold-out 101)")
    inj.add_argument("--injected", type=Path, default=None,
                     help="its copy with instructions (default: built from eval/injection/variants.yaml)")
    inj.add_argument("--dataset", type=Path, action="append", default=[], help="question sets (default: dev + hold-out)")
    inj.add_argument("--write-copy", action="store_true", help="rewrite eval/injection/101_huzhou_dianzi.txt and stop")
    sub.add_parser("train-instructions", help="train the classifier of instructions planted in notices")
    kinds = sub.add_parser("train-kinds", help="train the question-kind classifier")
    kinds.add_argument("--end-to-end", action="store_true", help="answer figures, cue rules vs left-out classifiers")
    verdicts = sub.add_parser("train-verdicts", help="train the yes/no verdict model")
    verdicts.add_argument("--quotes", type=Path, help="a run.json: measure on the sentences its answers quoted instead")
    rem = sub.add_parser("removal", help="remove-one-fact: delete each answer's evidence, ask again, count abstentions")
    rem.add_argument("--dataset", type=Path, required=True, help="questions, one JSON object a line (or a folder of them)")
    rem.add_argument("--docs", type=Path, action="append", default=[], help="extra notices, as for run")
    rem.add_argument("--json", type=Path, help="write the share and every question still answered here")
    tr = sub.add_parser("train-answerability", help="train the judge that decides whether to answer")
    tr.add_argument("--cache", type=Path, help="folder of collected candidates and answers: reused when there, else written")
    tr.add_argument("--no-removal", action="store_true", help="skip the remove-one-fact variants")
    tr.add_argument("--no-ranker", action="store_true", help="judge answers ranked by the hand-made score (no ranker written)")
    tr.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "knowledge" / "models",
                    help="where the models are written (default: knowledge/models, what the app loads)")
    tr.add_argument("--end-to-end", action="store_true",
                    help="with --cache: answer figures ordered by the hand score vs by left-out rankers")
    tr.add_argument("--risk", type=float, default=None,
                    help="largest share of wrong answers among those given (default: the threshold deciding the largest share of questions right, each set of notices weighing the same)")
    tr.add_argument("--wrong-cost", type=float, default=None,
                    help="what a wrong answer costs, in right decisions, when the threshold is chosen (default 0: right decisions alone; 1: a wrong answer undoes a right one)")
    rul = sub.add_parser("rules", help="the rule proposer against the hand-written rule files of the bundled notices")
    rul.add_argument("--failures", action="store_true", help="print every missed or extra field")
    rul.add_argument("--json", type=Path, help="write the figures and every miss here")
    meta = sub.add_parser("metadata", help="notice metadata against the hand labels: per-field accuracy")
    meta.add_argument("--failures", action="store_true", help="list every wrong field")
    meta.add_argument("--json", type=Path, help="write the figures and every wrong field here")
    fid = sub.add_parser("fidelity", help="how faithfully each rendered notice is read: body lines, chrome, table rows")
    fid.add_argument("--json", type=Path, help="write the figures per document here")
    fid.add_argument("--verbose", action="store_true", help="list every missing body line and leaked chrome line")
    chk = sub.add_parser("check", help="fail when a score fell below the committed reference")
    chk.add_argument("--run", type=Path, help="a run-all JSON (default: run the whole suite now)")
    chk.add_argument("--out", type=Path, default=REPORTS, help="where a fresh run is written (without --run)")
    chk.add_argument("--tolerance", type=float, default=None, help="allowed drop (absolute; default: the reference's, 0.02)")
    chk.add_argument("--reference", type=Path, default=None, help="reference scores (default eval/reference_scores.json)")
    chk.add_argument("--update", action="store_true", help="write the run's scores as the new reference instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if args.cmd == "run-all":
        return _run_all(args.out, not args.no_baseline, not args.no_robustness)
    if args.cmd == "report":
        return _report(args.json or [REPORTS / "run.json"], args.out)
    if args.cmd == "check":
        return _check(args)
    if args.cmd == "llm-check":
        return _llm_check(args)
    if args.cmd == "llm-smoke":
        return _llm_smoke(args)
    if args.cmd == "serve-llm":
        return _serve_llm(args.port, args.mode)
    if args.cmd == "injection":
        return _injection(args)
    if args.cmd == "fidelity":
        from eval.fidelity import main as fidelity

        return fidelity(args.json, args.verbose)
    if args.cmd == "removal":
        return _removal(args)
    if args.cmd == "rules":
        from eval.rules import main as rules

        return rules(args.failures, args.json)
    if args.cmd == "metadata":
        from eval.metadata import main as metadata

        return metadata(args.failures, args.json)
    if args.cmd == "train-instructions":
        from eval.train_instructions import main as train_instructions

        return train_instructions()
    if args.cmd == "train-kinds":
        from eval.question_kinds import main as train_kinds

        return train_kinds(args.end_to_end)
    if args.cmd == "train-verdicts":
        from eval.yesno_verdicts import main as train_verdicts

        train_verdicts(args.quotes)
        return 0
    if args.cmd == "train-answerability":
        from eval.answerability import main as train

        if args.end_to_end:
            from eval.answerability import ranker_end_to_end
            from eval.question_kinds import print_end_to_end

            print_end_to_end(ranker_end_to_end(args.cache))
            return 0
        cost = {} if args.wrong_cost is None else {"wrong_cost": args.wrong_cost}
        return train(args.cache, not args.no_removal, args.risk, out=args.out, ranked=not args.no_ranker, **cost)
    return _run_one(args)


def _run_one(args) -> int:
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


def _removal(args) -> int:
    from eval.removal import run_removal
    from eval.scoring import write_json

    report = run_removal(args.dataset, args.docs)
    print(f"{report['dataset']}: fact_removal_abstention={report['fact_removal_abstention']} over {report['n']} questions "
          f"({len(report['not_located'])} whose evidence no passage holds)")
    for a in report["answered"]:
        print(f"ANSWERED {a['id']} {a['question']}\n     -> {a['answer'].splitlines()[0][:160] if a['answer'] else ''}")
        for sentence in a["still_stated"]:
            print(f"     still stated (a restatement the evidence misses?): {sentence[:160]}")
    if report["answered_still_stated"]:
        print(f"{report['answered_still_stated']} answered with a sentence left that holds the answer's strings: "
              "where it restates the fact, add it to the item's evidence")
    if args.json:
        write_json(args.json, report)
    return 0


def _llm_check(args) -> int:
    from eval.llmcheck import check, print_check
    from eval.scoring import write_json

    report = check(args.dataset, args.docs)
    print_check(report)
    if args.json:
        write_json(args.json, report)
    total = report["wrong_total"]
    return 0 if total["caught"] == total["wrong"] and total["shown_unfaithful"] == 0 else 1


def _llm_smoke(args) -> int:
    from eval.llmsmoke import print_smoke, smoke
    from eval.scoring import write_json

    report = smoke(args.dataset, args.docs)
    print_smoke(report)
    if args.json:
        write_json(args.json, report)
    return 1 if report["wrong_shown"] else 0


def _serve_llm(port: int, mode: str) -> int:
    import threading

    from eval.llmserver import ScriptedServer
    from eval.llmwriters import Writer

    with ScriptedServer(Writer(mode), port) as server:
        print(f"scripted completions ({mode}) at {server.url}; set ASSISTANT_LLM_BASE_URL={server.url} "
              "ASSISTANT_LLM_MODEL=scripted. Ctrl-C stops.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


def _injection(args) -> int:
    from eval import injection

    if args.write_copy:
        print(f"wrote {injection.write_copy()}")
        return 0
    report = injection.compare(injection.load(args.dataset or injection.DATASETS),
                               args.clean or injection.CLEAN, args.injected)
    print(f"{report.n} questions; {report.variants} planted variants, {len(report.planted)} planted lines; "
          f"answers changed: {len(report.changed)}; answers repeating a planted line: {len(report.quoting)}; "
          f"answers stating a planted fact: {len(report.facts)}; "
          f"injected copy chunks to the clean passages: {'yes' if report.passages_equal else 'no'}")
    for c in report.changed:
        print(f"CHANGED {c.id} {c.question}\n  clean:    {c.clean.splitlines()[0][:140]}\n  injected: {c.injected.splitlines()[0][:140]}")
    for i in report.quoting:
        print(f"QUOTES PLANTED LINE {i}")
    for f in report.facts:
        print(f"STATES PLANTED FACT {f.id}: {f.fact} ({f.variant})")
    return 0 if report.ok else 1


def _run_all(out: Path, baseline: bool, robustness: bool) -> int:
    from eval.report import write_report
    from eval.scoring import write_json
    from eval.suite import run_all

    run = run_all(baseline=baseline, perturbations=None if robustness else [])
    write_json(out / "run.json", run)
    html, md = write_report(run, out)
    _print_run(run)
    print(f"wrote {out / 'run.json'}, {html}, {md}  ({run['wall_seconds']:.0f}s)")
    return 0


def _print_run(run: dict) -> None:
    keys = ["hit@1", "hit@5", "answer_accuracy", "citation_support", "abstention_accuracy", "false_abstention", "faithfulness"]
    for name, ds in run["datasets"].items():
        for system, result in ds["systems"].items():
            m = result["metrics"]
            print(f"{name:<14} {system:<9} n={m['n']:<4} " + "  ".join(f"{k}={m[k]}" for k in keys if m.get(k) is not None)
                  + f"  p50={m['latency_p50_ms']}ms")
        for p, col in ds.get("robustness", {}).items():
            print(f"{'':<14} {p:<12} " + "  ".join(
                f"{s}={col[s]['answer_accuracy']}" for s in ds["systems"] if col.get(s)))
    e = run.get("eligibility") or {}
    print(f"eligibility    {e.get('status')}: " + (json.dumps(e.get("metrics")) if e.get("status") == "ok" else str(e.get("note"))))


def _report(paths: list[Path], out: Path | None) -> int:
    from eval.report import load_runs, write_report

    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: {', '.join(map(str, missing))} does not exist (run `python -m eval run-all` first)", file=sys.stderr)
        return 2
    html, md = write_report(load_runs(paths), out or paths[0].parent)
    print(f"wrote {html} and {md}")
    return 0


def _check(args) -> int:
    from eval.check import REFERENCE, compare, load_reference, reference_from
    from eval.scoring import write_json

    ref_path = args.reference or REFERENCE
    if args.run is not None and not args.run.exists():
        print(f"error: {args.run} does not exist", file=sys.stderr)
        return 2
    if args.run is not None:
        run = json.loads(args.run.read_text(encoding="utf-8"))
    else:
        from eval.report import write_report
        from eval.suite import run_all

        run = run_all()
        write_json(args.out / "run.json", run)
        write_report(run, args.out)
        print(f"wrote {args.out / 'run.json'} and the report ({run['wall_seconds']:.0f}s)")
    if args.update:
        ref = reference_from(run, args.tolerance if args.tolerance is not None else 0.02)
        write_json(ref_path, ref)
        print(f"wrote {len(ref['scores'])} reference scores to {ref_path}")
        return 0
    if not ref_path.exists():
        print(f"error: no reference scores at {ref_path} (create them with --update)", file=sys.stderr)
        return 2
    reference = load_reference(ref_path)
    failures, notes = compare(run, reference, args.tolerance)
    for line in notes:
        print(f"note  {line}")
    for line in failures:
        print(f"FAIL  {line}")
    tol = args.tolerance if args.tolerance is not None else reference.get("tolerance", 0.02)
    print(f"{len(reference['scores']) - len(failures)} of {len(reference['scores'])} reference scores held "
          f"(tolerance {tol})" + (f"; {len(failures)} regressed" if failures else ""))
    return 1 if failures else 0


def _print(report: dict, failures: bool) -> None:
    m = report["metrics"]
    print(f"dataset {report['dataset']}  mode {report['mode']}  notices {len(report['notices'])}"
          f"  index {report['index_seconds']}s")
    print("  ".join(f"{k}={m[k]}" for k in SHOWN if m.get(k) is not None))
    for kind, km in report["by_kind"].items():
        cells = [f"{k}={km[k]}" for k in ("n", "hit@5", "answer_accuracy", "abstention_accuracy") if km.get(k) is not None]
        print(f"  {kind:<14} " + "  ".join(cells))
    if conv := report.get("conversation"):
        turns = "  ".join(f"{k}: answer_accuracy={v.get('answer_accuracy')}" for k, v in conv["by_turn"].items())
        print(f"conversations {conv['n_conversations']}  conversation_accuracy={conv['conversation_accuracy']}  {turns}")
    if failures:
        for r in report["results"]:
            bad = (r["answerable"] and not r["correct"]) or (not r["answerable"] and not r["abstained"])
            if bad:
                first = r["answer"].splitlines()[0] if r["answer"] else ""
                print(f"FAIL {r['id']} [{r['kind']}] rank={r['support_rank']} abst={r['abstained']} "
                      f"{r['question']}\n     -> {first[:160]}")


if __name__ == "__main__":
    sys.exit(main())
