"""Notes that do not change the verdict but that the applicant needs to know (新疆, 援疆)."""

from __future__ import annotations

from assistant.eligibility.context import Context
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask


def xj_field_change(ctx: Context) -> list[Reason]:
    rid = "note.xj_field_change"
    found = ctx.clauses(rid)
    if not found or not ctx.profile.field_changed:
        return []
    text = "您的专业技术岗位变了：申报高一级只需满足现从事专业的评审条件，无需同级转评，前后专业年限可以连续计算。"
    return [ctx.reason(rid, "note", text, found)]


def xj_first_application(ctx: Context) -> list[Reason]:
    rid, p = "note.xj_first_application", ctx.profile
    found = ctx.clauses(rid)
    first = p.first_application or p.has_title is False
    if not found or not first or ctx.rank(p.target_title) < ctx.rank("工程师"):
        return []
    text = "您首次参加评审且直接申报中级以上，须由所在单位出具从事现专业工作年限的书面证明。"
    return [ctx.reason(rid, "note", text, found)]


def aid_xinjiang(ctx: Context) -> list[Reason]:
    rid, p = "note.aid_xinjiang", ctx.profile
    found = ctx.clauses(rid)
    if not found or not p.aid_xinjiang:
        return []
    need = max((c.years or 0) for _, c in found)
    if need and p.aid_years is not None and p.aid_years < need:
        question = ask(rid, f"请向评委会确认：援疆未满{need:g}年能否在受援地申报？", blocking=False)
        return [ctx.reason(rid, "open", f"该通知受理对口支援新疆{need:g}年以上且正在援疆期间的人员；您援疆{p.aid_years:g}年。",
                           found, questions=[question])]
    text = "援疆专业技术人才在援派期间可以在派出地或受援地（新疆）参加评审，申报材料须经派出单位审核同意。"
    return [ctx.reason(rid, "note", text, found)]


RULES = [
    ("note.xj_field_change", xj_field_change),
    ("note.xj_first_application", xj_first_application),
    ("note.aid_xinjiang", aid_xinjiang),
]
