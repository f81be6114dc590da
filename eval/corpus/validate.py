"""Check the corpus: labels, questions and rendered documents agree with the notices' text.

    .venv/bin/python eval/corpus/validate.py            # every notice
    .venv/bin/python eval/corpus/validate.py 201_xxx    # some notices

Per notice <stem>: notices/<stem>.txt (truth), labels/<stem>.yaml (metadata), questions/<stem>.jsonl
(questions about that notice) and docs/<stem>.<format> (the rendering the evaluation indexes).
Matching is as in FORMAT.md (NFKC, whitespace removed). Checks:
  * every question has the FORMAT.md fields plus ``phrasing`` and ``about`` (= <stem>.txt: the notice
    the question is about, also for unanswerable ones); ids unique across the corpus;
  * answerable: ``source`` = ``about``; 1+ evidence strings of 6-40 characters, each in the notice
    text and in the rendered document's plain text; every answer_must group has an alternative in
    the notice;
  * unanswerable: source null, evidence [], answer_must [], kind unanswerable / out_of_scope;
  * the label has the metadata fields, and title / doc_number occur in the notice text.
Exit status 1 on any error.
"""

from __future__ import annotations

import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FIELDS = ("id", "question", "answerable", "source", "evidence", "answer_must", "kind", "phrasing", "about")
KINDS = {"deadline", "fee", "contact", "materials", "rule", "table", "procedure", "eligibility",
         "unanswerable", "out_of_scope"}
PHRASINGS = {"standard", "colloquial", "typo", "traditional", "no_city", "english", "two_part", "qualifier"}
LABEL_FIELDS = ("title", "issuer", "doc_number", "issue_date", "year", "province", "city", "district",
                "series", "levels", "format", "layout")


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def rendered_text(path: Path) -> str:
    """Plain text of a rendered notice, read with the basic libraries (not the project's loader)."""
    if path.suffix == ".pdf":
        import pypdf

        return "".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if path.suffix in (".html", ".htm"):
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text("\n")
    return path.read_text(encoding="utf-8")


def check_label(stem: str, text: str, errors: list[str]) -> None:
    path = HERE / "labels" / f"{stem}.yaml"
    if not path.exists():
        errors.append(f"{stem}: no label file")
        return
    label = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [f for f in LABEL_FIELDS if f not in label]
    if missing:
        errors.append(f"{stem}: label misses {missing}")
    for field in ("title", "doc_number"):
        if label.get(field) and norm(label[field]) not in text:
            errors.append(f"{stem}: label {field} {label[field]!r} not in the notice text")


def check_question(r: dict, stems: dict[str, str], docs: dict[str, str], errors: list[str]) -> None:
    rid = r.get("id", "?")
    missing = [f for f in FIELDS if f not in r]
    if missing:
        errors.append(f"{rid}: missing fields {missing}")
        return
    if r["kind"] not in KINDS:
        errors.append(f"{rid}: unknown kind {r['kind']!r}")
    if r["phrasing"] not in PHRASINGS:
        errors.append(f"{rid}: unknown phrasing {r['phrasing']!r}")
    about = Path(r["about"]).stem
    if about not in stems:
        errors.append(f"{rid}: about {r['about']!r} is no corpus notice")
        return
    if r["answerable"] is True:
        if r["source"] != r["about"]:
            errors.append(f"{rid}: source {r['source']!r} differs from about {r['about']!r}")
        if not r["evidence"] or not r["answer_must"]:
            errors.append(f"{rid}: answerable needs evidence and answer_must")
        for ev in r["evidence"]:
            if not 6 <= len(norm(ev)) <= 40:
                errors.append(f"{rid}: evidence length {len(norm(ev))} outside 6-40: {ev!r}")
            if norm(ev) not in stems[about]:
                errors.append(f"{rid}: evidence not in the notice: {ev!r}")
            elif about in docs and norm(ev) not in docs[about]:
                errors.append(f"{rid}: evidence not in the rendered document: {ev!r}")
        for alts in r["answer_must"]:
            if not alts or not any(norm(a) in stems[about] for a in alts):
                errors.append(f"{rid}: no alternative of {alts} occurs in the notice")
    elif r["answerable"] is False:
        if r["source"] is not None or r["evidence"] or r["answer_must"]:
            errors.append(f"{rid}: unanswerable must have source null, evidence [] and answer_must []")
        if r["kind"] not in ("unanswerable", "out_of_scope"):
            errors.append(f"{rid}: unanswerable with kind {r['kind']!r}")
    else:
        errors.append(f"{rid}: answerable must be true or false")


def main(argv: list[str]) -> int:
    all_stems = sorted(p.stem for p in (HERE / "notices").glob("*.txt"))
    wanted = argv or all_stems
    texts = {s: norm((HERE / "notices" / f"{s}.txt").read_text(encoding="utf-8")) for s in all_stems}
    docs = {p.stem: norm(rendered_text(p)) for p in (HERE / "docs").glob("*.*") if p.stem in wanted}
    errors: list[str] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for stem in wanted:
        check_label(stem, texts[stem], errors)
        if stem not in docs:
            errors.append(f"{stem}: not rendered into docs/ (run eval/corpus/render.py)")
        qpath = HERE / "questions" / f"{stem}.jsonl"
        for n, line in enumerate(qpath.read_text(encoding="utf-8").splitlines() if qpath.exists() else [], 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{qpath.name}:{n}: bad JSON: {exc}")
                continue
            if r.get("id") in seen:
                errors.append(f"{r.get('id')}: duplicate id")
            seen.add(r.get("id"))
            rows.append(r)
            check_question(r, texts, docs, errors)
    unans = sum(1 for r in rows if r.get("answerable") is False)
    print(f"{len(wanted)} notices, {len(rows)} questions, unanswerable {unans} ({unans / max(len(rows), 1):.0%})")
    print("by kind:", dict(collections.Counter(r.get("kind") for r in rows)))
    print("by phrasing:", dict(collections.Counter(r.get("phrasing") for r in rows)))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
