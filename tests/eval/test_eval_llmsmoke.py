"""The llm-smoke summary: what counts as shown, refused and wrong (on the model's own text)."""

from __future__ import annotations

import pytest

from eval.llmsmoke import summary
from eval.scoring import Item, ItemResult

pytestmark = pytest.mark.unit

FEE = Item(id="q1", question="评审费多少？", answerable=True, answer_must=[["300元"]])
NONE = Item(id="q2", question="通过率多少？", answerable=False)


def result(item: Item, direct: str, llm: dict | None, latency: float = 1000.0) -> ItemResult:
    return ItemResult(id=item.id, question=item.question, kind="fee", answerable=item.answerable, source=None,
                      retrieved=[], support_rank=None, answer=direct + "\n依据：…300元…", direct=direct, citations=[],
                      abstained=False, correct=True, citation_supported=True, latency_ms=latency, llm=llm)


def test_a_shown_answer_is_judged_on_the_models_own_text_not_the_quoted_sources() -> None:
    shown = {"used": True, "problems": []}
    items = {"q1": FEE, "q2": NONE}
    report = summary([result(FEE, "评审费为500元[1]。", shown), result(NONE, "约为60%[1]。", shown)], items)
    assert (report["asked"], report["shown"], report["wrong_shown"]) == (2, 2, 2)
    report = summary([result(FEE, "评审费为300元/人[1]。", shown, 900.0),
                      result(NONE, "", {"used": False, "problems": ["所引段落中没有：60%"]}, 3000.0),
                      result(FEE, "**300元**", None, 50.0)], items)
    assert (report["questions"], report["asked"], report["shown"], report["refused"], report["wrong_shown"]) == (3, 2, 1, 1, 0)
    assert report["latency_p50_ms"] in (900, 1950, 3000) and report["refusals"][0]["problems"] == ["所引段落中没有：60%"]
