"""The YAML rule cases (tests/eligibility/cases): each profile gives its verdict and rule ids, and each
case's description in the applicant's words (``text``) gives the same verdict through the parser."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.eligibility import RuleBook, assess
from eligibility.casefile import load_cases, mismatches

pytestmark = pytest.mark.unit

CASES = load_cases()
TEXT_CASES = [c for c in CASES if c.text]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60
    assert len(TEXT_CASES) >= 40
    assert not [n for n, k in Counter(c.id for c in CASES).items() if k > 1], "duplicate case names"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case, rules: RuleBook) -> None:
    assessment = assess(case.profile(), rules, case.today)
    assert not mismatches(case, assessment), (mismatches(case, assessment), assessment.rule_ids(), assessment.summary)


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_text_gives_the_structured_verdict(case, service) -> None:
    assessment, profile = service.handle(case.text, today=case.today)
    assert assessment.verdict == case.output["verdict"], (profile.stated(), assessment.summary)
    assert assessment.route == case.output.get("route", assessment.route)


def test_every_reason_cites_its_rule_and_source(rules: RuleBook) -> None:
    for case in CASES:
        for reason in assess(case.profile(), rules, case.today).reasons:
            assert reason.rule_id in rules.rule_ids()
            assert reason.rule_text
            if reason.family in ("exclusion", "exam", "route", "condition") and reason.outcome != "missing":
                assert reason.sources, (case.id, reason.rule_id)
