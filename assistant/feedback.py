"""👍/👎 on answers, kept in SQLite with what was asked, answered and cited, and exportable.

Every call opens its own connection, so the page's worker threads can record at the same time.
Nothing is written until something is recorded: creating a :class:`FeedbackStore` makes no file.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Answer

MAX_REASON_CHARS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    reason TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    notice TEXT,
    citations TEXT NOT NULL
)
"""


class Feedback(BaseModel):
    """One rating of one answer."""

    id: int | None = None
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    rating: Literal[-1, 1] = Field(description="1 = 👍, -1 = 👎")
    reason: str = Field(default="", max_length=MAX_REASON_CHARS)
    question: str
    answer: str
    abstained: bool = False
    notice: str | None = Field(default=None, description="the notice filter the question was asked under")
    citations: list[dict] = Field(default_factory=list, description="the cited passages: notice, section, page, quote")

    @classmethod
    def of(cls, answer: Answer, rating: Literal[-1, 1], notice: str | None = None, reason: str = "") -> Feedback:
        cited = [c.model_dump(include={"notice_id", "notice_title", "section", "page", "quote", "passage_id"})
                 for c in answer.citations]
        return cls(rating=rating, reason=reason[:MAX_REASON_CHARS], question=answer.question, answer=answer.text,
                   abstained=answer.abstained, notice=notice, citations=cited)


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        con.execute(_SCHEMA)
        return con

    def record(self, feedback: Feedback) -> int:
        """Store a rating; returns its id (to attach a reason given afterwards)."""
        row = feedback.model_dump(exclude={"id"})
        row["citations"] = json.dumps(row["citations"], ensure_ascii=False)
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO feedback (created_at, rating, reason, question, answer, abstained, notice, citations)"
                " VALUES (:created_at, :rating, :reason, :question, :answer, :abstained, :notice, :citations)", row)
            assert cur.lastrowid is not None  # set by the INSERT
            return int(cur.lastrowid)

    def set_reason(self, feedback_id: int, reason: str) -> bool:
        with self._connect() as con:
            cur = con.execute("UPDATE feedback SET reason = ? WHERE id = ?", (reason[:MAX_REASON_CHARS], feedback_id))
            return cur.rowcount == 1

    def all(self) -> list[Feedback]:
        if not self.path.exists():
            return []
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            rows = con.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        return [Feedback.model_validate({**dict(r), "citations": json.loads(r["citations"])}) for r in rows]

    def export(self, fmt: Literal["jsonl", "csv"] = "jsonl") -> str:
        """Every rating, oldest first, as JSON lines or CSV (citations as a JSON column)."""
        records = self.all()
        if fmt == "jsonl":
            return "".join(r.model_dump_json() + "\n" for r in records)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(Feedback.model_fields))
        writer.writeheader()
        for r in records:
            writer.writerow({**r.model_dump(), "citations": json.dumps(r.citations, ensure_ascii=False)})
        return out.getvalue()
