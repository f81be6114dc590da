"""``python -m eval train-instructions``: train the planted-instruction classifier and measure it on
what it did not see.

Data. Positives are the instruction-like sentences written in ``knowledge/instructions/*.yaml``
(orders, role-play, prompt extraction, fake system notices; Chinese, English, traditional, with
disguises). Negatives are the hard notice-like sentences written there, and every sentence the
screener judges in the team's notices (bundled, hold-out, layout corpus) and their PDF/DOCX/HTML
renderings: each sentence of each line, and each sentence broken across lines (the same units and
windows as ``assistant.text.instructions.screen_lines``).

Held-out figures. The examples are dealt into ``FOLDS`` folds by group: a notice (all its renderings
together), a family of written instructions (so no instruction is judged by a model that saw its
paraphrases), or one written notice-like sentence. The out-of-fold probabilities give accuracy, precision, recall and the
number of genuine notice sentences flagged; they also set the two thresholds (``pick_thresholds``).
The planted variants of ``python -m eval injection`` are never trained on: the final model screens
the injected copy and the report says how many variants it removed whole.

The final model is trained on everything and written to ``knowledge/models/instructions.json`` as
plain numbers (feature → weight): the app reads it without scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.ingest.chunking import raw_lines
from assistant.ingest.loaders import load_document
from assistant.settings import PROJECT_ROOT
from assistant.text.instructions import (
    MODEL_PATH,
    REGEX_FEATURE,
    InstructionModel,
    features,
    plain,
    screen_text,
    units_of,
    window_text,
    windows_of,
)
from eval import injection

EVAL_DIR = Path(__file__).resolve().parent
LABELLED = PROJECT_ROOT / "knowledge" / "instructions"
NOTICES = [PROJECT_ROOT / "knowledge" / "notices", EVAL_DIR / "holdout" / "notices", EVAL_DIR / "corpus" / "notices"]
RENDERINGS = [EVAL_DIR / "holdout" / "pdf", EVAL_DIR / "holdout" / "docx", EVAL_DIR / "holdout" / "html",
              EVAL_DIR / "corpus" / "docs"]
FOLDS = 5
C = 64.0  # inverse L2 strength: the best held-out accuracy of 1, 4, 16 and 64 (no genuine sentence flagged with any)
# The share of held-out genuine notice sentences the threshold may flag. A count (it was 1) raised the
# bar with every notice added, for the more sentences, the more that read like instructions held out
# (a Q&A heading 你问我答; a 补充通知's "请在新的截止时间前重新提交"; a WeChat article's "通知原文是这样
# 写的："): with the notices 269-276 one allowed set it at .75 and held-out recall fell from .92 to
# .80, two at .72 and .83. A share keeps the bar where the data put it: 3 of 5,949 genuine sentences
# held out at .50 (recall .92, precision .91), and the model trained on all of them flags none.
MAX_GENUINE_SHARE = 0.001
LOW_SHARE = 0.002  # share of held-out genuine sentences at or above the lower threshold (about 5 of 2,700)
MIN_WEIGHT = 1e-4  # smaller weights are left out of the exported model
MIN_DF = 2  # examples an n-gram must occur in to be a feature


class Example(BaseModel):
    text: str
    label: int  # 1: planted instruction
    group: str  # the unit of the held-out split: a notice, or a family of written sentences
    source: str  # written | notice | rendering


def written_examples(folder: Path = LABELLED) -> list[Example]:
    """The labelled sentences of ``folder/*.yaml``: label → family → sentences."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label, families in data.items():
            for family, texts in families.items():
                out += [Example(text=t, label=int(label == "instruction"), source="written",
                                group=f"{label}:{family}" + ("" if label == "instruction" else f":{k}"))
                        for k, t in enumerate(texts)]
    return out


def notice_examples() -> list[Example]:
    """Every unit and broken-sentence window of the notices and their renderings, as negatives; the
    group is the notice (its file stem), whatever the format."""
    out = []
    for folder, source in [*((f, "notice") for f in NOTICES), *((f, "rendering") for f in RENDERINGS)]:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in {".txt", ".pdf", ".docx", ".html", ".htm"}:
                out += [Example(text=t, label=0, group=f"notice:{path.stem}", source=source) for t in judged_texts(path)]
    return out


def judged_texts(path: Path) -> list[str]:
    """What the screener judges in a notice file: each sentence, each sentence broken across lines."""
    lines = [ln.text for ln in raw_lines(load_document(path))]
    units = units_of(lines)
    return [u.text for u in units] + [window_text(units, run) for run in windows_of(units, lines)]


def deduplicated(examples: Iterable[Example]) -> list[Example]:
    """One example per plain text (the first kept): a line repeated in renderings counts once."""
    seen: dict[str, Example] = {}
    for ex in examples:
        seen.setdefault(plain(ex.text), ex)
    return list(seen.values())


def fold_of(group: str) -> int:
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % FOLDS


def fit(examples: list[Example]) -> tuple[dict[str, float], float]:
    """A class-balanced L2 logistic regression over ``features``; its weights by feature name. An
    n-gram seen in one example only is left out: it says nothing about another sentence, and the
    model stays small."""
    vec = DictVectorizer()
    x = vec.fit_transform([features(ex.text) for ex in examples])
    names = vec.get_feature_names_out()
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((df >= MIN_DF) | (names == REGEX_FEATURE))
    x, names = x[:, keep], names[keep]
    y = np.array([ex.label for ex in examples])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit(x, y)
    weights = {str(n): round(float(w), 5) for n, w in zip(names, clf.coef_[0]) if abs(w) >= MIN_WEIGHT}
    return weights, float(clf.intercept_[0])


def out_of_fold(examples: list[Example]) -> list[float]:
    """Each example's probability from the model trained on the other folds."""
    probs = [0.0] * len(examples)
    for k in range(FOLDS):
        train = [ex for ex in examples if fold_of(ex.group) != k]
        weights, bias = fit(train)
        model = InstructionModel(weights=weights, bias=bias, threshold=0.5, low_threshold=0.5)
        for i, ex in enumerate(examples):
            if fold_of(ex.group) == k:
                probs[i] = model.probability(ex.text)
    return probs


def pick_thresholds(examples: list[Example], probs: list[float]) -> tuple[float, float]:
    """The threshold: the lowest (from 0.5 up) at which at most ``MAX_GENUINE_SHARE`` of the held-out
    genuine notice sentences are flagged, so chunking keeps (all but that share of) a real notice's sentences. The
    lower threshold, for sentences next to a flagged one: the level only ``LOW_SHARE`` of genuine
    notice sentences reach, never above the threshold."""
    genuine = sorted((p for ex, p in zip(examples, probs) if ex.source != "written"), reverse=True)
    allowed = int(len(genuine) * MAX_GENUINE_SHARE)
    threshold = max(0.5, genuine[allowed] + 1e-3 if len(genuine) > allowed else 0.5)
    low = genuine[int(len(genuine) * LOW_SHARE)] + 1e-3
    return round(min(threshold, 0.99), 4), round(min(low, threshold), 4)


class Figures(BaseModel):
    """Held-out figures at the threshold, and the sentences behind the errors, for reading."""

    n: int
    positives: int
    negatives: int
    accuracy: float
    precision: float
    recall: float
    genuine_sentences: int  # distinct sentences of the notices and their renderings
    genuine_flagged: list[str]
    written_notice_flagged: list[str]  # hand-written notice-like sentences flagged
    missed: list[str]  # instructions not flagged
    by_family: dict[str, str]  # right / total per written family


def figures(examples: list[Example], probs: list[float], threshold: float) -> Figures:
    """Held-out accuracy, precision and recall at the threshold; the genuine notice sentences flagged
    and the written ones missed or flagged, by text."""
    pred = [p >= threshold for p in probs]
    tp = sum(1 for ex, f in zip(examples, pred) if f and ex.label)
    fp = sum(1 for ex, f in zip(examples, pred) if f and not ex.label)
    fn = sum(1 for ex, f in zip(examples, pred) if not f and ex.label)
    tn = len(examples) - tp - fp - fn
    genuine = [(ex, p) for ex, p in zip(examples, probs) if ex.source != "written"]
    return Figures(
        n=len(examples), positives=tp + fn, negatives=fp + tn,
        accuracy=round((tp + tn) / len(examples), 4),
        precision=round(tp / (tp + fp), 4) if tp + fp else 1.0,
        recall=round(tp / (tp + fn), 4) if tp + fn else 1.0,
        genuine_sentences=len(genuine),
        genuine_flagged=[ex.text for ex, p in genuine if p >= threshold],
        written_notice_flagged=[ex.text for ex, f in zip(examples, pred) if f and not ex.label and ex.source == "written"],
        missed=[ex.text for ex, f in zip(examples, pred) if not f and ex.label],
        by_family=_recall_by_family(examples, pred),
    )


def _recall_by_family(examples: list[Example], pred: list[bool]) -> dict[str, str]:
    out: dict[str, list[int]] = {}
    for ex, f in zip(examples, pred):
        if ex.source == "written":
            family = ":".join(ex.group.split(":")[:2])
            out.setdefault(family, [0, 0])[0] += f == bool(ex.label)
            out[family][1] += 1
    return {g: f"{a}/{n}" for g, (a, n) in sorted(out.items())}


def unseen_variants(model: InstructionModel) -> dict[str, object]:
    """The injection variants (never trained on), each planted alone in the clean notice: whether
    screening gives back exactly the clean notice's lines."""
    clean = injection.CLEAN.read_text(encoding="utf-8")
    kept = [ln for ln in screen_text(clean, model).lines if ln.strip()]
    expected = [ln.strip() for ln in clean.split("\n") if ln.strip()]
    missed = []
    for v in injection.load_variants():
        copy = screen_text(injection.inject(clean, [v]), model)
        if [ln.strip() for ln in copy.lines if ln.strip()] != expected:
            missed.append(v.id)
    together = screen_text(injection.inject(clean, injection.load_variants()), model)
    return {"variants": len(injection.load_variants()), "removed_exactly": len(injection.load_variants()) - len(missed),
            "missed": missed, "clean_notice_lines_lost": len(expected) - len(kept),
            "all_together_exact": [ln.strip() for ln in together.lines if ln.strip()] == expected}


def main(out: Path = MODEL_PATH) -> int:
    examples = deduplicated([*written_examples(), *notice_examples()])
    pos = sum(ex.label for ex in examples)
    print(f"{len(examples)} examples: {pos} instructions, {len(examples) - pos} notice sentences "
          f"({sum(1 for ex in examples if ex.source != 'written')} from the notices and their renderings)")
    probs = out_of_fold(examples)
    threshold, low = pick_thresholds(examples, probs)
    heldout = figures(examples, probs, threshold)
    weights, bias = fit(examples)
    info: dict[str, object] = {"kind": "character 1-3-gram logistic regression (+ regex feature)", "C": C,
                               "trained": datetime.now(UTC).isoformat(timespec="seconds"), "folds": FOLDS,
                               "heldout": heldout.model_dump()}
    model = InstructionModel(weights=weights, bias=bias, threshold=threshold, low_threshold=low, info=info)
    info["unseen_variants"] = unseen_variants(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"threshold": threshold, "low_threshold": low, "bias": round(bias, 5), "info": info,
                               "weights": weights}, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                   encoding="utf-8")
    _print(heldout, threshold, low, info["unseen_variants"], len(weights), out)
    return 0


def _print(heldout: Figures, threshold: float, low: float, unseen: object, n_weights: int, out: Path) -> None:
    print(f"held out ({FOLDS} folds by notice / family): accuracy {heldout.accuracy}, precision "
          f"{heldout.precision}, recall {heldout.recall} at threshold {threshold} (lower bar {low})")
    print(f"genuine notice sentences flagged: {len(heldout.genuine_flagged)} of {heldout.genuine_sentences}")
    for key, texts in [("genuine_flagged", heldout.genuine_flagged), ("written_notice_flagged", heldout.written_notice_flagged),
                       ("missed", heldout.missed)]:
        for text in texts:
            print(f"  {key}: {text}")
    print(f"right / total by written family: {heldout.by_family}")
    print(f"unseen injection variants: {unseen}")
    print(f"wrote {out} ({n_weights} weights)")


if __name__ == "__main__":
    sys.exit(main())
