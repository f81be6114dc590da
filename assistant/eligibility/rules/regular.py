"""The regular route (ELIGIBILITY.md §2–3): education, the title held and years — national baseline."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.eligibility.context import Context
from assistant.eligibility.counting import count_years, number
from assistant.eligibility.dates import show
from assistant.eligibility.result import Outcome, Question, Reason, YearsCount
from assistant.eligibility.rulebook import BaselineRow
from assistant.eligibility.sources import ask, baseline_reason, baseline_source, make_reason


def baseline(ctx: Context) -> list[Reason]:
    """The row of the national table for the target title and the applicant's education."""
    p = ctx.profile
    rows = [r for r in ctx.book.rows() if r.target == p.target_title]
    if p.target_title is None or ctx.examined or not rows:
        return []
    if ctx.education is None:
        return [_ask_education(ctx, rows)]
    row = pick_row(rows, ctx.education, ctx.book.baseline.education_ranks)
    if row is None:
        return [_education_short(ctx, rows)]
    if row.internship_years:
        return [_internship(ctx, row)]
    if row.required_title is None:
        return [_row_reason(ctx, row, "met", f"按国家基本标准，{ctx.education}可直接申报{p.target_title}，不要求先取得下一级职称。")]
    if ctx.rank(p.current_title) >= ctx.rank(p.target_title):
        return []  # ladder.already_held
    return [_title_and_years(ctx, row)]


def pick_row(rows: list[BaselineRow], education: str, ranks: dict[str, int]) -> BaselineRow | None:
    """The row of the highest education at or below the applicant's."""
    lowest = {r.id: min(ranks[e] for e in r.education) for r in rows}
    fitting = [r for r in rows if lowest[r.id] <= ranks[education]]
    return max(fitting, key=lambda r: lowest[r.id], default=None)


def _row_reason(ctx: Context, row: BaselineRow, outcome: Outcome, text: str,
                questions: Iterable[Question] = (), years: YearsCount | None = None) -> Reason:
    return baseline_reason(ctx.book, row.id, row.text, outcome, text, questions=questions, years=years)


def _ask_education(ctx: Context, rows: list[BaselineRow]) -> Reason:
    p = ctx.profile
    questions = [ask(rows[0].id, "您的最高学历是什么（博士、硕士、本科、大专、中专，或技工院校哪个班）？", ["education"])]
    if p.current_title is None and p.has_title is not False and any(r.required_title for r in rows):
        questions.append(ask(rows[0].id, "您现在是什么职称？是哪年哪月取得的？", ["current_title", "current_title_date"]))
    text = f"按国家基本标准，申报{p.target_title}的要求因学历而不同：" + " ".join(r.text for r in rows)
    return baseline_reason(ctx.book, rows[0].id, " ".join(r.text for r in rows), "missing", text, questions=questions)


def _education_short(ctx: Context, rows: list[BaselineRow]) -> Reason:
    ranks = ctx.book.baseline.education_ranks
    lowest = min(rows, key=lambda r: min(ranks[e] for e in r.education))
    least = min(lowest.education, key=ranks.__getitem__)
    text = (f"按国家基本标准，申报{ctx.profile.target_title}至少需要{least}学历；"
            f"您是{ctx.education}，不符合常规申报的学历条件。")
    return _row_reason(ctx, lowest, "failed", text)


def _internship(ctx: Context, row: BaselineRow) -> Reason:
    p = ctx.profile
    years = count_years(ctx, row.id, p.education_date, p.work_years, row.internship_years, None)
    if years is None or years.met is None:
        question = ask(row.id, "您是哪年哪月毕业的？毕业后从事技术工作是否已满1年（见习期满、考察合格）？",
                       ["education_date", "work_years"])
        return _row_reason(ctx, row, "missing", f"按国家基本标准，{row.text}", [question], years)
    if years.met:
        return _row_reason(ctx, row, "met", f"按国家基本标准，{row.text}您毕业后已满{row.internship_years}年（见习期满还须考察合格）。", years=years)
    when = f"，{show(years.reached_on)}才满" if years.reached_on else ""
    return _row_reason(ctx, row, "short", f"按国家基本标准，{row.text}您毕业后还不满{row.internship_years}年{when}。", years=years)


def _title_and_years(ctx: Context, row: BaselineRow) -> Reason:
    p, need = ctx.profile, row.required_title
    if p.current_title is None and p.has_title is not False:
        question = ask(row.id, f"您现在是什么职称（是否已取得{need}）？是哪年哪月取得的？", ["current_title", "current_title_date"])
        return _row_reason(ctx, row, "missing", f"按国家基本标准，{row.text}", [question])
    if ctx.rank(p.current_title) < ctx.rank(need):
        held = f"您现在是{p.current_title}" if p.current_title else "您还没有职称"
        return _row_reason(ctx, row, "failed", f"按国家基本标准，申报{p.target_title}须先取得{need}；{held}。")
    required = max(row.years - reduction(ctx), 0)
    years = count_years(ctx, row.id, p.current_title_date, p.years_in_title, required, p.current_title)
    return _years_reason(ctx, row, years, required)


def _years_reason(ctx: Context, row: BaselineRow, years: YearsCount | None, required: int) -> Reason:
    p = ctx.profile
    rule = f"按国家基本标准，{ctx.education}申报{p.target_title}须取得{row.required_title}后从事技术工作满{required}年"
    if years is None or years.met is None:
        detail = "具体月份（或日期）" if years else "时间（哪年哪月）"
        question = ask(row.id, f"请告诉我您取得{p.current_title}的{detail}。", ["current_title_date"])
        return _row_reason(ctx, row, "missing", rule + "。", [question], years)
    if years.start is None:
        said = f"您说任{p.current_title}已{number(years.stated_years or 0)}年"
        if years.met:
            return _row_reason(ctx, row, "met", f"{rule}；{said}，已满足。", years=years)
        short = number(required - (years.stated_years or 0))
        return _row_reason(ctx, row, "short", f"{rule}；{said}，还差{short}年。", years=years)
    assert years.cutoff is not None and years.reached_on is not None  # counted from a date (by_date): both set
    since = f"您{show(years.start)}取得{p.current_title}，计至{show(years.cutoff)}"
    if years.met:
        return _row_reason(ctx, row, "met", f"{rule}；{since}已满{required}年（{years.counted}）。", years=years)
    return _row_reason(ctx, row, "short", f"{rule}；{since}只有{years.counted}，到{show(years.reached_on)}才满{required}年。", years=years)


def reduction(ctx: Context) -> int:
    """Years less for 工程类专业学位研究生 where the notice says so (adjust.professional_degree)."""
    found = ctx.clauses("adjust.professional_degree")
    return int(found[0][1].years or 0) if found and ctx.profile.engineering_professional_degree else 0


def professional_degree(ctx: Context) -> list[Reason]:
    rid = "adjust.professional_degree"
    found = ctx.clauses(rid)
    if not found or not ctx.profile.engineering_professional_degree or ctx.profile.target_title is None:
        return []
    text = f"您是工程类专业学位研究生，本通知规定可提前{number(found[0][1].years or 0)}年申报：年限要求相应减少。"
    return [ctx.reason(rid, "note", text, found)]


def already_held(ctx: Context) -> list[Reason]:
    rid, p = "ladder.already_held", ctx.profile
    if not p.target_title or not p.current_title or ctx.rank(p.current_title) < ctx.rank(p.target_title):
        return []
    text = f"您已是{p.current_title}，不需要再申报{p.target_title}；可以考虑申报更高一级。"
    return [make_reason(ctx.book, rid, "blocked", text, extra=[baseline_source(ctx.book, ctx.book.catalogue[rid].text)])]


def step_by_step(ctx: Context) -> list[Reason]:
    rid, p = "ladder.step_by_step", ctx.profile
    found = ctx.clauses(rid)
    if not found or not p.target_title or not p.current_title:
        return []
    if ctx.rank(p.target_title) - ctx.rank(p.current_title) < 2:
        return []
    following = ctx.book.baseline.titles[ctx.rank(p.current_title) + 1]
    text = f"应逐级申报：您现在是{p.current_title}，只能申报{following}，不能直接申报{p.target_title}。"
    return [ctx.reason(rid, "failed", text, found)]


RULES = [
    ("baseline", baseline),
    ("ladder.already_held", already_held),
    ("ladder.step_by_step", step_by_step),
    ("adjust.professional_degree", professional_degree),
]
