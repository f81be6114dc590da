"""Counting years of technical work up to the cut-off, from a date or from what the applicant says."""

from __future__ import annotations

from assistant.eligibility.context import Context, Cutoff
from assistant.eligibility.dates import add_years, bounds, shift, show, show_span, span
from assistant.eligibility.result import YearsCount


def count_years(ctx: Context, rule_id: str, start: str | None, stated: float | None,
                required: int, title: str | None) -> YearsCount | None:
    """Years from ``start`` (or the years stated) against ``required``; None when nothing to count."""
    if start and ctx.cutoff is not None:
        return by_date(rule_id, start, required, ctx.cutoff, title)
    if stated is not None:
        return by_statement(rule_id, stated, required, ctx.cutoff, title)
    return None


def by_date(rule_id: str, start: str, required: int, cutoff: Cutoff, title: str | None) -> YearsCount:
    """Met when even the latest day ``start`` can mean reaches the years by the cut-off."""
    earliest, latest = bounds(start)
    if add_years(latest, required) <= cutoff.day:
        met: bool | None = True
    elif add_years(earliest, required) > cutoff.day:
        met = False
    else:
        met = None
    years, months = span(latest, cutoff.day)
    return YearsCount(
        rule_id=rule_id, title=title, start=start, cutoff=cutoff.day, cutoff_rule=cutoff.rule_id,
        cutoff_label=cutoff_label(cutoff), required_years=required,
        counted=("约" if met is None else "") + show_span(years, months),
        reached_on=shift(start, required), met=met,
    )


def by_statement(rule_id: str, stated: float, required: int, cutoff: Cutoff | None,
                 title: str | None) -> YearsCount:
    return YearsCount(
        rule_id=rule_id, title=title, start=None, stated_years=stated,
        cutoff=cutoff.day if cutoff else None, cutoff_rule=cutoff.rule_id if cutoff else "",
        cutoff_label=cutoff_label(cutoff) if cutoff else "", required_years=required,
        counted=f"{number(stated)}年", reached_on=None, met=stated >= required,
    )


def cutoff_label(cutoff: Cutoff) -> str:
    if cutoff.assumed:
        return f"{show(cutoff.day)}（假定的资历截止日，通知未确定或未写明）"
    return f"{show(cutoff.day)}（资历截止日，{cutoff.source.label}）"


def number(value: float) -> str:
    return f"{value:g}"
