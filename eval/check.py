"""``python -m eval check``: the regression gate against ``eval/reference_scores.json``.

The gated scores are ours (never the baseline's): per dataset the FORMAT.md scores and faithfulness,
the answer accuracy under each perturbation, conversation scores, and eligibility accuracy. A score
fails when it is more than ``tolerance`` (absolute, 0.02 = two points) below its reference — above,
for the lower-is-better ``false_abstention`` and ``wrong_answer_rate``. The remove-one-fact abstention
(``eval/removal.py``) is gated per dataset too. A reference score missing from the run fails too (a
dataset silently dropped is a regression). Latency is reported, never gated (it depends on the machine).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference_scores.json"
DEFAULT_TOLERANCE = 0.02
GATED = ["hit@1", "hit@5", "mrr", "answer_accuracy", "direct_accuracy", "citation_support", "abstention_accuracy",
         "false_abstention", "wrong_answer_rate", "faithfulness", "fact_removal_abstention", "yesno_accuracy",
         "wrong_yesno_rate"]
ROBUSTNESS_GATED = ["answer_accuracy", "abstention_accuracy"]
LOWER_IS_BETTER = {"false_abstention", "wrong_answer_rate", "wrong_yesno_rate"}


def gated_scores(run: dict) -> dict[str, float]:
    """The run's gated scores, flat: ``dataset/metric``, ``dataset/robustness/typo/answer_accuracy`` …"""
    out: dict[str, float] = {}
    for name, ds in run.get("datasets", {}).items():
        ours = ds.get("systems", {}).get("ours")
        if not ours:
            continue
        for k in GATED:
            _put(out, f"{name}/{k}", ours["metrics"].get(k))
        conv = ours.get("conversation")
        if conv:
            _put(out, f"{name}/conversation_accuracy", conv.get("conversation_accuracy"))
            _put(out, f"{name}/follow-up/answer_accuracy", conv["by_turn"]["follow-up"].get("answer_accuracy"))
        for p, col in ds.get("robustness", {}).items():
            for k in ROBUSTNESS_GATED:
                _put(out, f"{name}/robustness/{p}/{k}", (col.get("ours") or {}).get(k))
    e = run.get("eligibility") or {}
    if e.get("status") == "ok":
        for k in ("verdict_accuracy", "reason_accuracy"):
            _put(out, f"eligibility/{k}", e["metrics"].get(k))
    return out


def _put(out: dict, key: str, value) -> None:
    if value is not None:
        out[key] = value


def lower_is_better(key: str) -> bool:
    return key.rsplit("/", 1)[-1] in LOWER_IS_BETTER


def compare(run: dict, reference: dict, tolerance: float | None = None) -> tuple[list[str], list[str]]:
    """(failures, notes): each a line saying which score, its reference, its value."""
    tol = reference.get("tolerance", DEFAULT_TOLERANCE) if tolerance is None else tolerance
    scores = gated_scores(run)
    failures, notes = [], []
    for key, ref in reference["scores"].items():
        value = scores.get(key)
        if value is None:
            failures.append(f"{key}: missing from the run (reference {ref:.4f})")
            continue
        worse = value - ref if lower_is_better(key) else ref - value
        if worse > tol + 1e-9:
            direction = "above" if lower_is_better(key) else "below"
            failures.append(f"{key}: {value:.4f} is {worse:.4f} {direction} the reference {ref:.4f} (tolerance {tol})")
        elif -worse > tol + 1e-9:
            notes.append(f"{key}: {value:.4f} better than the reference {ref:.4f}")
    notes += [f"{key}: {scores[key]:.4f} (not in the reference)" for key in scores if key not in reference["scores"]]
    return failures, notes


def reference_from(run: dict, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    return {
        "about": "Reference scores of ours for `python -m eval check` (eval/check.py). Regenerate with "
                 "`python -m eval check --run RUN.json --update` when a change is meant to move them.",
        "tolerance": tolerance,
        "lower_is_better": sorted(LOWER_IS_BETTER),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": run.get("git"),
        "scores": {k: round(v, 4) for k, v in sorted(gated_scores(run).items())},
    }


def load_reference(path: Path = REFERENCE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
