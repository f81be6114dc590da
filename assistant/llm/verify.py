"""Checking a model's answer before anyone sees it.

A sentence passes when every [n] it cites is a passage the model was given, and every date, amount,
phone number, e-mail, count and address it states occurs in a passage cited in that sentence or
earlier in the answer (:func:`assistant.answer.faithfulness.unfaithful_facts`). The answer as a whole must
cite at least one passage and must not repeat the prompt's instructions. The same checks run
sentence by sentence while an answer streams (:class:`Verifier`) and on a finished answer
(:func:`verify`), with the same result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from assistant.answer.faithfulness import norm, unfaithful_facts
from assistant.text.sentences import complete_sentences

CITATION = re.compile(r"[\[［](\d{1,3})[\]］]")


class VerificationResult(BaseModel):
    """What is wrong with an answer (nothing, when ``ok``)."""

    cited: list[int] = Field(default_factory=list, description="passage numbers cited, in order of first use")
    unknown_citations: list[int] = Field(default_factory=list, description="[n] with no passage n given")
    unsupported_facts: list[str] = Field(default_factory=list, description="facts no cited passage holds")
    uncited_facts: list[str] = Field(default_factory=list, description="facts of sentences that cite nothing, "
                                     "held by no passage cited before them")
    uncited: bool = Field(default=False, description="the answer cites no passage at all")
    leaked_prompt: bool = Field(default=False, description="the answer repeats the prompt's instructions")

    @property
    def ok(self) -> bool:
        return not (self.unknown_citations or self.unsupported_facts or self.uncited_facts or self.uncited
                    or self.leaked_prompt)

    def problems(self) -> list[str]:
        """Each problem as a line for the answer's trace."""
        out = []
        if self.unknown_citations:
            out.append("引用了未给出的段落 " + "".join(f"[{n}]" for n in self.unknown_citations))
        if self.unsupported_facts:
            out.append("所引段落中没有：" + "、".join(self.unsupported_facts))
        if self.uncited_facts:
            out.append("没有注明出处的句子里有此前所引段落中没有的内容：" + "、".join(self.uncited_facts))
        if self.uncited:
            out.append("回答没有引用任何段落")
        if self.leaked_prompt:
            out.append("回答复述了系统提示")
        return out


def citations(text: str) -> list[int]:
    return [int(n) for n in CITATION.findall(text)]


def cites(sentence: str) -> bool:
    return CITATION.search(sentence) is not None


class Verifier:
    """Checks an answer sentence by sentence against the passages given (number → text)."""

    def __init__(self, passages: dict[int, str], secret_lines: Sequence[str] = ()) -> None:
        self.passages = passages
        self.secrets = [norm(line) for line in secret_lines]
        self.result = VerificationResult()

    def check(self, sentence: str) -> bool:
        """Add one sentence; whether the answer so far still passes."""
        r = self.result
        for n in citations(sentence):
            if n not in self.passages:
                r.unknown_citations += [n] if n not in r.unknown_citations else []
            elif n not in r.cited:
                r.cited.append(n)
        cited = [self.passages[n] for n in r.cited]
        wrong = r.unsupported_facts if cites(sentence) else r.uncited_facts
        for fact in unfaithful_facts(CITATION.sub(" ", sentence), cited):
            wrong += [fact] if fact not in wrong else []
        plain = norm(sentence)
        r.leaked_prompt = r.leaked_prompt or any(s and s in plain for s in self.secrets)
        return r.ok

    def finish(self) -> VerificationResult:
        self.result.uncited = not self.result.cited
        return self.result


def verify(text: str, passages: dict[int, str], secret_lines: Sequence[str] = ()) -> VerificationResult:
    verifier = Verifier(passages, secret_lines)
    for sentence in complete_sentences(text, final=True)[0]:
        verifier.check(sentence)
    return verifier.finish()
