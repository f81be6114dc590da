"""The knowledge-gap report: what applicants asked that the notices could not answer, or that they
rated poorly, grouped by similar wording.

Questions are embedded with the assistant's own model and grouped by average-linkage clustering on
cosine distance; a group is labelled by its most typical question (the one closest to all the
others). The distance at which groups stop merging is a setting, chosen by the purity measured on a
seeded set of unanswered questions (``tests/data/gap_questions.jsonl``; see the README).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
from pydantic import BaseModel

from assistant.helpdesk.models import POOR_LEVEL, Asked, GapCluster, GapReport, Rating
from assistant.helpdesk.questions import redact


class GapItem(BaseModel):
    """One unanswered or poorly rated asking."""

    question: str
    day: str
    notices: list[str] = []
    kind: str = "other"
    abstained: bool = False
    poor: bool = False
    tags: list[str] = []


def items_from(asked: list[Asked], ratings: list[Rating]) -> list[GapItem]:
    """Abstentions from the question log, and answers rated 不满意 or worse (asked again: the log
    already holds the asking, so a rated abstention is counted once, as an abstention)."""
    out = [GapItem(question=a.question, day=a.created_at[:10], notices=a.notices, kind=a.kind, abstained=True)
           for a in asked if a.abstained]
    out += [GapItem(question=redact(r.question), day=r.created_at[:10], notices=[r.notice] if r.notice else [],
                    poor=True, tags=r.tags)
            for r in ratings if r.level <= POOR_LEVEL and not r.abstained]
    return out


def cluster(vectors: np.ndarray, distance: float) -> list[int]:
    """Cluster labels: average linkage on cosine distance, merging below ``distance``."""
    if len(vectors) < 2:
        return [0] * len(vectors)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance)
    return [int(label) for label in model.fit_predict(vectors)]


def typical(vectors: np.ndarray) -> int:
    """The member closest on average to the others (the medoid by cosine)."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return int(np.argmax((unit @ unit.T).sum(axis=1)))


def centred(vectors: np.ndarray) -> np.ndarray:
    """The vectors less their mean: every question here is about 职称 申报, and what they share
    would otherwise dominate the cosine between any two."""
    return vectors - vectors.mean(axis=0, keepdims=True) if len(vectors) > 1 else vectors


def report(items: list[GapItem], embed, distance: float, since: str, until: str) -> GapReport:
    """The gap report over ``items``; ``embed`` maps questions to vectors (of what they ask: the words
    naming a place, series or level are taken out by the caller, and the notices are reported apart)."""
    if not items:
        return GapReport(since=since, until=until, total=0, clusters=[])
    vectors = centred(np.asarray(embed([i.question for i in items]), dtype=np.float32))
    labels = cluster(vectors, distance)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    clusters = [_summary([items[i] for i in members], vectors[members]) for members in groups.values()]
    clusters.sort(key=lambda c: (-c.count, c.label))
    return GapReport(since=since, until=until, total=len(items), clusters=clusters)


def _summary(members: list[GapItem], vectors: np.ndarray) -> GapCluster:
    return GapCluster(
        label=members[typical(vectors)].question, count=len(members),
        questions=list(dict.fromkeys(m.question for m in members)),
        notices=dict(Counter(n for m in members for n in m.notices).most_common()),
        kinds=dict(Counter(m.kind for m in members if m.abstained).most_common()),
        by_day=dict(sorted(Counter(m.day for m in members).items())),
        abstained=sum(m.abstained for m in members), poorly_rated=sum(m.poor for m in members),
        tags=dict(Counter(t for m in members for t in m.tags).most_common()),
    )


def gap_report(assistant, days: int | None = None) -> GapReport:
    """The report over the last ``days`` days (the setting by default), from the assistant's helpdesk."""
    desk, days = assistant.helpdesk, days or assistant.settings.helpdesk.report_days
    since, until = window(days)
    items = items_from(desk.questions.all(days), desk.ratings.all(since))
    return report(items, assistant.topic_vectors, assistant.settings.helpdesk.gap_distance, since, until)


def window(days: int) -> tuple[str, str]:
    """(first day, last day) of the last ``days`` days, as ISO dates."""
    today = datetime.now(UTC).date()
    return (today - timedelta(days=days - 1)).isoformat(), today.isoformat()


def purity(labels: list[int], truth: list[str]) -> tuple[float, float]:
    """(purity, inverse purity): how much of each cluster is one topic, and how much of each topic
    one cluster holds. Both 1.0 only when clusters are exactly the topics."""
    def share(groups: list, other: list) -> float:
        by: dict = {}
        for g, o in zip(groups, other, strict=True):
            by.setdefault(g, Counter())[o] += 1
        return sum(c.most_common(1)[0][1] for c in by.values()) / max(len(groups), 1)

    return share(labels, truth), share(truth, labels)
