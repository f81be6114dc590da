"""Applicants' words (``knowledge/rules/lexicon.yaml``) and the text helpers the parser matches them with."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.text.normalize import longest_first, to_simplified
from assistant.text.numerals import cn_number

_CN_RUN = re.compile(r"[〇零一二两三四五六七八九十]+(?=\s*(?:年|月|日|号|个|学时|课时|小时|岁|周年))")
CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\n、]|\s+")


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titles: dict[str, list[str]]
    title_masks: list[str]
    education: dict[str, list[str]]
    education_masks: list[str]
    progression: list[str]
    technical_school: dict[str, list[str]]
    professional_degree: list[str]
    foreign_degree: list[str]
    foreign_certified: list[str]
    foreign_not_certified: list[str]
    employers: dict[str, list[str]]
    civil_servant: list[str]
    not_civil_servant: list[str]
    retired: list[str]
    not_retired: list[str]
    retiring_this_year: list[str]
    discipline_kinds: list[str]
    discipline: list[str]
    discipline_over: list[str]
    no_discipline: list[str]
    in_service: list[str]
    not_in_service: list[str]
    freelance: list[str]
    high_skill: dict[str, list[str]]
    high_skill_masks: list[str]
    overseas_returnee: list[str]
    high_level_talent: list[str]
    government_transfer: list[str]
    military_transfer: list[str]
    first_application: list[str]
    aid_xinjiang: list[str]
    fanghuiju: list[str]
    excellent: list[str]
    field_changed: list[str]
    no_title: list[str]

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        return cls.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


class Span(NamedTuple):
    start: int
    end: int
    value: str


def normalize(text: str) -> str:
    """Simplified characters, NFKC (full-width digits and punctuation) and Chinese numerals as digits
    where they count something (二〇一九年 → 2019年, 五年 → 5年, 九十学时 → 90学时)."""
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return _CN_RUN.sub(lambda m: str(n) if (n := cn_number(m.group())) is not None else m.group(), text)


def pairs(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(surface, value) for every surface of every value, the value's own name included."""
    return [(s, value) for value, surfaces in table.items() for s in dict.fromkeys([value, *surfaces])]


def find_spans(text: str, surfaces: Iterable[tuple[str, str]]) -> list[Span]:
    """Every occurrence of the surfaces, longest first, never overlapping, in text order."""
    taken = [False] * len(text)
    spans: list[Span] = []
    for surface, value in sorted(surfaces, key=lambda p: -len(p[0])):
        for m in re.finditer(re.escape(surface), text):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * len(surface)
                spans.append(Span(m.start(), m.end(), value))
    return sorted(spans)


def mask(text: str, patterns: Iterable[str]) -> str:
    """The text with the matches of the patterns (regular expressions) blanked out; positions stay."""
    for pattern in longest_first(patterns):
        text = re.sub(pattern, lambda m: "＿" * len(m.group()), text)
    return text


def has_any(text: str, words: Iterable[str]) -> bool:
    return any(w in text for w in words)


def clause_of(text: str, pos: int) -> tuple[int, int]:
    """The clause (between punctuation) around a position."""
    starts = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, pos)]
    end = CLAUSE_BREAK.search(text, pos)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))
