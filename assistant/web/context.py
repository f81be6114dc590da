"""What the page and the API share: the assistant, the notice library and the feedback store."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.feedback import FeedbackStore
from assistant.index.library import NoticeLibrary
from assistant.pipeline import Assistant
from assistant.settings import Settings


@dataclass
class WebContext:
    assistant: Assistant
    library: NoticeLibrary
    feedback: FeedbackStore

    @property
    def settings(self) -> Settings:
        return self.assistant.settings

    @classmethod
    def of(cls, assistant: Assistant) -> WebContext:
        return cls(assistant, NoticeLibrary(assistant), FeedbackStore(assistant.settings.feedback_db))

    def notice_choices(self) -> dict[str, str]:
        """Dropdown label → notice id, for every indexed notice."""
        return {f"{n.label()}｜{n.title}": n.notice_id for n in self.assistant.notices()}
