"""eval.check: the regression gate fails when a score falls more than the tolerance below the reference."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT

from eval.check import REFERENCE, compare, gated_scores, load_reference, reference_from

pytestmark = pytest.mark.unit


def run_from_scores(scores: dict[str, float]) -> dict:
    """A fabricated run-all document holding exactly these gated scores (keys as in the reference)."""
    run: dict = {"datasets": {}}
    for key, value in scores.items():
        parts = key.split("/")
        if parts[0] == "eligibility":
            run.setdefault("eligibility", {"status": "ok", "metrics": {}})["metrics"][parts[1]] = value
            continue
        ds = run["datasets"].setdefault(parts[0], {"systems": {"ours": {"metrics": {}}}, "robustness": {}})
        ours = ds["systems"]["ours"]
        if parts[1] == "robustness":
            ds["robustness"].setdefault(parts[2], {}).setdefault("ours", {})[parts[3]] = value
        elif parts[1] == "conversation_accuracy":
            ours.setdefault("conversation", {"by_turn": {"follow-up": {}}})["conversation_accuracy"] = value
        elif parts[1] == "follow-up":
            ours.setdefault("conversation", {"by_turn": {"follow-up": {}}})["by_turn"]["follow-up"][parts[2]] = value
        else:
            ours["metrics"][parts[1]] = value
    return run


SCORES = {"dev/answer_accuracy": 0.9, "dev/hit@1": 0.8, "dev/false_abstention": 0.05,
          "dev/robustness/typo/answer_accuracy": 0.85, "conversations/conversation_accuracy": 0.6,
          "conversations/follow-up/answer_accuracy": 0.8, "eligibility/verdict_accuracy": 1.0}


def test_fabricated_run_round_trips_through_the_gated_scores() -> None:
    assert gated_scores(run_from_scores(SCORES)) == SCORES


def test_an_unchanged_run_passes_and_small_drops_are_tolerated() -> None:
    reference = reference_from(run_from_scores(SCORES))
    assert compare(run_from_scores(SCORES), reference) == ([], [])
    lower = dict(SCORES, **{"dev/answer_accuracy": 0.885})
    assert compare(run_from_scores(lower), reference)[0] == []


def test_a_lowered_score_fails_and_is_named() -> None:
    reference = reference_from(run_from_scores(SCORES))
    failures, _ = compare(run_from_scores(dict(SCORES, **{"dev/robustness/typo/answer_accuracy": 0.8})), reference)
    assert len(failures) == 1 and failures[0].startswith("dev/robustness/typo/answer_accuracy: 0.8000 is 0.0500 below")


def test_lower_is_better_scores_fail_when_they_rise() -> None:
    reference = reference_from(run_from_scores(SCORES))
    failures, _ = compare(run_from_scores(dict(SCORES, **{"dev/false_abstention": 0.1})), reference)
    assert failures and "dev/false_abstention" in failures[0] and "above" in failures[0]
    better, notes = compare(run_from_scores(dict(SCORES, **{"dev/false_abstention": 0.0})), reference)
    assert better == [] and any("better" in n for n in notes)


def test_a_missing_score_fails_and_the_tolerance_can_be_widened() -> None:
    reference = reference_from(run_from_scores(SCORES))
    partial = {k: v for k, v in SCORES.items() if not k.startswith("eligibility")}
    assert compare(run_from_scores(partial), reference)[0] == [
        "eligibility/verdict_accuracy: missing from the run (reference 1.0000)"]
    lowered = run_from_scores(dict(SCORES, **{"dev/hit@1": 0.75}))
    assert compare(lowered, reference)[0] and compare(lowered, reference, tolerance=0.1)[0] == []


def test_the_committed_reference_is_well_formed() -> None:
    reference = load_reference()
    assert reference["tolerance"] == 0.02
    assert reference["lower_is_better"] == ["false_abstention", "wrong_answer_rate", "wrong_yesno_rate"]
    scores = reference["scores"]
    assert 0 <= scores["corpus/yesno_accuracy"] <= 1 and 0 <= scores["corpus/wrong_yesno_rate"] <= 1
    for name in ("dev", "notices", "conversations", "holdout"):
        assert 0 <= scores[f"{name}/answer_accuracy"] <= 1
        assert f"{name}/robustness/typo/answer_accuracy" in scores
    assert "conversations/conversation_accuracy" in scores


@pytest.fixture
def check_cli(cli_env):
    """``python -m eval check ARGS`` in a subprocess (network guard on, the session's cache)."""

    def run(args: list[str]) -> subprocess.CompletedProcess:
        result = subprocess.run([PYTHON, "-m", "eval", "check", *args], cwd=ROOT, env=cli_env(), capture_output=True,
                                text=True, encoding="utf-8", timeout=120)
        assert "BLOCKED NETWORK" not in result.stderr
        return result

    return run


def test_eval_check_exits_non_zero_when_a_score_is_lowered(check_cli, tmp_path: Path) -> None:
    reference = load_reference(REFERENCE)
    run = run_from_scores(reference["scores"])
    good = tmp_path / "good.json"
    good.write_text(json.dumps(run), encoding="utf-8")
    result = check_cli(["--run", str(good)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "regressed" not in result.stdout

    lowered = copy.deepcopy(run)
    lowered["datasets"]["notices"]["systems"]["ours"]["metrics"]["answer_accuracy"] -= 0.05
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(lowered), encoding="utf-8")
    result = check_cli(["--run", str(bad)])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL  notices/answer_accuracy" in result.stdout and "1 regressed" in result.stdout
    # a wider tolerance lets the same drop through
    assert check_cli(["--run", str(bad), "--tolerance", "0.06"]).returncode == 0


def test_eval_check_update_writes_a_reference(check_cli, tmp_path: Path) -> None:
    run = tmp_path / "run.json"
    run.write_text(json.dumps(run_from_scores(SCORES)), encoding="utf-8")
    ref = tmp_path / "ref.json"
    result = check_cli(["--run", str(run), "--reference", str(ref), "--update"])
    assert result.returncode == 0, result.stderr
    assert json.loads(ref.read_text(encoding="utf-8"))["scores"] == SCORES
    assert check_cli(["--run", str(tmp_path / "none.json")]).returncode == 2
