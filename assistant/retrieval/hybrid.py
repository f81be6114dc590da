"""Hybrid retrieval: BM25 and vector search inside the question's scope, fused by normalised scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from assistant.index.lexical import LexicalIndex
from assistant.index.store import KnowledgeStore
from assistant.models import ScoredPassage
from assistant.settings import RetrievalSettings
from assistant.text.vocab import Vocabulary

Mode = Literal["hybrid", "lexical", "vector"]
ATTACHMENT_WEIGHT = 0.85  # attachments are mostly forms and templates; the rules are in the body


class Retriever:
    def __init__(
        self, store: KnowledgeStore, settings: RetrievalSettings, vocab: Vocabulary
    ) -> None:
        self.store = store
        self.vocab = vocab
        self._drop = set(vocab.question_words) | set(vocab.generic_words)
        self.settings = settings

    def lexical_index(self) -> LexicalIndex:
        """The store's local rows, in line with its notices."""
        return self.store.rows()

    def _vector_search(self, question: str, k: int, notice_ids: list[str] | None) -> list[tuple[str, float]]:
        """The dense half: exactly, over the local rows of the notices in scope (Chroma's filtered query
        is slow with many notices); from Chroma when the rows have no vectors."""
        index = self.lexical_index()
        if not index.dense:
            return self.store.vector_search(question, k, notice_ids)
        return index.dense_search(self.store.embeddings.embed_query(question), k, notice_ids)

    def search(
        self, question: str, notice_ids: list[str] | None, k: int | None = None, mode: Mode = "hybrid",
        intents: Sequence[str] = (),
    ) -> list[ScoredPassage]:
        """The k best passages; the lexical query adds the words notices use for the kind of answer asked."""
        k = k or self.settings.top_k
        n = self.settings.candidates
        expansion = [t for i in intents for t in self.vocab.intent_terms.get(i, [])]
        lexical_query = " ".join([question, *expansion])
        lexical = self.lexical_index().search(lexical_query, n, notice_ids, self._drop) if mode != "vector" else []
        vector = self._vector_search(question, n, notice_ids) if mode != "lexical" else []
        fused = fuse(lexical, vector, self.settings.lexical_weight if mode == "hybrid" else (1.0 if lexical else 0.0))
        passages = self.store.get_passages(pid for pid, _ in fused)
        lex_rank = {pid: r for r, (pid, _) in enumerate(lexical, 1)}
        vec_rank = {pid: r for r, (pid, _) in enumerate(vector, 1)}
        cosine = dict(vector)
        fused = [(pid, score * (ATTACHMENT_WEIGHT if passages[pid].kind == "attachment" else 1.0))
                 for pid, score in fused if pid in passages]
        fused.sort(key=lambda x: -x[1])
        return [
            ScoredPassage(passage=passages[pid], score=score, lexical_rank=lex_rank.get(pid), vector_rank=vec_rank.get(pid),
                          similarity=cosine.get(pid))
            for pid, score in fused[:k]
        ]


def fuse(lexical: list[tuple[str, float]], vector: list[tuple[str, float]], w: float) -> list[tuple[str, float]]:
    """w · BM25/max(BM25) + (1−w) · rescaled cosine; a passage missing from one list scores 0 there."""
    lex = _scale(lexical)
    vec = _scale(vector)
    ids = list(dict.fromkeys([pid for pid, _ in lexical] + [pid for pid, _ in vector]))
    scored = [(pid, w * lex.get(pid, 0.0) + (1 - w) * vec.get(pid, 0.0)) for pid in ids]
    return sorted(scored, key=lambda x: -x[1])


def _scale(results: list[tuple[str, float]]) -> dict[str, float]:
    """Min-max over the candidate list, so both retrievers speak on [0, 1]."""
    if not results:
        return {}
    values = [s for _, s in results]
    hi, lo = max(values), min(values)
    if hi - lo < 1e-9:
        return {pid: 1.0 for pid, _ in results}
    return {pid: (s - lo) / (hi - lo) for pid, s in results}
