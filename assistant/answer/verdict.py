"""A yes/no question's verdict, read from the sentence that answers it by a small trained model.

The answer to "纸质材料可以邮寄吗？" quotes "纸质材料不接受邮寄，须本人现场报送"; whether that says yes or
no is not the polarity of the whole sentence (it holds both 不接受 and 须), nor a word list (the
notices write no in many ways: 无法, 不组织, 不予退还, 取消 …; 不超过5MB answers "有大小限制吗" with
yes). A binary logistic regression reads it: its features are the character n-grams (1–3) of the
answering sentence and of the clauses of it that share most of the question's words, the n-grams
(1–2) of the question, and the polarity the word list of ``intent.polarity`` gives the sentence and
those clauses. It says yes or no only when sure (probability beyond ``threshold`` either way); else
no verdict, and the quote alone is the answer.

The weights are plain numbers in ``knowledge/models/yesno_verdict.json``, trained by
``eval/yesno_verdicts.py`` on the verdicts labelled in ``eval/datasets/verdicts.jsonl``; the app
never imports scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.ingest.structure import answer_part
from assistant.models import YesNo
from assistant.understand.intent import polarity
from assistant.understand.kinds import normalise

MODEL_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "models" / "yesno_verdict.json"

_CLAUSE = re.compile(r"[，,；;。：:！!？?\n]")
_HAN = re.compile(r"[^\u4e00-\u9fff]")
_START, _END = "\x02", "\x03"


def grams(text: str, sizes: tuple[int, ...], prefix: str) -> set[str]:
    """The character n-grams of a normalised text, with its start and end marked and a prefix
    saying which text they come from."""
    padded = _START + normalise(text) + _END
    out = {padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1)} - {_START, _END}
    return {prefix + g for g in out}


def _bigrams(text: str) -> set[str]:
    han = _HAN.sub("", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


def focus(question: str, sentence: str) -> str:
    """The clauses of the sentence that share most of the question's character bigrams (all of
    them, joined, when several tie): what the sentence says about the thing asked."""
    clauses = [c for c in _CLAUSE.split(sentence) if c.strip()] or [sentence]
    asked = _bigrams(question)
    shared = [len(_bigrams(c) & asked) for c in clauses]
    top = max(shared)
    return "，".join(c for c, n in zip(clauses, shared) if n == top)


def features(question: str, sentence: str) -> set[str]:
    """The model's input (all 0/1): n-grams of the sentence, of its focus and of the question, and
    the word list's polarity of the sentence and of the focus."""
    return set().union(*(part(text) for text, part in _parts(question, sentence)))


def _parts(question: str, sentence: str) -> list[tuple[str, Callable[[str], set[str]]]]:
    """The texts the features are read from, each with how: the prefixes keep the parts' features
    apart, so a text's share of the score can be summed once and reused (``VerdictModel.read``)."""
    near = focus(question, sentence)
    return [(sentence, _of_sentence), (near, _of_focus), (question, _of_question)]


def _of_sentence(text: str) -> set[str]:
    return grams(text, (1, 2, 3), "s:") | {f"<pol:s:{polarity(text)}>"}


def _of_focus(text: str) -> set[str]:
    return grams(text, (1, 2, 3), "f:") | {f"<pol:f:{polarity(text)}>"}


def _of_question(text: str) -> set[str]:
    return grams(text, (1, 2), "q:")


@dataclass(frozen=True)
class Reading:
    """The model's reading: the probability that the sentence says yes, and the verdict when sure."""

    probability: float
    verdict: YesNo | None


@dataclass(frozen=True)
class VerdictModel:
    """A binary logistic regression as plain data: a weight per feature, a bias, the threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    info: dict[str, object] = field(default_factory=dict)
    _shares: Callable[[str, Callable[[str], set[str]]], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a text's share of the score, kept: the ranking reads every candidate sentence of a yes/no
        # question, and the same sentences and question recur
        object.__setattr__(self, "_shares", lru_cache(maxsize=20_000)(self._share))

    def _share(self, text: str, part: Callable[[str], set[str]]) -> float:
        return math.fsum(self.weights.get(name, 0.0) for name in part(text))

    def probability_of(self, present: set[str]) -> float:
        """P(yes) given the features present, summed exactly (``fsum``: a set's order changes between
        processes, and a plain float sum with it)."""
        return _logistic(math.fsum([self.bias, *(self.weights.get(name, 0.0) for name in present)]))

    def probability(self, question: str, sentence: str) -> float:
        """P(yes) that the sentence answers the question, from its parts' kept shares."""
        return _logistic(math.fsum([self.bias, *(self._shares(text, part) for text, part in _parts(question, sentence))]))

    def read(self, question: str, sentence: str) -> Reading:
        """Yes when P(yes) ≥ threshold, no when ≤ 1 − threshold, else no verdict."""
        p = self.probability(question, sentence)
        verdict: YesNo | None = "yes" if p >= self.threshold else "no" if p <= 1 - self.threshold else None
        return Reading(probability=p, verdict=verdict)

    def to_json(self) -> dict[str, object]:
        return {"bias": self.bias, "threshold": self.threshold, "weights": self.weights, "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> VerdictModel:
        return cls(weights=data["weights"], bias=data["bias"], threshold=data["threshold"], info=data.get("info", {}))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> VerdictModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_verdicts(path: Path | None) -> VerdictModel | None:
    """The model at ``path``; None (the word list reads the verdict) when there is none."""
    return VerdictModel.load(path) if path is not None and path.exists() else None


def sureness(question: str, quote: str, model: VerdictModel | None) -> float:
    """How sure the model is that the quote says yes or no to the question (|2·P(yes) − 1|, 0 without
    a model): a sentence that rules on the act asked about reads as one or the other, one that only
    shares the question's words as neither. What the judge weighs of a yes/no question's answer."""
    if model is None:
        return 0.0
    return abs(2.0 * model.read(question, answer_part(quote)).probability - 1.0)


def read_verdict(question: str, quote: str, model: VerdictModel | None) -> YesNo | None:
    """The verdict the quote gives the yes/no question, or None when unsure; read from its answer
    when it opens with the notice's own question. Without a model, the word list of
    ``intent.polarity``."""
    sentence = answer_part(quote)
    if model is None:
        return {True: "yes", False: "no", None: None}[polarity(sentence)]
    return model.read(question, sentence).verdict
