"""Curated answers: staff replies made reusable. Used like passages, only within their notice's
scope, only until their review date, and only while the notice they rest on is unchanged; otherwise
they are flagged for review in the helpdesk tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from sqlalchemy import insert, select, update

from assistant.helpdesk.db import HelpdeskDB, curated
from assistant.helpdesk.models import STATUS_LABELS, Curated, CuratedStatus
from assistant.models import Answer, Citation, NoticeMeta, Passage, Scope

CURATED_PREFIX = "curated-"  # a curated answer's citation id: curated-<id>


def status(item: Curated, notices: dict[str, NoticeMeta], today: date | None = None) -> CuratedStatus:
    """Whether the answer may be used now, and why not."""
    notice = notices.get(item.notice_id)
    if item.retired:
        return "retired"
    if notice is None:
        return "notice_removed"
    if notice.sha256 != item.notice_sha256:
        return "notice_changed"
    if (today or date.today()) > item.review_date:
        return "expired"
    return "active"


class CuratedStore:
    def __init__(self, db: HelpdeskDB) -> None:
        self.db = db

    def add(self, item: Curated) -> Curated:
        with self.db.write() as con:
            key = con.execute(insert(curated).values(**item.model_dump(exclude={"id"}))).inserted_primary_key[0]  # type: ignore[index]
        return item.model_copy(update={"id": int(key)})

    def all(self) -> list[Curated]:
        with self.db.read() as con:
            rows = con.execute(select(curated).order_by(curated.c.id)).mappings().all() if con is not None else []
        return [Curated.model_validate(dict(r)) for r in rows]

    def get(self, curated_id: int) -> Curated | None:
        return next((c for c in self.all() if c.id == curated_id), None)

    def change(self, curated_id: int, **values) -> bool:
        """Retire one (``retired=True``), or confirm it after review (a new ``review_date`` and the
        notice's current ``notice_sha256``)."""
        allowed = {k: v for k, v in values.items() if k in {"retired", "review_date", "notice_sha256", "answer"}}
        with self.db.write() as con:
            return con.execute(update(curated).where(curated.c.id == curated_id).values(**allowed)).rowcount == 1

    def flagged(self, notices: dict[str, NoticeMeta]) -> list[tuple[Curated, str]]:
        """Curated answers that are not used any more and why, for the helpdesk to review."""
        out = []
        for item in self.all():
            state = status(item, notices)
            if state not in ("active", "retired"):
                out.append((item, STATUS_LABELS[state]))
        return out


class CuratedMatcher:
    """Finds the curated answer a question asks, by the cosine between what the question asks and what
    its variants ask (``topic``: the words naming the notice taken out, see ``ScopeResolver.topic``).

    Two thresholds: a question the notices leave open (the answerer abstained, which is why curated
    answers exist) needs ``gap_threshold``; one they answer needs the stricter ``threshold`` to be
    answered from a curated answer instead. Both are settings, with how they were chosen."""

    def __init__(self, store: CuratedStore, embeddings, threshold: float, gap_threshold: float,
                 topic: Callable[[str], str] = str) -> None:
        self.store, self.embeddings, self.topic = store, embeddings, topic
        self.threshold, self.gap_threshold = threshold, gap_threshold
        self._vectors: dict[str, np.ndarray] = {}

    def _vector(self, text: str) -> np.ndarray:
        if text not in self._vectors:
            if len(self._vectors) > 10_000:
                self._vectors.clear()
            v = np.asarray(self.embeddings.embed_query(self.topic(text)), dtype=np.float32)
            self._vectors[text] = v / max(float(np.linalg.norm(v)), 1e-12)
        return self._vectors[text]

    def usable(self, scope: Scope, notices: dict[str, NoticeMeta]) -> list[Curated]:
        """Active curated answers of the notice the question is about (one notice in scope, or the
        notices it names)."""
        if scope.out_of_coverage or not scope.notice_ids or not (scope.named or len(scope.notice_ids) == 1):
            return []
        wanted = set(scope.notice_ids)
        return [c for c in self.store.all() if c.notice_id in wanted and status(c, notices) == "active"]

    def match(self, question: str, scope: Scope, notices: dict[str, NoticeMeta],
              answered: bool = False) -> tuple[Curated, float] | None:
        """The closest usable curated answer and its cosine, when it clears the threshold that applies
        (``answered``: the notices gave an answer to this question)."""
        candidates = self.usable(scope, notices)
        if not candidates:
            return None
        asked = self._vector(question)
        scored = [(max(float(asked @ self._vector(v)) for v in c.variants), c) for c in candidates]
        best, item = max(scored, key=lambda s: s[0])
        return (item, best) if best >= (self.threshold if answered else self.gap_threshold) else None


def curated_answer(question: str, item: Curated, similarity: float, scope: Scope, notice: NoticeMeta,
                   passages: dict[str, Passage]) -> Answer:
    """The curated answer as the assistant's answer: cited as 咨询台答复 plus the passages it rests on."""
    written = item.created_at[:10]
    cites = [Citation(n=1, passage_id=f"{CURATED_PREFIX}{item.id}", notice_id=item.notice_id,
                      notice_title=f"咨询台答复，{written}", section=f"依据《{notice.title}》", page=0,
                      quote=item.answer, kind="curated")]
    rests_on = [passages[pid] for pid in item.passage_ids if pid in passages]
    cites += [Citation(n=i, passage_id=p.id, notice_id=item.notice_id, notice_title=notice.title,
                       section=p.section_label, page=p.page, quote=p.text) for i, p in enumerate(rests_on, 2)]
    sources = "\n".join(c.line() for c in cites)
    return Answer(question=question, text=f"{item.answer} [1]\n依据：\n{sources}", direct=item.answer, citations=cites,
                  scope=scope, confidence=round(similarity, 3),
                  trace=[f"咨询台答复 #{item.id}（相似度 {similarity:.2f}，复核日期 {item.review_date}）"])
