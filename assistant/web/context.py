"""What the page and the API share: the assistant (and its helpdesk database), the notice library and
the admin sessions (the admin tab logs in, the API serves the exports behind that login), and the
rate limits (the API's and the staff logins')."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.helpdesk import Helpdesk
from assistant.index.library import NoticeLibrary
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.ratelimit import RateLimits
from assistant.web.sessions import AdminSessions


@dataclass
class WebContext:
    assistant: Assistant
    library: NoticeLibrary
    sessions: AdminSessions
    limits: RateLimits

    @property
    def settings(self) -> Settings:
        return self.assistant.settings

    @classmethod
    def of(cls, assistant: Assistant) -> WebContext:
        assistant.helpdesk.migrate()
        web = assistant.settings.web
        return cls(assistant, NoticeLibrary(assistant), AdminSessions(web), RateLimits(web))

    @property
    def helpdesk(self) -> Helpdesk:
        return self.assistant.helpdesk

    def notice_choices(self) -> dict[str, str]:
        """Dropdown label → notice id, for every indexed notice."""
        return {f"{n.label()}｜{n.title}": n.notice_id for n in self.assistant.notices()}
