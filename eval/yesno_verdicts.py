"""The yes/no verdict: train the model of ``assistant/answer/verdict.py`` and measure it, and the word
list of ``intent.polarity``, on notices no model saw.

Run: ``python -m eval train-verdicts [--quotes RUN.json]``.

Data. ``eval/datasets/verdicts.jsonl`` gives, for every answerable yes/no question of the sets, the
right verdict and ``because``: the notice's deciding words, verbatim. Each label is read twice: with
the whole sentence of its notice that holds those words (what the answerer quotes at run time) and
with the deciding words alone. Labels whose verdict depends on the applicant (``depends``) are left
out: the answer is then the quote.

Held-out figures. Leave-one-notice-out (the notice of the item, as ``question_kinds.group_of``
finds it): each question's sentence is read by a model trained on every other notice's labels.
Reported: accuracy, and at each threshold the share the model gives a verdict for, the right ones
among all and the wrong ones among those given — beside the word list, which gives a verdict when
its words occur.

With ``--quotes RUN.json`` (an ``eval run-all`` run), the same left-out figures on the sentences
the answerer quoted for the labelled questions it answered: the verdicts as the app states them.

Threshold: the lowest on the grid whose left-out wrong verdicts among those given are at most
``TARGET_WRONG``. The final model is trained on every label but the dev set's and written to
``knowledge/models/yesno_verdict.json`` as plain numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from assistant.answer.verdict import MODEL_PATH, VerdictModel, features
from assistant.ingest.structure import answer_part
from assistant.settings import PROJECT_ROOT
from assistant.text.sentences import split_sentences
from assistant.understand.intent import polarity
from eval.question_kinds import DEV, SOURCES, group_of, read_jsonl

EVAL_DIR = Path(__file__).resolve().parent
LABELS = EVAL_DIR / "datasets" / "verdicts.jsonl"
NOTICE_DIRS = [PROJECT_ROOT / "knowledge" / "notices", EVAL_DIR / "holdout" / "notices", EVAL_DIR / "corpus" / "notices"]
C = 1.0  # inverse L2 strength
MIN_DF = 2  # labels an n-gram must occur in to be a feature
DECIMALS = 3
MIN_WEIGHT = 1e-3
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
TARGET_WRONG = 0.05  # wrong verdicts among those given, left out by notice
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Label:
    id: str
    question: str
    yes: bool
    because: str
    sentence: str  # the notice's sentence holding ``because`` (``because`` itself when not found)
    group: str
    dev: bool


@cache
def notice_sentences(stem: str) -> tuple[str, ...]:
    """The sentences of a notice's text, found by its file stem in the sets' text folders."""
    for folder in NOTICE_DIRS:
        for path in sorted(folder.glob(f"{stem}.*")):
            if path.suffix in {".txt", ".md"}:
                return tuple(split_sentences(path.read_text(encoding="utf-8")))
    return ()


def sentence_of(stem: str, because: str) -> str:
    """The notice sentence holding the deciding words (spaces ignored); the words alone when none does."""
    words = _SPACE.sub("", because)
    return next((s for s in notice_sentences(stem) if words in _SPACE.sub("", s)), because)


def load_labels(path: Path = LABELS) -> list[Label]:
    """The yes and no labels, each with its notice sentence and group."""
    originals = {item["id"]: item for source in SOURCES for item in read_jsonl(source)}
    dev_ids = {item["id"] for item in read_jsonl(DEV)}
    out = []
    for row in read_jsonl(path):
        if row["verdict"] not in ("yes", "no"):
            continue
        group = group_of(originals[row["id"]])
        out.append(Label(id=row["id"], question=row["question"], yes=row["verdict"] == "yes", because=row["because"],
                         sentence=sentence_of(group, row["because"]), group=group, dev=row["id"] in dev_ids))
    return out


def examples(labels: list[Label]) -> tuple[list[set[str]], list[bool]]:
    """Two readings per label: the whole sentence, and the deciding words alone."""
    xs = [features(lab.question, text) for lab in labels for text in (lab.sentence, lab.because)]
    ys = [lab.yes for lab in labels for _ in (0, 1)]
    return xs, ys


def fit(labels: list[Label], c: float = C, threshold: float = 0.5) -> VerdictModel:
    """An L2 logistic regression over ``verdict.features``, classes weighted to balance (most labels
    are no); an n-gram in fewer than ``MIN_DF`` examples is left out."""
    xs, ys = examples(labels)
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1.0) for f in xs])
    names = vec.get_feature_names_out()
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((df >= MIN_DF) | np.char.startswith(names.astype(str), "<"))
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x[:, keep], ys)
    weights = {str(names[j]): round(float(w), DECIMALS) for j, w in zip(keep, clf.coef_[0]) if abs(w) >= MIN_WEIGHT}
    return VerdictModel(weights=weights, bias=round(float(clf.intercept_[0]), DECIMALS), threshold=threshold)


def leave_one_notice_out(labels: list[Label], c: float = C) -> dict[str, float]:
    """P(yes) for each label's sentence, by a model that saw no label of its notice."""
    out: dict[str, float] = {}
    for group in sorted({lab.group for lab in labels}):
        model = fit([lab for lab in labels if lab.group != group], c)
        out |= {lab.id: model.probability_of(features(lab.question, lab.sentence)) for lab in labels if lab.group == group}
    return out


@dataclass(frozen=True)
class Point:
    threshold: float
    given: int
    right: int
    wrong: int
    n: int

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.given if self.given else 0.0


def curve(labels: list[Label], p: dict[str, float]) -> list[Point]:
    """For each threshold: verdicts given, right and wrong."""
    out = []
    for t in THRESHOLDS:
        said = [(lab.yes, p[lab.id] >= t) for lab in labels if p[lab.id] >= t or p[lab.id] <= 1 - t]
        right = sum(yes == said_yes for yes, said_yes in said)
        out.append(Point(t, len(said), right, len(said) - right, len(labels)))
    return out


def word_list(labels: list[Label]) -> Point:
    """The word list's figures on the same sentences."""
    said = [(lab.yes, pol) for lab in labels if (pol := polarity(lab.sentence)) is not None]
    right = sum(yes == pol for yes, pol in said)
    return Point(0.0, len(said), right, len(said) - right, len(labels))


def choose(points: list[Point]) -> Point:
    """The lowest threshold whose wrong verdicts among those given are within the target."""
    return next((pt for pt in points if pt.wrong_rate <= TARGET_WRONG), points[-1])


def row(name: str, pt: Point) -> str:
    return (f"  {name:<14} given {pt.given:4}/{pt.n}  right {pt.right / pt.n:6.3f}  "
            f"wrong among given {pt.wrong_rate:6.3f} ({pt.wrong})")


def quoted(run: Path, labels: list[Label]) -> list[tuple[Label, str]]:
    """The labelled yes/no questions a run (``eval run-all``'s run.json) answered, each with the
    part of the first sentence its answer quotes that answers it (the notice's own question left out)."""
    by_id = {lab.id: lab for lab in labels}
    data = json.loads(run.read_text(encoding="utf-8"))
    out = []
    for dataset in data["datasets"].values():
        for r in dataset["systems"]["ours"]["results"]:
            lab = by_id.get(r["id"])
            if lab is not None and not r["abstained"] and r["citations"]:
                out.append((lab, answer_part(r["citations"][0]["quote"])))
    return out


def on_quotes(run: Path) -> None:
    """Left-out figures on the sentences the answerer quoted: each read by a model trained on the
    labels of every other notice, beside the word list on the same sentences."""
    labels = load_labels()
    pairs = quoted(run, labels)
    models = {group: fit([lab for lab in labels if lab.group != group]) for group in sorted({lab.group for lab, _ in pairs})}
    p = {lab.id: models[lab.group].probability_of(features(lab.question, quote)) for lab, quote in pairs}
    answered = [lab for lab, _ in pairs]
    said = [(lab.yes, pol) for lab, quote in pairs if (pol := polarity(quote)) is not None]
    right = sum(yes == pol for yes, pol in said)
    print(f"{len(pairs)} labelled yes/no questions answered in {run}; left out by notice, on the sentences quoted:")
    print(row("word list", Point(0.0, len(said), right, len(said) - right, len(pairs))))
    for pt in curve(answered, p):
        print(row(f"model t={pt.threshold:.2f}", pt))


def main(quotes: Path | None = None) -> None:
    """Held-out figures beside the word list, the threshold, and the model file; with ``quotes`` (a
    run.json), instead the held-out figures on the sentences that run's answers quoted."""
    with threadpool_limits(limits=1):
        if quotes is not None:
            return on_quotes(quotes)
        labels = load_labels()
        found = sum(lab.sentence != lab.because for lab in labels)
        print(f"{len(labels)} yes/no labels ({sum(lab.yes for lab in labels)} yes), {found} with their notice sentence, "
              f"{len({lab.group for lab in labels})} notices")
        p = leave_one_notice_out(labels)
        points = curve(labels, p)
        print("Leave-one-notice-out, on each label's notice sentence:")
        print(row("word list", word_list(labels)))
        for pt in points:
            print(row(f"model t={pt.threshold:.2f}", pt))
        chosen = choose(points)
        print(f"threshold {chosen.threshold} (wrong among given ≤ {TARGET_WRONG} left out)")
        model = fit([lab for lab in labels if not lab.dev], threshold=chosen.threshold)
        info = {"trained_on": sum(not lab.dev for lab in labels), "C": C, "min_df": MIN_DF, "features": len(model.weights),
                "lono": {"given": round(chosen.given / chosen.n, 4), "right": round(chosen.right / chosen.n, 4),
                         "wrong_among_given": round(chosen.wrong_rate, 4)},
                "labels": str(LABELS.relative_to(PROJECT_ROOT)), "trained_by": "eval/yesno_verdicts.py"}
        write_model(VerdictModel(model.weights, model.bias, model.threshold, info))
        print(f"model: {MODEL_PATH.relative_to(PROJECT_ROOT)} ({len(model.weights)} features)")


def write_model(model: VerdictModel, path: Path = MODEL_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
