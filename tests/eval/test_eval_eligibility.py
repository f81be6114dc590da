"""eval.eligibility: verdict and reason (rule id) accuracy from YAML cases, whatever engine is present."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

import pytest

from eval.eligibility import load_cases, normalize_verdict, run_eligibility

pytestmark = pytest.mark.unit

CASES = """
today: 2024-06-15
cases:
  - id: civil
    text: 我是公务员，能申报吗
    verdict: not_eligible
    rule_ids: [excluded.civil_servant]
  - id: either
    text: 我能评工程师吗
    verdict: [needs_info, eligible]
  - id: wrong-rule
    text: 我是公务员
    verdict: not_eligible
    rule_ids: [excluded.retired]
  - name: structured
    input: {civil_servant: true}
    expected: {verdict: Not Eligible, rules: [excluded.civil_servant]}
"""


class Reason:
    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id


class Assessment:
    def __init__(self, verdict: str, rules: list[str]) -> None:
        self.verdict, self.reasons = verdict, [Reason(r) for r in rules]


def _judge(civil: bool) -> Assessment:
    return Assessment("not_eligible", ["excluded.civil_servant"]) if civil else Assessment("needs_info", ["scope"])


def fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attrs) -> str:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)
    return name


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    return path


def test_case_files_in_either_shape(cases: Path) -> None:
    loaded = load_cases([cases])
    assert [c.id for c in loaded] == ["civil", "either", "wrong-rule", "structured"]
    assert loaded[1].verdicts == ["needs_info", "eligible"] and loaded[0].today == date(2024, 6, 15)
    assert loaded[3].profile == {"civil_servant": True} and loaded[3].verdicts == ["not_eligible"]
    assert loaded[3].rule_ids == ["excluded.civil_servant"]


def test_module_functions_are_scored(monkeypatch: pytest.MonkeyPatch, cases: Path) -> None:
    seen: list = []

    def assess(profile: dict, today: date | None = None) -> Assessment:
        seen.append(today)
        return _judge(bool(profile.get("civil_servant")))

    name = fake_module(monkeypatch, "fake_elig_a", assess=assess,
                       parse_profile=lambda text: {"civil_servant": "公务员" in text})
    result = run_eligibility([cases], name)
    assert result["status"] == "ok", result
    m = result["metrics"]
    assert m["n"] == 4 and m["verdict_accuracy"] == 1.0 and m["errors"] == 0
    assert m["n_with_rules"] == 3 and m["reason_accuracy"] == round(2 / 3, 4)
    assert date(2024, 6, 15) in seen
    bad = [r for r in result["results"] if r["rules_ok"] is False]
    assert [r["id"] for r in bad] == ["wrong-rule"] and bad[0]["rules"] == ["excluded.civil_servant"]


def test_a_service_object_is_preferred_and_tuples_are_unpacked(monkeypatch: pytest.MonkeyPatch, cases: Path) -> None:
    class EligibilityService:
        def handle(self, text: str):
            return _judge("公务员" in text), {"profile": text}

        def assess(self, profile: dict):
            return {"verdict": "not_eligible" if profile.get("civil_servant") else "needs_info",
                    "reasons": [{"rule_id": "excluded.civil_servant"}]}

    name = fake_module(monkeypatch, "fake_elig_b", EligibilityService=EligibilityService)
    result = run_eligibility([cases], name)
    assert result["status"] == "ok" and "EligibilityService.handle" in result["note"]
    assert result["metrics"]["verdict_accuracy"] == 1.0


def test_engine_errors_count_as_failed_cases(monkeypatch: pytest.MonkeyPatch, cases: Path) -> None:
    def assess_text(text: str):
        raise ValueError("boom")

    name = fake_module(monkeypatch, "fake_elig_c", assess_text=assess_text)
    result = run_eligibility([cases], name)
    assert result["metrics"]["errors"] == 3 and result["metrics"]["verdict_accuracy"] == 0.0


def test_no_engine_means_skipped_with_the_reason(cases: Path) -> None:
    result = run_eligibility([cases], "no_such_eligibility_module")
    assert result["status"] == "skipped" and "not importable" in result["note"] and result["n_cases"] == 4


def test_verdict_spellings() -> None:
    assert normalize_verdict("Not Eligible") == "not_eligible"
    assert normalize_verdict("needs-information") == "needs_info"
    assert normalize_verdict("other_route") == "other_route"


def test_the_bundled_eligibility_cases_load() -> None:
    from eval.suite import ELIGIBILITY_CASES

    cases = load_cases([ELIGIBILITY_CASES[0]])
    assert len(cases) >= 15 and all(c.text and c.verdicts for c in cases)
    assert {v for c in cases for v in c.verdicts} <= {"eligible", "not_eligible", "not_yet", "other_route", "needs_info"}
