"""The question log (personal data masked, assessments never kept), hot questions, and handoffs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.helpdesk import Helpdesk
from assistant.helpdesk.db import sqlite_url
from assistant.helpdesk.handoff import is_token, turn_of
from assistant.helpdesk.models import Curated
from assistant.helpdesk.questions import redact
from assistant.helpdesk.ratings import rating_of
from assistant.models import Answer, Scope
from assistant.settings import Settings

pytestmark = pytest.mark.unit


def _asked(question: str, abstained: bool = False, notice: str = "n1", **extra) -> Answer:
    return Answer(question=question, text="…", abstained=abstained, scope=Scope(notice_ids=[notice]), kind="fee",
                  **extra)


def test_personal_numbers_mails_and_names_are_masked() -> None:
    masked = redact("我叫李四，身份证号11010519491231002X，电话0513-85123456，邮箱li.si@example.com，评审费？")
    for secret in ("李四", "11010519491231002X", "0513-85123456", "li.si@example.com"):
        assert secret not in masked
    assert redact("2024年6月1日前申报吗？") == "2024年6月1日前申报吗？"  # dates are not personal


def test_the_log_keeps_questions_but_never_an_assessment(desk: Helpdesk) -> None:
    assert desk.questions.record(_asked("评审费多少？")) is not None
    assert desk.questions.record(_asked("我1985年出生，本科，能评副高吗？", assessment={"verdict": "可以"})) is None
    (only,) = desk.questions.all()
    assert (only.question, only.notices, only.kind, only.abstained) == ("评审费多少？", ["n1"], "fee", False)


def test_hot_questions_group_wordings_and_count_answers(desk: Helpdesk) -> None:
    for q, abstained in (("评审费多少？", False), ("评审费多少", False), ("评审费 多少?", True), ("几份材料？", False)):
        desk.questions.record(_asked(q, abstained))
    desk.questions.record(_asked("评审费多少？", notice="n2"))
    hot = desk.questions.hot(days=30)
    assert [(h.question, h.count) for h in hot] == [("评审费多少？", 4), ("几份材料？", 1)]
    assert hot[0].answered == 0.75 and hot[0].notice == "n1"
    assert [h.count for h in desk.questions.hot(days=30, notices=["n2"])] == [1]


def test_a_handoff_is_queued_answered_and_read_by_its_token_only(desk: Helpdesk) -> None:
    turns = [turn_of(_asked("评审结果什么时候公布？", abstained=True))]
    opened = desk.handoffs.open(turns, notice="n1")
    assert is_token(opened.token) and len(opened.token) == 32
    assert [h.token for h in desk.handoffs.listed()] == [opened.token]
    assert desk.handoffs.get(opened.token[:-1] + ("A" if opened.token[-1] != "A" else "B")) is None
    assert desk.handoffs.get("../../etc/passwd") is None and desk.handoffs.get(None) is None
    with pytest.raises(ValueError):
        desk.handoffs.reply(opened.token, "   ", "小王")
    replied = desk.handoffs.reply(opened.token, "您好，结果预计11月底公布。", "小王")
    assert replied is not None and replied.status == "answered" and replied.replied_by == "小王"
    assert desk.handoffs.listed() == [] and desk.handoffs.listed(None)[0].reply == "您好，结果预计11月底公布。"
    assert desk.handoffs.get(opened.token).conversation[0].scope == ["n1"]  # type: ignore[union-attr]


def test_an_empty_conversation_cannot_be_handed_over(desk: Helpdesk) -> None:
    with pytest.raises(ValueError):
        desk.handoffs.open([])


def test_replicas_configured_with_one_database_share_the_helpdesk(tmp_path: Path, database_url: str | None) -> None:
    """Two replicas (their own data folders, one database URL): what one stores, the other reads."""
    url = database_url or sqlite_url(tmp_path / "shared.sqlite3")
    one, two = (Helpdesk(Settings(data_dir=tmp_path / name, helpdesk={"database_url": url})) for name in ("a", "b"))
    handoff = one.handoffs.open([turn_of(_asked("材料能寄吗？", abstained=True))], "n1")
    assert [h.token for h in two.handoffs.listed()] == [handoff.token]
    two.handoffs.reply(handoff.token, "可以邮寄。", "小王")
    assert (replied := one.handoffs.get(handoff.token)) is not None and replied.reply == "可以邮寄。"
    two.curated.add(Curated(author="小王", review_date=date(2027, 1, 1), notice_id="n1", notice_sha256="0" * 64,
                            variants=["材料能寄吗？"], answer="可以邮寄。"))
    one.ratings.record(rating_of(_asked("评审费多少？"), 2))
    one.questions.record(_asked("评审费多少？"))
    assert [c.answer for c in one.curated.all()] == ["可以邮寄。"]
    assert [(r.level, r.question) for r in two.ratings.all()] == [(2, "评审费多少？")]
    assert [q.question for q in two.questions.all()] == ["评审费多少？"]
