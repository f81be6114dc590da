"""Load on the JSON API: N concurrent clients posting to /api/ask for a while, against the real server.

    .venv/bin/python bench/bench_api_load.py [--clients 20] [--seconds 60] [--url URL] [--out FILE.json]

Without ``--url`` it starts ``python app.py`` on a free port over a temporary copy of the index (the
bundled notices; the developer's var/ is untouched except the shared embedding cache). Each client
asks the dev-set questions in turn (a different starting point per client) with a keep-alive
connection, and every response is checked: HTTP 200, a JSON body with ``answer``, and citations
unless the answer abstained. Prints throughput, p50/p95/max latency and the error count, and writes
JSON to bench/results/api_load.json. The server it starts has the per-client ask limit off; one given
with ``--url`` needs ``ASSISTANT_WEB__ASK_PER_MINUTE=0`` (or the bench's address in
``ASSISTANT_WEB__RATE_EXEMPT``), else every request past the limit counts as an error (429).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_pipeline import default_dataset, load_questions, percentile  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_WEB__PORT": str(port),
           "ASSISTANT_WEB__ASK_PER_MINUTE": "0",  # every client is 127.0.0.1: the per-client limit would measure 429s
           "ASSISTANT_CACHE_DIR": os.environ.get("ASSISTANT_CACHE_DIR", str(ROOT / "var" / "cache"))}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited with {proc.returncode}")
        try:
            if httpx.get(url + "/api/notices", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("app.py did not start")


def client(url: str, questions: list[str], start: int, until: float, out: list, errors: list) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:
        i = start
        while time.monotonic() < until:
            question = questions[i % len(questions)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = http.post("/api/ask", json={"question": question})
                elapsed = (time.perf_counter() - t0) * 1000
                body = r.json()
                if r.status_code != 200 or "answer" not in body or not (body["citations"] or body["abstained"]):
                    errors.append(f"{r.status_code} {question}: {str(body)[:200]}")
                else:
                    out.append(elapsed)
            except (httpx.HTTPError, ValueError) as err:
                errors.append(f"{type(err).__name__} {question}: {err}")


def run(url: str, questions: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(url, questions, k * 7, until, latencies, errors))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients, "seconds": round(wall, 1), "requests": len(latencies) + len(errors),
        "errors": len(errors), "error_samples": errors[:5], "throughput_rps": round(len(latencies) / wall, 2),
        "p50_ms": round(percentile(latencies, 50) or 0), "p95_ms": round(percentile(latencies, 95) or 0),
        "max_ms": round(max(latencies, default=0)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--url", help="an already running server (default: start app.py on a temporary index)")
    ap.add_argument("--dataset", type=Path, default=default_dataset())
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "api_load.json")
    args = ap.parse_args()
    questions = [q["question"] for q in load_questions(args.dataset)]
    with tempfile.TemporaryDirectory(prefix="zc-load-") as tmp:
        proc, url = (None, args.url) if args.url else start_server(Path(tmp))
        try:
            for q in questions[:3]:  # warm-up, not measured
                httpx.post(url + "/api/ask", json={"question": q}, timeout=60)
            result = run(url, questions, args.clients, args.seconds)
        finally:
            if proc:
                proc.terminate()
                proc.wait(20)
    result.update(when=datetime.now(UTC).isoformat(timespec="seconds"), cpus=os.cpu_count(),
                  dataset=str(args.dataset))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
