"""Eligibility cases: the assessment's verdict and reasons (rule ids) against YAML cases.

The engine lives in ``assistant.eligibility`` (built separately). It is probed at run time: when the
package cannot be imported, or offers no assessment function, the suite records ``skipped`` with
the reason and scores nothing. Found by name, in the package or its direct submodules:

* a service object first: ``EligibilityService()`` (or ``Service`` / ``Assessor`` / ``Engine`` …,
  built with no arguments) whose ``handle(text)`` / ``assess_text(text)`` is the text path and whose
  ``assess(profile)`` is the structured path;
* else module functions: ``assess`` / ``assess_profile`` / ``evaluate`` / ``check_eligibility`` taking
  the profile alone, and ``assess_text``, or ``parse_profile`` / ``parse_text`` followed by ``assess``.

A profile dict is validated into the parameter's pydantic model (or ``Profile`` …) first. A case's
``today`` is passed to callables that take ``today``. An assessment (or the first element of a tuple
that has one) is read as ``verdict`` (string or enum) and ``reasons`` whose items carry ``rule_id``
(or ``rule`` / ``id``), as attributes or keys.

Case files (YAML; a file or a folder of them): a list of cases, or ``{cases: [...]}``, each with
``id`` (or ``name``), ``text`` and/or ``profile`` (or ``input``), optionally ``today`` (a file may set
``today`` for all its cases), and the expectation either at the top or under ``expected`` /
``expect`` / ``output``: ``verdict`` (one string, or a list of acceptable ones) and ``rule_ids`` (or
``rules``; rule ids the reasons must include).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

ASSESS = ("assess", "assess_profile", "evaluate", "check_eligibility")
TEXT = ("handle", "assess_text", "assess_description")
PARSE = ("parse_text", "parse_profile", "extract_profile")
CLASSES = ("EligibilityService", "Service", "Assessor", "EligibilityEngine", "Engine", "EligibilityAssessor")
SCHEMAS = ("Profile", "ApplicantProfile", "EligibilityInput", "Applicant", "AssessmentInput")
VERDICT_ALIASES = {"not_eligible": ("ineligible",), "needs_info": ("needs_information", "need_info", "needs_more_info")}


class Case(BaseModel):
    id: str
    file: str = ""
    text: str | None = None
    profile: dict | None = None
    today: date | None = None
    verdicts: list[str] = Field(description="acceptable verdicts")
    rule_ids: list[str] = Field(default_factory=list)


class CaseResult(BaseModel):
    id: str
    file: str
    path: str = Field(description="profile or text")
    input: str
    expected: list[str]
    verdict: str | None
    verdict_ok: bool
    expected_rules: list[str]
    rules: list[str]
    rules_ok: bool | None
    error: str | None = None


# ------------------------------------------------------------------------------------- cases


def load_cases(paths: list[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in paths:
        files = sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]) if path.is_dir() else [path]
        for f in files:
            cases += _cases_of(yaml.safe_load(f.read_text(encoding="utf-8")), f)
    return cases


def _cases_of(data, f: Path) -> list[Case]:
    today = data.get("today") if isinstance(data, dict) else None
    if isinstance(data, dict):
        data = data.get("cases", [dict(v, id=k) if isinstance(v, dict) else v for k, v in data.items()])
    out = []
    for n, raw in enumerate(data or [], 1):
        if not isinstance(raw, dict):
            continue
        expect = next((raw[k] for k in ("expected", "expect", "output") if isinstance(raw.get(k), dict)), raw)
        verdict = expect.get("verdict")
        if verdict is None:
            continue
        profile = raw.get("profile", raw.get("input"))
        out.append(Case(
            id=str(raw.get("id") or raw.get("name") or f"{f.stem}-{n}"),
            file=f.name,
            text=raw.get("text") or (profile.get("text") if isinstance(profile, dict) else None),
            profile=({k: v for k, v in profile.items() if k != "text"} or None) if isinstance(profile, dict) else None,
            today=raw.get("today", today),
            verdicts=[normalize_verdict(v) for v in (verdict if isinstance(verdict, list) else [verdict])],
            rule_ids=[_rule_id(r) for r in expect.get("rule_ids", expect.get("rules", [])) or []],
        ))
    return out


def normalize_verdict(value) -> str:
    if isinstance(value, Enum):
        value = value.value
    v = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    for canonical, aliases in VERDICT_ALIASES.items():
        if v in aliases:
            return canonical
    return v


def _get(obj, *names):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return None


def _rule_id(reason) -> str:
    if isinstance(reason, str):
        return reason
    value = _get(reason, "rule_id", "rule", "id")
    return _rule_id(value) if value is not None and not isinstance(value, (str, int)) else str(value)


# ------------------------------------------------------------------------------------- engine


class Engine:
    """Adapter over whatever ``assistant.eligibility`` offers."""

    def __init__(self, assess: Callable | None, text: Callable | None, parse: Callable | None, schema) -> None:
        self._assess, self._text, self._parse, self._schema = assess, text, parse, schema

    @property
    def paths(self) -> list[str]:
        return [p for p, f in (("profile", self._assess), ("text", self._text or (self._parse and self._assess))) if f]

    def assess_profile(self, profile: dict, today: date | None = None):
        if self._assess is None:
            raise RuntimeError("no structured assessment function")
        arg = self._schema.model_validate(profile) if self._schema is not None else profile
        return _assessment(_call(self._assess, arg, today))

    def assess_text(self, text: str, today: date | None = None):
        if self._text is not None:
            return _assessment(_call(self._text, text, today))
        if self._parse is not None and self._assess is not None:
            return _assessment(_call(self._assess, _call(self._parse, text, today), today))
        raise RuntimeError("no text assessment function")


def _call(f: Callable, arg, today: date | None):
    try:
        takes_today = "today" in inspect.signature(f).parameters
    except (TypeError, ValueError):
        takes_today = False
    return f(arg, today=today) if takes_today and today is not None else f(arg)


def _assessment(result):
    """The assessment itself when a call returns it with other things (``(assessment, profile)``)."""
    if isinstance(result, (tuple, list)):
        return next((r for r in result if _get(r, "verdict") is not None), result[0] if result else None)
    return result


def probe(module_name: str = "assistant.eligibility") -> tuple[Engine | None, str]:
    """The engine, or None and why not."""
    try:
        package = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
        return None, f"{module_name} is not importable ({type(exc).__name__}: {exc})"
    modules = [package]
    for info in pkgutil.iter_modules(getattr(package, "__path__", []) or []):
        try:
            modules.append(importlib.import_module(f"{module_name}.{info.name}"))
        except Exception:  # noqa: BLE001 - a broken submodule is skipped
            continue
    service = _service(modules)
    if service is not None:
        assess, text = _method(service, ASSESS), _method(service, TEXT)
        parse = None
    else:
        assess = _find(modules, ASSESS, single_argument=True)
        text, parse = _find(modules, TEXT), _find(modules, PARSE)
    if assess is None and text is None:
        return None, f"{module_name} has no usable assessment function (looked for {', '.join(ASSESS + TEXT)})"
    found = (("assess", assess), ("text", text), ("parse", parse))
    return Engine(assess, text, parse, _schema(assess, modules)), f"{module_name}: " + ", ".join(
        f"{k}={getattr(f, '__qualname__', f)}" for k, f in found if f)


def _find(modules, names, single_argument: bool = False) -> Callable | None:
    for name in names:
        for m in modules:
            f = getattr(m, name, None)
            if callable(f) and not inspect.isclass(f) and (not single_argument or _required(f) <= 1):
                return f
    return None


def _required(f: Callable) -> int:
    try:
        return sum(1 for p in inspect.signature(f).parameters.values()
                   if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    except (TypeError, ValueError):
        return 1


def _service(modules):
    for cls_name in CLASSES:
        for m in modules:
            cls = getattr(m, cls_name, None)
            if inspect.isclass(cls):
                try:
                    obj = cls()
                except Exception:  # noqa: BLE001 - needs arguments we cannot guess
                    continue
                if _method(obj, ASSESS + TEXT) is not None:
                    return obj
    return None


def _method(obj, names) -> Callable | None:
    return next((getattr(obj, n) for n in names if callable(getattr(obj, n, None))), None)


def _schema(assess: Callable | None, modules):
    if assess is not None:
        try:
            params = list(inspect.signature(assess).parameters.values())
            ann = params[0].annotation if params else None
            if inspect.isclass(ann) and issubclass(ann, BaseModel):
                return ann
        except (TypeError, ValueError):
            pass
    for name in SCHEMAS:
        for m in modules:
            cls = getattr(m, name, None)
            if inspect.isclass(cls) and issubclass(cls, BaseModel):
                return cls
    return None


# ------------------------------------------------------------------------------------- scoring


def score_case(engine: Engine, case: Case) -> list[CaseResult]:
    out = []
    for path, value in (("profile", case.profile), ("text", case.text)):
        if value is None or path not in engine.paths:
            continue
        verdict, rules, error = None, [], None
        try:
            result = (engine.assess_profile(value, case.today) if path == "profile"
                      else engine.assess_text(value, case.today))
            verdict = normalize_verdict(_get(result, "verdict"))
            rules = [_rule_id(r) for r in (_get(result, "reasons", "rules") or [])]
        except Exception as exc:  # noqa: BLE001 - an engine error is a failed case, not a crashed suite
            error = f"{type(exc).__name__}: {exc}"
        out.append(CaseResult(
            id=case.id, file=case.file, path=path, input=value if isinstance(value, str) else yaml.safe_dump(
                value, allow_unicode=True, sort_keys=False).strip(),
            expected=case.verdicts, verdict=verdict, verdict_ok=verdict in case.verdicts,
            expected_rules=case.rule_ids, rules=rules,
            rules_ok=(set(case.rule_ids) <= set(rules)) if case.rule_ids else None, error=error,
        ))
    return out


def eligibility_metrics(results: list[CaseResult]) -> dict:
    def share(rows, pred):
        return round(sum(1 for r in rows if pred(r)) / len(rows), 4) if rows else None

    with_rules = [r for r in results if r.rules_ok is not None]
    return {
        "n": len(results),
        "verdict_accuracy": share(results, lambda r: r.verdict_ok),
        "reason_accuracy": share(with_rules, lambda r: r.rules_ok),
        "n_with_rules": len(with_rules),
        "profile_verdict_accuracy": share([r for r in results if r.path == "profile"], lambda r: r.verdict_ok),
        "text_verdict_accuracy": share([r for r in results if r.path == "text"], lambda r: r.verdict_ok),
        "errors": sum(1 for r in results if r.error),
    }


def run_eligibility(paths: list[Path], module_name: str = "assistant.eligibility") -> dict:
    """Score every case of ``paths``; ``status`` is ``skipped`` (with ``note``) when there is no engine."""
    existing = [p for p in paths if p.exists()]
    cases = load_cases(existing)
    engine, note = probe(module_name)
    base = {"case_files": [str(p) for p in existing], "n_cases": len(cases), "note": note}
    if engine is None:
        return {"status": "skipped", **base}
    if not cases:
        return {"status": "skipped", **base, "note": note + "; no cases found"}
    results = [r for case in cases for r in score_case(engine, case)]
    return {"status": "ok", **base, "metrics": eligibility_metrics(results),
            "by_file": {f: eligibility_metrics([r for r in results if r.file == f]) for f in sorted({r.file for r in results})},
            "results": [r.model_dump() for r in results]}
