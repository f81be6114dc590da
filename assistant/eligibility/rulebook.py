"""The rule parameters of ``knowledge/rules/*.yaml`` as typed objects (see that folder's files).

* ``catalogue.yaml``: every rule id with its text, family and where ELIGIBILITY.md lists it;
* ``national_baseline.yaml``: the education / title / years table of 人社部发〔2019〕16号;
* ``NNN_*.yaml``: one file per notice — its region, round, scope and the clauses (the notice's own
  sentences, with section and the values a rule reads from them);
* ``education.yaml``, ``examined_series.yaml``: clauses that apply whatever the notice;
* ``assumptions.yaml``: what the tool assumes where a notice is silent;
* ``lexicon.yaml``: applicants' words (read by the parser, not here).

A :class:`RuleBook` can leave rules out (:meth:`RuleBook.without`): the tests use that to check that
every rule is needed by some case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.eligibility.result import PendingNotice
from assistant.settings import PROJECT_ROOT

DEFAULT_RULES_DIR = PROJECT_ROOT / "knowledge" / "rules"
Family = Literal["exclusion", "scope", "exam", "regular", "condition", "route", "note", "input"]
_NOTICE_FILE = re.compile(r"^\d{3}_.+\.yaml$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleInfo(_Strict):
    text: str = Field(description="the rule in plain words")
    brief: str = Field(description="section of ELIGIBILITY.md, or 'tool'")
    family: Family
    without_notice: Literal["all_notices", "skip"]


class Clause(_Strict):
    """A sentence of a notice that a rule rests on, with the values the rule reads from it."""

    section: str
    quote: str = Field(description="the notice's own words; …… marks words left out")
    notice_id: str | None = Field(None, description="for general clauses: the notice that states it")
    date: dt.date | None = None
    hours_per_year: float | None = None
    share: str | None = Field(None, description="a fraction, e.g. 2/3")
    years: float | None = None
    kinds: list[str] = Field(default_factory=list, description="kinds that exclude (empty: any)")
    lesser_kinds: list[str] = Field(default_factory=list, description="kinds the notice does not exclude")
    series: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list)
    mapping: dict[str, str] = Field(default_factory=dict)
    items: list[str] = Field(default_factory=list)
    note: str | None = None
    scope: str | None = Field(None, description="where a general clause holds")

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.share) if self.share else None


class Place(_Strict):
    province: str | None = None
    city: str | None = None
    district: str | None = None


class NoticeScope(_Strict):
    series: list[str] = Field(default_factory=list, description="series accepted; empty = all")
    series_excluded: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list, description="titles accepted; empty = all")
    section: str
    quote: str


class NoticeCommittee(_Strict):
    """The evaluation committee (评审委员会) a notice sends applications to."""

    name: str
    section: str
    quote: str


class NoticeRules(_Strict):
    notice_id: str
    file: str
    title: str
    label: str
    region: Place
    round: int
    kind: Literal["评审", "考核认定"] = "评审"
    scope: NoticeScope
    clauses: dict[str, Clause]
    committee: NoticeCommittee | None = None


class BaselineRow(_Strict):
    id: str
    target: str
    education: list[str]
    required_title: str | None = None
    years: int = 0
    internship_years: int = 0
    text: str


class Breakthrough(_Strict):
    id: str
    targets: list[str]
    text: str


class Reference(_Strict):
    document: str
    label: str
    caveat: str
    advice: str


class Baseline(_Strict):
    reference: Reference
    scope: dict[str, str]
    titles: list[str]
    levels: dict[str, str]
    education_ranks: dict[str, int]
    rows: list[BaselineRow]
    breakthrough: Breakthrough

    def rank(self, title: str | None) -> int:
        return self.titles.index(title) if title in self.titles else -1


class CutoffAssumption(_Strict):
    rule: str
    month: int
    day: int
    basis: str


class RuleBook(_Strict):
    catalogue: dict[str, RuleInfo]
    baseline: Baseline
    notices: dict[str, NoticeRules]
    general: dict[str, Clause]
    series_aliases: dict[str, list[str]] = Field(default_factory=dict)
    cutoff_assumption: CutoffAssumption
    not_civil_servant_employers: list[str] = Field(default_factory=list)
    disabled: frozenset[str] = frozenset()
    pending: dict[str, PendingNotice] = Field(
        default_factory=dict, description="notices whose proposed rules await review: quoted, never applied")

    def on(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def without(self, *rule_ids: str) -> RuleBook:
        """The same rules with some left out (their clauses, rows and checks)."""
        return self.model_copy(update={"disabled": self.disabled | set(rule_ids)})

    def with_pending(self, pending: Iterable[PendingNotice]) -> RuleBook:
        """The same rules, knowing the notices whose rules await review (a notice with rules is not one)."""
        waiting = {p.notice_id: p for p in pending if p.notice_id not in self.notices}
        return self.model_copy(update={"pending": waiting})

    def rows(self) -> list[BaselineRow]:
        return [r for r in self.baseline.rows if self.on(r.id)]

    def rule_ids(self) -> list[str]:
        """Every id a case can expect: the catalogue, the baseline rows and 破格."""
        return [*self.catalogue, *(r.id for r in self.baseline.rows), self.baseline.breakthrough.id]


def load_rules(folder: Path, approved: Path | None = None) -> RuleBook:
    """The rules of ``folder``; with ``approved``, also the notice rule files an administrator approved
    there (:mod:`assistant.eligibility.approval`), read the same way. A notice's hand-written file wins."""
    folder = Path(folder)
    general: dict[str, Clause] = {}
    for name in ("education.yaml", "examined_series.yaml"):
        general |= {k: Clause(**v) for k, v in _read(folder / name)["clauses"].items()}
    notices = [NoticeRules(**_read(p)) for p in sorted(folder.glob("*.yaml")) if _NOTICE_FILE.match(p.name)]
    written = {n.notice_id for n in notices}
    notices += [n for n in approved_rules(approved) if n.notice_id not in written]
    assumptions = _read(folder / "assumptions.yaml")
    return RuleBook(
        catalogue={k: RuleInfo(**v) for k, v in _read(folder / "catalogue.yaml")["rules"].items()},
        baseline=Baseline(**_read(folder / "national_baseline.yaml")),
        notices={n.notice_id: n for n in notices},
        general=general,
        series_aliases=_read(folder / "examined_series.yaml").get("aliases", {}),
        cutoff_assumption=CutoffAssumption(**assumptions["cutoff"]),
        not_civil_servant_employers=assumptions.get("not_civil_servant_employers", []),
    )


def approved_rules(folder: Path | None) -> list[NoticeRules]:
    """The notice rule files of ``folder`` (none when it is None or missing)."""
    if folder is None or not Path(folder).is_dir():
        return []
    return [NoticeRules(**_read(p)) for p in sorted(Path(folder).glob("*.yaml"))]


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
