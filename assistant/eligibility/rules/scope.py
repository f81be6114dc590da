"""Whether the applicant's notice covers their series and level, and which notice that is."""

from __future__ import annotations

from assistant.eligibility.context import Context
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask


def target(ctx: Context) -> list[Reason]:
    rid = "input.target"
    if ctx.profile.target_title is not None:
        return []
    question = ask(rid, "您想申报哪个职称（例如助理工程师、工程师/中级、高级工程师）？", ["target_title"])
    return [ctx.reason(rid, "missing", "您没有说明要申报的职称。", questions=[question])]


def series(ctx: Context) -> list[Reason]:
    rid, notice = "scope.series", ctx.notice
    if notice is None or not (notice.scope.series or notice.scope.series_excluded):
        return []
    found, wanted = [(notice, notice.scope)], ctx.profile.series
    accepts = "、".join(notice.scope.series) or f"除{'、'.join(notice.scope.series_excluded)}以外的工程类专业"
    if wanted is None:
        question = ask(rid, f"您申报的是哪个专业？本通知只受理{accepts}。", ["series"], blocking=False)
        return [ctx.reason(rid, "open", f"《{notice.label}》只受理{accepts}。", found, questions=[question])]
    if (notice.scope.series and wanted not in notice.scope.series) or wanted in notice.scope.series_excluded:
        text = f"《{notice.label}》只受理{accepts}，不受理{wanted}；请查看{wanted}对应评委会的通知。"
        return [ctx.reason(rid, "blocked", text, found)]
    return []


def level(ctx: Context) -> list[Reason]:
    rid, notice, wanted = "scope.level", ctx.notice, ctx.profile.target_title
    if notice is not None and ctx.target_assumed:
        text = f"《{notice.label}》只受理{wanted}，按申报{wanted}判断。"
        return [ctx.reason(rid, "note", text, [(notice, notice.scope)])]
    if notice is None or not notice.scope.levels or wanted is None or wanted in notice.scope.levels:
        return []
    accepts = "、".join(notice.scope.levels)
    text = f"《{notice.label}》只受理{accepts}，不受理{ctx.level_name(wanted)}；请查看相应评委会的通知。"
    return [ctx.reason(rid, "blocked", text, [(notice, notice.scope)])]


def notice_unknown(ctx: Context) -> list[Reason]:
    rid, p = "scope.notice_unknown", ctx.profile
    if ctx.notice is not None:
        return []
    if ctx.pending is not None:
        text = f"《{ctx.pending.label}》的申报条件尚未经工作人员审核：以下按国家基本标准判断，通知原文中的相关规定列在后面，请对照原文。"
        return [ctx.reason(rid, "note", text)]
    if p.notice_id:
        return [ctx.reason(rid, "note", "您申报的通知的规则尚未整理，以下只按国家基本标准和各通知的共同规定判断。")]
    where = f"知识库中没有{p.region}的通知；" if p.region else ""
    question = ask(rid, "您在哪个城市（地区）、向哪个评委会申报？", ["region", "notice_id"], blocking=False)
    text = f"{where}不知道您申报的通知，资历截止日、继续教育等要求按各通知的共同规定提示，请以您的通知为准。"
    return [ctx.reason(rid, "note", text, questions=[question])]


def provincial_conditions(ctx: Context) -> list[Reason]:
    rid = "note.provincial_conditions"
    found = ctx.clauses(rid)
    if not found or ctx.profile.target_title is None or ctx.examined:
        return []
    note = f"（{found[0][1].note}）" if found[0][1].note else ""
    text = f"本通知的资格条件以它所引的评审条件为准{note}；下面的学历和年限要求是国家基本标准，请向评委会确认。"
    return [ctx.reason(rid, "note", text, found)]


RULES = [
    ("input.target", target),
    ("scope.series", series),
    ("scope.level", level),
    ("scope.notice_unknown", notice_unknown),
    ("note.provincial_conditions", provincial_conditions),
]
