"""Typed values of a notice sentence that rules read: dates, hours a year, shares, years, the kinds
of 处分 that exclude. Each reader returns every value the text holds, so that a proposed value can
be checked against the sentence it is said to come from (:mod:`assistant.eligibility.proposal`).

The shapes are those of :mod:`assistant.text.patterns` and the typed facts of
:mod:`assistant.ingest.facts`; nothing here knows what a value is about.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from assistant.ingest.facts import sentence_facts
from assistant.text.numerals import cn_number
from assistant.text.patterns import DATE, DURATION, SHARE, iso_date

_HOURS = "学时"
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+")


def dates(text: str) -> list[dt.date]:
    """Every full date (year, month and day) in the text, in order."""
    return [dt.date.fromisoformat(iso) for m in DATE.finditer(text) if (iso := iso_date(m))]


def hours(text: str) -> list[float]:
    """Hours counted in 学时 (90学时, 九十学时), not a share of them (总学时的2/3)."""
    found = [f.text for f in sentence_facts(text) if f.kind == "count" and f.text.endswith(_HOURS)]
    return [n for t in found if (n := _number(t)) is not None]


def shares(text: str) -> list[str]:
    """Shares as fractions: 2/3, 三分之二 → 2/3, 60% → 3/5."""
    out = []
    for m in SHARE.finditer(text):
        g = m.groupdict()
        if g["pct"]:
            value = Fraction(g["pct"]) / 100
        else:
            num, den = (cn_number(g["cn"]), cn_number(g["cd"])) if g["cd"] else (int(g["n"]), int(g["d"]))
            if not num or not den:
                continue
            value = Fraction(num, den)
        if 0 < value < 1:
            out.append(f"{value.numerator}/{value.denominator}")
    return out


def years(text: str) -> list[float]:
    """Durations in years (连续三年, 提前1年, 1年以上), never a calendar year."""
    spans = [m.group() for m in DURATION.finditer(text) if m.group().rstrip().endswith("年")]
    return [n for s in spans if (n := _number(s)) is not None]


def kinds_from(text: str, scale: list[str]) -> tuple[list[str], list[str]] | None:
    """The 处分 that exclude when the text says "X以上" (记过以上 → 记过 … 开除), and the lesser ones."""
    for i, kind in enumerate(scale):
        if f"{kind}以上" in text or f"{kind}及以上" in text:
            return scale[i:], scale[:i]
    return None


def _number(text: str) -> float | None:
    m = _NUMBER.search(text)
    if not m:
        return None
    if m.group()[0].isdigit():
        return float(m.group())
    value = cn_number(m.group())
    return float(value) if value is not None else None
