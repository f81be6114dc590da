"""Typed records of the helpdesk loop: ratings, asked questions, handoffs, curated answers, gaps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

MAX_REASON_CHARS = 1000
LEVELS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
TAGS: tuple[str, ...] = ("答非所问", "内容缺失", "事实错误", "信息过时")
POOR_LEVEL = 2  # this level or lower counts as a poorly rated answer (gap report)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Rating(BaseModel):
    """One applicant's rating of one answer, with what was asked, answered and cited."""

    id: int | None = None
    created_at: str = Field(default_factory=now)
    level: int = Field(ge=1, le=5, description="5 非常满意 … 1 非常不满意")
    tags: list[str] = Field(default_factory=list, description="reasons chosen from TAGS")
    reason: str = Field(default="", max_length=MAX_REASON_CHARS)
    question: str
    answer: str
    abstained: bool = False
    notice: str | None = Field(default=None, description="the notice filter the question was asked under")
    citations: list[dict] = Field(default_factory=list, description="the cited passages: notice, section, page, quote")
    origin: Literal["page", "api", "thumbs"] = Field(default="page", description="thumbs: migrated from 👍/👎")

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, tags: list[str]) -> list[str]:
        unknown = [t for t in tags if t not in TAGS]
        if unknown:
            raise ValueError(f"unknown reason tags: {unknown}")
        return list(dict.fromkeys(tags))

    @property
    def label(self) -> str:
        return LEVELS[self.level]


class Asked(BaseModel):
    """A question as the helpdesk sees it: personal data removed, never an assessment's input."""

    id: int | None = None
    created_at: str = Field(default_factory=now)
    question: str
    notices: list[str] = Field(default_factory=list, description="the notices the question was scoped to")
    kind: str = "other"
    abstained: bool
    confidence: float | None = None
    curated: int | None = Field(default=None, description="the curated answer that answered it")

    @property
    def day(self) -> date:
        return datetime.fromisoformat(self.created_at).date()


class Turn(BaseModel):
    """One exchange of a conversation handed to a person."""

    question: str
    answer: str
    abstained: bool = False
    citations: list[dict] = Field(default_factory=list)
    scope: list[str] = Field(default_factory=list, description="notice ids the answer drew on")


class Handoff(BaseModel):
    """A conversation an applicant asked a person to take over (转人工)."""

    token: str = Field(description="unguessable: the applicant's link to the reply")
    created_at: str = Field(default_factory=now)
    status: Literal["open", "answered"] = "open"
    conversation: list[Turn]
    notice: str | None = None
    reply: str | None = None
    replied_at: str | None = None
    replied_by: str | None = None


CuratedStatus = Literal["active", "expired", "notice_removed", "notice_changed", "retired"]
STATUS_LABELS: dict[str, str] = {
    "active": "使用中", "expired": "已过复核日期，需复核", "notice_removed": "所依据的通知已删除或被替换，需复核",
    "notice_changed": "所依据的通知已更新，需复核", "retired": "已停用",
}


class Curated(BaseModel):
    """A staff-written answer to a question the notices leave open, resting on one notice."""

    id: int | None = None
    created_at: str = Field(default_factory=now)
    author: str = Field(min_length=1, max_length=100)
    review_date: date = Field(description="not used after this day until reviewed")
    notice_id: str
    notice_sha256: str = Field(description="the notice's content when the answer was written")
    variants: list[str] = Field(min_length=1, description="questions it answers, as applicants ask them")
    answer: str = Field(min_length=1, max_length=4000)
    passage_ids: list[str] = Field(default_factory=list, description="the notice passages it rests on")
    quotes: list[str] = Field(default_factory=list, description="their text when the answer was written")
    retired: bool = False

    @field_validator("variants")
    @classmethod
    def _clean_variants(cls, variants: list[str]) -> list[str]:
        kept = list(dict.fromkeys(v.strip() for v in variants if v and v.strip()))
        if not kept:
            raise ValueError("a curated answer needs at least one question")
        return kept


class GapCluster(BaseModel):
    """Unanswered or poorly rated questions of similar wording."""

    label: str = Field(description="the cluster's most typical question")
    count: int
    questions: list[str]
    notices: dict[str, int] = Field(default_factory=dict)
    kinds: dict[str, int] = Field(default_factory=dict)
    by_day: dict[str, int] = Field(default_factory=dict, description="ISO day → count")
    abstained: int = 0
    poorly_rated: int = 0
    tags: dict[str, int] = Field(default_factory=dict)


class GapReport(BaseModel):
    since: str
    until: str
    total: int
    clusters: list[GapCluster]


class HotQuestion(BaseModel):
    question: str
    count: int
    answered: float = Field(description="share of its askings that were answered")
    confidence: float | None = Field(default=None, description="mean confidence of the answers given")
    notice: str | None = None
