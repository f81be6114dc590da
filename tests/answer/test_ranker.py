"""The trained ranker orders sentences by their features and by the question's characters and pairs
each holds under its headings (its section path, the line it continues)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.decision import CANDIDATE_FEATURES, LogisticModel

pytestmark = pytest.mark.integration

NOTICE = """关于做好2025年度青川市会计系列中级职称评审工作的通知

一、网上申报
申报人于2025年9月1日至9月10日登录平台填报。

二、纸质材料
申报人于2025年9月15日至9月19日报送至青川市人民路8号。
"""


def lexical_ranker(weights: dict[str, float]) -> LogisticModel:
    """A ranker that weighs only these lexical features."""
    n = len(CANDIDATE_FEATURES)
    return LogisticModel(features=CANDIDATE_FEATURES, mean=[0.0] * n, scale=[1.0] * n, coef=[0.0] * n,
                         intercept=0.0, lexical=weights)


@pytest.mark.parametrize(("weights", "first"), [({"hit:纸质": 5.0}, "9月15日"), ({"hit:网上": 5.0}, "9月1日")])
def test_the_ranker_reads_the_pairs_a_sentence_holds_under_its_heading(make_assistant, tmp_path: Path,
                                                                         weights: dict[str, float], first: str) -> None:
    """Neither date line says 纸质 or 网上: its heading does."""
    path = tmp_path / "qingchuan_kuaiji.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    seen: list = []
    assistant.use(ranker=lexical_ranker(weights), observer=seen.append)
    assistant.ask("青川会计中级纸质材料和网上申报是哪几天？")
    found = seen[-1]
    assert first in found.candidates[0].sentence
    assert found.asks and any(name.endswith(":纸质") for name in found.candidates[0].features)
