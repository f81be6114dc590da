"""Dates and durations in an applicant's words (after :func:`lexicon.normalize`).

Dates: 2019年7月15日, 2019.7.15, 2019年7月, 2019.7, 2019-07, 2019/7, 2019年(底), 19年7月, 19年取得…,
今年/去年/前年(7月). Durations: 5年, 3年半, 5年多, 半年 — never inside a date.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.eligibility.lexicon import Span
from assistant.text.patterns import APPLICANT_DATES, APPLICANT_DURATION

_RELATIVE = {"今年": 0, "去年": 1, "前年": 2}
_PART = {"底": 12, "末": 12, "初": 1}


def find_dates(text: str, today: date) -> list[Span]:
    """Date mentions as partial ISO dates, in text order, never overlapping."""
    taken = [False] * len(text)
    found: list[Span] = []
    for pattern in APPLICANT_DATES:
        for m in pattern.finditer(text):
            value = _value(m, today)
            if value and not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append(Span(m.start(), m.end(), value))
    return sorted(found)


def _value(m: re.Match[str], today: date) -> str | None:
    groups = m.groupdict()
    if groups.get("rel"):
        year = today.year - _RELATIVE[groups["rel"]]
    else:
        year = int(groups["y"])
        year += 0 if year >= 100 else (1900 if year > today.year % 100 else 2000)
    month = int(groups["m"]) if groups.get("m") else _PART.get(groups.get("part") or "")
    day = int(groups["d"]) if groups.get("d") else None
    if not 1950 <= year <= today.year + 1 or (month and not 1 <= month <= 12) or (day and not 1 <= day <= 31):
        return None
    parts = [f"{year:04d}"] + [f"{v:02d}" for v in (month, day) if v]
    return "-".join(parts)


def find_durations(text: str, dates: list[Span]) -> list[Span]:
    """Durations in years (value as a number string), outside the date mentions."""
    blocked = {i for d in dates for i in range(d.start, d.end)}
    found = []
    for m in APPLICANT_DURATION.finditer(text):
        if blocked.intersection(range(m.start(), m.end())):
            continue
        if m.group("half"):
            found.append(Span(m.start(), m.end(), "0.5"))
            continue
        years = float(m.group("n")) + (0.5 if m.group("unit") == "年半" else 0)
        found.append(Span(m.start(), m.end(), f"{years:g}"))
    return found
