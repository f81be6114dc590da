"""An assessment as Chinese Markdown: verdict, years counted, reasons with their sources, questions.

Two views of one assessment. Applicants see notices by their label and section and never an
internal identifier (no file name, no rule id). Staff (the helpdesk copilot, the command line) see
the details as well: ``[rule id]`` at each reason and question, and each source's file and section.
"""

from __future__ import annotations

from assistant.eligibility.dates import show
from assistant.eligibility.result import Assessment, PendingNotice, Question, Reason, Source, YearsCount

HEADINGS = {
    "eligible": "可以申报", "not_eligible": "不能申报", "not_yet": "暂不符合",
    "other_route": "可走其他途径", "needs_info": "还需要更多信息",
}
OUTCOMES = {
    "blocked": "不能申报", "failed": "不符合", "short": "尚未满足", "route": "其他途径",
    "missing": "待补充", "met": "符合", "note": "说明", "open": "待确认",
}
ORDER = list(OUTCOMES)


def render_assessment(a: Assessment, details: bool = False) -> str:
    """The assessment as Markdown; ``details``: with rule ids and file names, for staff."""
    heading = HEADINGS[a.verdict] + (f"：{a.route}" if a.route else "")
    parts = [f"**结论：{heading}**", a.summary, _notice_line(a, details)]
    if a.years:
        parts.append(_years_line(a.years))
    shown = sorted((r for r in a.reasons if r.outcome != "open"), key=lambda r: ORDER.index(r.outcome))
    if shown:
        parts.append("**依据**\n" + "\n".join(_reason(i, r, details) for i, r in enumerate(shown, 1)))
    parts += _questions(a, details)
    if a.pending:
        parts.append(_pending(a.pending, details))
    parts.append(f"> {a.caveat}")
    return "\n\n".join(p for p in parts if p)


def _notice_line(a: Assessment, details: bool) -> str:
    ident = f"（{a.notice_id}）" if details and a.notice_id else ""
    if a.pending:
        return f"适用通知：《{a.pending.label}》{ident}——该通知的申报条件尚未经工作人员审核，以下按国家基本标准判断。"
    if a.notice_label:
        return f"适用通知：《{a.notice_label}》{ident}"
    if a.notice_id:
        return f"适用通知：该通知的申报条件尚未整理{ident}，以下按国家基本标准判断。"
    return "适用通知：未确定（请告诉我申报地区）"


def _years_line(y: YearsCount) -> str:
    state = {True: "已满足", False: "未满足", None: "取决于具体日期"}[y.met]
    if y.start is None:
        return f"**任职年限**：按您所说{y.counted}；要求满{y.required_years}年 —— {state}。"
    reached = f"，{show(y.reached_on)}满{y.required_years}年" if y.reached_on else ""
    start = f"自{show(y.start)}（取得{y.title}）" if y.title else f"自{show(y.start)}（毕业）"
    return f"**任职年限**：{start}计至{y.cutoff_label}：{y.counted}；要求满{y.required_years}年 —— {state}{reached}。"


def _reason(i: int, r: Reason, details: bool) -> str:
    rule = f"[{r.rule_id}] " if details else ""
    lines = [f"{i}. 〔{OUTCOMES[r.outcome]}〕{rule}{r.text}"]
    if r.rule_text and r.rule_text not in r.text:
        lines.append(f"   - 规则：{r.rule_text}")
    lines += [f"   - 来源：{_source(s, details)}" for s in r.sources]
    return "\n".join(lines)


def _where(s: Source, details: bool) -> str:
    """A notice source by its label and section; for staff also by its file."""
    return f"{s.label}（{s.file} §{s.section}）" if details and s.kind == "notice" and s.file else s.label


def _source(s: Source, details: bool) -> str:
    if s.kind == "national_baseline":
        return f"{s.label}——国家基本标准，不是通知原文；{s.advice}"
    if s.kind == "tool":
        return f"{s.label}：{s.quote}"
    return f"{_where(s, details)}：“{s.quote}”"


def _questions(a: Assessment, details: bool) -> list[str]:
    sources = {r.rule_id: r.sources for r in a.reasons}
    asked = [q for q in a.questions if q.blocking]
    check = [q for q in a.questions if not q.blocking]
    out = []
    if asked:
        out.append("**还需要您告诉我**\n" + "\n".join(_question(q, sources, details) for q in asked))
    if check:
        out.append("**请您确认**\n" + "\n".join(_question(q, sources, details) for q in check))
    return out


def _question(q: Question, sources: dict[str, list[Source]], details: bool) -> str:
    where = "、".join(dict.fromkeys(_where(s, details) for s in sources.get(q.rule_id, []) if s.kind == "notice"))
    rule = f" [{q.rule_id}]" if details else ""
    return f"- {q.text}{rule}" + (f"（{where}）" if where else "")


def _pending(p: PendingNotice, details: bool) -> str:
    """The notice's own sentences on the matters assessed, quoted while its rules await review."""
    if not p.sources:
        return f"**《{p.label}》原文**：尚未从通知中找到申报条件的原句，请直接查看通知原文或咨询评委会。"
    lines = [f"- {s.section}{f'（{s.file}，{s.rule_id}）' if details else ''}：“{s.quote}”"
             for s in p.sources]
    return (f"**《{p.label}》原文中的相关规定**（尚未审核，以上判断未采用；请对照原文并以通知为准）\n"
            + "\n".join(lines))
