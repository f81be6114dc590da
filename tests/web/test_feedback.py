"""👍/👎 stored in SQLite with the question, answer and cited passages; exported as JSONL or CSV."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.feedback import Feedback, FeedbackStore
from assistant.models import Answer, Citation

pytestmark = pytest.mark.unit


def _answer() -> Answer:
    cite = Citation(n=1, passage_id="p1", notice_id="n1", notice_title="某通知", section="六、有关事项", page=2,
                    quote="评审费300元/人")
    return Answer(question="评审费多少？", text="**300元/人** [1]", citations=[cite])


def test_nothing_is_written_before_a_rating(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")
    assert store.all() == [] and not store.path.exists()


def test_rating_reason_and_export(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    first = store.record(Feedback.of(_answer(), 1, notice="n1"))
    second = store.record(Feedback.of(_answer(), -1))
    assert store.set_reason(second, "没有说清楚缴费方式") and not store.set_reason(999, "x")
    rows = [json.loads(line) for line in store.export("jsonl").splitlines()]
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["rating"] == 1 and rows[0]["notice"] == "n1" and rows[0]["citations"][0]["quote"] == "评审费300元/人"
    assert rows[1]["rating"] == -1 and rows[1]["reason"] == "没有说清楚缴费方式"
    table = list(csv.DictReader(io.StringIO(store.export("csv"))))
    assert table[1]["reason"] == "没有说清楚缴费方式" and json.loads(table[0]["citations"])[0]["page"] == 2


def test_concurrent_ratings_are_all_kept(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: store.record(Feedback.of(_answer(), 1 if i % 2 else -1)), range(40)))
    assert len(set(ids)) == 40 and len(store.all()) == 40


def test_rating_must_be_up_or_down() -> None:
    with pytest.raises(ValueError):
        Feedback.of(_answer(), 0)  # type: ignore[arg-type]


def test_cli_exports_the_feedback(cli_env, tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import PYTHON, ROOT

    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite3")
    store.record(Feedback.of(_answer(), -1, reason="不对"))
    store.record(Feedback.of(_answer(), 1))
    out = tmp_path / "fb.csv"
    run = subprocess.run([PYTHON, "-m", "assistant", "feedback", "--format", "csv", "--out", str(out)], cwd=ROOT,
                         env=cli_env(data_dir=tmp_path / "data"), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "已导出 2 条反馈" in run.stdout
    assert list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))[0]["reason"] == "不对"
