"""Notice metadata against hand labels: ``python -m eval metadata [--failures] [--json OUT.json]``.

Each labelled notice is read the way the product reads an upload (``assistant.ingest.loaders.
load_document``, then ``assistant.ingest.metadata.extract_metadata``) and every field is compared with
its label. The labelled sets (see ``LABEL_SETS``):

* ``bundled``: the five notices in ``knowledge/notices/`` (labels in ``eval/datasets/labels/``);
* ``corpus``: the 24 layout-corpus notices (``eval/corpus/labels/``, files in ``eval/corpus/docs/``);
* ``holdout``: the three hold-out notices (``eval/holdout/labels/``), each read in the format its label
  names (pdf, docx, html), so that no two are read from the same kind of file.

A field is right when (``match``):

* ``title``: equal after NFKC, with whitespace and punctuation removed (a wrapped or spaced title is
  the same title; 《》 and quotes do not count);
* ``issuer``: the set of issuing offices equals the label's set (each name normalised as a title; the
  product joins several with 、); a notice that names none is right only with none;
* ``doc_number``: equal after the same normalisation (〔〕 kept), or both absent;
* ``issue_date``, ``year``: equal (ISO date; the round's year), or both absent;
* ``region``: province, city and district all equal (absent ones included);
* ``series``, ``levels``: equal as sets once every name, label's and prediction's, is mapped to the
  vocabulary's canonical name (卫生 → 卫生技术; names the vocabulary lacks stay as they are).

``overall`` is the share of right fields over all notices and fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.ingest.loaders import load_document
from assistant.ingest.metadata import extract_metadata
from assistant.models import NoticeMeta
from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("title", "issuer", "doc_number", "issue_date", "year", "region", "series", "levels")
TARGET = 0.95


@dataclass(frozen=True)
class LabelSet:
    name: str
    labels: Path
    file_of: Callable[[str, str], Path]  # (stem, format) -> the file the product would be given


LABEL_SETS = (
    LabelSet("bundled", ROOT / "eval" / "datasets" / "labels", lambda s, f: ROOT / "knowledge" / "notices" / f"{s}.{f}"),
    LabelSet("corpus", ROOT / "eval" / "corpus" / "labels", lambda s, f: ROOT / "eval" / "corpus" / "docs" / f"{s}.{f}"),
    LabelSet("holdout", ROOT / "eval" / "holdout" / "labels", lambda s, f: ROOT / "eval" / "holdout" / f / f"{s}.{f}"),
)


@dataclass
class Miss:
    notice: str
    field: str
    expected: object
    got: object
    source: str = ""


@dataclass
class SetScore:
    name: str
    n: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[Miss] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        scores = {f: round(self.right[f] / self.n, 3) if self.n else 0.0 for f in FIELDS}
        total = self.n * len(FIELDS)
        scores["overall"] = round(sum(self.right.values()) / total, 3) if total else 0.0
        return scores


# ---- matching -------------------------------------------------------------------------------------


def norm(text: object) -> str:
    """NFKC, without whitespace and punctuation (〔〕 of a 文号 kept)."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(ch for ch in s if ch in "〔〕" or unicodedata.category(ch)[0] not in "PZC")


def issuers(value: object) -> set[str]:
    items = value if isinstance(value, list) else re.split(r"[、，,；;]", str(value or ""))
    return {norm(v) for v in items if norm(v)}


def canonical(names: object, families: dict[str, list[str]]) -> set[str]:
    """Names mapped to the vocabulary's canonical ones (a name or alias of one family)."""
    lookup = {alias: name for name, aliases in families.items() for alias in [name, *aliases]}
    return {lookup.get(str(n), str(n)) for n in (names or [])}  # type: ignore[union-attr]


def predicted(meta: NoticeMeta, name: str) -> object:
    if name == "region":
        return (meta.province, meta.city, meta.district)
    return getattr(meta, name)


def expected(label: dict, name: str) -> object:
    if name == "region":
        return (label.get("province"), label.get("city"), label.get("district"))
    value = label.get(name)
    return str(value) if name == "issue_date" and value else value


def match(name: str, want: object, got: object, vocab: Vocabulary) -> bool:
    if name in ("title", "doc_number"):
        return norm(want) == norm(got)
    if name == "issuer":
        return issuers(want) == issuers(got)
    if name in ("series", "levels"):
        families = vocab.series if name == "series" else vocab.levels
        return canonical(want, families) == canonical(got, families)
    return want == got


# ---- running --------------------------------------------------------------------------------------


def labelled(label_set: LabelSet) -> list[tuple[str, dict, Path]]:
    found = []
    for path in sorted(label_set.labels.glob("*.yaml")):
        label = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append((path.stem, label, label_set.file_of(path.stem, label.get("format", "txt"))))
    return found


def read(stem: str, path: Path, gazetteer: Gazetteer, vocab: Vocabulary) -> NoticeMeta:
    return extract_metadata(stem, path.name, load_document(path), gazetteer, vocab)


def score_set(label_set: LabelSet, gazetteer: Gazetteer, vocab: Vocabulary) -> SetScore:
    score = SetScore(label_set.name)
    for stem, label, path in labelled(label_set):
        meta = read(stem, path, gazetteer, vocab)
        score.n += 1
        for name in FIELDS:
            want, got = expected(label, name), predicted(meta, name)
            if match(name, want, got, vocab):
                score.right[name] += 1
            else:
                score.misses.append(Miss(stem, name, want, got, _source(meta, name)))
    return score


def _source(meta: NoticeMeta, name: str) -> str:
    sources = getattr(meta, "sources", None) or {}
    keys = ("province", "city", "district") if name == "region" else (name,)
    found = [sources[k] for k in keys if k in sources]
    return " | ".join(f"{getattr(s, 'confidence', '')} «{getattr(s, 'text', '')[:60]}»" for s in found)


def evaluate(sets: tuple[LabelSet, ...] = LABEL_SETS) -> list[SetScore]:
    from assistant.settings import Settings

    settings = Settings()
    gazetteer, vocab = Gazetteer.load(settings.regions_file), load_vocabulary(settings.vocab_file)
    return [score_set(s, gazetteer, vocab) for s in sets]


def combined(scores: list[SetScore], name: str = "all") -> SetScore:
    total = SetScore(name)
    for s in scores:
        total.n += s.n
        total.misses += s.misses
        for f in FIELDS:
            total.right[f] += s.right[f]
    return total


def report(scores: list[SetScore]) -> dict:
    rows = [*scores, combined(scores[:2], "bundled+corpus"), combined(scores)]
    return {"fields": list(FIELDS), "target": TARGET,
            "sets": {s.name: {"n": s.n, **s.accuracy()} for s in rows},
            "misses": [m.__dict__ for m in combined(scores).misses]}


def print_report(result: dict, failures: bool) -> None:
    head = f"{'set':<15}{'n':>4}  " + "  ".join(f"{f[:10]:>10}" for f in [*FIELDS, "overall"])
    print(head)
    for name, row in result["sets"].items():
        print(f"{name:<15}{row['n']:>4}  " + "  ".join(f"{row[f]:>10.3f}" for f in [*FIELDS, "overall"]))
    if failures:
        for m in result["misses"]:
            src = f"\n      from {m['source']}" if m["source"] else ""
            print(f"MISS {m['notice']} {m['field']}: expected {m['expected']!r}, got {m['got']!r}{src}")


def main(failures: bool = False, json_out: Path | None = None) -> int:
    result = report(evaluate())
    print_report(result, failures)
    if json_out:
        from eval.scoring import write_json

        write_json(json_out, result)
        print(f"wrote {json_out}")
    return 0
