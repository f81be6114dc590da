"""Ratings: five levels with reason tags, revised after a quick 👍/👎, the old 👍/👎 moved in once,
exports that open in a spreadsheet, and no personal data kept."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.helpdesk import Helpdesk
from assistant.helpdesk.export import ratings_table, to_csv, to_xlsx
from assistant.helpdesk.ratings import PERSONAL_QUESTION, rating_of
from assistant.models import Answer, Citation
from assistant.settings import Settings

pytestmark = pytest.mark.unit


def _answer(question: str = "评审费多少？") -> Answer:
    cite = Citation(n=1, passage_id="p1", notice_id="n1", notice_title="某通知", section="六、有关事项", page=2,
                    quote="评审费300元/人")
    return Answer(question=question, text="**300元/人** [1]", citations=[cite])


def test_nothing_is_written_before_a_rating(desk: Helpdesk) -> None:
    assert desk.ratings.all() == [] and desk.questions.all() == [] and desk.handoffs.listed() == []
    assert desk.db.path is None or not desk.db.path.exists()  # a server database has no file to make


def test_a_quick_rating_is_revised_with_level_tags_and_reason(desk: Helpdesk) -> None:
    rid = desk.ratings.record(rating_of(_answer(), 2, notice="n1"))
    assert desk.ratings.revise(rid, level=1, tags=["事实错误", "信息过时"], reason="日期不对")
    assert not desk.ratings.revise(999, level=3)
    (r,) = desk.ratings.all()
    assert (r.level, r.label, r.tags, r.reason, r.notice) == (1, "非常不满意", ["事实错误", "信息过时"], "日期不对", "n1")
    assert r.citations[0]["quote"] == "评审费300元/人"


@pytest.mark.parametrize("bad", [{"level": 0}, {"level": 6}, {"tags": ["太长了"]}])
def test_unknown_levels_and_tags_are_refused(desk: Helpdesk, bad: dict) -> None:
    rid = desk.ratings.record(rating_of(_answer(), 4))
    with pytest.raises(ValueError):
        desk.ratings.revise(rid, **bad)
    with pytest.raises(ValueError):
        rating_of(_answer(), bad.get("level", 3), tags=bad.get("tags"))


def test_concurrent_ratings_are_all_kept(desk: Helpdesk) -> None:
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: desk.ratings.record(rating_of(_answer(), 1 + i % 5)), range(40)))
    assert len(set(ids)) == 40 and len(desk.ratings.all()) == 40


def test_old_thumbs_move_in_once_and_nothing_is_lost(tmp_path: Path, database_url: str | None) -> None:
    settings = Settings(data_dir=tmp_path, helpdesk={"database_url": database_url} if database_url else {})
    with sqlite3.connect(settings.legacy_feedback_db) as con:
        con.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, rating "
                    "INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '', question TEXT NOT NULL, answer TEXT NOT NULL, "
                    "abstained INTEGER NOT NULL, notice TEXT, citations TEXT NOT NULL)")
        for rating, reason in ((1, ""), (-1, "没说清楚")):
            con.execute("INSERT INTO feedback (created_at, rating, reason, question, answer, abstained, notice, citations)"
                        " VALUES ('2026-05-01T08:00:00+00:00', ?, ?, '评审费多少？', '300元', 0, 'n1', '[]')",
                        (rating, reason))
    desk = Helpdesk(settings)
    assert desk.migrate() == 2 and desk.migrate() == 0 and Helpdesk(settings).migrate() == 0
    assert [(r.level, r.reason, r.origin, r.created_at[:10]) for r in desk.ratings.all()] == [
        (4, "", "thumbs", "2026-05-01"), (2, "没说清楚", "thumbs", "2026-05-01")]
    assert not settings.legacy_feedback_db.exists()
    assert settings.legacy_feedback_db.with_name("feedback.sqlite3.migrated").exists()


def test_personal_data_is_not_kept_with_a_rating() -> None:
    asked = rating_of(_answer("我叫王小明，身份证320102198501011234，手机13912345678，评审费多少？"), 2,
                      reason="请打电话13912345678")
    assert "320102198501011234" not in asked.question and "13912345678" not in asked.question + asked.reason
    assert "王小明" not in asked.question
    assessed = _answer("1985年出生，本科，工作8年，能评副高吗？").model_copy(update={"assessment": {"verdict": "可以"}})
    kept = rating_of(assessed, 4)
    assert kept.question == PERSONAL_QUESTION and "1985" not in kept.model_dump_json()


def test_exports_open_in_a_spreadsheet_and_formulas_stay_text(desk: Helpdesk, tmp_path: Path) -> None:
    rid = desk.ratings.record(rating_of(_answer("=HYPERLINK(\"http://x\")评审费？"), 2))
    desk.ratings.revise(rid, tags=["答非所问"])
    table = ratings_table(desk.ratings.all())
    text = to_csv(table)
    assert text.startswith("\ufeff")
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["评价"] == "不满意" and row["原因"] == "答非所问" and row["问题"].startswith("'=")
    assert json.loads(row["出处"])[0]["page"] == 2
    path = tmp_path / "ratings.xlsx"
    path.write_bytes(to_xlsx({"评价": table}))
    sheet = load_workbook(path)["评价"]
    assert [c.value for c in sheet[1]][:4] == ["编号", "时间", "评价", "等级"]
    assert sheet.cell(2, 3).value == "不满意" and sheet.cell(2, 7).value.startswith("'=")
