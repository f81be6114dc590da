"""Example questions: what applicants asked most that was answered with confidence (hot questions),
then questions made for each notice from its place and series that the notice really answers."""

from __future__ import annotations

from itertools import zip_longest

from assistant.models import NoticeMeta

QUESTION_TEMPLATES = [
    "{place}{series}职称网上申报是什么时候？",
    "{place}{series}职称的纸质材料报送地点在哪里？",
    "{place}{series}职称评审费是多少？",
    "{place}{series}职称的咨询电话是多少？",
    "{place}{series}职称申报材料需要装订吗？",
]


def place_of(assistant, notice: NoticeMeta) -> str:
    name = notice.district or notice.city or notice.province or ""
    regions = assistant.gazetteer.by_name(name)
    return (regions[0].short or name) if regions else name


def suggestions_for(assistant, notice: NoticeMeta, limit: int = 3) -> list[str]:
    """Up to ``limit`` questions about this notice; each is asked once and kept only if answered."""
    place = place_of(assistant, notice)
    series = "".join(notice.series[:1]) + "".join(notice.levels[:1])
    out: list[str] = []
    for template in QUESTION_TEMPLATES:
        if len(out) >= limit:
            break
        question = template.format(place=place, series=series)
        if not assistant.ask(question, notice=notice.notice_id, generate=False).abstained:  # no model: start fast
            out.append(question)
    return out


class Suggestions:
    """Suggestions per notice, each notice's computed when first shown and kept for the version of
    the index: a page over thousands of notices asks for no more of them than it shows."""

    def __init__(self, assistant, per_notice: int = 3) -> None:
        self.assistant, self.per_notice = assistant, per_notice
        self._version = -1
        self._by_notice: dict[str, list[str]] = {}

    def of(self, notice_id: str) -> list[str]:
        """This notice's own suggestions (none when it is not listed)."""
        version = self.assistant.store.version  # read once, before the notice (see KnowledgeStore.rows)
        if self._version != version:
            self._by_notice, self._version = {}, version
        if notice_id not in self._by_notice:
            notice = self.assistant.store.notice_map().get(notice_id)
            self._by_notice[notice_id] = suggestions_for(self.assistant, notice, self.per_notice) if notice else []
        return self._by_notice[notice_id]

    def for_notices(self, notice_ids: list[str] | None, limit: int = 6) -> list[str]:
        """For the notices in view: the hot questions first, then each notice's own suggestions,
        interleaved so that each notice (and topic) shows up. The notices are taken in order until
        their first suggestions fill the list: the later ones would only follow it."""
        hot = self.hot(notice_ids)
        lists: list[list[str]] = []
        for nid in notice_ids or list(self.assistant.store.notice_map()):
            if len(set(hot) | {lst[i % len(lst)] for i, lst in enumerate(lists) if lst}) >= limit:
                break
            lists.append(self.of(nid))
        lists = [lst[i % len(lst):] + lst[: i % len(lst)] if lst else lst for i, lst in enumerate(lists)]  # vary the topic
        mixed = [q for row in zip_longest(*lists) for q in row if q]
        return list(dict.fromkeys(hot + mixed))[:limit]

    def hot(self, notice_ids: list[str] | None, limit: int = 3) -> list[str]:
        """The most asked questions, when asked often enough and mostly answered, with enough confidence
        when the judge gives one (the hand-written gates give none: their answer is their verdict)."""
        s = self.assistant.settings.helpdesk
        hot = self.assistant.helpdesk.questions.hot(s.report_days, limit=20, notices=notice_ids)
        sure = [h.question for h in hot
                if h.count >= s.hot_min_count and h.answered >= 0.5
                and (h.confidence is None or h.confidence >= s.hot_min_confidence)]
        return sure[:limit]
