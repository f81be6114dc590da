"""``python -m assistant assess``: the --text path gives the verdicts of the structured path; --profile
reads a YAML profile; --json prints the assessment with a top-level verdict; no index is built."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PYTHON

import assistant.eligibility
from assistant.cli import main
from eligibility.casefile import load_cases

pytestmark = pytest.mark.unit

TEXT_CASES = [c for c in load_cases() if c.text]
ACCEPTANCE = "我是本科毕业，2019年7月取得助理工程师，在南通一家民营钢厂做技术，能报今年的冶金工程中级吗？"


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, service):
    """main([...]) in this process, reusing the session's service (the rules are loaded once)."""
    monkeypatch.setattr(assistant.eligibility, "EligibilityService", lambda rules_dir: service)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["assess", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_cli_text_gives_the_structured_verdict(case, run_cli) -> None:
    code, out, _ = run_cli("--text", case.text, "--json", "--today", case.today.isoformat())
    assert code == 0
    assert json.loads(out)["verdict"] == case.output["verdict"]


def test_cli_profile_file(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump({"region": "南通", "series": "冶金工程", "target_title": "工程师",
                                    "education": "本科", "current_title": "助理工程师",
                                    "current_title_date": "2020-01-01"}, allow_unicode=True), encoding="utf-8")
    code, out, _ = run_cli("--profile", str(path), "--json")
    result = json.loads(out)
    assert code == 0 and result["verdict"] == "not_yet" and result["met_on"] == "2024-01-01"
    code, out, _ = run_cli("--profile", str(path), "--text", "2019年12月31日取得的", "--json")
    assert json.loads(out)["verdict"] == "eligible"


def test_cli_prints_markdown_with_citations(run_cli) -> None:
    code, out, _ = run_cli("--text", ACCEPTANCE, "--today", "2024-06-01")
    assert code == 0
    assert "**结论：可以申报**" in out and "[baseline.engineer.bachelor]" in out
    assert "000_0c0ecf8262729fd8.txt §二(四)" in out and "国家基本标准" in out


def test_cli_notice_option_and_missing_input(run_cli) -> None:
    code, out, _ = run_cli("--text", "本科，助工5年，能评中级吗", "--notice", "002_74495ca084d57cd5", "--json")
    assert json.loads(out)["notice_id"] == "002_74495ca084d57cd5"
    code, out, err = run_cli()
    assert code == 2 and "--text" in err


def test_cli_assess_builds_no_index(cli_env, tmp_path: Path) -> None:
    """As a user runs it: a subprocess, the network blocked, a data_dir that must stay absent."""
    data, cwd = tmp_path / "data", tmp_path / "cwd"
    cwd.mkdir()
    result = subprocess.run([PYTHON, "-m", "assistant", "assess", "--text", ACCEPTANCE, "--json"],
                            cwd=cwd, env=cli_env(data_dir=data), capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["verdict"] == "eligible"
    assert not data.exists() and list(cwd.iterdir()) == []
