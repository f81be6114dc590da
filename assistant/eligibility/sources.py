"""Reasons and their sources: a notice's own sentence, or the national baseline — labelled as such."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.eligibility.result import Outcome, Question, Reason, Route, Source, YearsCount
from assistant.eligibility.rulebook import Clause, NoticeRules, NoticeScope, RuleBook

Found = Iterable[tuple[NoticeRules | None, Clause | NoticeScope]]


def notice_source(notice: NoticeRules | None, clause: Clause | NoticeScope) -> Source:
    """A notice's clause as a source: the notice by its label and the section, as an applicant reads
    them (the file and id stay in the record, for staff and the JSON), and the notice's own words."""
    notice_id = notice.notice_id if notice else getattr(clause, "notice_id", None)
    file = notice.file if notice else f"{notice_id}.txt"
    return Source(
        kind="notice", label=shown_label(notice.label if notice else "", clause.section), notice_id=notice_id,
        file=file, section=clause.section, quote=clause.quote,
    )


def shown_label(notice_label: str, section: str) -> str:
    """《南通市2024年度冶金工程中级评审》一(三): how a notice's sentence is named to an applicant."""
    return f"《{notice_label}》{section}" if notice_label else f"通知原文{section}"


def baseline_source(book: RuleBook, text: str) -> Source:
    """The national baseline: never presented as a notice's text, always with the advice to confirm."""
    ref = book.baseline.reference
    return Source(kind="national_baseline", label=ref.label, quote=text, advice=ref.advice)


def tool_source(text: str) -> Source:
    return Source(kind="tool", label="本工具的假定", quote=text)


def make_reason(
    book: RuleBook, rule_id: str, outcome: Outcome, text: str, found: Found = (), *,
    route: Route | None = None, questions: Iterable[Question] = (), extra: Iterable[Source] = (),
    years: YearsCount | None = None,
) -> Reason:
    """A reason for a catalogued rule, citing the clauses it rests on."""
    info = book.catalogue[rule_id]
    sources = [notice_source(n, c) for n, c in found] + list(extra)
    return Reason(rule_id=rule_id, family=info.family, outcome=outcome, text=text, rule_text=info.text,
                  sources=sources, route=route, questions=list(questions), years=years)


def baseline_reason(
    book: RuleBook, rule_id: str, rule_text: str, outcome: Outcome, text: str, *,
    route: Route | None = None, questions: Iterable[Question] = (), years: YearsCount | None = None,
    extra: Iterable[Source] = (),
) -> Reason:
    """A reason resting on the national baseline table (a row or 破格)."""
    family = "route" if route else "regular"
    sources = [baseline_source(book, rule_text), *extra]
    return Reason(rule_id=rule_id, family=family, outcome=outcome, text=text, rule_text=rule_text,
                  sources=sources, route=route, questions=list(questions), years=years)


def ask(rule_id: str, text: str, fields: Iterable[str] = (), blocking: bool = True) -> Question:
    return Question(text=text, rule_id=rule_id, blocking=blocking, fields=list(fields))
