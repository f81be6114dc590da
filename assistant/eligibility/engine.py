"""``assess(profile, rules) -> Assessment``: run the rules, then decide the verdict.

Verdict, in order: an exam series → other_route (考试); a rule that excludes → not_eligible; a fact
the verdict needs is missing → needs_info; a condition short (continuing education, certification)
→ not_yet; the regular route met → eligible; else a route that applies → other_route; years short →
not_yet (with the day they are reached); otherwise not_eligible. A route that replaces the evaluation
altogether (直接认定, with every fact it needs stated) decides before missing facts do. Checks the applicant could not be
asked about (处分, 继续教育 …) do not hold the verdict back: they are listed as questions to confirm.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from assistant.eligibility.context import Context
from assistant.eligibility.dates import bounds
from assistant.eligibility.locate import match_notice, places_from_rules
from assistant.eligibility.profile import Profile
from assistant.eligibility.result import Assessment, Reason, Route, Verdict
from assistant.eligibility.rulebook import NoticeRules, RuleBook
from assistant.eligibility.rules import CHECKS, ROUTES
from assistant.eligibility.sources import ask, make_reason
from assistant.eligibility.summary import caveat, summary

REGULAR_ORDER = ("failed", "missing", "short", "met")
DECISIVE = ("直接认定",)  # a route that replaces the evaluation: decides once all its facts are stated


def assess(profile: Profile, rules: RuleBook, today: date | None = None) -> Assessment:
    """The assessment of one profile; contradictory education is settled by :func:`_settle_education`."""
    today = today or date.today()
    first = _assess_once(profile, rules, today)
    if not profile.education_also or not rules.on("input.education_conflict"):
        return first
    return _settle_education(profile, rules, today, first)


def _assess_once(profile: Profile, book: RuleBook, today: date) -> Assessment:
    notice = find_notice(profile, book)
    assumed = profile.target_title is None and notice is not None and len(notice.scope.levels) == 1
    if assumed:
        assert notice is not None  # assumed implies a notice
        profile = profile.model_copy(update={"target_title": notice.scope.levels[0]})
    ctx = Context(profile, book, notice, today, target_assumed=assumed)
    reasons = [r for rule_id, check in CHECKS if ctx.on(rule_id) for r in check(ctx)]
    regular = regular_status(reasons)
    reasons += [r for rule_id, route in ROUTES if ctx.on(rule_id) for r in route(ctx, regular)]
    verdict, route = decide(reasons, regular)
    return _build(ctx, reasons, verdict, route)


def find_notice(profile: Profile, book: RuleBook) -> NoticeRules | None:
    if profile.notice_id:
        return book.notices.get(profile.notice_id)
    if profile.region:
        found = match_notice([profile.region], places_from_rules(book), profile.series)
        return book.notices.get(found) if found else None
    return None


def regular_status(reasons: list[Reason]) -> str:
    """The regular route's status: failed, missing, short, met — or none when it was not assessed."""
    outcomes = {r.outcome for r in reasons if r.family == "regular"}
    return next((o for o in REGULAR_ORDER if o in outcomes), "none")


def decide(reasons: list[Reason], regular: str) -> tuple[Verdict, Route | None]:
    def having(outcome: str, family: str | None = None) -> list[Reason]:
        return [r for r in reasons if r.outcome == outcome and family in (None, r.family)]

    if having("route", "exam"):
        return "other_route", "考试"
    if having("blocked"):
        return "not_eligible", None
    if decisive := [r for r in having("route") if r.route in DECISIVE and not r.questions]:
        return "other_route", decisive[0].route
    if having("missing") or regular == "none":
        return "needs_info", None
    if having("short", "condition"):
        return "not_yet", None
    if regular == "met":
        return "eligible", None
    if routes := having("route"):
        return "other_route", routes[0].route
    return ("not_yet", None) if regular == "short" else ("not_eligible", None)


def _build(ctx: Context, reasons: list[Reason], verdict: Verdict, route: Route | None) -> Assessment:
    years = next((r.years for r in reasons if r.years is not None), None)
    met_on = None
    if verdict == "not_yet" and years and years.met is False and years.reached_on:
        met_on = date.fromisoformat(_day(years.reached_on))
    reasons, questions = _focus(verdict, route, reasons, _questions(reasons))
    notice = ctx.notice
    return Assessment(
        verdict=verdict, route=route, summary=summary(ctx, verdict, route, reasons, met_on),
        notice_id=notice.notice_id if notice else ctx.profile.notice_id,
        notice_label=notice.label if notice else None, target_title=ctx.profile.target_title,
        met_on=met_on, years=years, reasons=reasons, questions=questions, caveat=caveat(ctx, reasons),
        pending=ctx.pending,
    )


def _focus(verdict: Verdict, route: Route | None, reasons: list[Reason], questions: list) -> tuple[list, list]:
    """What the applicant needs to see: no open checks under a final no (or the exam route); under
    needs_info, the questions that decide it and where they apply."""
    if verdict == "not_eligible" or route == "考试":
        keep = [r for r in reasons if r.outcome not in ("missing", "open")]
        return keep, [q for r in keep if r.family == "exam" for q in r.questions]
    if verdict == "needs_info":
        return reasons, [q for q in questions if q.blocking or q.rule_id.startswith("scope.")]
    return reasons, questions


def _questions(reasons: list[Reason]) -> list:
    seen, out = set(), []
    for q in sorted((q for r in reasons for q in r.questions), key=lambda q: not q.blocking):
        if q.text not in seen:
            seen.add(q.text)
            out.append(q)
    return out


def _day(partial: str) -> str:
    """The last day a partial date can mean (a count is only sure to be reached then)."""
    return bounds(partial)[1].isoformat()


def _settle_education(profile: Profile, book: RuleBook, today: date, first: Assessment) -> Assessment:
    """Several education levels stated: judge by the highest; ask when the lowest would change the verdict."""
    ranks = book.baseline.education_ranks
    lowest = min(profile.education_also, key=lambda e: ranks.get(e, 0))
    other = _assess_once(profile.model_copy(update={"education": lowest, "education_also": []}), book, today)
    # education_also is stated together with education (the parser sets both)
    stated = "、".join(dict.fromkeys([cast(str, profile.education), *profile.education_also]))
    rid = "input.education_conflict"
    if other.verdict == first.verdict:
        note = make_reason(book, rid, "note", f"您提到了{stated}：按最高学历{profile.education}判断（按{lowest}结论相同）。")
        return first.model_copy(update={"reasons": [note, *first.reasons]})
    question = ask(rid, f"您提到了{stated}：您的最高学历是哪一个（毕业证书是否已取得）？", ["education"])
    text = f"您提到了{stated}：按{profile.education}结论是“{first.summary}”，按{lowest}则不同，需要先确认最高学历。"
    reason = make_reason(book, rid, "missing", text, questions=[question])
    return first.model_copy(update={
        "verdict": "needs_info", "route": None, "met_on": None, "reasons": [reason, *first.reasons],
        "questions": [question, *first.questions], "summary": "还需要确认您的最高学历才能判断。",
    })
