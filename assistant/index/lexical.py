"""BM25 over a Chinese tokenization (jieba words + character bigrams)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.models import Passage
from assistant.text.normalize import Tokenizer


class LexicalIndex:
    def __init__(
        self, passages: list[Passage], texts: list[str], tokenizer: Tokenizer, known: dict[str, list[str]] | None = None
    ) -> None:
        """``known``: tokens of texts seen before (text → tokens), reused; the new ones are added to it,
        so that a rebuild after one notice changed tokenizes only that notice's passages."""
        self.ids = [p.id for p in passages]
        self.notice_of = np.array([p.notice_id for p in passages])
        self.tokenizer = tokenizer
        known = {} if known is None else known
        corpus = [known.get(t) or known.setdefault(t, tokenizer.tokens(t) or ["∅"]) for t in texts]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def search(
        self, query: str, k: int, notice_ids: list[str] | None, drop: AbstractSet[str] = frozenset()
    ) -> list[tuple[str, float]]:
        """(passage id, BM25 score) of the k best passages within the given notices."""
        if self._bm25 is None:
            return []
        tokens = self.tokenizer.query_tokens(query, drop) or self.tokenizer.tokens(query)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        if notice_ids:
            scores = np.where(np.isin(self.notice_of, notice_ids), scores, -np.inf)
        order = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in order if np.isfinite(scores[i]) and scores[i] > 0]
