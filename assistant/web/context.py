"""What the page and the API share: the assistant, the notice library, the feedback store and the
admin sessions (the admin tab logs in, the API serves the feedback export behind that login)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.feedback import FeedbackStore
from assistant.index.library import NoticeLibrary
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.sessions import AdminSessions


@dataclass
class WebContext:
    assistant: Assistant
    library: NoticeLibrary
    feedback: FeedbackStore
    sessions: AdminSessions

    @property
    def settings(self) -> Settings:
        return self.assistant.settings

    @classmethod
    def of(cls, assistant: Assistant) -> WebContext:
        settings = assistant.settings
        return cls(assistant, NoticeLibrary(assistant), FeedbackStore(settings.feedback_db), AdminSessions(settings.web))

    def notice_choices(self) -> dict[str, str]:
        """Dropdown label → notice id, for every indexed notice."""
        return {f"{n.label()}｜{n.title}": n.notice_id for n in self.assistant.notices()}
