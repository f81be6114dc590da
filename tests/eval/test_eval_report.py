"""eval.report and eval.charts: a self-contained page with tables, SVG charts and every failed item."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eval import charts
from eval.report import load_runs, render_html, render_markdown, write_report
from eval.runner import summarize
from eval.scoring import ItemResult

pytestmark = pytest.mark.unit


def result(id_: str, correct: bool, answerable: bool = True, abstained: bool = False, kind: str = "fee",
           rank: int | None = 1, latency: float = 50.0, unfaithful: list[str] | None = None) -> ItemResult:
    return ItemResult(
        id=id_, question=f"问题 {id_} 评审费多少？", kind=kind, answerable=answerable, source="000.txt" if answerable else None,
        retrieved=[{"id": "p1", "notice_id": "000", "section": "六、有关事项", "score": 0.9, "found_by": ["vector"],
                    "snippet": "申报职称评审费300元/人"}],
        support_rank=rank if answerable else None, answer="评审费500元 [1]" if not correct else "300元/人 [1]",
        citations=[], abstained=abstained, correct=correct, citation_supported=correct, latency_ms=latency,
        unfaithful=unfaithful or [], expected_must=[["300"]] if answerable else [], expected_evidence=["300元/人"],
    )


def fake_run() -> dict:
    ours = [result("q1", True), result("q2", False, rank=3, unfaithful=["500元"]),
            result("q3", False, answerable=False, abstained=True, kind="unanswerable", latency=5.0)]
    base = [result("q1", True), result("q2", True), result("q3", False, answerable=False, kind="unanswerable")]
    systems = {name: {**summarize(rs), "results": [r.model_dump() for r in rs]} for name, rs in (("ours", ours), ("baseline", base))}
    col = {"n": 3, "n_changed": 3, "left_out": 0, "ours": systems["ours"]["metrics"], "ours_plain": systems["ours"]["metrics"],
           "ours_broken": [{"id": "q1", "question": "原题", "perturbed": "原題", "answer": "x", "abstained": False}],
           "baseline": systems["baseline"]["metrics"], "baseline_plain": systems["baseline"]["metrics"], "baseline_broken": []}
    return {"created": "2024-06-15T00:00:00+00:00", "git": "abc123", "wall_seconds": 12.3, "systems": {"ours": "o", "baseline": "b"},
            "perturbations": ["typo"], "conversation_mode": {"ours": "history"},
            "datasets": {"dev": {"kind": "questions", "n": 3, "systems": systems, "robustness": {"typo": col}}},
            "eligibility": {"status": "skipped", "note": "assistant.eligibility is not importable"}}


def test_html_is_self_contained_with_tables_charts_and_failures() -> None:
    html = render_html(fake_run())
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html
    assert not re.search(r"""(src|href)=["']?https?://""", html)  # nothing fetched from elsewhere
    assert html.count("<svg") >= 4  # per-kind, hit@k, latency, robustness
    assert "hit@k" in html and "延迟" in html and "错别字" in html
    # every failed item of ours, with its question, retrieval, answer and expected facts
    assert "问题 q2 评审费多少？" in html and "申报职称评审费300元/人" in html and "（300）" in html and "证据排名 3" in html
    assert "原题 → <b>原題</b>" in html  # the robustness column lists what a perturbation broke
    assert "baseline 答对而 ours 答错的题：1" in html
    assert "引用中找不到：500元" in html and "未评分" in html


def test_markdown_has_the_score_table_and_failures() -> None:
    md = render_markdown(fake_run())
    assert "| dev | ours | 3 |" in md and "| dev | baseline | 3 |" in md
    assert "## 鲁棒性" in md and "`q2`" in md and "`q3`" not in md  # q3 abstained, as it should


def test_single_eval_run_reports_merge(tmp_path: Path) -> None:
    run = fake_run()
    single = {"dataset": "x.jsonl", "docs": [], "mode": "hybrid", **{k: v for k, v in run["datasets"]["dev"]["systems"]["ours"].items()}}
    (tmp_path / "mine.json").write_text(json.dumps(single), encoding="utf-8")
    (tmp_path / "all.json").write_text(json.dumps(run), encoding="utf-8")
    merged = load_runs([tmp_path / "all.json", tmp_path / "mine.json"])
    assert list(merged["datasets"]) == ["dev", "mine"]
    html, md = write_report(merged, tmp_path / "out")
    assert html.read_text(encoding="utf-8").count("<svg") >= 4 and md.is_file()


def test_charts_are_svg_with_labels() -> None:
    bars = charts.grouped_bars("正确率", ["fee", "rule"], {"ours": [0.9, None], "baseline": [0.3, 0.1]}, counts=[3, 4])
    assert bars.startswith("<svg") and bars.endswith("</svg>") and "fee (3)" in bars and "90" in bars
    line = charts.lines("hit@k", [1, 2, 3], {"ours": [0.5, 0.8, 0.9]})
    assert "<polyline" in line and "90%" in line
    hist = charts.histogram("延迟", {"ours": [10, 20, 30], "baseline": []}, marks={"ours": {"p50": 20}})
    assert "ours p50 20" in hist
    assert "no data" in charts.histogram("延迟", {"ours": []})
