"""The rule functions, by family. Each is small, reads a :class:`Context` and returns reasons.

``CHECKS`` run first; ``ROUTES`` then run with the status of the regular route (met, failed, short,
missing or none). The id of each entry is the rule it implements (catalogue.yaml); ``baseline``
applies the rows of national_baseline.yaml, which are switched off one by one by their own ids.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.eligibility.rules import conditions, exam, exclusions, notes, regular, routes, scope

Check = tuple[str, Callable]

CHECKS: tuple[Check, ...] = (
    *scope.RULES, *exam.RULES, *exclusions.RULES, *regular.RULES, *conditions.RULES, *notes.RULES,
)
ROUTES: tuple[Check, ...] = tuple(routes.RULES)


def implemented() -> set[str]:
    """Every rule id with a function (the baseline rows are read by ``baseline``)."""
    return {rule_id for rule_id, _ in (*CHECKS, *ROUTES)} | {"input.education_conflict"}
