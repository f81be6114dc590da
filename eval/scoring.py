"""Scoring as defined in ../shared/eval/FORMAT.md (NFKC, whitespace removed, on both sides).

Besides the FORMAT.md scores, ``metrics`` reports ``faithfulness`` (share of the answers given —
not abstained — in which every date, amount, phone, e-mail, count and address occurs in a cited
passage; see eval/faithfulness.py), ``hit_at_k`` (hit@1 … hit@10), latency percentiles, and the
yes/no verdicts: the verdict an answer states (``Answer.verdict``, shown as a bold 可以 / 不可以 /
需要 / 不需要) against the verdict labelled for the question in ``datasets/verdicts.jsonl``
(``answer_must`` cannot tell them apart: the quote after a wrong 可以 holds the words a right 不可以
would).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from statistics import mean
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import YesNo

_WS = re.compile(r"\s+")
VERDICTS = Path(__file__).resolve().parent / "datasets" / "verdicts.jsonl"
Verdict = Literal["yes", "no", "depends"]
HIT_KS = list(range(1, 11))  # the hit@k curve: k = 1 … 10 (support_rank is searched to depth 10)


class Item(BaseModel):
    id: str
    question: str
    answerable: bool
    source: str | None = None
    evidence: list[str] = Field(default_factory=list)
    answer_must: list[list[str]] = Field(default_factory=list)
    kind: str = "other"
    phrasing: str | None = None
    about: str | None = Field(default=None, description="the notice the question is about (unanswerable ones too)")
    conversation: str | None = Field(default=None, description="id of the conversation a turn belongs to")
    turn: int | None = Field(default=None, description="1-based position of the turn in its conversation")
    follow_up: bool = Field(default=False, description="the turn needs the earlier turns to be understood")
    verdict: Verdict | None = Field(default=None, description="a yes/no question's right verdict (datasets/verdicts.jsonl)")


class ItemResult(BaseModel):
    id: str
    question: str
    kind: str
    answerable: bool
    source: str | None
    retrieved: list[dict]
    support_rank: int | None = Field(description="1-based rank of the first passage containing evidence")
    answer: str
    direct: str = Field(default="", description="the short direct answer alone (bold facts or the governing sentence)")
    citations: list[dict]
    abstained: bool
    correct: bool
    direct_correct: bool = Field(default=False, description="answer_must holds on the direct answer alone")
    confidence: float | None = Field(default=None, description="the answer's calibrated probability of being right")
    citation_supported: bool
    latency_ms: float
    phrasing: str | None = None
    unfaithful: list[str] = Field(default_factory=list, description="facts of the answer no cited passage holds")
    conversation: str | None = None
    turn: int | None = None
    follow_up: bool = False
    expected_must: list[list[str]] = Field(default_factory=list, description="the item's answer_must")
    expected_evidence: list[str] = Field(default_factory=list, description="the item's evidence")
    llm: dict | None = Field(default=None, description="the answer's LLMOutcome, when a model was asked")
    verdict_expected: Verdict | None = Field(default=None, description="the item's labelled verdict")
    verdict_given: YesNo | None = Field(default=None, description="the verdict the answer states")


def norm(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def load_items(path: Path, verdicts: Path = VERDICTS) -> list[Item]:
    """The questions of a JSON-lines file, or of every ``*.jsonl`` file of a folder (one per notice),
    with the verdicts labelled for them (matched by id and wording)."""
    labels = _verdicts(verdicts)  # read once, also for a folder of many files
    parts = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return [item.model_copy(update={"verdict": labels.get((item.id, norm(item.question)))})
            for part in parts for item in _read_items(part)]


def _verdicts(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["id"], norm(r["question"])): r["verdict"] for r in rows}


def _read_items(path: Path) -> list[Item]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(Item.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: not a question item: {exc}") from exc
    return items


def supports(text: str, evidence: list[str]) -> bool:
    """The text holds one of the evidence strings. An evidence string with TABs is a table row as the
    notice's text has it: a passage holds it when it holds its cells in order (a chunked row reads
    "列名：值｜列名：值")."""
    t = norm(text)
    return any(_holds(t, e) for e in evidence if e)


def _holds(normed: str, evidence: str) -> bool:
    if norm(evidence) in normed:
        return True
    cells = [norm(c) for c in evidence.split("\t") if norm(c)]
    if len(cells) < 2:
        return False
    at = 0
    for cell in cells:
        at = normed.find(cell, at)
        if at < 0:
            return False
        at += len(cell)
    return True


def answer_ok(answer: str, must: list[list[str]]) -> bool:
    a = norm(answer)
    return all(any(norm(alt) in a for alt in group) for group in must)


def support_rank(texts: list[str], evidence: list[str], depth: int = 10) -> int | None:
    for rank, text in enumerate(texts[:depth], 1):
        if supports(text, evidence):
            return rank
    return None


def metrics(results: list[ItemResult]) -> dict[str, float | int | None]:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]

    def share(rows, pred):
        return round(mean(1.0 if pred(r) else 0.0 for r in rows), 4) if rows else None

    latencies = sorted(r.latency_ms for r in results)
    answered = [r for r in results if not r.abstained]
    wrong = [r for r in answered if not r.correct]
    curve = [share(answerable, lambda r, k=k: r.support_rank is not None and r.support_rank <= k) for k in HIT_KS]
    return {
        "n": len(results),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "hit@1": share(answerable, lambda r: r.support_rank == 1),
        "hit@5": share(answerable, lambda r: r.support_rank is not None and r.support_rank <= 5),
        "mrr": round(mean((1 / r.support_rank if r.support_rank else 0.0) for r in answerable), 4) if answerable else None,
        "answer_accuracy": share(answerable, lambda r: r.correct),
        "direct_accuracy": share(answerable, lambda r: r.direct_correct),
        "wrong_answer_rate": round(len(wrong) / len(answered), 4) if answered else None,
        "citation_support": share(answerable, lambda r: r.citation_supported),
        "abstention_accuracy": share(unanswerable, lambda r: r.abstained),
        "false_abstention": share(answerable, lambda r: r.abstained),
        "faithfulness": share(answered, lambda r: not r.unfaithful),
        **_verdict_scores(answered),
        "n_answered": len(answered),
        "hit_at_k": curve,
        "latency_p50_ms": _pct(latencies, 0.5),
        "latency_p95_ms": _pct(latencies, 0.95),
        "latency_mean_ms": round(mean(latencies), 1) if latencies else None,
        **_llm_counts(results),
        **bootstrap_intervals(results),
        "risk_coverage": risk_coverage(results),
    }


def _verdict_scores(answered: list[ItemResult]) -> dict[str, float | int | None]:
    """Over the answers given to questions labelled yes or no: the share whose verdict is the label
    (none given counts as not right), and among those giving one, the share giving the opposite."""
    judged = [r for r in answered if r.answerable and r.verdict_expected in ("yes", "no")]
    given = [r for r in judged if r.verdict_given]
    return {
        "n_yesno": len(judged),
        "yesno_accuracy": round(mean(float(r.verdict_given == r.verdict_expected) for r in judged), 4) if judged else None,
        "wrong_yesno_rate": round(mean(float(r.verdict_given != r.verdict_expected) for r in given), 4) if given else None,
    }


HEADLINE = {
    "answer_accuracy": (lambda r: r.answerable, lambda r: r.correct),
    "abstention_accuracy": (lambda r: not r.answerable, lambda r: r.abstained),
    "false_abstention": (lambda r: r.answerable, lambda r: r.abstained),
    "wrong_answer_rate": (lambda r: not r.abstained, lambda r: not r.correct),
}


def bootstrap_intervals(results: list[ItemResult], rounds: int = 1000, seed: int = 7) -> dict[str, list[float]]:
    """95% percentile-bootstrap intervals of the headline shares (``<name>_ci``), items resampled."""
    import random

    rng = random.Random(seed)
    out: dict[str, list[float]] = {}
    for name, (over, hit) in HEADLINE.items():
        flags = [1.0 if hit(r) else 0.0 for r in results if over(r)]
        if len(flags) < 2:
            continue
        shares = sorted(mean(rng.choices(flags, k=len(flags))) for _ in range(rounds))
        out[f"{name}_ci"] = [round(shares[int(0.025 * rounds)], 4), round(shares[int(0.975 * rounds) - 1], 4)]
    return out


def risk_coverage(results: list[ItemResult], points: int = 20) -> list[dict[str, float]] | None:
    """Answers kept when only those at or above a confidence are given: (threshold, coverage = share of
    questions answered, risk = share of the answers given that are wrong). None without confidences."""
    scored = sorted((r for r in results if r.confidence is not None and not r.abstained), key=lambda r: -(r.confidence or 0))
    if not scored or not results:
        return None
    curve, step = [], max(1, len(scored) // points)
    for k in range(step, len(scored) + step, step):
        kept = scored[:k]
        wrong = sum(1 for r in kept if not r.correct)
        curve.append({"threshold": round(kept[-1].confidence or 0.0, 4), "coverage": round(len(kept) / len(results), 4),
                      "risk": round(wrong / len(kept), 4)})
    return curve


def _llm_counts(results: list[ItemResult]) -> dict[str, int]:
    """With a language model configured: how often it was asked, shown, and refused (none otherwise)."""
    asked = [r.llm for r in results if r.llm]
    if not asked:
        return {}
    shown = sum(1 for o in asked if o["used"])
    return {"llm_asked": len(asked), "llm_shown": shown, "llm_refused": len(asked) - shown}


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
