"""转人工: an applicant hands the conversation to a person; staff reply; the applicant reads the
reply by a link holding an unguessable token (no accounts)."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import insert, select, update

from assistant.helpdesk.db import HelpdeskDB, handoffs
from assistant.helpdesk.models import Handoff, Turn, now
from assistant.models import Answer

TOKEN_BYTES = 24  # 192 random bits
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_TURNS = 50
MAX_REPLY_CHARS = 4000


def turn_of(answer: Answer) -> Turn:
    cited = [c.model_dump(include={"n", "notice_id", "notice_title", "section", "page", "quote"}) for c in answer.citations]
    scope = list(answer.scope.notice_ids) if answer.scope else []
    return Turn(question=answer.question, answer=answer.text, abstained=answer.abstained, citations=cited, scope=scope)


def is_token(token: str | None) -> bool:
    return bool(token) and _TOKEN.fullmatch(token or "") is not None


class HandoffQueue:
    def __init__(self, db: HelpdeskDB) -> None:
        self.db = db

    def open(self, conversation: list[Turn], notice: str | None = None) -> Handoff:
        """Queue a conversation for a person; the returned token is the applicant's link."""
        if not conversation:
            raise ValueError("nothing to hand over: the conversation is empty")
        handoff = Handoff(token=secrets.token_urlsafe(TOKEN_BYTES), conversation=conversation[-MAX_TURNS:], notice=notice)
        with self.db.write() as con:
            con.execute(insert(handoffs).values(**handoff.model_dump(mode="json")))
        return handoff

    def get(self, token: str | None) -> Handoff | None:
        if not is_token(token):
            return None
        with self.db.read() as con:
            row = con.execute(select(handoffs).where(handoffs.c.token == token)).mappings().first() if con else None
        return Handoff.model_validate(dict(row)) if row else None

    def listed(self, status: str | None = "open") -> list[Handoff]:
        """Handoffs, oldest first (the queue), or every one with ``status=None``."""
        query = select(handoffs).order_by(handoffs.c.created_at)
        if status:
            query = query.where(handoffs.c.status == status)
        with self.db.read() as con:
            rows = con.execute(query).mappings().all() if con is not None else []
        return [Handoff.model_validate(dict(r)) for r in rows]

    def reply(self, token: str, text: str, staff: str) -> Handoff | None:
        """Answer a handoff (a later reply replaces an earlier one); None when there is no such handoff."""
        text, staff = text.strip(), staff.strip()
        if not text:
            raise ValueError("the reply is empty")
        if not is_token(token):
            return None
        values = dict(reply=text[:MAX_REPLY_CHARS], replied_at=now(), replied_by=staff[:100] or "咨询台", status="answered")
        with self.db.write() as con:
            if con.execute(update(handoffs).where(handoffs.c.token == token).values(**values)).rowcount != 1:
                return None
        return self.get(token)
