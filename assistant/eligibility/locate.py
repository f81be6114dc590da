"""Which notice an applicant applies under, from the place they name.

Places come from the rule files (``region`` of each ``NNN_*.yaml``) or from the notices' metadata
(:class:`assistant.models.NoticeMeta`). A notice for a district (锡山区) matches the district, or its
city when the applicant names no district; a city notice matches the city or any place under it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from assistant.eligibility.rulebook import RuleBook
from assistant.models import NoticeMeta


class NoticePlace(BaseModel):
    notice_id: str
    province: str | None = None
    city: str | None = None
    district: str | None = None
    round: int = 0
    series: list[str] = []


def places_from_rules(book: RuleBook) -> list[NoticePlace]:
    return [NoticePlace(notice_id=n.notice_id, **n.region.model_dump(), round=n.round, series=n.scope.series)
            for n in book.notices.values()]


def places_from_meta(notices: Iterable[NoticeMeta]) -> list[NoticePlace]:
    return [NoticePlace(notice_id=n.notice_id, province=n.province, city=n.city, district=n.district,
                        round=n.year or 0, series=n.series) for n in notices]


def match_notice(names: list[str], places: Iterable[NoticePlace], series: str | None = None,
                 named_district: bool = False) -> str | None:
    """The best notice for the place names (full or short: 南通, 南通市, 海门区 with its lineage)."""
    scored = [(score(names, p, named_district), series in p.series, p.round, p.notice_id) for p in places]
    scored = [s for s in scored if s[0] > 0]
    return max(scored)[3] if scored else None


def score(names: list[str], place: NoticePlace, named_district: bool) -> int:
    """2: the notice's own area is named; 1: its city, for a district notice, with no district named."""
    if place.district:
        if _hit(place.district, names):
            return 2
        return 1 if place.city and _hit(place.city, names) and not named_district else 0
    most_specific = place.city or place.province
    return 2 if most_specific and _hit(most_specific, names) else 0


def _hit(full: str, names: list[str]) -> bool:
    return any(len(n) >= 2 and (n in full or full in n) for n in names)
