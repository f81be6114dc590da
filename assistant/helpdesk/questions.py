"""What applicants asked: the log behind the gap report and the hot questions.

Only what the helpdesk needs is kept: the question with personal numbers, e-mails and names masked,
its scope, kind and outcome. A personal eligibility question (its input is a profile) is never kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from assistant.helpdesk.db import HelpdeskDB, asked
from assistant.helpdesk.models import Asked, HotQuestion
from assistant.models import Answer
from assistant.text.normalize import compact

MASK = "＊"
_PUNCT = re.compile(r"[\W_]+")
_PERSONAL = [
    re.compile(r"\d{6,}[\dXx]?|\d{3,4}-\d{7,8}"),  # ID card, phone, account number
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    re.compile(r"(?<=我叫)[\u4e00-\u9fff]{2,3}|(?<=本人)[\u4e00-\u9fff](?=[，,。\s])|(?<=姓名)[:：]?\s*[\u4e00-\u9fff]{2,3}"),
]


def redact(question: str) -> str:
    """The question without personal numbers, e-mail addresses or a stated name."""
    for pattern in _PERSONAL:
        question = pattern.sub(MASK, question)
    return question


def wording_key(question: str) -> str:
    """Two askings are the same question when they differ only in punctuation, spaces and case."""
    return _PUNCT.sub("", compact(question)).lower()


def _since(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


class QuestionLog:
    def __init__(self, db: HelpdeskDB) -> None:
        self.db = db

    def record(self, answer: Answer, curated: int | None = None) -> int | None:
        """Log an answered or abstained question; an assessment (personal input) is not logged."""
        if answer.assessment is not None or not answer.question.strip():
            return None
        entry = Asked(question=redact(answer.question.strip())[:500],
                      notices=list(answer.scope.notice_ids) if answer.scope else [],
                      kind=answer.kind or "other", abstained=answer.abstained, confidence=answer.confidence,
                      curated=curated)
        with self.db.write() as con:
            return int(con.execute(insert(asked).values(**entry.model_dump(exclude={"id"}))).inserted_primary_key[0])  # type: ignore[index]

    def all(self, days: int | None = None) -> list[Asked]:
        query = select(asked).order_by(asked.c.id)
        if days is not None:
            query = query.where(asked.c.created_at >= _since(days))
        with self.db.read() as con:
            rows = con.execute(query).mappings().all() if con is not None else []
        return [Asked.model_validate(dict(r)) for r in rows]

    def hot(self, days: int, limit: int = 10, notices: list[str] | None = None) -> list[HotQuestion]:
        """The most asked questions (same wording up to punctuation and case), most asked first."""
        groups: dict[str, list[Asked]] = defaultdict(list)
        for entry in self.all(days):
            if notices is None or set(entry.notices) & set(notices):
                groups[wording_key(entry.question)].append(entry)
        ranked = sorted(groups.values(), key=lambda g: (-len(g), g[0].question))
        return [_hot(group) for group in ranked[:limit]]


def _hot(group: list[Asked]) -> HotQuestion:
    wording = Counter(e.question for e in group).most_common(1)[0][0]
    answered = [e for e in group if not e.abstained]
    sure = [e.confidence for e in answered if e.confidence is not None]
    notices = Counter(n for e in group for n in e.notices).most_common(1)
    return HotQuestion(question=wording, count=len(group), answered=round(len(answered) / len(group), 3),
                       confidence=round(sum(sure) / len(sure), 3) if sure else None,
                       notice=notices[0][0] if notices else None)
