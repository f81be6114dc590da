"""The OpenFisca-style case files of ``tests/eligibility/cases/*.yaml``: profile in, verdict and rules out.

A file::

    today: 2024-06-01            # the day 今年 and unknown notices count from (default for its cases)
    cases:
      - name: 南通 本科 助工满4年 → 可以申报
        text: 我是本科毕业，2019年7月取得助理工程师……   # optional: the same case in the applicant's words
        input: {region: 南通, series: 冶金工程, target_title: 工程师, education: 本科, ...}   # Profile fields
        output:
          verdict: eligible       # eligible | not_eligible | not_yet | other_route | needs_info
          rules: [baseline.engineer.bachelor, cutoff.seniority]   # must be among the reasons
          absent: [training.hours]                                 # must not be
          route: 破格             # optional
          met_on: 2024-01-31      # optional (not_yet)
          years: {start: 2019-07, cutoff: 2023-12-31, met: true}   # optional, fields of YearsCount
          asks: [education]       # optional: Profile fields the blocking questions ask for
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from assistant.eligibility import Assessment, Profile

CASES_DIR = Path(__file__).resolve().parent / "cases"
DEFAULT_TODAY = date(2024, 6, 1)


@dataclass
class Case:
    file: str
    name: str
    input: dict
    output: dict
    today: date = DEFAULT_TODAY
    text: str | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"

    def profile(self) -> Profile:
        return Profile.model_validate(self.input)


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        today = data.get("today", DEFAULT_TODAY)
        for raw in data["cases"]:
            cases.append(Case(file=path.stem, today=raw.pop("today", today), **raw))
    return cases


def mismatches(case: Case, a: Assessment, verdict_only: bool = False) -> list[str]:
    """What in the assessment differs from the case's expected output ([] = the case passes)."""
    out, ids = case.output, a.rule_ids()
    problems = [] if a.verdict == out["verdict"] else [f"verdict {a.verdict} != {out['verdict']}"]
    if verdict_only:
        return problems
    problems += [f"missing rule {r}" for r in out.get("rules", []) if r not in ids]
    problems += [f"unexpected rule {r}" for r in out.get("absent", []) if r in ids]
    if "route" in out and a.route != out["route"]:
        problems.append(f"route {a.route} != {out['route']}")
    if "met_on" in out and a.met_on != out["met_on"]:
        problems.append(f"met_on {a.met_on} != {out['met_on']}")
    problems += _years(out.get("years"), a)
    asked = {f for q in a.questions if q.blocking for f in q.fields}
    problems += [f"does not ask for {f}" for f in out.get("asks", []) if f not in asked]
    return problems


def _years(expected: dict | None, a: Assessment) -> list[str]:
    if not expected:
        return []
    if a.years is None:
        return ["no years counted"]
    got = a.years.model_dump()
    return [f"years.{k} {got.get(k)!r} != {v!r}" for k, v in expected.items() if _norm(got.get(k)) != _norm(v)]


def _norm(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
