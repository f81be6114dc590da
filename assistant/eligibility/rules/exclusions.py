"""Who may not apply at all (ELIGIBILITY.md §1): 公务员, 离退休, 处分影响期, not 在职."""

from __future__ import annotations

from assistant.eligibility.context import Context
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask


def civil_servant(ctx: Context) -> list[Reason]:
    rid, p = "excluded.civil_servant", ctx.profile
    found = ctx.clauses(rid)
    if p.civil_servant and found:
        return [ctx.reason(rid, "blocked", "您是公务员（或参照公务员法管理单位的工作人员），按通知规定不能申报职称评审。", found)]
    if p.civil_servant and ctx.notice is not None:
        text = f"《{ctx.notice.label}》没有写明公务员能否申报；其他通知都规定公务员不得申报，请先向评委会确认。"
        return [ctx.reason(rid, "missing", text, questions=[ask(rid, "请向评委会确认：公务员（参公人员）能否申报本通知的评审？")])]
    if p.civil_servant is False or p.employer_type in ctx.book.not_civil_servant_employers or not found:
        return []
    question = ask(rid, "您是公务员或参照公务员法管理单位的工作人员吗？（是则不能申报）", ["civil_servant"], blocking=False)
    return [ctx.reason(rid, "open", "公务员（含参公人员）不得申报；您没有说明单位性质。", found, questions=[question])]


def retired(ctx: Context) -> list[Reason]:
    rid, p = "excluded.retired", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.retired is False:
        return []
    if p.retired:
        return [ctx.reason(rid, "blocked", "您已离退休，按通知规定不能申报职称评审。", found)]
    if p.in_service or p.employer_type:
        return []
    question = ask(rid, "您是否已经离退休？（离退休人员不能申报）", ["retired"], blocking=False)
    return [ctx.reason(rid, "open", "离退休人员不得申报。", found, questions=[question])]


def retiring_this_year(ctx: Context) -> list[Reason]:
    rid, p = "excluded.retiring_this_year", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.retiring_this_year is False or p.retired:
        return []
    if p.retiring_this_year:
        return [ctx.reason(rid, "blocked", "您在申报当年达到退休年龄，本通知规定这种情况不得申报。", found)]
    question = ask(rid, "您今年是否达到退休年龄？（本通知规定申报当年达到退休年龄的不得申报）", ["retiring_this_year"], False)
    return [ctx.reason(rid, "open", "申报当年达到退休年龄的不得申报。", found, questions=[question])]


def discipline(ctx: Context) -> list[Reason]:
    rid, p = "excluded.discipline", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.discipline_in_effect is False:
        return []
    if p.discipline_in_effect:
        kind = f"（{p.discipline_kind}）" if p.discipline_kind else ""
        return [ctx.reason(rid, "blocked", f"您受到的处分{kind}仍在影响期内，影响期内不能申报。", found)]
    question = ask(rid, "目前是否受到党纪、政务或行政处分且仍在影响期内？", ["discipline_in_effect"], blocking=False)
    return [ctx.reason(rid, "open", "处分影响期内不得申报；您没有提到处分情况。", found, questions=[question])]


def discipline_xj(ctx: Context) -> list[Reason]:
    rid, p = "excluded.discipline_xj", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.discipline_in_effect is False:
        return []
    clause = found[0][1]
    if p.discipline_in_effect is None:
        question = ask(rid, "目前是否受到记过以上处分且仍在处分期内？", ["discipline_in_effect"], blocking=False)
        return [ctx.reason(rid, "open", "记过以上处分期间不得申报。", found, questions=[question])]
    if p.discipline_kind in clause.kinds:
        return [ctx.reason(rid, "blocked", f"您受到{p.discipline_kind}处分且仍在处分期内，属于记过以上，不能申报。", found)]
    if p.discipline_kind in clause.lesser_kinds:
        return [ctx.reason(rid, "note", f"{p.discipline_kind}处分不属于记过以上，本通知不因此排除申报；请向评委会确认。", found)]
    question = ask(rid, "您受到的是哪一种处分（警告、记过、记大过、降级、撤职……）？", ["discipline_kind"])
    return [ctx.reason(rid, "missing", "本通知只排除记过以上处分期间的人员，需要知道处分种类。", found, questions=[question])]


def in_service(ctx: Context) -> list[Reason]:
    rid, p = "eligibility.in_service", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.in_service or p.employer_type or p.freelance or p.retired:
        return []
    if p.in_service is False:
        return [ctx.reason(rid, "blocked", "申报人须为在职的专业技术人员；您目前不在职，不能申报。", found)]
    question = ask(rid, "您目前是否在职（与单位签订了劳动或聘用合同）？", ["in_service"], blocking=False)
    return [ctx.reason(rid, "open", "申报人须为在职的专业技术人员。", found, questions=[question])]


def freelance(ctx: Context) -> list[Reason]:
    rid, p = "eligibility.freelance", ctx.profile
    if not p.freelance or p.in_service:
        return []
    found = ctx.clauses(rid)
    if found:
        return [ctx.reason(rid, "met", "在本地就业的自由职业专业技术人员可以申报。", found)]
    if ctx.notice is None:
        return []
    question = ask(rid, "请向评委会确认：自由职业者能否申报本通知的评审？")
    text = f"《{ctx.notice.label}》只写了与用人单位签订劳动（聘用）合同的人员，没有写自由职业者。"
    return [ctx.reason(rid, "missing", text, ctx.clauses("eligibility.in_service"), questions=[question])]


RULES = [
    ("excluded.civil_servant", civil_servant),
    ("excluded.retired", retired),
    ("excluded.retiring_this_year", retiring_this_year),
    ("excluded.discipline", discipline),
    ("excluded.discipline_xj", discipline_xj),
    ("eligibility.in_service", in_service),
    ("eligibility.freelance", freelance),
]
