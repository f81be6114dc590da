"""How near the best sentence's passage is to the question, beside what dense retrieval found."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import similarity_features
from assistant.models import Passage, ScoredPassage

pytestmark = pytest.mark.unit


def hit(pid: str, similarity: float | None) -> ScoredPassage:
    return ScoredPassage(passage=Passage(id=pid, notice_id="000", text="文本"), score=0.0, similarity=similarity)


def test_the_nearest_passage_has_no_gap_and_stands_above_the_mean() -> None:
    hits = [hit("a", 0.9), hit("b", 0.8), hit("c", 0.7)]
    f = similarity_features(hits[0], hits)
    assert f["vector_cos"] == 0.9 and f["vector_cos_gap"] == 0.0 and f["vector_cos_z"] > 1.0


def test_a_passage_dense_retrieval_missed_counts_at_the_lowest_cosine_found() -> None:
    hits = [hit("a", 0.9), hit("b", 0.7), hit("pool", None)]
    f = similarity_features(hits[2], hits)
    assert f["vector_cos"] == 0.7 and f["vector_cos_gap"] == pytest.approx(0.2) and f["vector_cos_z"] < 0


def test_without_dense_retrieval_every_feature_is_zero() -> None:
    hits = [hit("a", None)]
    assert similarity_features(hits[0], hits) == {"vector_cos": 0.0, "vector_cos_gap": 0.0, "vector_cos_z": 0.0}
