"""Other routes (§2–3): 破格, 贯通, 直接申报/认定, 考核认定 — when the regular route is not met.

Each function gets the regular route's status: met, failed, short, missing or none (no target).
A route is only reported where the regular route does not already answer "eligible".
"""

from __future__ import annotations

from assistant.eligibility.context import Context
from assistant.eligibility.result import Reason
from assistant.eligibility.sources import ask, baseline_reason

NOT_MET = ("failed", "short")


def breakthrough(ctx: Context, regular: str) -> list[Reason]:
    rule, p = ctx.book.baseline.breakthrough, ctx.profile
    if p.target_title not in rule.targets or p.current_title != "工程师" or regular not in NOT_MET:
        return []
    text = (f"常规条件不满足时，{p.target_title}可以走破格申报：业绩突出者由2名同专业或相近专业的"
            "正高级工程师推荐，具体条件由各地规定；这只是可能的途径，请向评委会确认。")
    return [baseline_reason(ctx.book, rule.id, rule.text, "route", text, route="破格")]


def high_skill(ctx: Context, regular: str) -> list[Reason]:
    rid, p = "route.high_skill", ctx.profile
    found = ctx.clauses(rid)
    if not found or not p.high_skill_cert or regular == "met":
        return []
    years = f"（已{p.high_skill_years:g}年）" if p.high_skill_years else ""
    text = (f"您有{p.high_skill_cert}证书{years}，可以按高技能人才与专业技术人才贯通政策申报相应职称；"
            "具体条件在苏人社发〔2021〕132号等文件中，本库未收录，请向评委会确认。")
    return [ctx.reason(rid, "route", text, found, route="贯通")]


def direct_first_application(ctx: Context, regular: str) -> list[Reason]:
    rid, p = "route.direct_first_application", ctx.profile
    found = ctx.clauses(rid)
    groups = {"海外归国人员": p.overseas_returnee, "高层次和急需紧缺人才": p.high_level_talent,
              "党政机关交流人员": p.government_transfer, "部队转业安置人员": p.military_transfer}
    mine = [name for name, flag in groups.items() if flag]
    if not found or not mine or p.first_application is False or regular == "met":
        return []
    questions = [] if p.first_application else [ask(rid, "这是您第一次申报职称吗？", ["first_application"], False)]
    text = (f"您属于{'、'.join(mine)}，首次申报时可根据专业水平和工作业绩，参照同类人员评审标准"
            "直接申报或认定相应职称，不受逐级申报限制。")
    return [ctx.reason(rid, "route", text, found, route="直接申报", questions=questions)]


def private_young_talent(ctx: Context, regular: str) -> list[Reason]:
    rid, p = "route.private_young_talent", ctx.profile
    found = ctx.clauses(rid)
    if not found or p.employer_type != "民营企业" or p.target_title != "工程师" or regular not in NOT_MET:
        return []
    if p.current_title is not None or p.has_title is not False:
        return []  # the route skips the 助理 level; it does not shorten the years (002: 符合年限要求的)
    question = ask(rid, "您是否被认定为民营企业优秀青年人才？", blocking=False)
    text = ("民营企业优秀青年人才可直接申报评审中级职称（以考代评的除外）；通知没有写明年限要求的具体年数，"
            "请向评委会确认您是否属于这类人才。")
    return [ctx.reason(rid, "route", text, found, route="直接申报", questions=[question])]


def lyg_assessment(ctx: Context, regular: str) -> list[Reason]:
    rid = "route.lyg_assessment"
    found = ctx.clauses(rid)
    if not found or regular not in NOT_MET:
        return []
    clause = found[0][1]
    question = ask(rid, "您的业绩、成果和贡献是否高于中级职称的破格条件？", blocking=False)
    text = ("您不符合常规申报条件，可以申报考核认定中级：对学历、资历、职称层级、论文、继续教育不作硬性要求，"
            f"但须品德、能力业绩特别突出（{clause.note}）。适用情形：" + "；".join(clause.items) + "。")
    return [ctx.reason(rid, "route", text, found, route="考核认定", questions=[question])]


def lyg_regular_first(ctx: Context, regular: str) -> list[Reason]:
    rid = "lyg.regular_first"
    found = ctx.clauses(rid)
    if not found or regular != "met":
        return []
    text = "您符合常规申报条件，须按常规渠道参加评审，不能申报考核认定；请向相应专业的评委会申报。"
    return [ctx.reason(rid, "blocked", text, found)]


def xj_fanghuiju(ctx: Context, regular: str) -> list[Reason]:
    rid, p = "route.xj_fanghuiju", ctx.profile
    found = ctx.clauses(rid)
    if not found or regular == "met" or (p.fanghuiju_years or 0) < (found[0][1].years or 3):
        return []
    if p.fanghuiju_excellent is False:
        return []
    questions = [] if p.fanghuiju_excellent else [
        ask(rid, "这三年的年度考核是否都是优秀？", ["fanghuiju_excellent"], blocking=False)]
    text = ("您取得职称后连续三年参加“访惠聚”驻村等基层服务，且连续三年考核优秀的，"
            "可由人社部门或行业主管部门直接认定现专业的高一级职称（以考代评的专业除外）。")
    return [ctx.reason(rid, "route", text, found, route="直接认定", questions=questions)]


RULES = [
    ("baseline.breakthrough", breakthrough),
    ("route.high_skill", high_skill),
    ("route.direct_first_application", direct_first_application),
    ("route.private_young_talent", private_young_talent),
    ("route.lyg_assessment", lyg_assessment),
    ("lyg.regular_first", lyg_regular_first),
    ("route.xj_fanghuiju", xj_fanghuiju),
]
