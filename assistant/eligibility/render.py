"""An assessment as Chinese Markdown: verdict, years counted, reasons with [rule id] and sources, questions."""

from __future__ import annotations

from assistant.eligibility.dates import show
from assistant.eligibility.result import Assessment, Question, Reason, Source, YearsCount

HEADINGS = {
    "eligible": "可以申报", "not_eligible": "不能申报", "not_yet": "暂不符合",
    "other_route": "可走其他途径", "needs_info": "还需要更多信息",
}
OUTCOMES = {
    "blocked": "不能申报", "failed": "不符合", "short": "尚未满足", "route": "其他途径",
    "missing": "待补充", "met": "符合", "note": "说明", "open": "待确认",
}
ORDER = list(OUTCOMES)


def render_assessment(a: Assessment) -> str:
    heading = HEADINGS[a.verdict] + (f"：{a.route}" if a.route else "")
    parts = [f"**结论：{heading}**", a.summary, _notice_line(a)]
    if a.years:
        parts.append(_years_line(a.years))
    shown = sorted((r for r in a.reasons if r.outcome != "open"), key=lambda r: ORDER.index(r.outcome))
    if shown:
        parts.append("**依据**\n" + "\n".join(_reason(i, r) for i, r in enumerate(shown, 1)))
    parts += _questions(a)
    parts.append(f"> {a.caveat}")
    return "\n\n".join(p for p in parts if p)


def _notice_line(a: Assessment) -> str:
    if a.notice_label:
        return f"适用通知：《{a.notice_label}》（{a.notice_id}）"
    return f"适用通知：{a.notice_id}（规则未整理）" if a.notice_id else "适用通知：未确定（请告诉我申报地区）"


def _years_line(y: YearsCount) -> str:
    state = {True: "已满足", False: "未满足", None: "取决于具体日期"}[y.met]
    if y.start is None:
        return f"**任职年限**：按您所说{y.counted}；要求满{y.required_years}年 —— {state}。"
    reached = f"，{show(y.reached_on)}满{y.required_years}年" if y.reached_on else ""
    start = f"自{show(y.start)}（取得{y.title}）" if y.title else f"自{show(y.start)}（毕业）"
    return f"**任职年限**：{start}计至{y.cutoff_label}：{y.counted}；要求满{y.required_years}年 —— {state}{reached}。"


def _reason(i: int, r: Reason) -> str:
    lines = [f"{i}. 〔{OUTCOMES[r.outcome]}〕[{r.rule_id}] {r.text}"]
    if r.rule_text and r.rule_text not in r.text:
        lines.append(f"   - 规则：{r.rule_text}")
    lines += [f"   - 来源：{_source(s)}" for s in r.sources]
    return "\n".join(lines)


def _source(s: Source) -> str:
    if s.kind == "national_baseline":
        return f"{s.label}——国家基本标准，不是通知原文；{s.advice}"
    if s.kind == "tool":
        return f"{s.label}：{s.quote}"
    return f"{s.label}：“{s.quote}”"


def _questions(a: Assessment) -> list[str]:
    sources = {r.rule_id: r.sources for r in a.reasons}
    asked = [q for q in a.questions if q.blocking]
    check = [q for q in a.questions if not q.blocking]
    out = []
    if asked:
        out.append("**还需要您告诉我**\n" + "\n".join(_question(q, sources) for q in asked))
    if check:
        out.append("**请您确认**\n" + "\n".join(_question(q, sources) for q in check))
    return out


def _question(q: Question, sources: dict[str, list[Source]]) -> str:
    where = "、".join(dict.fromkeys(s.label for s in sources.get(q.rule_id, []) if s.kind == "notice"))
    return f"- {q.text} [{q.rule_id}]" + (f"（{where}）" if where else "")
