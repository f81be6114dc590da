"""The one-sentence summary of an assessment and the caveat shown under every one."""

from __future__ import annotations

from datetime import date

from assistant.eligibility.context import Context
from assistant.eligibility.dates import show
from assistant.eligibility.result import Reason, Route, Verdict

CLOSING = "以上是按您提供的信息所作的初步判断，最终以评委会审核为准。"


def summary(ctx: Context, verdict: Verdict, route: Route | None, reasons: list[Reason],
            met_on: date | None) -> str:
    def first(*outcomes: str) -> str:
        return next((r.text for o in outcomes for r in reasons if r.outcome == o), "")

    title = ctx.level_name(ctx.profile.target_title)
    if verdict == "eligible":
        where = f"（《{ctx.notice.label}》）" if ctx.notice else ""
        return f"按您提供的情况，可以申报{title}{where}。"
    if verdict == "not_eligible":
        return f"不能申报：{first('blocked', 'failed')}"
    if verdict == "not_yet":
        when = f"本年度不能申报，可参加资历截止日在{show(met_on)}或以后的年度评审。" if met_on else ""
        return f"暂不符合：{first('short')}{when}"
    if verdict == "other_route":
        return f"可以走{route}途径：{next(r.text for r in reasons if r.route == route)}"
    asked = next((q.text for r in reasons for q in r.questions if q.blocking), "")
    return f"还需要了解您的情况才能判断：{asked}"


def caveat(ctx: Context, reasons: list[Reason]) -> str:
    """The baseline is never the notice's text: say so, and send the applicant to the 评委会."""
    if any(s.kind == "national_baseline" for r in reasons for s in r.sources):
        ref = ctx.book.baseline.reference
        return f"学历和年限要求引自{ref.label}，不是通知原文：{ref.caveat}{ref.advice}{CLOSING}"
    return CLOSING
