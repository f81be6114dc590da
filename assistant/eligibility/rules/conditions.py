"""Conditions besides the years (§3–5): education counted, cut-off dates, continuing education."""

from __future__ import annotations

import math

from assistant.eligibility.context import Context
from assistant.eligibility.counting import number
from assistant.eligibility.dates import bounds, show
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask, make_reason


def technical_school(ctx: Context) -> list[Reason]:
    rid, school = "education.technical_school", ctx.profile.technical_school
    found = ctx.clauses(rid)
    if not school or not found:
        return []
    same = found[0][1].mapping.get(school, "")
    return [ctx.reason(rid, "note", f"技工院校{school}毕业，评职称时视同{same}学历。", found)]


def foreign_degree(ctx: Context) -> list[Reason]:
    rid, p = "education.foreign_degree", ctx.profile
    found = ctx.clauses(rid)
    if not p.foreign_degree or not found or p.foreign_degree_certified:
        return []
    if p.foreign_degree_certified is False:
        text = "国（境）外学历须先经教育部留学服务中心认证并取得认证书；取得认证书后才能作为申报学历。"
        return [ctx.reason(rid, "short", text, found)]
    question = ask(rid, "您的国（境）外学历是否已取得教育部留学服务中心的认证书？", ["foreign_degree_certified"], False)
    return [ctx.reason(rid, "open", "国（境）外学历须经教育部留学服务中心认证。", found, questions=[question])]


def materials_cutoff(ctx: Context) -> list[Reason]:
    rid, p = "cutoff.materials", ctx.profile
    found = ctx.clauses(rid)
    if not found or not found[0][1].date or not p.education_date:
        return []
    last = found[0][1].date
    earliest, latest = bounds(p.education_date)
    if earliest > last:
        text = (f"您的{p.education or ''}学历取得于{show(p.education_date)}，晚于本通知学历（学位）截止日"
                f"{show(last)}，本年度不能以该学历申报。")
        return [ctx.reason(rid, "short", text, found)]
    if latest > last:
        question = ask(rid, f"您的学历证书是哪一天取得的？本通知学历截止日为{show(last)}。", ["education_date"])
        return [ctx.reason(rid, "missing", "学历须在截止日前取得。", found, questions=[question])]
    return []


def seniority_cutoff(ctx: Context) -> list[Reason]:
    rid, cutoff = "cutoff.seniority", ctx.cutoff
    if cutoff is None or cutoff.assumed or not _counts_by_date(ctx):
        return []
    return [ctx.reason(rid, "note", f"任职年限计算到本通知规定的资历截止日{show(cutoff.day)}。", ctx.clauses(rid))]


def assumed_cutoff(ctx: Context) -> list[Reason]:
    rid, cutoff = "cutoff.assumed", ctx.cutoff
    if cutoff is None or not cutoff.assumed or not _counts_by_date(ctx):
        return []
    why = ("本通知没有写明资历截止日" if ctx.notice else
           "通知的资历截止日尚未经审核" if ctx.pending else "不知道您申报的通知")
    text = f"{why}，暂按{show(cutoff.day)}计算任职年限，请以通知为准。"
    return [make_reason(ctx.book, rid, "note", text, extra=[cutoff.source])]


def _counts_by_date(ctx: Context) -> bool:
    p = ctx.profile
    return bool(p.target_title) and not ctx.examined and bool(p.current_title_date or p.education_date)


def hours(ctx: Context) -> list[Reason]:
    rid, p = "training.hours", ctx.profile
    found = ctx.clauses(rid)
    if not found or ctx.examined or p.target_title is None or (p.ce_complete and p.ce_hours_per_year is None):
        return []
    need = max(c.hours_per_year or 0 for _, c in found)
    if p.ce_hours_per_year is None and p.ce_complete is False:
        return [ctx.reason(rid, "short", f"继续教育每年应不少于{number(need)}学时；您说学时未满，补足后才能申报。", found)]
    if p.ce_hours_per_year is None:
        question = ask(rid, f"近年继续教育是否每年累计不少于{number(need)}学时（其中专业科目一般不少于2/3）？",
                       ["ce_hours_per_year", "ce_professional_hours"], blocking=False)
        return [ctx.reason(rid, "open", f"继续教育每年应不少于{number(need)}学时。", found, questions=[question])]
    if p.ce_hours_per_year >= need:
        return []
    missing = need - p.ce_hours_per_year
    text = f"继续教育每年应不少于{number(need)}学时，您每年{number(p.ce_hours_per_year)}学时，每年还差{number(missing)}学时，补足后才符合。"
    return [ctx.reason(rid, "short", text, found)]


def professional_share(ctx: Context) -> list[Reason]:
    rid, p = "training.professional_share", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.ce_hours_per_year is None or p.ce_professional_hours is None or ctx.examined:
        return []
    clause = found[0][1]
    assert clause.fraction is not None  # the training.professional_share clause states its share
    need = math.ceil(p.ce_hours_per_year * clause.fraction)
    if p.ce_professional_hours >= need:
        return []
    text = (f"专业科目一般不少于总学时的{clause.share}：{number(p.ce_hours_per_year)}学时中应有{need}学时，"
            f"您{number(p.ce_professional_hours)}学时，还差{number(need - p.ce_professional_hours)}学时。")
    return [ctx.reason(rid, "short", text, found)]


def xj_exemption(ctx: Context) -> list[Reason]:
    rid = "training.xj_exemption"
    found = ctx.clauses(rid)
    if not found or not ctx.profile.fanghuiju_years:
        return []
    text = "您参加“访惠聚”驻村等工作，参加评审可免除当年继续教育学习和现场答辩（须提交继续教育免试审批表）。"
    return [ctx.reason(rid, "note", text, found)]


RULES = [
    ("education.technical_school", technical_school),
    ("education.foreign_degree", foreign_degree),
    ("cutoff.materials", materials_cutoff),
    ("cutoff.seniority", seniority_cutoff),
    ("cutoff.assumed", assumed_cutoff),
    ("training.hours", hours),
    ("training.professional_share", professional_share),
    ("training.xj_exemption", xj_exemption),
]
