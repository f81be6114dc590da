"""The rule files against the notices: every quoted sentence is in its notice, every value is in its
quote, every clause is a catalogued rule, the cut-off dates are those of ELIGIBILITY.md §4."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.eligibility import RuleBook
from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

NOTICES = PROJECT_ROOT / "knowledge" / "notices"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clauses(rules: RuleBook):
    for notice in rules.notices.values():
        yield notice.notice_id, "scope", notice.scope
        for rule_id, clause in notice.clauses.items():
            yield notice.notice_id, rule_id, clause
    for rule_id, clause in rules.general.items():
        yield clause.notice_id, rule_id, clause


def test_every_quote_is_the_notices_own_words(rules: RuleBook) -> None:
    for notice_id, rule_id, clause in _clauses(rules):
        text = _squash((NOTICES / f"{notice_id}.txt").read_text(encoding="utf-8"))
        for part in clause.quote.split("……"):
            assert _squash(part) in text, (notice_id, rule_id, part)


def test_every_value_is_in_its_quote(rules: RuleBook) -> None:
    for notice_id, rule_id, clause in _clauses(rules):
        if getattr(clause, "date", None):
            d: date = clause.date
            assert f"{d.year}年{d.month}月{d.day}日" in clause.quote, (notice_id, rule_id)
        if getattr(clause, "hours_per_year", None):
            assert f"{clause.hours_per_year:g}学时" in clause.quote, (notice_id, rule_id)
        if getattr(clause, "share", None):
            assert clause.share in clause.quote, (notice_id, rule_id)


def test_cutoff_dates_are_those_of_the_brief(rules: RuleBook) -> None:
    def cut(notice: str, rule: str) -> date | None:
        clause = next(n for n in rules.notices.values() if n.notice_id.startswith(notice)).clauses.get(rule)
        return clause.date if clause else None

    assert cut("000", "cutoff.seniority") == date(2023, 12, 31) and cut("000", "cutoff.materials") == date(2024, 3, 31)
    assert cut("002", "cutoff.seniority") == date(2022, 12, 31) and cut("002", "cutoff.materials") == date(2023, 3, 31)
    assert cut("003", "cutoff.seniority") == date(2023, 12, 31)
    assert cut("001", "cutoff.seniority") is None and cut("004", "cutoff.seniority") is None


def test_notice_files_match_the_notices(rules: RuleBook) -> None:
    assert sorted(rules.notices) == sorted(p.stem for p in NOTICES.glob("*.txt"))
    for notice in rules.notices.values():
        assert notice.file == f"{notice.notice_id}.txt"
        assert _squash(notice.title) in _squash((NOTICES / notice.file).read_text(encoding="utf-8"))


def test_every_clause_is_a_catalogued_rule(rules: RuleBook) -> None:
    for notice_id, rule_id, _ in _clauses(rules):
        assert rule_id == "scope" or rule_id in rules.catalogue, (notice_id, rule_id)


def test_every_section_of_the_brief_has_rules(rules: RuleBook) -> None:
    briefs = {info.brief for info in rules.catalogue.values()}
    assert {"§1", "§3", "§4", "§5", "§6"} <= briefs
    assert len(rules.baseline.rows) == 13  # §2: the thirteen rows of the table


def test_exclusions_are_where_the_brief_says(rules: RuleBook) -> None:
    def having(rule_id: str) -> set[str]:
        return {n.notice_id[:3] for n in rules.notices.values() if rule_id in n.clauses}

    assert having("excluded.civil_servant") == {"000", "001", "002", "003"}
    assert having("excluded.retired") == {"000", "001", "002", "003", "004"}
    assert having("excluded.discipline") == {"000", "001", "002"}
    assert having("excluded.discipline_xj") == {"004"}
    assert having("excluded.retiring_this_year") == {"001"}
