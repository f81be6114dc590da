"""Five-level ratings with reason tags (好差评), and the 👍/👎 records they replace."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import insert, select, update

from assistant.helpdesk.db import HelpdeskDB, ratings
from assistant.helpdesk.models import LEVELS, MAX_REASON_CHARS, TAGS, Rating
from assistant.helpdesk.questions import redact
from assistant.models import Answer

PERSONAL_QUESTION = "（个人资格评估：输入未保存）"
PERSONAL_ANSWER = "（评估结果未保存）"
THUMBS = {1: 4, -1: 2}  # 👍 → 满意, 👎 → 不满意: what a thumb said, no more
CITED_FIELDS = {"notice_id", "notice_title", "section", "page", "quote", "passage_id"}


def rating_of(answer: Answer, level: int, notice: str | None = None, tags: list[str] | None = None,
              reason: str = "", origin: str = "page") -> Rating:
    """A rating of ``answer``, without personal data: numbers and names in the question are masked, and
    a personal assessment keeps neither its input nor its result (only the notice passages cited)."""
    cited = [c.model_dump(include=CITED_FIELDS) for c in answer.citations]
    personal = answer.assessment is not None
    return Rating.model_validate(dict(
        level=level, tags=tags or [], reason=redact(reason[:MAX_REASON_CHARS]),
        question=PERSONAL_QUESTION if personal else redact(answer.question),
        answer=PERSONAL_ANSWER if personal else answer.text, abstained=answer.abstained, notice=notice, citations=cited, origin=origin))


class RatingStore:
    def __init__(self, db: HelpdeskDB) -> None:
        self.db = db

    def record(self, rating: Rating) -> int:
        """Store a rating; returns its id (a reason chosen afterwards is attached to it)."""
        with self.db.write() as con:
            result = con.execute(insert(ratings).values(**rating.model_dump(exclude={"id"})))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def revise(self, rating_id: int, level: int | None = None, tags: list[str] | None = None,
               reason: str | None = None) -> bool:
        """Change a rating's level, tags or reason (the applicant refines a quick 👍/👎)."""
        if level is not None and level not in LEVELS:
            raise ValueError(f"level must be 1–5, not {level}")
        if tags is not None and not set(tags) <= set(TAGS):
            raise ValueError(f"unknown reason tags: {sorted(set(tags) - set(TAGS))}")
        values = {"level": level, "tags": list(dict.fromkeys(tags)) if tags is not None else None,
                  "reason": reason[:MAX_REASON_CHARS] if reason is not None else None}
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return False
        with self.db.write() as con:
            return con.execute(update(ratings).where(ratings.c.id == rating_id).values(**values)).rowcount == 1

    def all(self, since: str | None = None) -> list[Rating]:
        query = select(ratings).order_by(ratings.c.id)
        if since:
            query = query.where(ratings.c.created_at >= since)
        with self.db.read() as con:
            rows = con.execute(query).mappings().all() if con is not None else []
        return [Rating.model_validate(dict(r)) for r in rows]


def import_thumbs(store: RatingStore, legacy: Path) -> int:
    """Move the 👍/👎 records of the old feedback database into the ratings, once: the old file is
    renamed ``*.migrated`` afterwards, and nothing is renamed unless every row was copied."""
    if not legacy.exists():
        return 0
    with sqlite3.connect(legacy) as con:
        con.row_factory = sqlite3.Row
        has_table = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feedback'").fetchone()
        rows = con.execute("SELECT * FROM feedback ORDER BY id").fetchall() if has_table else []
    with store.db.write() as conn:
        for r in rows:
            conn.execute(insert(ratings).values(**_thumb(dict(r)).model_dump(exclude={"id"})))
    legacy.rename(legacy.with_name(legacy.name + ".migrated"))
    return len(rows)


def _thumb(row: dict) -> Rating:
    return Rating(created_at=row["created_at"], level=THUMBS[int(row["rating"])], reason=row.get("reason") or "",
                  question=row["question"], answer=row["answer"], abstained=bool(row["abstained"]),
                  notice=row.get("notice"), citations=json.loads(row.get("citations") or "[]"), origin="thumbs")
