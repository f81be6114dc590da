"""A question read in its conversation, without a language model.

A follow-up leaves out what the turns before it said: "那丹阳市的呢？" keeps the series, level and
what was asked, and changes the place; "什么时候交？" after a question about the 评审费 is about the
评审费; "用什么纸打印？" stays with the notice. Each turn is read in order, so what one turn takes
from the one before it is passed on. The result is the question made standalone (``text``), the
wording that says what kind of answer is wanted (``asks``) and the earlier topic (``context``).
"""

from __future__ import annotations

import re
from itertools import combinations

from pydantic import BaseModel, Field

from assistant.answer.support import Support
from assistant.understand.intent import is_elliptical
from assistant.understand.scope import SLOTS, Frame, ScopeResolver

# inherited slots a follow-up may drop when the notice they would name does not exist (least telling
# first); the place is never dropped: "那高级呢？" about 南通 asks about 南通, covered or not
_DROP_ORDER = ("level", "series", "year")


class Reading(BaseModel):
    """One question as read in its conversation."""

    question: str = Field(description="the question as the applicant asked it (read by the pipeline)")
    text: str = Field(description="the question made standalone: inherited notice words and topic, then the question")
    asks: str = Field(description="the wording that says which kind of answer is wanted")
    frame: Frame = Field(default_factory=Frame, description="the notice words in force for this turn")
    topic: list[str] = Field(default_factory=list, description="the content words it is about: its own, or borrowed")
    context: list[str] = Field(default_factory=list, description="the earlier turn's topic: which passage, not which sentence")
    inherited: list[str] = Field(default_factory=list, description="words taken from earlier turns (for the trace)")


class ConversationReader:
    def __init__(self, resolver: ScopeResolver, support: Support) -> None:
        self.resolver = resolver
        self.support = support

    def read(self, question: str, earlier: list[str], notice: str | None = None) -> Reading:
        """``question`` read after ``earlier`` (the applicant's earlier questions, oldest first)."""
        reading: Reading | None = None
        for turn in [*earlier, question]:
            reading = self._next(turn, reading, notice)
        return reading  # type: ignore[return-value]

    def _next(self, question: str, before: Reading | None, notice: str | None) -> Reading:
        own = self.resolver.frame(question)
        topic = self._topic(question, own)
        elliptical = is_elliptical(question) or _only_names(question, own)
        if before is None or (own.names("place", "doc") and topic and not elliptical):
            return Reading(question=question, text=question, asks=question, frame=own, topic=topic)
        frame = self._merge(own, before.frame, notice)
        kept = [w for w in frame.words() if w not in own.words()]
        return Reading(
            question=question,
            text=" ".join([*kept, question]),
            asks=f"{question}（{before.asks}）" if elliptical else question,
            frame=frame,
            topic=topic or before.topic,
            context=[w for w in before.topic if w not in topic],
            inherited=kept + ([f"所问：{before.asks}"] if elliptical else []),
        )

    def _topic(self, question: str, frame: Frame) -> list[str]:
        """The question's content words, without the words naming its notice."""
        rest = question
        for word in sorted(frame.words(), key=len, reverse=True):
            rest = rest.replace(word, " ")
        return list(self.support.content_terms(rest))

    def _merge(self, own: Frame, earlier: Frame, notice: str | None) -> Frame:
        """The follow-up's slots over the earlier ones; an inherited slot that would leave no notice
        (丹阳 机械工程 → "那南通的呢？": 南通's notice is not for 机械工程) is dropped. When none can
        be dropped so that a notice remains, the frame stands and the question is out of coverage."""
        merged = own.over(earlier)
        if notice or not self._lost(merged) or self._lost(own):
            return merged
        inherited = [s for s in _DROP_ORDER if s in merged.slots and s not in own.slots]
        for k in range(1, len(inherited) + 1):
            for dropped in combinations(inherited, k):
                trial = Frame(slots={s: v for s, v in merged.slots.items() if s not in dropped})
                if not self._lost(trial):
                    return trial
        return merged

    def _lost(self, frame: Frame) -> bool:
        scope = self.resolver.resolve(" ".join(frame.words()))
        return bool(scope.out_of_coverage) or (scope.named and not scope.notice_ids)


def _only_names(question: str, frame: Frame) -> bool:
    """The reply names a notice and nothing else ("南通市 冶金工程", a choice offered to it)."""
    rest = question
    for word in sorted(frame.words(), key=len, reverse=True):
        rest = rest.replace(word, "")
    return bool(frame.slots) and len(re.sub(r"[\s\W_]|年度|的|那|呢|是|这个|那个", "", rest)) <= 1


__all__ = ["ConversationReader", "Reading", "SLOTS"]
