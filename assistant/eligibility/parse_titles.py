"""Titles in an applicant's words: which one they hold (and since when, for how long) and which they want.

A mention is *current* when the nearest verb before it in its clause is one of holding (取得, 评上,
是, 当了 …) or years follow it (助工5年); *target* when that verb is one of applying (报, 申报, 评,
考 …). A mention with neither is current if another mention is the target, else the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.eligibility.lexicon import Span, clause_of

_CURRENT = ["评上了", "评上", "评了", "评的", "评到了", "取得了", "取得", "获得了", "获得", "拿到了", "拿到", "拿了",
            "考取", "考过", "考了", "持有", "具有", "已有", "已是", "现任", "现为", "现在是", "目前是", "是", "有",
            "当了", "做了", "聘任", "聘为", "任"]
_TARGET = ["能评上", "评得上", "能拿到", "能取得", "想评", "想报", "想考", "申报", "报考", "报名", "申请", "参评",
           "参加评审", "评审", "晋升", "认定", "转评", "升", "冲", "报", "评", "考"]
_VERBS = re.compile("|".join(sorted(map(re.escape, _CURRENT + _TARGET), key=len, reverse=True)))
_YEARS_AFTER = re.compile(r"^\s*(?:职称)?(?:已经|已|都|满|有|快|了|评上|评了|当了|取得)*\s*(\d+(?:\.\d+)?)\s*(年半|多年|年多|年)")
_YEARS_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*(年半|多年|年多|年)(?:的)?\s*$")
_HELD_AFTER = re.compile(r"^.{0,14}?(?:评的|取得的|拿的|获得的|评上的|拿到的|考的)")


@dataclass
class Mention:
    span: Span
    role: str  # current | target | ""
    years: float | None = None


def title_mentions(text: str, spans: list[Span]) -> list[Mention]:
    mentions = [_classify(text, s) for s in spans]
    has_target = any(m.role == "target" for m in mentions)
    for m in mentions:
        if not m.role:
            m.role = "current" if has_target else "target"
            has_target = has_target or m.role == "target"
    return mentions


def _classify(text: str, span: Span) -> Mention:
    start, end = clause_of(text, span.start)
    before, after = text[start:span.start], text[span.end:end]
    years = _years(before, after)
    verbs = _VERBS.findall(before)
    if verbs:
        return Mention(span, "target" if verbs[-1] in _TARGET else "current", years)
    if years is not None or _HELD_AFTER.match(after):
        return Mention(span, "current", years)
    return Mention(span, "", None)


def _years(before: str, after: str) -> float | None:
    m = _YEARS_AFTER.match(after) or _YEARS_BEFORE.search(before)
    if not m or float(m.group(1)) > 60:  # 2019年 is a date, not years
        return None
    return float(m.group(1)) + (0.5 if m.group(2) == "年半" else 0)


def date_for(text: str, mention: Mention, dates: list[Span], used: set[int]) -> Span | None:
    """The date said for a mention: the nearest one before it in its clause, else one after it."""
    start, end = clause_of(text, mention.span.start)
    before = [d for d in dates if start <= d.start and d.end <= mention.span.start and d.start not in used]
    if before:
        return before[-1]
    after = [d for d in dates if mention.span.end <= d.start and d.end <= end and d.start not in used]
    if after and _HELD_AFTER.match(text[mention.span.end:end]):
        return after[0]
    return None
