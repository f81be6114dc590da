"""Every rule is needed: leaving any one out (its function, its clauses or its baseline row) makes at
least one case fail. Also: every rule id of the catalogue has a function and a case that names it."""

from __future__ import annotations

import pytest

from assistant.eligibility import RuleBook, assess
from assistant.eligibility.rules import implemented
from eligibility.casefile import load_cases, mismatches

pytestmark = pytest.mark.unit

CASES = load_cases()


def failing_without(rules: RuleBook, rule_id: str) -> list[str]:
    book = rules.without(rule_id)
    return [c.id for c in CASES if mismatches(c, assess(c.profile(), book, c.today))]


def all_rule_ids() -> list[str]:
    from assistant.eligibility import DEFAULT_RULES_DIR, load_rules

    return load_rules(DEFAULT_RULES_DIR).rule_ids()


@pytest.mark.parametrize("rule_id", all_rule_ids())
def test_removing_a_rule_fails_a_case(rule_id: str, rules: RuleBook) -> None:
    assert failing_without(rules, rule_id), f"no case needs {rule_id}"


def test_the_unchanged_rules_pass_every_case(rules: RuleBook) -> None:
    assert not [c.id for c in CASES if mismatches(c, assess(c.profile(), rules, c.today))]


def test_every_catalogued_rule_has_a_function(rules: RuleBook) -> None:
    """The catalogue's rules, plus ``baseline`` (reads the rows) and 破格 (a baseline rule)."""
    assert implemented() == set(rules.catalogue) | {"baseline", rules.baseline.breakthrough.id}


def test_every_rule_is_named_by_a_case(rules: RuleBook) -> None:
    named = {r for c in CASES for r in c.output.get("rules", [])}
    assert not set(rules.rule_ids()) - named
