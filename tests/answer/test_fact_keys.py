"""One fact written twice is shown once; two facts of one month are two."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import _fact_key

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("a", "b"), [
    ("2024年6月1日至7月20日", "6月1日—7月20日"),
    ("9月30日17:00", "9月30日前"),
])
def test_one_fact_written_twice_has_one_key(a: str, b: str) -> None:
    assert _fact_key(a) == _fact_key(b)


@pytest.mark.parametrize(("a", "b"), [("11月中旬", "11月下旬"), ("9月初", "9月底"), ("7月上旬", "7月")])
def test_parts_of_one_month_are_different_facts(a: str, b: str) -> None:
    """A schedule row "中级：11月中旬｜高级：11月下旬" gives two dates, not one written twice."""
    assert _fact_key(a) != _fact_key(b)
