"""How often a question word is held by the sentence that answers it: term necessity.

A question word's weight is its rarity among the notices (IDF). Rarity cannot tell a word the
answering sentence must hold (发票, 纸质材料) from one only the question's phrasing uses (后果, 处理,
至少, 老师 for the notices' 教师): notices rarely write either. So a coverage gate refused "弄虚作假会
怎么处理？" although the sentence "经查实弄虚作假的，取消本年度申报资格" answers it. Necessity is learned
from the team's answerable questions: of the times a word was asked, the share in which the
sentence holding the answer, read under its section path, holds the word. The share is smoothed
toward the share over all words, and a word's weight is multiplied by its necessity relative to
that share: a word never asked keeps its weight, and a word seen once moves little.
(Zhao and Callan, "Term necessity prediction", CIKM 2010, learn the same quantity.)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

# Pseudo-questions of the prior: a word's own counts outweigh the prior after a few questions.
STRENGTH = 2.0


class TermNecessity(BaseModel):
    """Per word: how many answerable questions asked it and in how many the answer held it."""

    prior: float = Field(gt=0, le=1, description="share of asked words that the answering sentences held")
    strength: float = Field(default=STRENGTH, gt=0, description="weight of the prior, in questions")
    counts: dict[str, tuple[int, int]] = Field(default_factory=dict, description="word -> (asked, held)")
    about: dict = Field(default_factory=dict, description="how it was trained and what it scored")

    def factor(self, word: str) -> float:
        """The word's smoothed necessity over the prior: 1.0 for a word no question asked."""
        asked, held = self.counts.get(word, (0, 0))
        return (held + self.strength * self.prior) / (asked + self.strength) / self.prior

    @classmethod
    def fit(cls, observations: Iterable[tuple[str, bool]], strength: float = STRENGTH) -> TermNecessity:
        """From (word, held by the answering sentence) pairs, one per word of each answerable question."""
        counts: dict[str, list[int]] = {}
        for word, held in observations:
            c = counts.setdefault(word, [0, 0])
            c[0] += 1
            c[1] += int(held)
        asked = sum(c[0] for c in counts.values())
        prior = sum(c[1] for c in counts.values()) / asked if asked else 1.0
        return cls(prior=max(prior, 1e-3), strength=strength, counts={w: (a, h) for w, (a, h) in sorted(counts.items())})

    @classmethod
    def load(cls, path: Path | None) -> TermNecessity | None:
        return cls.model_validate_json(path.read_text(encoding="utf-8")) if path and path.exists() else None
