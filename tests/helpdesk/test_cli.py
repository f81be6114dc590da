"""``python -m assistant feedback`` and ``gaps``: the exports from the command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.helpdesk import Helpdesk
from assistant.helpdesk.ratings import rating_of
from assistant.models import Answer, Scope
from assistant.settings import Settings
from tests.conftest import PYTHON, ROOT

pytestmark = pytest.mark.integration


def _run(cli_env, data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "assistant", *args], cwd=ROOT, env=cli_env(data_dir=data),
                          capture_output=True, text=True, timeout=300)


def test_the_ratings_export_as_xlsx_and_csv(cli_env, tmp_path: Path) -> None:
    desk = Helpdesk(Settings(data_dir=tmp_path / "data"))
    rid = desk.ratings.record(rating_of(Answer(question="评审费多少？", text="300元"), 2))
    desk.ratings.revise(rid, tags=["事实错误"], reason="不对")
    out = tmp_path / "ratings.xlsx"
    run = _run(cli_env, tmp_path / "data", "feedback", "--format", "xlsx", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "已导出 1 条评价" in run.stdout
    row = [c.value for c in load_workbook(out)["评价"][2]]
    assert row[2:6] == ["不满意", 2, "事实错误", "不对"]
    assert _run(cli_env, tmp_path / "data", "feedback", "--format", "xlsx").returncode == 2  # bytes need --out
    assert "不对" in _run(cli_env, tmp_path / "data", "feedback", "--format", "csv").stdout


def test_the_gap_report_from_the_command_line(cli_env, tmp_path: Path) -> None:
    desk = Helpdesk(Settings(data_dir=tmp_path / "data"))
    for q in ("评审没通过能申诉吗？", "没评上可以复议吗", "评审费能开发票吗？", "评审费可以开票不"):
        desk.questions.record(Answer(question=q, text="…", abstained=True, scope=Scope(notice_ids=["n1"])))
    run = _run(cli_env, tmp_path / "data", "gaps", "--days", "7")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["total"] == 4 and sum(c["count"] for c in report["clusters"]) == 4
    assert all(c["notices"] == {"n1": c["count"]} for c in report["clusters"])
    out = tmp_path / "gaps.xlsx"
    assert _run(cli_env, tmp_path / "data", "gaps", "--format", "xlsx", "--out", str(out)).returncode == 0
    assert load_workbook(out).sheetnames == ["问题分组", "全部问题"]
