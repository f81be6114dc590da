"""Scripted completions for the LLM evaluation, written from the request the model would get.

:class:`Writer` answers an answer request by quoting, for the two first passages given, the
sentence sharing most characters with the question, each with its [n] — a *correct* completion,
built only from what was cited. In a *wrong* mode it then adds one deliberately invented fact (a
date, amount, phone number, e-mail, count or address that occurs in no passage given), shifts a date
of the correct text, cites a passage number that was not given, gives a count, date or amount of
another item of the same passage (*misattached*), leads with the opposite yes/no (*polarity*) or
says the notice does not say (*notstated*), and records what it invented. A condensing request is
answered with the follow-up unchanged.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.answer.faithfulness import norm
from assistant.ingest.facts import passage_facts
from assistant.text.sentences import split_sentences
from assistant.understand.intent import polarity
from eval.llmserver import Reply

_PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
_QUESTION = re.compile(r"<question>\n(.*?)\n</question>", re.S)

# each invented sentence: a template and the values tried until one occurs in no passage given
INVENTIONS: dict[str, tuple[str, list[str]]] = {
    "date": ("截止时间为{}[1]。", ["2031年2月27日", "2030年11月13日", "2029年3月29日"]),
    "amount": ("评审费为每人{}[1]。", ["437元", "1260元", "2980元"]),
    "phone": ("咨询电话：{}[1]。", ["0513-57391846", "025-86031957", "13917263548"]),
    "email": ("材料发送至{}[1]。", ["zc2031@example.com", "review88@example.org"]),
    "count": ("纸质材料需一式{}[1]。", ["7份", "9份", "13份"]),
    "address": ("报送地址：{}[1]。", ["青年西路417号", "解放东路938号"]),
    "name": ("联系人：{}[1]。", ["闵若溪", "吕梓涵"]),
}
# an uncited claim streamed first, then an invented amount: the claim must never reach the applicant
UNCITED_CLAIM = "不需要寄送纸质材料，网上提交即可。"
NOT_STATED = "通知中没有写明这一点"
WRONG_KINDS = [*INVENTIONS, "date_shift", "citation", "uncited", "cutoff", "misattached", "polarity", "notstated"]
_SWAPPABLE = {"count", "amount", "date", "date_range"}
_YESNO = re.compile(r"吗|能否|可否|是否|能不能|可不可以|需不需要|要不要|用不用")


class Served(BaseModel):
    mode: str
    text: str
    invented: str | None = None  # the invented fact (or "[n]"); None when the mode found nothing to change
    finish_reason: str | None = None


def parse(body: dict) -> tuple[dict[int, str], str, bool]:
    """Passages (number → text), the question, and whether this is a condensing request."""
    user = body["messages"][-1]["content"]
    question = _QUESTION.search(user)
    passages = {int(n): t for n, t in _PASSAGE.findall(user)}
    return passages, question.group(1) if question else "", "<history>" in user


def faithful(passages: dict[int, str], question: str) -> str:
    parts = []
    for n in sorted(passages)[:2]:
        sentences = [s for s in split_sentences(passages[n]) if len(s) > 4]
        if sentences:
            best = max(sentences, key=lambda s: len(set(s) & set(question)))
            parts.append(f"{best.rstrip('。；')}[{n}]。")
    return "".join(parts)


class Writer:
    """Callable for :class:`eval.llmserver.ScriptedServer`; ``mode`` is "correct" or a wrong kind."""

    def __init__(self, mode: str = "correct") -> None:
        self.mode, self.served = mode, []

    def __call__(self, body: dict) -> Reply:
        passages, question, condense = parse(body)
        if condense:
            return Reply(content=question)
        text, invented, finish = faithful(passages, question), None, None
        if self.mode == "cutoff":  # the answer stops mid-sentence at max_tokens
            text, invented, finish = text + "纸质材料的报送时间为", "截断", "length"
        elif self.mode != "correct":
            text, invented = self._wrong(text, passages, question)
        self.served.append(Served(mode=self.mode, text=text, invented=invented, finish_reason=finish))
        return Reply(content=text, finish_reason=finish)

    def _wrong(self, text: str, passages: dict[int, str], question: str) -> tuple[str, str | None]:
        given = norm("\n".join(passages.values()))
        if self.mode == "misattached":
            return _misattach(text, passages)
        if self.mode == "polarity":
            return _reverse(text, question)
        if self.mode == "notstated":
            first = min(passages, default=1)
            return f"{NOT_STATED}[{first}]。", NOT_STATED
        if self.mode == "citation":
            bad = max(passages, default=0) + 3
            return re.sub(r"\[\d+\]", f"[{bad}]", text, count=1) + f"详见第{bad}段[{bad}]。", f"[{bad}]"
        if self.mode == "date_shift":
            return _shift_date(text, given)
        if self.mode == "uncited":
            amount = next((v for v in INVENTIONS["amount"][1] if norm(v) not in given), None)
            return (f"{UNCITED_CLAIM}{text}评审费为每人{amount}[1]。", UNCITED_CLAIM) if amount else (text, None)
        template, values = INVENTIONS[self.mode]
        value = next((v for v in values if norm(v) not in given), None)
        return (text + template.format(value), value) if value else (text, None)


def _shift_date(text: str, given: str) -> tuple[str, str | None]:
    """The first month-day date of ``text`` one day later, when that date is in no passage."""
    m = re.search(r"(\d{1,2})月(\d{1,2})日", text)
    if not m:
        return text, None
    shifted = f"{m.group(1)}月{int(m.group(2)) % 28 + 1}日"
    if shifted in given:
        return text, None
    return text[:m.start()] + shifted + text[m.end():], shifted


def _misattach(text: str, passages: dict[int, str]) -> tuple[str, str | None]:
    """The first quoted sentence with one of its counts, dates or amounts replaced by the value its
    passage gives for another item (简介表 一式20份 → 一式2份, the 评审表's)."""
    if not passages or not text:
        return text, None
    first = text.split("。")[0]
    facts = [f for f in passage_facts(passages[min(passages)]) if f.kind in _SWAPPABLE]
    for mine in (f for f in facts if f.text in first):
        other = next((f for f in facts if f.kind == mine.kind and f.subject != mine.subject
                      and norm(f.text) != norm(mine.text) and f.text not in first), None)
        if other is not None:
            return text.replace(mine.text, other.text, 1), other.text
    return text, None


def _reverse(text: str, question: str) -> tuple[str, str | None]:
    """For a yes/no question: lead with the opposite of what the first quoted sentence says."""
    verdict = polarity(text.split("。")[0]) if _YESNO.search(question) and text else None
    if verdict is None:
        return text, None
    lead = "不需要" if verdict else "需要"
    n = re.search(r"\[(\d+)\]", text)
    return f"{lead}[{n.group(1) if n else 1}]。{text}", lead
