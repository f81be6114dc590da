"""What every rule function reads: the profile, the rules, the applicant's notice and the cut-off."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from assistant.eligibility.profile import Profile
from assistant.eligibility.result import Outcome, PendingNotice, Question, Reason, Route, Source
from assistant.eligibility.rulebook import Clause, NoticeRules, RuleBook
from assistant.eligibility.sources import Found, make_reason, notice_source, tool_source


@dataclass(frozen=True)
class Cutoff:
    """The day years are counted to, and where that day comes from."""

    day: date
    rule_id: str
    source: Source
    assumed: bool


@dataclass(frozen=True)
class Context:
    profile: Profile
    book: RuleBook
    notice: NoticeRules | None
    today: date
    target_assumed: bool = False  # the notice accepts one level only, and the applicant named none

    def on(self, rule_id: str) -> bool:
        return self.book.on(rule_id)

    def clauses(self, rule_id: str) -> list[tuple[NoticeRules | None, Clause]]:
        """The sentences a rule rests on for this applicant (none: the rule does not apply).

        General clauses always; else the applicant's notice's clause; with no notice known, every
        notice's clause for rules that hold across notices (catalogue: without_notice)."""
        if not self.on(rule_id):
            return []
        if rule_id in self.book.general:
            clause = self.book.general[rule_id]
            return [(self.book.notices.get(clause.notice_id or ""), clause)]
        if self.notice is not None:
            own = self.notice.clauses.get(rule_id)
            return [(self.notice, own)] if own else []
        if self.pending is not None or self.book.catalogue[rule_id].without_notice != "all_notices":
            return []
        return [(n, n.clauses[rule_id]) for n in self.book.notices.values() if rule_id in n.clauses]

    @cached_property
    def pending(self) -> PendingNotice | None:
        """The applicant's notice when its rules await review: other notices' sentences are not
        cited for it; its own are quoted with the assessment instead."""
        if self.notice is not None or not self.profile.notice_id:
            return None
        return self.book.pending.get(self.profile.notice_id)

    def reason(self, rule_id: str, outcome: Outcome, text: str, found: Found = (), *,
               route: Route | None = None, questions: Iterable[Question] = ()) -> Reason:
        return make_reason(self.book, rule_id, outcome, text, found, route=route, questions=questions)

    def rank(self, title: str | None) -> int:
        return self.book.baseline.rank(title)

    def level_name(self, title: str | None) -> str:
        """工程师, or 中级 for a series that is not engineering."""
        if title and self.examined:
            return self.book.baseline.levels.get(title, title)
        return title or "（未说明）"

    @cached_property
    def examined(self) -> bool:
        """The series is one whose titles come by national exam (exam.* clauses)."""
        series = self.profile.series
        return bool(series) and any(series in c.series for k, c in self.book.general.items() if k.startswith("exam."))

    @cached_property
    def education(self) -> str | None:
        """Highest education, counting a 技工院校 class as its equivalent (education.technical_school)."""
        levels: list[str | None] = [self.profile.education] if self.profile.education else []
        found = self.clauses("education.technical_school")
        if self.profile.technical_school and found:
            levels.append(found[0][1].mapping.get(self.profile.technical_school))
        ranks = self.book.baseline.education_ranks
        known = [e for e in levels if e is not None and e in ranks]  # ranks' keys are str: None is never in it
        return max(known, key=ranks.__getitem__) if known else None

    @cached_property
    def cutoff(self) -> Cutoff | None:
        """The notice's 资历截止日; else 31 December before the round (or before today) — assumed."""
        found = self.clauses("cutoff.seniority") if self.notice else []
        if found and found[0][1].date:
            return Cutoff(found[0][1].date, "cutoff.seniority", notice_source(*found[0]), assumed=False)
        rule = self.book.cutoff_assumption
        if not self.on(rule.rule):
            return None
        round = self.notice.round if self.notice else (self.pending.round if self.pending else None)
        year = (round or self.today.year) - 1
        return Cutoff(date(year, rule.month, rule.day), rule.rule, tool_source(rule.basis), assumed=True)
