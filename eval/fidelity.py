"""How faithfully the loaders read each rendered notice: body lines found, chrome lines leaked, table rows kept.

    .venv/bin/python -m eval fidelity [--json OUT.json]

For every document of a set (the corpus's docs/, the hold-out's pdf/docx/html/) its truth text is
``notices/<stem>.txt``. Lines are compared after NFKC, markdown links reduced to their text and all
whitespace removed, so a line the loader joined to its neighbour (or a table row whose cells it kept)
still counts as found. Web pages' truth texts hold the page chrome a reader sees; ``corpus/chrome.yaml``
says which of their lines are chrome. The truth texts of those pages are also loaded as ``.txt`` files
(a web page saved as text): the ``txt-repost`` set.

* ``body``: the share of the truth's body lines found in the loaded text;
* ``leaked``: chrome lines found in the loaded text (those that also occur in the body are not counted);
* ``rows``: the share of the truth's table rows that come back as one row with the same non-empty cells.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
HOLDOUT = ROOT / "holdout"
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")


@dataclass
class Fidelity:
    dataset: str
    stem: str
    fmt: str
    body: int
    found: int
    chrome: int
    leaked: int
    rows: int
    rows_kept: int
    ms: float
    missing: list[str]
    leaks: list[str]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _LINK.sub(r"\1", text)))


def split_truth(stem: str, text: str, spans: dict) -> tuple[list[str], list[str]]:
    """(body lines, chrome lines) of a truth text; all body when the stem has no chrome span."""
    lines = [ln for ln in text.split("\n") if norm(ln)]
    span = spans.get(stem)
    if not span:
        return lines, []
    start = next(i for i, ln in enumerate(lines) if ln.startswith(span["start"]))
    end = next(i for i, ln in enumerate(lines) if ln.startswith(span["end"]) and i >= start)
    inside = tuple(span.get("inside", []))
    body = [ln for ln in lines[start : end + 1] if not ln.startswith(inside)]
    chrome = lines[:start] + [ln for ln in lines[start : end + 1] if ln.startswith(inside)] + lines[end + 1 :]
    return body, chrome


def _cells(row: str) -> str:
    return "|".join(norm(c) for c in row.split("\t") if norm(c))


def measure(dataset: str, doc: Path, truth: Path, spans: dict) -> Fidelity:
    from assistant.ingest.loaders import load_document

    body, chrome = split_truth(doc.stem, truth.read_text(encoding="utf-8"), spans)
    start = time.perf_counter()
    loaded = load_document(doc).text
    ms = (time.perf_counter() - start) * 1000
    flat, body_flat = norm(loaded), norm("\n".join(body))
    missing = [ln for ln in body if norm(ln) not in flat]
    chrome = [ln for ln in chrome if norm(ln) not in body_flat]
    leaks = [ln for ln in chrome if norm(ln) in flat]
    rows = [_cells(ln) for ln in body if "\t" in ln]
    got = {_cells(ln) for ln in loaded.split("\n") if "\t" in ln}
    return Fidelity(dataset, doc.stem, doc.suffix.lstrip("."), len(body), len(body) - len(missing),
                    len(chrome), len(leaks), len(rows), sum(r in got for r in rows), round(ms, 1), missing, leaks)


def _sets(tmp: Path, spans: dict) -> list[tuple[str, Path, Path]]:
    """(dataset, document, truth) for every document measured."""
    out = [("corpus", p, CORPUS / "notices" / f"{p.stem}.txt") for p in sorted((CORPUS / "docs").iterdir())]
    for fmt in ("pdf", "docx", "html"):
        out += [(f"holdout-{fmt}", p, HOLDOUT / "notices" / f"{p.stem}.txt") for p in sorted((HOLDOUT / fmt).iterdir())]
    for stem in spans:
        truth = next(d / "notices" / f"{stem}.txt" for d in (CORPUS, HOLDOUT) if (d / "notices" / f"{stem}.txt").exists())
        shutil.copy(truth, tmp / truth.name)
        out.append(("txt-repost", tmp / truth.name, truth))
    return out


def run() -> list[Fidelity]:
    spans = yaml.safe_load((CORPUS / "chrome.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        return [measure(name, doc, truth, spans) for name, doc, truth in _sets(Path(tmp), spans)]


def summary(results: list[Fidelity]) -> dict[str, dict[str, float]]:
    """Per dataset and overall: body share found, chrome lines leaked of all, table rows kept, ms."""
    groups: dict[str, list[Fidelity]] = {}
    for r in results:
        groups.setdefault(r.dataset, []).append(r)
        groups.setdefault(f"all-{r.fmt}" if r.dataset != "txt-repost" else "txt-repost", [])
    groups["all"] = results
    out = {}
    for name, rs in groups.items():
        rs = rs or [r for r in results if f"all-{r.fmt}" == name and r.dataset != "txt-repost"]
        out[name] = {
            "docs": len(rs),
            "body": round(sum(r.found for r in rs) / max(1, sum(r.body for r in rs)), 4),
            "leaked": sum(r.leaked for r in rs),
            "chrome": sum(r.chrome for r in rs),
            "rows": round(sum(r.rows_kept for r in rs) / max(1, sum(r.rows for r in rs)), 4),
            "ms": round(sum(r.ms for r in rs), 1),
        }
    return out


def print_report(results: list[Fidelity], verbose: bool = False) -> None:
    print(f"{'dataset':12} {'stem':34} {'fmt':4} {'body':>9} {'leaked':>7} {'rows':>7} {'ms':>7}")
    for r in results:
        print(f"{r.dataset:12} {r.stem:34} {r.fmt:4} {r.found:4}/{r.body:<4} {r.leaked:3}/{r.chrome:<3} "
              f"{r.rows_kept:3}/{r.rows:<3} {r.ms:7.0f}")
        if verbose:
            for line in r.missing:
                print(f"    missing: {line[:90]!r}")
            for line in r.leaks:
                print(f"    leaked:  {line[:90]!r}")
    for name, s in sorted(summary(results).items()):
        print(f"{name:14} docs {s['docs']:3}  body {s['body']:.3f}  leaked {s['leaked']}/{s['chrome']}  "
              f"rows {s['rows']:.3f}  {s['ms']:.0f} ms")


def main(json_out: Path | None = None, verbose: bool = False) -> int:
    results = run()
    print_report(results, verbose)
    if json_out:
        import json

        data = {"summary": summary(results), "documents": [asdict(r) for r in results]}
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {json_out}")
    return 0
