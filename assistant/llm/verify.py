"""Checking a model's answer before anyone sees it.

A sentence passes when every [n] it cites is a passage the model was given, and every date, amount,
phone number, e-mail, count and address it states occurs in a passage cited in that sentence or
earlier in the answer (:func:`assistant.answer.faithfulness.unfaithful_facts`), about what the
passage attaches it to (:func:`~assistant.answer.faithfulness.misattached_facts`: not 简介表 1份 when
the 1份 is another form's). Against the extractive reading (:class:`Expected`): a yes/no answer
must lead with the governing sentence's polarity, and "the notice does not say" is only allowed when
the extractive answer abstained too. The answer as a whole must
cite at least one passage and must not repeat the prompt's instructions. The same checks run
sentence by sentence while an answer streams (:class:`Verifier`) and on a finished answer
(:func:`verify`), with the same result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from assistant.answer.faithfulness import misattached_facts, norm, unfaithful_facts
from assistant.models import Answer
from assistant.text.sentences import complete_sentences
from assistant.understand.intent import polarity

CITATION = re.compile(r"[\[［](\d{1,3})[\]］]")
NOT_STATED = re.compile(r"(?:没有|未|并未|并没有|无)(?:写明|提到|提及|说明|规定|明确|载明|涉及)|无法(?:确定|判断|回答)")


class Expected(BaseModel):
    """What the extractive answer read from the notices, which the model's answer must not contradict."""

    polarity: bool | None = Field(default=None, description="a yes/no question's verdict: True yes, False no")
    stated: bool = Field(default=True, description="the notices answer it (the extractive answer did not abstain)")

    @classmethod
    def of(cls, extractive: Answer) -> Expected:
        return cls(polarity={"yes": True, "no": False}.get(extractive.verdict or ""), stated=not extractive.abstained)


class VerificationResult(BaseModel):
    """What is wrong with an answer (nothing, when ``ok``)."""

    cited: list[int] = Field(default_factory=list, description="passage numbers cited, in order of first use")
    unknown_citations: list[int] = Field(default_factory=list, description="[n] with no passage n given")
    unsupported_facts: list[str] = Field(default_factory=list, description="facts no cited passage holds")
    uncited_facts: list[str] = Field(default_factory=list, description="facts of sentences that cite nothing, "
                                     "held by no passage cited before them")
    misattached_facts: list[str] = Field(default_factory=list, description="facts the cited passages give "
                                         "about something else than the answer says")
    reversed_polarity: bool = Field(default=False, description="the answer's yes/no is the opposite of the notice's")
    denies_stated: bool = Field(default=False, description="says the notices do not say, though they answer it")
    uncited: bool = Field(default=False, description="the answer cites no passage at all")
    leaked_prompt: bool = Field(default=False, description="the answer repeats the prompt's instructions")

    @property
    def ok(self) -> bool:
        return not (self.unknown_citations or self.unsupported_facts or self.uncited_facts or self.uncited
                    or self.leaked_prompt or self.misattached_facts or self.reversed_polarity or self.denies_stated)

    def problems(self) -> list[str]:
        """Each problem as a line for the answer's trace."""
        out = []
        if self.unknown_citations:
            out.append("引用了未给出的段落 " + "".join(f"[{n}]" for n in self.unknown_citations))
        if self.unsupported_facts:
            out.append("所引段落中没有：" + "、".join(self.unsupported_facts))
        if self.uncited_facts:
            out.append("没有注明出处的句子里有此前所引段落中没有的内容：" + "、".join(self.uncited_facts))
        if self.misattached_facts:
            out.append("所引段落中这些数值属于另一事项：" + "、".join(self.misattached_facts))
        if self.reversed_polarity:
            out.append("回答的是否与通知原文相反")
        if self.denies_stated:
            out.append("回答称通知没有写明，但通知中有答案")
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

    def __init__(self, passages: dict[int, str], secret_lines: Sequence[str] = (), expected: Expected | None = None) -> None:
        self.passages = passages
        self.secrets = [norm(line) for line in secret_lines]
        self.expected = expected or Expected()
        self.result = VerificationResult()
        self.sentences = 0

    def check(self, sentence: str) -> bool:
        """Add one sentence; whether the answer so far still passes."""
        r = self.result
        for n in citations(sentence):
            if n not in self.passages:
                r.unknown_citations += [n] if n not in r.unknown_citations else []
            elif n not in r.cited:
                r.cited.append(n)
        cited = [self.passages[n] for n in r.cited]
        bare = CITATION.sub(" ", sentence)
        wrong = r.unsupported_facts if cites(sentence) else r.uncited_facts
        for fact in unfaithful_facts(bare, cited):
            wrong += [fact] if fact not in wrong else []
        r.misattached_facts += [f for f in misattached_facts(bare, cited) if f not in r.misattached_facts]
        self._against_expected(bare)
        plain = norm(sentence)
        r.leaked_prompt = r.leaked_prompt or any(s and s in plain for s in self.secrets)
        return r.ok

    def _against_expected(self, sentence: str) -> None:
        """The first sentence's yes/no against the notice's; "not stated" when the notices state it."""
        self.sentences += 1
        lead = polarity(re.split(r"[，,。；;：:]", sentence.strip(), maxsplit=1)[0]) if self.sentences == 1 else None
        wanted = self.expected.polarity
        self.result.reversed_polarity |= wanted is not None and lead is not None and lead != wanted
        self.result.denies_stated |= self.expected.stated and NOT_STATED.search(sentence) is not None

    def finish(self) -> VerificationResult:
        self.result.uncited = not self.result.cited
        return self.result


def verify(text: str, passages: dict[int, str], secret_lines: Sequence[str] = (),
           expected: Expected | None = None) -> VerificationResult:
    verifier = Verifier(passages, secret_lines, expected)
    for sentence in complete_sentences(text, final=True)[0]:
        verifier.check(sentence)
    return verifier.finish()
