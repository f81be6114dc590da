"""Proposed rule data of a notice, as typed records: what :mod:`assistant.eligibility.propose` reads
from a notice and an administrator reviews (:mod:`assistant.eligibility.approval`).

Every proposed field carries the sentence it came from: a clause, the scope and the committee
cannot be built without a section and a quote, and a value (a date, hours, a share, years, kinds of
处分) that cannot be read back from its quote is refused. Approved, a proposal becomes the notice's
:class:`~assistant.eligibility.rulebook.NoticeRules`, the format of ``knowledge/rules/NNN_*.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.eligibility import readers
from assistant.eligibility.result import PendingNotice, Source
from assistant.eligibility.rulebook import Clause, NoticeCommittee, NoticeRules, NoticeScope, Place
from assistant.eligibility.sections import TITLE
from assistant.eligibility.sources import shown_label

ProposalStatus = Literal["proposed", "approved"]
STATUS_LABELS: dict[ProposalStatus, str] = {"proposed": "待审核", "approved": "已批准"}


class _Sourced(BaseModel):
    """A field of rule data with the notice's sentence it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str = Field(min_length=1, description="the notice's section: 一(三), 引言, 标题")
    quote: str = Field(min_length=2, description="the notice's own words the values are read from")


class ProposedClause(_Sourced):
    rule_id: str = Field(description="a rule of catalogue.yaml")
    date: dt.date | None = None
    hours_per_year: float | None = None
    share: str | None = None
    years: float | None = None
    kinds: list[str] = Field(default_factory=list)
    lesser_kinds: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list, description="the notice's own list items under the quote")
    cues: list[str] = Field(default_factory=list, description="the words that made the sentence state the rule")

    @model_validator(mode="after")
    def _values_from_quote(self) -> ProposedClause:
        checks: list[tuple[object, Callable[[str], list]]] = [(self.date, readers.dates), (self.hours_per_year, readers.hours),
                  (self.share, readers.shares), (self.years, readers.years)]
        for value, read in checks:
            if value is not None and value not in read(self.quote):
                raise ValueError(f"{self.rule_id}: {value} is not read from its quote “{self.quote}”")
        if self.kinds and not any(f"{k}以上" in self.quote for k in self.kinds):
            raise ValueError(f"{self.rule_id}: the kinds {self.kinds} are not read from its quote")
        return self

    def clause(self) -> Clause:
        return Clause.model_validate(self.model_dump(exclude={"rule_id", "cues"}, exclude_defaults=True))


class ProposedScope(_Sourced):
    series: list[str] = Field(default_factory=list, description="series accepted; empty = all")
    series_excluded: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list, description="titles accepted; empty = all")

    @model_validator(mode="after")
    def _something(self) -> ProposedScope:
        if not (self.series or self.series_excluded or self.levels):
            raise ValueError("a proposed scope names series or levels")
        return self


class ProposedCommittee(_Sourced):
    name: str = Field(min_length=4)

    @model_validator(mode="after")
    def _named_in_quote(self) -> ProposedCommittee:
        if self.name not in self.quote:
            raise ValueError(f"the committee {self.name} is not named in its quote")
        return self


class RuleProposal(BaseModel):
    """A notice's proposed rule data and its review status."""

    model_config = ConfigDict(extra="forbid")

    notice_id: str
    file: str
    title: str
    label: str
    region: Place = Field(default_factory=Place)
    round: int | None = Field(None, description="the round year; needed before approval")
    kind: Literal["评审", "考核认定"] = "评审"
    scope: ProposedScope | None = Field(None, description="None: the notice names no series or level (all)")
    committee: ProposedCommittee | None = None
    clauses: dict[str, ProposedClause] = Field(default_factory=dict)
    notice_sha256: str = Field("", description="the version of the notice proposed from")
    status: ProposalStatus = "proposed"
    proposed_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    reviewed_at: dt.datetime | None = None
    reviewer: str | None = None
    left_out: list[str] = Field(default_factory=list, description="rule ids the reviewer did not approve")

    @model_validator(mode="after")
    def _keyed_by_rule(self) -> RuleProposal:
        if wrong := [k for k, c in self.clauses.items() if k != c.rule_id]:
            raise ValueError(f"clauses keyed by another rule id: {wrong}")
        return self

    def notice_rules(self) -> NoticeRules:
        """The approved form: a notice rule file, as the rule book reads it."""
        if self.round is None:
            raise ValueError(f"{self.notice_id}: the round year is not known; set it before approving")
        scope = NoticeScope(**self.scope.model_dump()) if self.scope else NoticeScope(section=TITLE, quote=self.title)
        committee = NoticeCommittee(**self.committee.model_dump()) if self.committee else None
        return NoticeRules(
            notice_id=self.notice_id, file=self.file, title=self.title, label=self.label, region=self.region,
            round=self.round, kind=self.kind, committee=committee,
            scope=scope,
            clauses={k: c.clause() for k, c in self.clauses.items() if k not in self.left_out},
        )

    def pending(self) -> PendingNotice:
        """The notice as the assessment names it until approval, with its proposed sentences quoted
        (each once, under the first rule read from it; the rules are not applied)."""
        sources: dict[str, Source] = {}
        for clause in self.clauses.values():
            sources.setdefault(clause.quote, Source(
                kind="notice", label=shown_label(self.label, clause.section), notice_id=self.notice_id,
                file=self.file, section=clause.section, quote=clause.quote, rule_id=clause.rule_id))
        return PendingNotice(notice_id=self.notice_id, label=self.label, title=self.title, round=self.round,
                             sources=list(sources.values()))
