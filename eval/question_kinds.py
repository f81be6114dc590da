"""The kind of fact a question asks for: train the classifier of ``assistant/understand/kinds.py`` and
measure it, and the cue rules of ``intent.classify``, on questions no model saw the notice of.

Run: ``python -m eval train-kinds [--end-to-end]``.

Data. ``eval/datasets/question_kinds.jsonl`` labels every question of ``datasets/notices.jsonl``,
``datasets/dev.jsonl``, ``holdout/questions.jsonl`` and ``corpus/questions/*.jsonl`` (same ids) with
the kind of fact the applicant wants back (``KINDS``), written by reading each question: for a
two-part question the first ask's kind (``second_kind`` holds the other), a ``subject`` (the thing
asked about) and ``qualifiers`` (words that narrow it). Conventions the labels follow:

* deadline: a date, range, time of day, or a duration of a step or a limit (公示几天, 答辩多长时间,
  几年内不得申报, 成绩有效期几年, 哪个年度的证书); count: a number of things, including the years
  of experience a rule requires (取得中级后满几年, 社保缴满多久) and scores or votes;
* place: where to hand in, an address or office, the body that receives (受理单位, 交给谁, 向哪里申诉);
  contact: phone, e-mail, fax, contact person (找谁咨询); platform: a website or online system,
  including where a result is published online (在哪里公示) and where to download or look up;
* yesno: the first ask is answered yes or no, even when it is about a fee or an e-mail (有咨询邮箱吗);
* list: which items, materials, specialities, levels or people; eligibility: who may or must
  (哪些人需要答辩) and the conditions an applicant must meet (学历要求, 对继续教育学时有什么要求);
* procedure: how to do something (怎么装订, 用什么方式交, 怎么办 when nothing went wrong);
  consequence: what follows from a fact, most often a lapse (逾期会怎样, 造假有什么后果);
* other: the rest: a document or its number, a bank account, a rate (通过率, 复制比), a format, a
  choice between two (原件还是复印件), who does something (由谁报送), a person's name.

Held-out figures. Leave-one-notice-out: each question is predicted by a model trained on the
questions of every other notice (the ``source``/``about`` of the item; an item without one is put
with the notice its id or its wording names, else with the other questions about no bundled notice).
The dev set alone: its 35 questions predicted by a model trained on every other question.

The cue baseline maps ``intent.classify``'s primary intent to the taxonomy: deadline, fee, count,
yesno and list to themselves; contact is right when the label is contact or place; other is right
when the label is any kind the rules have no intent for (platform, procedure, eligibility,
consequence, other). Both read the question as the pipeline does (simplified characters, English
turned into the notices' Chinese terms).

The final model is trained on every question but the dev set's and written to ``knowledge/models/question_kinds.json``
as plain numbers; the app reads it without scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from threadpoolctl import threadpool_limits

from assistant.settings import PROJECT_ROOT
from assistant.text.normalize import to_simplified
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.english import EnglishReader, is_english
from assistant.understand.intent import Intent, classify
from assistant.understand.kinds import KINDS, MODEL_PATH, KindModel, features

EVAL_DIR = Path(__file__).resolve().parent
LABELS = EVAL_DIR / "datasets" / "question_kinds.jsonl"
DEV = EVAL_DIR / "datasets" / "dev.jsonl"
SOURCES = [EVAL_DIR / "datasets" / "notices.jsonl", DEV, EVAL_DIR / "holdout" / "questions.jsonl",
           *sorted((EVAL_DIR / "corpus" / "questions").glob("*.jsonl"))]
C = 4.0  # inverse L2 strength
MIN_DF = 2  # questions an n-gram must occur in to be a feature
MIN_WEIGHT = 1e-3  # smaller weights are left out of the exported model
DECIMALS = 3  # weights are written rounded to this many decimals
NO_NOTICE = "none"

# The bundled notices by the words a question uses to name them (for items without a source).
_NAMED = [
    ("000_0c0ecf8262729fd8", ("南通", "nantong")),
    ("001_8478f912934f8c98", ("连云港", "lianyungang")),
    ("002_74495ca084d57cd5", ("锡山", "xishan")),
    ("003_4ed8adcf736a59c4", ("镇江", "句容", "扬中", "丹阳", "丹徒", "润州", "zhenjiang")),
    ("004_9e0c668b7d02aace", ("新疆", "xinjiang")),
]
_CUE_KINDS: dict[Intent, frozenset[str]] = {
    Intent.CONTACT: frozenset({"contact", "place"}),
    Intent.OTHER: frozenset({"platform", "procedure", "eligibility", "consequence", "other"}),
}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    group: str  # the notice the question is about: the unit left out
    dev: bool
    features: frozenset[str]  # kinds.features of the question as read


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def group_of(item: dict) -> str:
    """The notice a question is about: its ``source``/``about``, else the holdout notice its id
    names, else the bundled notice its wording names, else ``NO_NOTICE``."""
    source = item.get("source") or item.get("about")
    if source:
        return Path(source).stem
    if item["id"].startswith("holdout-"):
        number = item["id"].split("-")[1]
        return next(n.stem for n in sorted((EVAL_DIR / "holdout" / "notices").glob(f"{number}_*")))
    text = to_simplified(item["question"]).lower()
    named = [notice for notice, words in _NAMED if any(w in text for w in words)]
    return named[0] if named else NO_NOTICE


def load_questions(labels: Path = LABELS) -> list[Question]:
    """The labelled questions, each with its notice group and whether it is in the dev set."""
    originals = {item["id"]: item for path in SOURCES for item in read_jsonl(path)}
    dev_ids = {item["id"] for item in read_jsonl(DEV)}
    out = []
    for row in read_jsonl(labels):
        item = originals[row["id"]]
        out.append(Question(id=row["id"], text=row["question"], kind=row["kind"], group=group_of(item),
                            dev=row["id"] in dev_ids, features=frozenset(features(read(row["question"])))))
    return out


@lru_cache(maxsize=1)
def _english() -> EnglishReader:
    vocab = load_vocabulary(PROJECT_ROOT / "knowledge" / "vocabulary.yaml")
    return EnglishReader(vocab, Gazetteer.load(), [])


def read(question: str) -> str:
    """The question as the pipeline classifies it: simplified, English in the notices' terms."""
    text = to_simplified(question.strip())
    return _english().to_chinese(text) if is_english(text) else text


# ---- the cue baseline ---------------------------------------------------------------------------
def cue_kind(question: str, gold: str) -> str:
    """The baseline's answer in the taxonomy: the primary intent's kind, or the gold kind when the
    intent stands for several kinds and the gold is one of them."""
    intent = classify(read(question))[0]
    covered = _CUE_KINDS.get(intent)
    if covered is None:
        return intent.value
    return gold if gold in covered else intent.value


# ---- the classifier -----------------------------------------------------------------------------
def fit(questions: list[Question], c: float = C) -> KindModel:
    """A multinomial L2 logistic regression over ``kinds.features``; an n-gram seen in fewer than
    ``MIN_DF`` questions is left out (cue features are always kept)."""
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(q.features, 1.0) for q in questions])
    names = vec.get_feature_names_out()
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((df >= MIN_DF) | np.char.startswith(names.astype(str), "<"))
    x, names = x[:, keep], names[keep]
    y = np.array([q.kind for q in questions])
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, y)
    order = [list(clf.classes_).index(k) if k in clf.classes_ else None for k in KINDS]
    coef = np.vstack([clf.coef_[i] if i is not None else np.zeros(len(names)) for i in order])
    bias = [round(float(clf.intercept_[i]), DECIMALS) if i is not None else -30.0 for i in order]
    weights = {str(n): [round(float(w), DECIMALS) for w in coef[:, j]] for j, n in enumerate(names)
               if np.abs(coef[:, j]).max() >= MIN_WEIGHT}
    return KindModel(kinds=KINDS, weights=weights, bias=bias)


def held_out(questions: list[Question], test: Callable[[Question], bool], c: float = C) -> dict[str, str]:
    """Predictions for the questions ``test`` selects, by a model trained on all the others."""
    model = fit([q for q in questions if not test(q)], c)
    return {q.id: model.predict_features(q.features) for q in questions if test(q)}


def leave_one_notice_out(questions: list[Question], c: float = C) -> dict[str, str]:
    """Each question predicted by a model that saw no question of its notice."""
    predicted: dict[str, str] = {}
    for group in sorted({q.group for q in questions}):
        predicted |= held_out(questions, in_group(group), c)
    return predicted


def in_group(group: str) -> Callable[[Question], bool]:
    """Selects the questions of one notice group."""
    return lambda q: q.group == group


# ---- figures ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    macro_f1: float
    per_kind: dict[str, tuple[float, float, float, int]]  # precision, recall, F1, support


def score(gold: list[str], predicted: list[str]) -> Scores:
    """Accuracy, macro-F1 over the kinds present in ``gold``, and per-kind precision/recall/F1."""
    labels = [k for k in KINDS if k in gold]
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    per_kind = {k: (float(p[i]), float(r[i]), float(f[i]), int(s[i])) for i, k in enumerate(labels)}
    accuracy = sum(g == q for g, q in zip(gold, predicted)) / len(gold)
    return Scores(n=len(gold), accuracy=accuracy, macro_f1=float(np.mean(f)), per_kind=per_kind)


def compare(questions: Iterable[Question], model: dict[str, str]) -> tuple[Scores, Scores]:
    """The classifier's and the cue baseline's scores on the same questions."""
    qs = list(questions)
    gold = [q.kind for q in qs]
    return score(gold, [model[q.id] for q in qs]), score(gold, [cue_kind(q.text, q.kind) for q in qs])


def print_scores(title: str, classifier: Scores, cues: Scores) -> None:
    print(f"\n{title} ({classifier.n} questions)")
    print(f"  {'':12} {'classifier':>10} {'cue rules':>10}")
    print(f"  {'accuracy':12} {classifier.accuracy:10.3f} {cues.accuracy:10.3f}")
    print(f"  {'macro-F1':12} {classifier.macro_f1:10.3f} {cues.macro_f1:10.3f}")


def print_per_kind(classifier: Scores, cues: Scores) -> None:
    print(f"\n  {'kind':12} {'n':>4}  {'classifier P/R/F1':>20}  {'cue rules P/R/F1':>20}")
    for kind, (p, r, f, n) in classifier.per_kind.items():
        cp, cr, cf, _ = cues.per_kind[kind]
        print(f"  {kind:12} {n:4}  {p:6.2f} {r:6.2f} {f:6.2f}  {cp:6.2f} {cr:6.2f} {cf:6.2f}")
    print("  (cue rules: their contact is counted right for place and contact, their other for every kind they\n"
          "   have no intent for, so their precision there is 1.00 by construction; recall is the fair figure)")


def write_model(model: KindModel, info: dict[str, object], path: Path = MODEL_PATH) -> None:
    data = KindModel(kinds=model.kinds, weights=model.weights, bias=model.bias, info=info).to_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main(end_to_end_only: bool = False) -> None:
    """Label counts, leave-one-notice-out and dev figures beside the cue rules; the model file (or,
    ``end_to_end_only``, the answer figures with each reader). One BLAS thread: the fits are small,
    and threads only contend on a busy machine."""
    with threadpool_limits(limits=1):
        if end_to_end_only:
            print_end_to_end(end_to_end())
        else:
            report_and_train(load_questions())


def report_and_train(questions: list[Question]) -> None:
    """Print the label counts and the held-out figures, then train on everything and write the model."""
    counts = Counter(q.kind for q in questions)
    print(f"{len(questions)} labelled questions, {len({q.group for q in questions})} notice groups")
    print("labels: " + ", ".join(f"{k} {counts[k]}" for k in KINDS))

    lono = leave_one_notice_out(questions)
    lono_scores = compare(questions, lono)
    print_scores("Leave-one-notice-out", *lono_scores)
    print_per_kind(*lono_scores)

    dev = [q for q in questions if q.dev]
    dev_scores = compare(dev, held_out(questions, lambda q: q.dev))
    print_scores("Dev set, classifier trained on every other question", *dev_scores)
    print_scores("Dev set, leave-one-notice-out predictions", *compare(dev, lono))

    model = fit([q for q in questions if not q.dev])  # the dev set stays for evaluation
    info: dict[str, object] = {
        "trained_on": len([q for q in questions if not q.dev]), "C": C, "min_df": MIN_DF, "features": len(model.weights),
        "lono": summary(*lono_scores), "dev": summary(*dev_scores),
        "labels": str(LABELS.relative_to(PROJECT_ROOT)), "trained_by": "eval/question_kinds.py",
    }
    write_model(model, info)
    print(f"\nmodel: {MODEL_PATH.relative_to(PROJECT_ROOT)} ({len(model.weights)} features)")


def summary(classifier: Scores, cues: Scores) -> dict[str, float]:
    """The headline figures, as the model file records them."""
    return {"accuracy": round(classifier.accuracy, 4), "macro_f1": round(classifier.macro_f1, 4),
            "cue_accuracy": round(cues.accuracy, 4), "cue_macro_f1": round(cues.macro_f1, 4)}


# ---- end to end ---------------------------------------------------------------------------------
E2E_SETS = [
    ("dev", DEV, []),
    ("notices", EVAL_DIR / "datasets" / "notices.jsonl", []),
    ("holdout", EVAL_DIR / "holdout" / "questions.jsonl", [EVAL_DIR / "holdout" / "pdf"]),
    ("corpus", EVAL_DIR / "corpus" / "questions", [EVAL_DIR / "corpus" / "docs"]),
]
E2E_FOLDS = 5


def fold_of(group: str, folds: int = E2E_FOLDS) -> int:
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % folds


def end_to_end(folds: int = E2E_FOLDS) -> dict[str, dict[str, dict]]:
    """Every question answered twice, in one store holding every notice: with the cue rules alone,
    and with a classifier trained on the questions of the other folds' notices (never the dev set),
    as on a notice uploaded tomorrow. The answer figures of each, per dataset."""
    import tempfile

    from eval.runner import build_assistant, score_item
    from eval.scoring import load_items, metrics

    questions = load_questions()
    group = {q.id: q.group for q in questions}
    sets = [(name, [i for i in load_items(path) if i.id in group]) for name, path, _ in E2E_SETS]
    out: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="zc-kinds-") as tmp:
        assistant = build_assistant(Path(tmp), [d for _, _, docs in E2E_SETS for d in docs])
        for reader in ("cues", "classifier"):
            results: dict[str, list] = {name: [] for name, _ in sets}
            for fold in range(folds):
                train = [q for q in questions if fold_of(q.group, folds) != fold and not q.dev]
                assistant.use(kinds=fit(train) if reader == "classifier" else None)
                for name, items in sets:
                    for item in (i for i in items if fold_of(group[i.id], folds) == fold):
                        results[name].append(score_item(item, assistant.ask(item.question), 0.0))
            out[reader] = {name: metrics(rows) for name, rows in results.items()}
    return out


def print_end_to_end(figures: dict[str, dict[str, dict]]) -> None:
    keys = ("answer_accuracy", "direct_accuracy", "false_abstention", "abstention_accuracy", "wrong_answer_rate")
    print(f"{'reader':<11}{'set':<9}" + "".join(f"{k[:16]:>18}" for k in keys))
    for reader, sets in figures.items():
        for name, m in sets.items():
            print(f"{reader:<11}{name:<9}" + "".join(f"{m.get(k) if m.get(k) is not None else '-':>18}" for k in keys))
