"""What an assessment returns: a verdict, the reasons with their rules and sources, the open questions."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["eligible", "not_eligible", "not_yet", "other_route", "needs_info"]
Outcome = Literal["met", "blocked", "failed", "short", "route", "missing", "open", "note"]
Route = Literal["考核认定", "破格", "贯通", "考试", "直接申报", "直接认定"]


class Source(BaseModel):
    """Where a rule comes from: a notice (file + section + its own words) or the national baseline."""

    kind: Literal["notice", "national_baseline", "tool"]
    label: str = Field(description="how the source is shown to applicants, e.g. 《南通市2024年度冶金工程中级评审》二(四)")
    notice_id: str | None = None
    file: str | None = None
    section: str | None = None
    quote: str = Field(default="", description="the notice's sentence; for the baseline its rule as reproduced")
    advice: str | None = Field(default=None, description="for the baseline: confirm with the 评委会")
    rule_id: str | None = Field(default=None, description="for a pending notice's sentence: the rule proposed from it")


class Question(BaseModel):
    """Something the applicant should answer (blocking) or check for themself (not blocking)."""

    text: str
    rule_id: str
    blocking: bool = Field(description="the verdict cannot be given without the answer")
    fields: list[str] = Field(default_factory=list, description="Profile fields the answer fills")


class YearsCount(BaseModel):
    """The years of technical work counted, from which date to which cut-off."""

    rule_id: str
    title: str | None = Field(description="the title the years are counted from")
    start: str | None = Field(description="when it was obtained (partial date)")
    stated_years: float | None = Field(default=None, description="years as the applicant stated them")
    cutoff: date | None
    cutoff_rule: str
    cutoff_label: str = Field(description="where the cut-off comes from")
    required_years: int
    counted: str = Field(description="e.g. 4年5个月")
    reached_on: str | None = Field(description="when the required years are (were) reached")
    met: bool | None = Field(description="None: the exact date decides")


class Reason(BaseModel):
    """One rule applied to the applicant."""

    rule_id: str
    family: str
    outcome: Outcome
    text: str = Field(description="what the rule means for this applicant")
    rule_text: str = Field(description="the rule itself")
    sources: list[Source] = Field(default_factory=list)
    route: Route | None = None
    questions: list[Question] = Field(default_factory=list)
    years: YearsCount | None = None


class PendingNotice(BaseModel):
    """The applicant's notice while its proposed rules await review: named, with its own sentences on
    eligibility quoted. The verdict never rests on them; it uses the national baseline."""

    notice_id: str
    label: str
    title: str = ""
    round: int | None = None
    sources: list[Source] = Field(default_factory=list, description="the notice's sentences, one per quote")


class Assessment(BaseModel):
    """The answer to 'may I apply?'."""

    verdict: Verdict
    route: Route | None = None
    summary: str
    notice_id: str | None = None
    notice_label: str | None = None
    target_title: str | None = None
    met_on: date | None = Field(default=None, description="not_yet: the day the missing years are reached")
    years: YearsCount | None = None
    reasons: list[Reason] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    caveat: str = ""
    pending: PendingNotice | None = Field(default=None, description="the notice, when its rules are not yet reviewed")

    def rule_ids(self) -> list[str]:
        return [r.rule_id for r in self.reasons]
