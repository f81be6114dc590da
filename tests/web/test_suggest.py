"""Example questions over a large library: only the notices a page shows are asked about."""

from __future__ import annotations

from itertools import zip_longest
from types import SimpleNamespace

import pytest

from assistant.web import suggest
from assistant.web.suggest import Suggestions

pytestmark = pytest.mark.unit


def library(n: int, empty: set[int]) -> tuple[SimpleNamespace, dict[str, list[str]], list[str]]:
    """A stand-in assistant over n notices; notice i suggests nothing when i is in ``empty``, and
    notices 3 and 4 share their questions (duplicates must not count twice)."""
    own = {f"n{i}": [] if i in empty else [f"q{min(i, 3) if i in (3, 4) else i}-{t}" for t in range(3)]
           for i in range(n)}
    store = SimpleNamespace(version=1, notice_map=lambda: {nid: SimpleNamespace(notice_id=nid) for nid in own})
    return SimpleNamespace(store=store), own, []


def everything(own: dict[str, list[str]], limit: int) -> list[str]:
    """What the page showed when every notice's suggestions were computed first."""
    lists = [lst[i % len(lst):] + lst[: i % len(lst)] if lst else lst for i, lst in enumerate(own.values())]
    return list(dict.fromkeys(q for row in zip_longest(*lists) for q in row if q))[:limit]


def test_the_page_asks_only_for_the_notices_it_shows_and_shows_what_computing_all_showed(monkeypatch) -> None:
    assistant, own, asked = library(500, empty={1, 2})
    monkeypatch.setattr(suggest, "suggestions_for", lambda a, notice, per: asked.append(notice.notice_id) or own[notice.notice_id])
    monkeypatch.setattr(Suggestions, "hot", lambda self, ids, limit=3: [])
    shown = Suggestions(assistant).for_notices(None, limit=6)
    assert shown == everything(own, 6)
    assert len(asked) <= 10  # not 500
    Suggestions(assistant).for_notices(["n7", "n9"], limit=6)
    assert asked[-2:] == ["n7", "n9"]
