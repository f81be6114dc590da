"""Typed facts of a passage, each with its subject: what the date, amount or count is about.

A notice sentence "纸质材料报送时间：2024年7月25日前" gives a date whose subject is 纸质材料报送时间;
a table row "级别：副高级｜评审费（元）：420" gives an amount whose subject is 副高级 评审费（元）. The
answerer compares a fact's subject with what the question asks about, so that a date of the right
shape about something else (the online deadline for the paper one, another row's dates) is not
taken for the answer. Registration numbers (ICP备, 公安备案) are not phones, and a web page's
publication time is not a deadline: both are kept with kinds of their own.
"""

from __future__ import annotations

import re

from assistant.models import Fact, FactKind
from assistant.text.patterns import (
    ADDRESS,
    AMOUNT,
    COUNT,
    DATE_RANGE,
    DAY_DATE,
    DURATION,
    EMAIL,
    OFFICE,
    PERSON,
    PERSON_LABEL,
    PHONE,
    PLATFORM,
    PUBLISHED,
    REGISTRATION,
    SIGNED,
    WEBSITE,
    place_start,
)
from assistant.text.sentences import split_sentences

_CLAUSE = re.compile(r"[，,；;。！？!?]")
_LEAD = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)+|^(?:其中|另外|并|且|须|应|请|凡)\s*")
_TAIL = re.compile(r"(?:为|是|在|于|至|到|：|:|需|须|应|要|共|一式|不少于|不超过)+$")
# what may stand between a fact and its event: the date's role (前, 之前, 止, 起) and its particles
_EVENT_LEAD = re.compile(r"^(?:之?前|以[前内后上下]|为?止|截止|内|起|开始|后|的|[）)]|\s)+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SUBJECT_CHARS = 24

# (kind, pattern): earlier kinds claim their characters first
_KINDS: list[tuple[FactKind, re.Pattern[str]]] = [
    ("registration", REGISTRATION),
    ("published", PUBLISHED),
    ("signed", SIGNED),
    ("email", EMAIL),
    ("website", WEBSITE),
    ("date_range", DATE_RANGE),
    ("date", DAY_DATE),
    ("amount", AMOUNT),
    ("duration", DURATION),
    ("count", COUNT),
    ("phone", PHONE),
    ("address", ADDRESS),
    ("office", OFFICE),
    ("person", PERSON),
    ("platform", PLATFORM),  # last: a name's characters another kind holds (an office, a site) stay that kind
]


def passage_facts(text: str) -> list[Fact]:
    """Every fact of a passage, sentence by sentence (a table row is one sentence)."""
    return [f for sentence in split_sentences(text) for f in sentence_facts(sentence)]


def sentence_facts(sentence: str) -> list[Fact]:
    if "｜" in sentence:
        return _row_facts(sentence)
    return [Fact(kind=kind, text=text, subject=_subject(sentence, start), sentence=sentence)
            for kind, text, start in _find(sentence)]


def _find(text: str) -> list[tuple[FactKind, str, int]]:
    """(kind, surface, start) of each fact, longest-first by kind order, never overlapping."""
    taken = [False] * len(text)
    found: list[tuple[FactKind, str, int]] = []
    for kind, pattern in _KINDS:
        for m in pattern.finditer(text):
            a, b = m.span(1) if kind == "office" else m.span("date") if kind == "signed" else m.span()
            a += _lead_in(kind, m.group(0))
            if b > a and not any(taken[a:b]):
                taken[a:b] = [True] * (b - a)
                found.append((kind, text[a:b].strip(), a))
    return sorted((f for f in found if f[1]), key=lambda f: f[2])


def _lead_in(kind: FactKind, surface: str) -> int:
    """How many characters of a match lead into the fact: 地点在 of an address, 联系人： of a name."""
    if kind == "address":
        return place_start(surface)
    label = PERSON_LABEL.match(surface) if kind == "person" else None
    return label.end() if label else 0


def _subject(sentence: str, start: int) -> str:
    """The words the fact belongs to: its clause before it, else the clause before that."""
    head = sentence[:start]
    clauses = [c for c in _CLAUSE.split(head)]
    subject = _tidy(clauses[-1]) if clauses else ""
    if len(subject) < 2 and len(clauses) > 1:
        subject = _tidy(clauses[-2])
    return subject[-SUBJECT_CHARS:]


def fact_event(fact: Fact) -> str:
    """What a fact is the time, amount or count of when its clause goes on after it: the event of
    "推荐意见由科主任签字后，于7月4日前报人事科" is 报人事科, where its subject (the words before it)
    says nothing of what is done by then. "" for a table row (its column says) or a fact at its
    clause's end ("截止时间为2022年12月31日")."""
    at = fact.sentence.find(fact.text)
    if at < 0 or "｜" in fact.sentence:
        return ""
    rest = _CLAUSE.split(fact.sentence[at + len(fact.text):], maxsplit=1)[0]
    return _EVENT_LEAD.sub("", rest.strip())[:SUBJECT_CHARS]


def _tidy(clause: str) -> str:
    clause = _LEAD.sub("", clause.strip())
    return _TAIL.sub("", clause).strip()


def _row_facts(row: str) -> list[Fact]:
    """A table row: each cell's facts are about the row's key (its first cells without facts) and the
    cell's column; a bare number under a column of fees (元, 费) is an amount."""
    cells = [c.partition("：")[::2] if "：" in c else ("", c) for c in row.split("｜")]
    key = " ".join(v for _, v in cells[:2] if v and not _find(v) and not _NUMBER.fullmatch(v.strip()))
    out = []
    for header, value in cells:
        subject = f"{key} {header}".strip()[-SUBJECT_CHARS:]
        found = _find(value) or [f for f in _find(f"{header}：{value}") if f[0] == "person"]  # 姓名｜张媛
        if not found and _NUMBER.fullmatch(value.strip()) and re.search(r"元|费", header):
            found = [("amount", f"{value.strip()}元", 0)]
        out += [Fact(kind=kind, text=text, subject=subject, sentence=row) for kind, text, _ in found]
    return out
