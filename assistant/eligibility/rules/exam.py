"""Series whose titles come by national examination, not by 评审 (ELIGIBILITY.md §6)."""

from __future__ import annotations

from assistant.eligibility.context import Context
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask


def mid_junior(ctx: Context) -> list[Reason]:
    rid, p = "exam.mid_junior", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.series not in found[0][1].series:
        return []
    if p.target_title is None:
        return []  # input.target asks for it
    if p.target_title not in found[0][1].levels:
        return []
    text = f"{p.series}专业的{ctx.level_name(p.target_title)}职称通过全国统一考试取得，考试合格即取得，不进行评审。"
    return [ctx.reason(rid, "route", text, found, route="考试")]


def all_levels(ctx: Context) -> list[Reason]:
    rid, p = "exam.all_levels", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.series not in found[0][1].series:
        return []
    text = f"{p.series}专业各级职称都通过全国统一考试（软考）取得，不进行评审。"
    return [ctx.reason(rid, "route", text, found, route="考试")]


def senior_review(ctx: Context) -> list[Reason]:
    rid, p = "exam.senior_review", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.series not in found[0][1].series or p.target_title not in found[0][1].levels:
        return []
    question = ask(rid, "您是否已通过国家统一考试，且成绩在有效期内？", blocking=False)
    text = f"{p.series}的高级职称实行考试与评审相结合：须先通过国家统一考试、成绩在有效期内，方可申报评审。"
    return [ctx.reason(rid, "route", text, found, route="考试", questions=[question])]


RULES = [
    ("exam.mid_junior", mid_junior),
    ("exam.all_levels", all_levels),
    ("exam.senior_review", senior_review),
]
