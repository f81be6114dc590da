"""Fixtures of the eligibility tests: the bundled rules (loaded once) and the service over them."""

from __future__ import annotations

import pytest

from assistant.eligibility import DEFAULT_RULES_DIR, EligibilityService, RuleBook, load_rules


@pytest.fixture(scope="session")
def rules() -> RuleBook:
    return load_rules(DEFAULT_RULES_DIR)


@pytest.fixture(scope="session")
def service() -> EligibilityService:
    return EligibilityService(DEFAULT_RULES_DIR)
