"""Check eval/holdout/questions.jsonl against the notices it is about (stdlib only).

    python3 eval/holdout/validate.py                 # questions.jsonl next to this file
    python3 eval/holdout/validate.py path/to/set.jsonl --notices DIR
    python3 eval/holdout/validate.py --pdf           # also look for evidence in pdf/*.pdf text
                                                     # (needs pypdf, e.g. the project venv)

Checks (matching as in eval/FORMAT.md: NFKC, all whitespace removed, both sides):
  * every line is JSON with id, question, answerable, source, evidence, answer_must, kind, phrasing;
  * ids are unique; kind and phrasing come from the known sets;
  * answerable: source is a file in the notices folder, evidence is non-empty, every evidence string
    is 6-30 characters and occurs in the source notice, every answer_must inner list is non-empty
    and has at least one string that occurs in the notice;
  * not answerable: source null, evidence [] and answer_must [], kind unanswerable/out_of_scope.
Exit status 1 if any check fails.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("id", "question", "answerable", "source", "evidence", "answer_must", "kind", "phrasing")
KINDS = {"deadline", "fee", "contact", "materials", "rule", "table", "unanswerable", "out_of_scope"}
PHRASINGS = {"standard", "colloquial", "typo", "traditional", "no_city", "english"}
REGION_WORDS = ("湖州", "湖洲", "顺德", "順德", "顺得", "淄博", "淄搏", "Huzhou", "Shunde", "Zibo")


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def pdf_texts(pdf_dir: Path) -> dict[str, str]:
    try:
        import pypdf  # noqa: PLC0415
    except ImportError:
        sys.exit("--pdf needs pypdf (run with /work/main/.venv/bin/python)")
    out = {}
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        reader = pypdf.PdfReader(str(pdf))
        out[pdf.stem] = norm("".join(page.extract_text() or "" for page in reader.pages))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset", nargs="?", default=str(HERE / "questions.jsonl"))
    ap.add_argument("--notices", default=str(HERE / "notices"))
    ap.add_argument("--pdf", action="store_true", help="also check evidence against the PDF text")
    ap.add_argument("--pdf-dir", default=str(HERE / "pdf"))
    args = ap.parse_args()

    notices = {p.name: norm(p.read_text(encoding="utf-8")) for p in Path(args.notices).glob("*.txt")}
    pdfs = pdf_texts(Path(args.pdf_dir)) if args.pdf else {}
    errors, warnings = [], []
    seen = set()
    rows = []
    for n, line in enumerate(Path(args.dataset).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: bad JSON: {e}")
            continue
        rows.append(r)
        rid = r.get("id", f"line {n}")
        missing = [f for f in FIELDS if f not in r]
        if missing:
            errors.append(f"{rid}: missing fields {missing}")
            continue
        if rid in seen:
            errors.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r["kind"] not in KINDS:
            errors.append(f"{rid}: unknown kind {r['kind']!r}")
        if r["phrasing"] not in PHRASINGS:
            errors.append(f"{rid}: unknown phrasing {r['phrasing']!r}")
        if not isinstance(r["question"], str) or not r["question"].strip():
            errors.append(f"{rid}: empty question")
        if r["answerable"] is True:
            src = r["source"]
            if src not in notices:
                errors.append(f"{rid}: source {src!r} not in {args.notices}")
                continue
            text = notices[src]
            if r["kind"] in ("unanswerable", "out_of_scope"):
                errors.append(f"{rid}: answerable but kind {r['kind']}")
            if not r["evidence"]:
                errors.append(f"{rid}: no evidence")
            for ev in r["evidence"]:
                if not 6 <= len(norm(ev)) <= 30:
                    errors.append(f"{rid}: evidence length {len(norm(ev))} outside 6-30: {ev!r}")
                if norm(ev) not in text:
                    errors.append(f"{rid}: evidence not in {src}: {ev!r}")
                if pdfs and norm(ev) not in pdfs.get(Path(src).stem, ""):
                    warnings.append(f"{rid}: evidence not found in PDF text of {Path(src).stem}: {ev!r}")
            if not r["answer_must"]:
                errors.append(f"{rid}: empty answer_must")
            for alts in r["answer_must"]:
                if not alts:
                    errors.append(f"{rid}: empty inner answer_must list")
                elif not any(norm(a) in text for a in alts):
                    errors.append(f"{rid}: no alternative of {alts} occurs in {src}")
        elif r["answerable"] is False:
            if r["source"] is not None or r["evidence"] or r["answer_must"]:
                errors.append(f"{rid}: unanswerable must have source null, evidence [] and answer_must []")
            if r["kind"] not in ("unanswerable", "out_of_scope"):
                errors.append(f"{rid}: unanswerable with kind {r['kind']!r}")
        else:
            errors.append(f"{rid}: answerable must be true or false")

    by_src = collections.Counter(r.get("source") for r in rows)
    kinds = collections.Counter(r.get("kind") for r in rows)
    phr = collections.Counter(r.get("phrasing") for r in rows)
    unans = sum(1 for r in rows if r.get("answerable") is False)
    region = sum(1 for r in rows if any(w in r.get("question", "") for w in REGION_WORDS))
    print(f"{len(rows)} questions; unanswerable {unans} ({unans / max(len(rows), 1):.0%}); "
          f"naming a region {region} ({region / max(len(rows), 1):.0%})")
    print("by source:", dict(by_src))
    print("by kind:", dict(kinds))
    print("by phrasing:", dict(phr))
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
