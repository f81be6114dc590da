"""The kind of fact a question asks for: a trained classifier beside the cue rules of ``intent.py``.

``intent.classify`` reads a question with hand-made cue regexes and knows seven intents. This module
reads it with a multinomial logistic regression over twelve kinds (``KINDS``): deadline, fee, count,
place, contact, platform, yesno, list, procedure, eligibility, consequence and other. Its features are
the character n-grams (1–3) of the normalised question, digits folded to 0, and the cue regexes of
``intent.py`` as binary features (each cue on the whole question and on its first ask, and the
primary intent the rules give).

The weights are plain numbers in ``knowledge/models/question_kinds.json``, trained by
``eval/question_kinds.py`` on the labelled questions of ``eval/datasets/question_kinds.jsonl``; the
app never imports scikit-learn. It was trained on questions as the pipeline reads them: traditional
characters are simplified here, but an English question should be turned into the notices' Chinese
terms first (``english.EnglishReader``), as the pipeline does before ``intent.classify``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.text.normalize import to_simplified
from assistant.understand.intent import _CUES, PLACE_CUE, Intent, asks_of, classify

MODEL_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "models" / "question_kinds.json"

KINDS: tuple[str, ...] = (
    "deadline", "fee", "count", "place", "contact", "platform",
    "yesno", "list", "procedure", "eligibility", "consequence", "other",
)
# The answerer's intent for each kind; the others (procedure, eligibility, consequence, other) ask
# for no fact of a fixed shape.
KIND_INTENT: dict[str, Intent] = {
    "deadline": Intent.DEADLINE, "fee": Intent.FEE, "count": Intent.COUNT, "place": Intent.CONTACT,
    "contact": Intent.CONTACT, "yesno": Intent.YESNO, "list": Intent.LIST, "platform": Intent.PLATFORM,
}
# The kinds a notice states and no assessment of the applicant decides: "破格申报工程师需要几名高级工程师
# 推荐？" names two titles but asks a count; "本科几年可以申报高工？" asks the notice's years. Whether one
# may apply is asked as yes/no, as eligibility, or in words of no fixed kind ("我本科，助工5年").
NOTICE_KINDS = frozenset(KINDS) - {"yesno", "eligibility", "other"}
NGRAMS = (1, 2, 3)
_START, _END = "\x02", "\x03"  # question boundaries: "吗" at the end is its own gram
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


def normalise(question: str) -> str:
    """NFKC, simplified characters, lower case, no spaces next to CJK characters, digits folded to
    0 (a date is a date whatever its value)."""
    text = to_simplified(unicodedata.normalize("NFKC", question)).lower()
    text = _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()
    return _DIGITS.sub("0", text)


def ngrams(text: str) -> set[str]:
    """The character n-grams of a normalised text, with its start and end marked."""
    padded = _START + text + _END
    grams = {padded[i : i + n] for n in NGRAMS for i in range(len(padded) - n + 1)}
    return grams - {_START, _END}


def cue_features(question: str) -> set[str]:
    """The rules of ``intent.py`` as binary features: which cue fires on the question, which on its
    first ask, the place cue, and the primary intent ``classify`` gives."""
    text = to_simplified(unicodedata.normalize("NFKC", question))
    asks = asks_of(text)
    first = asks[0] if asks else text
    out = {f"<cue:{intent.value}>" for intent, cue in _CUES if cue.search(text)}
    out |= {f"<first:{intent.value}>" for intent, cue in _CUES if cue.search(first)}
    if PLACE_CUE.search(text):
        out.add("<cue:place>")
    out.add(f"<primary:{classify(text)[0].value}>")
    return out


def features(question: str) -> set[str]:
    """The classifier's input: n-grams of the normalised question and the cue features (all 0/1)."""
    return ngrams(normalise(question)) | cue_features(question)


@dataclass(frozen=True)
class KindModel:
    """A multinomial logistic regression as plain data: for each feature a weight per kind."""

    kinds: tuple[str, ...]
    weights: dict[str, list[float]]
    bias: list[float]
    info: dict[str, object] = field(default_factory=dict)

    def scores(self, question: str) -> list[float]:
        """The linear score of each kind (in ``kinds`` order)."""
        return self.scores_of(features(question))

    def scores_of(self, present: Iterable[str]) -> list[float]:
        """The linear score of each kind given the features present (each worth 1), summed in sorted
        order: a set's order changes between processes, and a float sum with it (two near-equal kinds
        would then swap from one run to the next)."""
        z = list(self.bias)
        for name in sorted(present):
            row = self.weights.get(name)
            if row is not None:
                z = [a + b for a, b in zip(z, row)]
        return z

    def probabilities(self, question: str) -> dict[str, float]:
        """The probability of each kind (softmax of the scores)."""
        z = self.scores(question)
        top = max(z)
        exp = [math.exp(s - top) for s in z]
        total = sum(exp)
        return {kind: e / total for kind, e in zip(self.kinds, exp)}

    def predict(self, question: str) -> str:
        """The most probable kind."""
        return self.predict_features(features(question))

    def predict_features(self, present: Iterable[str]) -> str:
        """The most probable kind given the features present."""
        z = self.scores_of(present)
        return self.kinds[max(range(len(z)), key=z.__getitem__)]

    def to_json(self) -> dict[str, object]:
        return {"kinds": list(self.kinds), "bias": self.bias, "weights": self.weights, "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> KindModel:
        return cls(kinds=tuple(data["kinds"]), weights=data["weights"], bias=data["bias"], info=data.get("info", {}))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> KindModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_model() -> KindModel:
    """The shipped model, read once."""
    return KindModel.load(MODEL_PATH)


def load_kinds(path: Path | None) -> KindModel | None:
    """The classifier at ``path``; None (the cue rules read the kind) when there is none."""
    return KindModel.load(path) if path is not None and path.exists() else None


def predict_kind(question: str, model: KindModel | None = None) -> str:
    """The kind of fact the question asks for (one of ``KINDS``)."""
    return (model or default_model()).predict(question)


def read_intents(question: str, model: KindModel | None, kind: str = "") -> list[Intent]:
    """What the question asks for, primary first: the kind the classifier reads (its accuracy on
    left-out notices is 0.92, the cue rules' 0.74), then whatever else the cue rules find (a second
    ask, "几份？发到哪里？"; the fee a "评审费什么时候交" is about). Without a model, the cue rules.
    ``kind``: the model's reading of the question, when already made."""
    cues = classify(question)
    if model is None:
        return cues
    primary = KIND_INTENT.get(kind or model.predict(question), Intent.OTHER)
    if primary is Intent.OTHER:  # no fact of a fixed shape: a cue of the same ask is not another ask
        cues = [i for part in asks_of(question)[1:] for i in classify(part)]
    return list(dict.fromkeys([primary, *(i for i in cues if i is not Intent.OTHER)]))
