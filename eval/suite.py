"""``python -m eval run-all``: every dataset, ours and the baseline, plain and perturbed, in one run.

Two corpora are indexed in temporary stores (the user's index is never touched): the bundled notices,
and the bundled notices plus the hold-out PDFs (for the hold-out questions). Both systems use the same
embedding model (``make_embeddings`` with the default settings and cache), each its own instance, and
are indexed and asked side by side on two threads. The result is one JSON document (``run.json``)
that ``python -m eval report`` and ``python -m eval check`` read.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.index.embeddings import make_embeddings
from assistant.settings import Settings
from eval.baseline import LangChainBaseline
from eval.conversations import Conversation, conversation_summary, items_of, load_conversations, run_conversations
from eval.eligibility import run_eligibility
from eval.perturb import PERTURBATIONS, changes_label
from eval.removal import removal_results
from eval.runner import build_assistant, score_item, summarize
from eval.scoring import Item, ItemResult, load_items
from eval.systems import Ours, QueryMemo, Timed

EVAL_DIR = Path(__file__).resolve().parent
ROOT = EVAL_DIR.parent
DATASETS = EVAL_DIR / "datasets"
HOLDOUT = EVAL_DIR / "holdout"
CORPUS = EVAL_DIR / "corpus"
ELIGIBILITY_CASES = [DATASETS / "eligibility.yaml", ROOT / "tests" / "eligibility" / "cases"]
REGRESSION_EXAMPLES = 25  # perturbed items kept per column: right when plain, wrong when perturbed

SYSTEMS = {
    "ours": "assistant.pipeline.Assistant (hybrid BM25 + vectors, scoping, extractive cited answers)",
    "baseline": "LangChain docs pipeline: recursive splitter 300/50, Chroma similarity k=10 over all notices, "
                "best bigram sentence of the top 4 chunks, never abstains (eval/baseline.py)",
}


@dataclass
class DatasetSpec:
    name: str
    path: Path
    kind: str = "questions"  # or "conversations"
    docs: list[Path] = field(default_factory=list)
    robustness: bool = True  # also asked under the perturbations
    removal_every: int = 1  # remove-one-fact test on every n-th answerable item (0: none)

    @property
    def corpus(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self.docs)


def default_specs() -> list[DatasetSpec]:
    return [
        DatasetSpec("dev", DATASETS / "dev.jsonl"),
        DatasetSpec("notices", DATASETS / "notices.jsonl"),
        DatasetSpec("conversations", DATASETS / "conversations.jsonl", kind="conversations"),
        DatasetSpec("holdout", HOLDOUT / "questions.jsonl", docs=[HOLDOUT / "pdf"]),
        # the remove-one-fact test re-indexes a notice per item: a third of the corpus keeps CI short
        DatasetSpec("corpus", CORPUS / "questions", docs=[CORPUS / "docs"], robustness=False, removal_every=3),
    ]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_all(
    specs: list[DatasetSpec] | None = None,
    *,
    baseline: bool = True,
    perturbations: list[str] | None = None,
    eligibility: list[Path] | None = None,
    settings: Settings | None = None,
    embeddings=None,
    workers: int = 2,
) -> dict:
    """Run every dataset of ``specs`` with ours (and the baseline), plain and under each perturbation.

    The (dataset, variant, system) runs of a corpus go to a pool of ``workers`` threads: on the
    2-core machine the two systems answer side by side, so latency is measured under that load for
    both (``python -m eval run`` times one system alone)."""
    specs = default_specs() if specs is None else specs
    names = list(PERTURBATIONS) if perturbations is None else perturbations
    settings = settings or Settings()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    datasets: dict[str, dict] = {}
    modes: dict[str, str] = {}
    model_id = None
    with tempfile.TemporaryDirectory(prefix="zc-eval-all-") as tmp:
        for n, corpus in enumerate(dict.fromkeys(s.corpus for s in specs)):
            docs = [Path(d) for d in corpus]
            systems, index_s = _build_systems(Path(tmp) / f"corpus{n}", docs, settings, embeddings, baseline)
            timings[f"index corpus{n}"] = index_s
            t0 = time.perf_counter()
            group = [s for s in specs if s.corpus == corpus]
            datasets.update(_run_corpus(group, systems, names, workers))
            _remove_facts(group, systems, datasets)
            for spec in group:
                datasets[spec.name]["index_seconds"] = index_s
            timings["answer " + "+".join(s.name for s in group)] = round(time.perf_counter() - t0, 1)
            log(f"answered {', '.join(s.name for s in group)} in {time.perf_counter() - t0:.1f}s")
            modes.update({s.name: "history" if s.supports_history else "standalone" for s in systems})
            model_id = systems[0].system.assistant.store.embeddings.model_id
    t0 = time.perf_counter()
    elig = run_eligibility(ELIGIBILITY_CASES if eligibility is None else eligibility)
    timings["eligibility"] = round(time.perf_counter() - t0, 1)
    return {
        "version": 1,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": _git_commit(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "embedding_model": model_id,
        "systems": {k: v for k, v in SYSTEMS.items() if baseline or k == "ours"},
        "conversation_mode": modes,
        "perturbations": names,
        "workers": workers,
        "datasets": datasets,
        "eligibility": elig,
        "timings": timings,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def _build_systems(workdir: Path, docs: list[Path], settings: Settings, embeddings, baseline: bool):
    """Both systems over the bundled notices plus ``docs``, indexed side by side. Unless the caller
    gives one embedding object, each system gets its own instance of the same model (same settings,
    same on-disk cache): the cache's lock would otherwise make the two indexings wait on each other."""

    def model():
        return embeddings or make_embeddings(settings.embedding, settings.cache_dir)

    def ours() -> Timed:
        assistant = build_assistant(workdir / "ours", docs, settings, embeddings=QueryMemo(model()))
        assistant.ask("预热")  # load models before timing questions
        return Timed(Ours(assistant))

    def base() -> Timed:
        system = LangChainBaseline(QueryMemo(model()), workdir)
        system.index([settings.notices_dir, *docs])
        system.ask("预热")
        return Timed(system)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(ours)] + ([pool.submit(base)] if baseline else [])
        systems = [f.result() for f in futures]
    index_s = round(time.perf_counter() - t0, 1)
    log(f"indexed {1 + len(docs)} source(s) for {', '.join(s.name for s in systems)} in {index_s}s")
    return systems, index_s


# ------------------------------------------------------------------------------------- datasets


@dataclass
class _Variant:
    """A dataset as asked: plain (``name`` None) or perturbed."""

    spec: DatasetSpec
    name: str | None
    items: list[Item]
    conversations: list[Conversation] | None
    left_out: int = 0
    n_changed: int = 0


def _variants(spec: DatasetSpec, perturbations: list[str]) -> list[_Variant]:
    conversations = load_conversations(spec.path) if spec.kind == "conversations" else None
    items = items_of(conversations) if conversations is not None else load_items(spec.path)
    out = [_Variant(spec, None, items, conversations)]
    for name in perturbations if spec.robustness else []:
        fn = PERTURBATIONS[name]
        changed = {}
        for item in items:
            q = fn(item.question, item.id)
            if not changes_label(name, item.question, q, item.answerable):
                changed[item.id] = item.model_copy(update={"question": q})
        convs = None if conversations is None else [
            c.model_copy(update={"turns": [changed[t.id] for t in c.turns if t.id in changed]}) for c in conversations]
        out.append(_Variant(spec, name, list(changed.values()), convs, left_out=len(items) - len(changed),
                            n_changed=sum(i.question != changed[i.id].question for i in items if i.id in changed)))
    return out


def _remove_facts(specs: list[DatasetSpec], systems: list[Timed], datasets: dict) -> None:
    """The remove-one-fact test with our system, after every question of the corpus was answered
    (it changes the store while it runs)."""
    ours = next((s for s in systems if s.name == "ours"), None)
    for spec in specs:
        if ours is None or spec.kind != "questions" or not spec.removal_every:
            continue
        t0 = time.perf_counter()
        items = [i for i in load_items(spec.path) if i.answerable][:: spec.removal_every]
        removal = removal_results(ours.system.assistant, items)
        entry = datasets[spec.name]["systems"]["ours"]
        entry["metrics"]["fact_removal_abstention"] = removal["fact_removal_abstention"]
        entry["removal"] = {**removal, "every": spec.removal_every, "seconds": round(time.perf_counter() - t0, 1)}
        log(f"remove-one-fact {spec.name}: {removal['fact_removal_abstention']} over {removal['n']} in {time.perf_counter() - t0:.0f}s")


def _answer(system: Timed, variant: _Variant) -> list[ItemResult]:
    if variant.conversations is not None:
        return run_conversations(system, variant.conversations, score_item)
    return [score_item(item, *system.ask(item.question)) for item in variant.items]


def _run_corpus(specs: list[DatasetSpec], systems: list[Timed], perturbations: list[str], workers: int) -> dict:
    variants = [v for spec in specs for v in _variants(spec, perturbations)]
    # plain runs first (their answers are reused by perturbations that leave a question unchanged),
    # the biggest first, the systems alternating so that both workers stay busy
    jobs = sorted(((v, s) for v in variants for s in systems),
                  key=lambda vs: (vs[0].name is not None, -len(vs[0].items)))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = dict(zip([(id(v), s.name) for v, s in jobs], pool.map(lambda vs: _answer(vs[1], vs[0]), jobs)))
    out: dict[str, dict] = {}
    for spec in specs:
        plain, *perturbed = [v for v in variants if v.spec is spec]
        entry: dict = {"path": _rel(spec.path), "docs": [_rel(d) for d in spec.docs], "kind": spec.kind,
                       "n": len(plain.items), "systems": {}, "robustness": {}}
        for system in systems:
            results = done[(id(plain), system.name)]
            entry["systems"][system.name] = {**summarize(results), "results": [r.model_dump() for r in results]}
            if spec.kind == "conversations":
                entry["systems"][system.name]["conversation"] = conversation_summary(results)
        for v in perturbed:
            entry["robustness"][v.name] = _column(v, systems, done, {s.name: done[(id(plain), s.name)] for s in systems})
        out[spec.name] = entry
    return out


def _column(v: _Variant, systems: list[Timed], done: dict, plain: dict[str, list[ItemResult]]) -> dict:
    """One robustness column: each system's scores on the perturbed questions, and on the same items
    unperturbed, with the items it got right plain and wrong perturbed."""
    column: dict = {"n": len(v.items), "n_changed": v.n_changed, "left_out": v.left_out}
    for system in systems:
        results = done[(id(v), system.name)]
        before = {r.id: r for r in plain[system.name]}
        column[system.name] = summarize(results)["metrics"]
        column[f"{system.name}_plain"] = summarize([before[r.id] for r in results])["metrics"]
        column[f"{system.name}_broken"] = [
            {"id": r.id, "question": before[r.id].question, "perturbed": r.question, "answer": r.answer[:300],
             "abstained": r.abstained}
            for r in results if _ok(before[r.id]) and not _ok(r)
        ][:REGRESSION_EXAMPLES]
    return column


def _ok(r: ItemResult) -> bool:
    return r.correct if r.answerable else r.abstained


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None
