"""The helpdesk loop: ratings, the question log, handoffs to a person, curated answers and the
knowledge-gap report, over one database (:mod:`assistant.helpdesk.db`)."""

from __future__ import annotations

import threading

from assistant.helpdesk.curated import CuratedStore
from assistant.helpdesk.db import HelpdeskDB
from assistant.helpdesk.handoff import HandoffQueue
from assistant.helpdesk.questions import QuestionLog
from assistant.helpdesk.ratings import RatingStore, import_thumbs
from assistant.settings import Settings


class Helpdesk:
    """The helpdesk's stores over one database; the old 👍/👎 file is moved in at first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = HelpdeskDB(settings.helpdesk_url)
        self.ratings = RatingStore(self.db)
        self.questions = QuestionLog(self.db)
        self.handoffs = HandoffQueue(self.db)
        self.curated = CuratedStore(self.db)
        self._migrated = False
        self._lock = threading.Lock()

    def migrate(self) -> int:
        """Move the legacy 👍/👎 records in (once); returns how many were moved."""
        with self._lock:
            if self._migrated:
                return 0
            self._migrated = True
            return import_thumbs(self.ratings, self.settings.legacy_feedback_db)


__all__ = ["Helpdesk"]
