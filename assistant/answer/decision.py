"""Whether to answer: selective prediction over what the answerer found.

The answerer always finds its best answer; a judge then decides whether to give it. The hand-written
gates (a word the notices never use, no sentence covering the question, no fact of the kind asked
for) say what may be answered; a trained judge, a logistic regression (``knowledge/models/
answerability.json``, trained by ``python -m eval train-answerability`` on labelled answers from
notices it is evaluated without) over the features below, with the gates among them, withholds
those answers it expects to be wrong, at the threshold chosen on the left-out notices' figures.
Without a trained model the gates alone decide.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from assistant.index.notice_grams import NoticeGrams
from assistant.models import Decision

# The features every judge sees, in this order (a trained model lists the ones it uses).
FEATURES = [
    "coverage", "score", "retrieval", "lexical_rr", "vector_rr", "kind_match", "needs_fact", "named_fact_missing",
    "any_required", "accepted", "n_accepted", "missing_terms", "unknown_topics", "unknown_terms", "n_terms",
    "margin", "coverage_margin", "level_fit", "named", "single_notice", "table_row", "attachment",
    "missing_weight", "sentence_len", "intent_deadline", "intent_fee", "intent_contact", "intent_count",
    "intent_yesno", "intent_list", "intent_other", "rank_p", "rank_margin", "subject_match",
    "contrast_conflict", "contrast_agree", "section_coverage", "passage_coverage", "fact_margin",
    "distinct", "notice_missing_share", "notice_missing_n", "level_match", "event_match", "vector_cos",
    "vector_cos_gap", "vector_cos_z", "verdict_sure",
]
# The last four (the answer passage's e5 cosine, its gap below the nearest and z-score among the
# retrieved, and how far the words after its fact match the question) measured left out by notice on
# the answers collected at b773bf8: AUC .9149 -> .9150; at .20 answers .7825 -> .7857, wrong .1118 ->
# .1118, remove-one-fact .7720 -> .7732. Little: kept because they cost nothing at run time. The
# sentence's own e5 cosine did more (AUC .9149 -> .9176) but costs ~70 ms of e5 per answer here.
# verdict_sure, for a yes/no question how sure the verdict model is that the answer's sentence says
# yes or no (a sentence that rules on the act asked, not one that shares its words): on the same
# answers, the verdict model fitted without each row's notice, AUC .9149 -> .9157; at .20 answers
# .7825 -> .7853, wrong .1118 -> .1114, abstention .8798 -> .8824, remove-one-fact .7720 -> .7777.
# It is 0 for every other kind. The collection reads it with each fold's own verdict model.
# ... and these again for each kind of question ("coverage*intent_yesno": the coverage of a yes/no
# question's answer, else 0): how much of the question a sentence must hold, or how far its fact's
# subject must match, differs between a yes/no question and a deadline one. Left out by notice, on the
# answers collected at baa1ced and at 24c874f: AUC .9059 → .9071 and .9076 → .9085; at the threshold
# .18, answers .8027 → .8043 and .8015 → .8043, wrong among them .1203 → .1154 and .1169 → .1154,
# remove-one-fact .7369 → .7397 and .7348 → .7413. Collected at 70e1b5c without a ranker: AUC .9139 →
# .9149, but at .20 answers .7861 → .7825, wrong .1137 → .1118, remove-one-fact .7692 → .7724: there
# a move along the curve more than a better one. Every dense feature so marked: AUC .9024 (too many).
BY_INTENT = ["coverage", "missing_weight", "subject_match", "kind_match", "section_coverage", "passage_coverage",
             "notice_missing_share", "margin", "fact_margin", "contrast_conflict"]
FEATURES += [f"{name}*{kind}" for kind in FEATURES if kind.startswith("intent_") for name in BY_INTENT]
# The kinds of question the judge has a column of its own for. A kind read as having a shape after the
# judge was trained (platform: a system's or site's name) is judged as it was then, with the kinds of no
# fixed shape ("other"), until a judge is trained with a column for it.
JUDGED_INTENTS = [name.removeprefix("intent_") for name in FEATURES if name.startswith("intent_")]


def intent_columns(primary: str) -> dict[str, float]:
    """The question's kind as the judge's one-hot columns (intent_deadline …)."""
    judged = primary if primary in JUDGED_INTENTS else "other"
    return {f"intent_{kind}": float(kind == judged) for kind in JUDGED_INTENTS}


# What the sentence ranker sees of each candidate sentence.
CANDIDATE_FEATURES = [
    "coverage", "hand_score", "kind_bonus", "lacks_fact", "level_fit", "retrieval", "retrieved", "lexical_rr",
    "vector_rr", "kind_match", "n_kind_spans", "missing_weight", "section_coverage", "passage_coverage", "table_row",
    "attachment", "sentence_len", "subject_match", "kind_facts", "page_chrome", "contrast_conflict", "contrast_agree",
    "distinct", "level_match", "event_match",
]
# Lexical features: which characters and character pairs of the question the best sentence, read under
# its headings (its notice's title and the words that name the notice, then its section path), lacks
# ("miss:纸质") or holds ("hit:网上"). A trained judge weighs each it has seen (纸质 missing from a
# sentence about 网上申报 says more than 的 missing); none is a rule. The headings say what the sentences
# under them are about: the notice's place and series are in its title and its metadata (新疆 for a
# title saying 自治区), "纸质材料报送" in the heading above an address. The ranker's "by:" features
# (:func:`ranking_lexical`) are weighed the same way, each as it is.
LEXICAL_PREFIXES = ("miss:", "hit:", "by:")
_HAN = re.compile(r"[^\u4e00-\u9fff]")


def lexical_features(question: str, sentence: str, headings: Sequence[str] = (),
                     known: Callable[[str], bool] | None = None) -> dict[str, float]:
    """The question's characters and pairs the sentence with its ``headings`` lacks or holds; a pair
    is never formed across a heading's end. With ``known`` (some notice holds the gram) a gram no
    notice holds is left out: a slip (材科 for 材料) is no word the sentence could lack."""
    chars, pairs = question_grams(question, known)
    held_chars, held_pairs = held_grams(sentence, headings)
    out = {f"miss:{c}": 1.0 for c in chars - held_chars}
    out.update({f"miss:{p}": 1.0 for p in pairs - held_pairs})
    out.update({f"hit:{p}": 1.0 for p in pairs & held_pairs})
    return out


# The candidate features the ranker also weighs apart for sentences that give the kind of fact asked
# and those that do not: how much of the question a sentence covers says more of a sentence that
# gives a date for a deadline question than of one that gives none.
BY_KIND = ("coverage", "missing_weight", "section_coverage", "passage_coverage", "subject_match")


def ranking_lexical(question: str, sentence: str, headings: Sequence[str], features: Mapping[str, float]) -> dict[str, float]:
    """What the sentence ranker reads of the question in a sentence beside its ``features``: the
    lexical features, each once more marked by whether the sentence gives the kind of fact asked
    (``hit:纸质|fact``, ``miss:纸质|nofact``), and the :data:`BY_KIND` features so marked
    (``by:coverage|fact``). Unmarked, the question's topic words count again what coverage counts and
    outweigh whether the sentence gives a place at all (the paper deadline put above the address
    for 纸质材料寄到哪里, whose address line does not repeat 纸质)."""
    lexical = lexical_features(question, sentence, headings)
    mark = "|fact" if features.get("kind_match") else "|nofact"
    return (lexical | {name + mark: v for name, v in lexical.items()}
            | {f"by:{name}{mark}": features.get(name, 0.0) for name in BY_KIND})


def question_grams(question: str, known: Callable[[str], bool] | None = None) -> tuple[set[str], set[str]]:
    """The question's Han characters and character pairs (those ``known`` holds, when given)."""
    q = _HAN.sub("", question)
    chars, pairs = set(q), {q[i:i + 2] for i in range(len(q) - 1)}
    if known is None:
        return chars, pairs
    return {c for c in chars if known(c)}, {p for p in pairs if known(p)}


def held_grams(sentence: str, headings: Sequence[str] = ()) -> tuple[set[str], set[str]]:
    """The characters and pairs of a sentence read under its headings (no pair across a heading's end)."""
    parts = [_HAN.sub("", t) for t in (*headings, sentence)]
    return set("".join(parts)), {t[i:i + 2] for t in parts for i in range(len(t) - 1)}


def notice_missing(question: str, notice_id: str, grams: NoticeGrams) -> dict[str, float]:
    """How much of the question the answering notice says nothing of anywhere: the question's
    character pairs some notice holds but this notice never does (share and count). A notice that
    never writes 告知 or 护理 is unlikely to answer a question about them, whichever sentence was
    chosen; pairs no notice holds (slips, chit-chat) are left out."""
    _, pairs = question_grams(question, lambda g: grams.count(g) > 0)
    missing = len(pairs - grams.held_by(notice_id, pairs))
    return {"notice_missing_share": missing / len(pairs) if pairs else 0.0, "notice_missing_n": float(missing)}


# The hand-written gates of the earlier answerer, as (feature, value that passes); and one logical
# case: the question names a level and the answer's sentence, read under its section path, names only
# others (a 正高级 row for a 副高级 question) — it is about another level, whatever else it matches;
# and another: the question names a date's role or granularity (从哪天开始, 哪一年, 几点) and the
# answer's sentence gives none — a date before which something is done says nothing of when it starts.
# Beside the trained judge the gates move along its risk-coverage curve, not off it (eval/README, "the
# gates as features only"): they stay for the reason they give, and the threshold was chosen with them.
GATES = {"missing_terms": 0.0, "unknown_topics": 0.0, "accepted": 1.0, "any_required": 1.0, "other_level": 0.0,
         "role_missing": 0.0}
GATE_LABELS = {"missing_terms": "问题的关键词所在通知没有提到", "unknown_topics": "问题所问的事物没有通知提到",
               "accepted": "没有覆盖问题的句子", "any_required": "段落中没有所问类型的信息",
               "other_level": "答句说的是另一个级别", "role_missing": "答句没有所问的起始日期、年份或时刻"}


class Judge(Protocol):
    wants_lexical: bool  # reads the lexical features (miss:X / hit:XY): they are computed only then

    def decide(self, features: dict[str, float]) -> Decision: ...


def failed_gates(features: dict[str, float]) -> list[str]:
    return [name for name, ok in GATES.items() if features.get(name, ok) != ok]


class GateJudge:
    """The earlier behaviour: answer when every hand-written gate passes (no trained model found)."""

    wants_lexical = False

    def decide(self, features: dict[str, float]) -> Decision:
        failed = failed_gates(features)
        return Decision(features=features, answered=not failed, reasons=failed, judge="gates")


class AlwaysJudge:
    """Answer whatever was found: for collecting labelled answers to train a model on."""

    wants_lexical = True  # kept with the collected answers, for training on

    def decide(self, features: dict[str, float]) -> Decision:
        return Decision(features=features, answered=True, reasons=failed_gates(features), judge="always")


def feature_value(features: dict[str, float], name: str) -> float:
    """A named feature's value; "a*b" is the product of two (0 when either is absent)."""
    if "*" in name:
        a, _, b = name.partition("*")
        return features.get(a, 0.0) * features.get(b, 0.0)
    return features.get(name, 0.0)


class LogisticModel(BaseModel):
    """A trained logistic regression, stored as data: standardise, weigh, squash. The judge (is this
    answer right?) and the sentence ranker (does this sentence answer the question?) are two."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = Field(default=0.5, description="answer when the probability is at least this")
    lexical: dict[str, float] = Field(default_factory=dict, description="weights of the lexical features it saw "
                                      "in training (miss:纸质, hit:网上), applied as they are")
    about: dict = Field(default_factory=dict, description="how it was trained and what it scored left-out")

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * (feature_value(features, name) - m) / (s or 1.0)
            for name, w, m, s in zip(self.features, self.coef, self.mean, self.scale)
        )
        z += sum(self.lexical.get(name, 0.0) * v for name, v in sorted(features.items()) if name.startswith(LEXICAL_PREFIXES))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path) -> LogisticModel:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))


class ModelJudge:
    """The trained model as a veto: an answer the hand-written gates would give is withheld when the
    model's probability that it is right is below the threshold. Alone, the model gave left-out
    notices as many right answers as the gates only at a threshold so low that it kept most wrong
    ones, and it refused right answers on the long bundled notices the gates give. As a veto, on
    left-out notices it withheld 75 of the gates' 176 wrong answers and 222 of their 558 answers to
    questions whose facts had been removed, for 24 of their 861 right ones."""

    def __init__(self, model: LogisticModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.wants_lexical = bool(model.lexical)

    def decide(self, features: dict[str, float]) -> Decision:
        """A follow-up ("那纸质材料呢？", read with the question before it) is left to the gates: the
        model learned from questions asked on their own."""
        p = self.model.probability(features)
        failed = failed_gates(features)
        veto = p < self.threshold and not features.get("follow_up")
        return Decision(features=features, probability=round(p, 4), threshold=self.threshold,
                        answered=not failed and not veto, reasons=failed, judge="model")


def load_model(path: Path | None) -> LogisticModel | None:
    return LogisticModel.load(path) if path is not None and path.exists() else None


def load_judge(path: Path | None, threshold: float | None = None) -> Judge:
    """The trained model at ``path``; the hand-written gates when there is none."""
    if path is not None and path.exists():
        return ModelJudge(LogisticModel.load(path), threshold)
    return GateJudge()
