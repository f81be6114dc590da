"""Dates as applicants give them (2019, 2019-07, 2019-07-15) and the counting of years of service.

A partial date stands for every day it could be: ``2019-07`` is any day of July 2019.  A count is
*met* when even the latest of those days reaches the required years by the cut-off, and *short*
when even the earliest does not; in between the exact date decides.  Exactly N years on the cut-off
day counts as met (obtained 2019-12-31, cut-off 2023-12-31: 4 years met; obtained 2020-01-01: not).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def normalize_partial(value: object) -> str:
    """``date``, ``2019``, ``"2019-7"``, ``"2019.7"`` or ``"2019/7/15"`` → ``2019``, ``2019-07``, ``2019-07-15``."""
    if isinstance(value, date):
        return value.isoformat()
    text = re.sub(r"[./年月]", "-", str(value).strip()).strip("-").replace("日", "")
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    bounds(parts_to_text(parts))  # validates the month and day
    return parts_to_text(parts)


def parts_to_text(parts: list[str]) -> str:
    return "-".join(parts)


def bounds(partial: str) -> tuple[date, date]:
    """The earliest and the latest day a partial date can mean."""
    year, month, day = (list(map(int, partial.split("-"))) + [0, 0])[:3]
    if day:
        return date(year, month, day), date(year, month, day)
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def precision(partial: str) -> int:
    """1 = year, 2 = month, 3 = day."""
    return partial.count("-") + 1


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    target = day.year + years
    return day.replace(year=target, day=min(day.day, calendar.monthrange(target, day.month)[1]))


def shift(partial: str, years: int) -> str:
    """A partial date moved by whole years, keeping its precision."""
    parts = partial.split("-")
    moved = add_years(date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                           int(parts[2]) if len(parts) > 2 else 1), years)
    return "-".join(moved.isoformat().split("-")[: len(parts)])


def span(start: date, end: date) -> tuple[int, int]:
    """Whole years and months from start to end (negative spans are 0, 0)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    months = max(months, 0)
    return months // 12, months % 12


def show(partial: str | date) -> str:
    """2019 → 2019年, 2019-07 → 2019年7月, 2019-07-15 → 2019年7月15日."""
    parts = (partial.isoformat() if isinstance(partial, date) else partial).split("-")
    units = ("年", "月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units))


def show_span(years: int, months: int) -> str:
    if not months:
        return f"{years}年"
    return f"{years}年{months}个月" if years else f"{months}个月"
