"""Follow-up questions keep the notice of the conversation (no LLM)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.test_pipeline import satisfies

CASES = yaml.safe_load((Path(__file__).parent / "data" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES["followups"], ids=lambda c: c["question"])
def test_followup_inherits_the_notice(bundled, case: dict) -> None:
    answer = bundled.assistant.ask(case["question"], history=case["history"])
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, case["answer_must"])
    assert {c.notice_id for c in answer.citations} == {case["notice"]}
    assert any(r.startswith("沿用上文") for r in answer.scope.reasons)


@pytest.mark.integration
def test_without_history_the_same_followup_is_not_scoped(bundled) -> None:
    case = CASES["followups"][0]
    answer = bundled.assistant.ask(case["question"])
    assert not answer.scope.named
