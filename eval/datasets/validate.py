#!/usr/bin/env python3
"""Validate a question set (JSONL) against the notices it cites.

Usage:
    python3 eval/datasets/validate.py eval/datasets/notices.jsonl [--notices-dir DIR ...]

Checks (stdlib only):
  * every line is a JSON object with exactly the FORMAT.md fields
    (id, question, answerable, source, evidence, answer_must, kind) plus `phrasing`, and optionally
    `about` (the notice an unanswerable question asks about: the unit leave-one-notice-out leaves out);
  * field types; unique ids ("nt-001" style); kind / phrasing from the allowed sets;
  * answerable items: `source` names a notice found in one of the notice folders,
    1-3 evidence strings (6-30 characters after normalisation), each occurring verbatim
    in the source notice; every answer_must inner list has at least one string occurring
    in the source notice.  For kind "comparison" (two notices) an evidence / answer string
    may come from any notice, but at least one evidence string must come from `source`;
  * unanswerable / out_of_scope items: answerable=false, source=null, evidence=[],
    answer_must=[];
  * light phrasing checks (english has Latin words, traditional has traditional-only
    characters, no_city names no region), no duplicate questions, no copies of dev questions.
Matching uses the scorer's normalisation: Unicode NFKC, then all whitespace removed.
Prints counts per kind, phrasing and source; exits 1 when any error is found.
"""
from __future__ import annotations

import argparse
import collections
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

FIELDS = ["id", "question", "answerable", "source", "evidence", "answer_must", "kind", "phrasing"]
OPTIONAL = ["about"]
ANSWERABLE_KINDS = {"deadline", "fee", "contact", "materials", "rule", "table", "comparison"}
ABSTAIN_KINDS = {"unanswerable", "out_of_scope"}
PHRASINGS = {"standard", "colloquial", "typo", "traditional", "no_city", "english"}
ID_RE = re.compile(r"^nt-\d{3,}$")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_NOTICE_DIRS = [Path("/work/shared/notices"), REPO / "knowledge" / "notices"]
DEV_SET = Path("/work/shared/eval/dev.jsonl")

# Characters that only exist in traditional script (their simplified forms differ).
TRADITIONAL_ONLY = set(
    "職稱評審報費時間網紙質連雲錫區鎮屬繼續學電話幾麼嗎證書業專術資歷幫這個還會級經濟"
    "農機揚陽黨設計圖單裡與環題號請從實際調歲參寫關須應該辦聯絡郵遞驗務處員裝訂"
    "補傳檔復軟體數據門當後層療衛類輕紡織結項說覈議們對開條來"
)
# Region names that a no_city question must not contain.
REGIONS = [
    "南通", "连云港", "連雲港", "锡山", "錫山", "无锡", "無錫", "镇江", "鎮江", "新疆", "乌鲁木齐",
    "丹阳", "丹陽", "句容", "扬中", "揚中", "丹徒", "京口", "润州", "潤州", "经开区", "經開區", "海门", "海門",
    "江苏", "江蘇", "自治区", "自治區", "我市", "我区", "我區",
    "nantong", "lianyungang", "xishan", "wuxi", "zhenjiang", "xinjiang", "jiangsu", "danyang", "jurong", "yangzhong",
]


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


def load_notices(dirs: list[Path]) -> dict[str, str]:
    notices: dict[str, str] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.glob("*.txt")):
            notices.setdefault(p.name, norm(p.read_text(encoding="utf-8")))
    return notices


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--notices-dir", type=Path, action="append", default=[],
                    help="extra folder with notice .txt files (searched before the defaults)")
    ap.add_argument("--quiet-warnings", action="store_true")
    args = ap.parse_args()

    notices = load_notices(args.notices_dir + DEFAULT_NOTICE_DIRS)
    if not notices:
        print("error: no notices found in " + ", ".join(map(str, args.notices_dir + DEFAULT_NOTICE_DIRS)))
        return 1

    dev_questions = set()
    if DEV_SET.is_file():
        for line in DEV_SET.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    dev_questions.add(norm(json.loads(line)["question"]))
                except (ValueError, KeyError, TypeError):
                    pass

    errors: list[str] = []
    warnings: list[str] = []
    ids: set[str] = set()
    questions: dict[str, str] = {}
    by_kind: collections.Counter = collections.Counter()
    by_phrasing: collections.Counter = collections.Counter()
    by_source: collections.Counter = collections.Counter()
    by_kind_phrasing: collections.Counter = collections.Counter()
    n = 0

    lines = args.path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            errors.append(f"line {lineno}: empty line")
            continue
        where = f"line {lineno}"
        try:
            item = json.loads(line)
        except ValueError as e:
            errors.append(f"{where}: invalid JSON ({e})")
            continue
        if not isinstance(item, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        n += 1
        keys = list(item.keys())
        if set(keys) - set(OPTIONAL) != set(FIELDS):
            missing = [f for f in FIELDS if f not in item]
            extra = [k for k in keys if k not in FIELDS + OPTIONAL]
            errors.append(f"{where}: fields mismatch (missing {missing}, extra {extra})")
            continue
        iid = item["id"]
        where = f"line {lineno} ({iid})"

        # --- types -----------------------------------------------------------------
        bad = False
        if not isinstance(iid, str) or not ID_RE.match(iid):
            errors.append(f"{where}: id must be a string like 'nt-001'")
            bad = True
        if not isinstance(item["question"], str) or not item["question"].strip():
            errors.append(f"{where}: question must be a non-empty string")
            bad = True
        if not isinstance(item["answerable"], bool):
            errors.append(f"{where}: answerable must be a bool")
            bad = True
        if not (item["source"] is None or isinstance(item["source"], str)):
            errors.append(f"{where}: source must be a string or null")
            bad = True
        ev = item["evidence"]
        if not isinstance(ev, list) or not all(isinstance(e, str) and e.strip() for e in ev):
            errors.append(f"{where}: evidence must be a list of non-empty strings")
            bad = True
        am = item["answer_must"]
        if not isinstance(am, list) or not all(
            isinstance(inner, list) and inner and all(isinstance(s, str) and s.strip() for s in inner)
            for inner in am
        ):
            errors.append(f"{where}: answer_must must be a list of non-empty lists of non-empty strings")
            bad = True
        kind, phr = item["kind"], item["phrasing"]
        if kind not in ANSWERABLE_KINDS | ABSTAIN_KINDS:
            errors.append(f"{where}: unknown kind {kind!r}")
            bad = True
        if phr not in PHRASINGS:
            errors.append(f"{where}: unknown phrasing {phr!r}")
            bad = True
        if bad:
            continue

        if iid in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(iid)
        q = item["question"]
        nq = norm(q)
        if nq in questions:
            errors.append(f"{where}: duplicate question (also {questions[nq]})")
        questions.setdefault(nq, iid)
        if nq in dev_questions:
            errors.append(f"{where}: question copied from the dev set")
        else:
            for dq in dev_questions:
                r = difflib.SequenceMatcher(None, nq, dq).ratio()
                if r >= 0.8:
                    warnings.append(f"{where}: question is close to a dev question ({r:.2f}): {dq}")
                    break

        by_kind[kind] += 1
        by_phrasing[phr] += 1
        by_source[item["source"] or "(none)"] += 1
        by_kind_phrasing[(kind, phr)] += 1

        # --- phrasing heuristics -------------------------------------------------------
        if phr == "english":
            if len(re.findall(r"[A-Za-z]{2,}", q)) < 4:
                errors.append(f"{where}: english question has too few English words")
        elif phr == "traditional":
            if not any(c in TRADITIONAL_ONLY for c in q):
                errors.append(f"{where}: traditional question has no traditional-only characters")
        elif phr == "no_city":
            hit = [r for r in REGIONS if r in q or r in q.lower()]
            if hit:
                errors.append(f"{where}: no_city question names a region {hit}")

        # --- answerable / abstain structure ----------------------------------------------
        if kind in ABSTAIN_KINDS:
            if item["answerable"] is not False:
                errors.append(f"{where}: kind {kind} must have answerable=false")
            if item["source"] is not None or ev or am:
                errors.append(f"{where}: unanswerable items need source=null, evidence=[], answer_must=[]")
            continue
        if item["answerable"] is not True:
            errors.append(f"{where}: kind {kind} must have answerable=true")
            continue
        src = item["source"]
        if src not in notices:
            errors.append(f"{where}: source {src!r} not found in the notice folders")
            continue
        if not 1 <= len(ev) <= 3:
            errors.append(f"{where}: evidence must hold 1-3 strings (has {len(ev)})")
        if not am:
            errors.append(f"{where}: answer_must is empty")
        src_text = notices[src]
        pool = list(notices.values()) if kind == "comparison" else [src_text]

        ev_in_src = False
        for e in ev:
            ne = norm(e)
            if not 6 <= len(ne) <= 30:
                errors.append(f"{where}: evidence {e!r} has {len(ne)} characters (want 6-30)")
            if ne in src_text:
                ev_in_src = True
            elif not any(ne in t for t in pool):
                errors.append(f"{where}: evidence {e!r} not found in {src}"
                              + (" or any notice" if kind == "comparison" else ""))
            n_docs = sum(ne in t for t in notices.values())
            if n_docs > 1 and kind != "comparison":
                warnings.append(f"{where}: evidence {e!r} occurs in {n_docs} notices (not distinctive)")
            if n_docs == 1 and src_text.count(ne) > 3 and kind != "table":
                warnings.append(f"{where}: evidence {e!r} occurs {src_text.count(ne)} times in {src}")
        if ev and not ev_in_src:
            errors.append(f"{where}: no evidence string occurs in the source notice {src}")

        for inner in am:
            if not any(norm(s) in t for s in inner for t in pool):
                errors.append(f"{where}: no string of answer_must {inner} occurs in "
                              + ("any notice" if kind == "comparison" else src))
            for s in inner:
                if len(norm(s)) < 2:
                    warnings.append(f"{where}: answer string {s!r} is very short")

    # --- report ----------------------------------------------------------------------------
    def show(title: str, counter: collections.Counter) -> None:
        print(f"{title}:")
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {k:<28} {v}")

    print(f"file: {args.path}  items: {n}")
    n_abstain = sum(by_kind[k] for k in ABSTAIN_KINDS)
    if n:
        print(f"answerable: {n - n_abstain}  unanswerable+out_of_scope: {n_abstain} ({100 * n_abstain / n:.1f}%)")
    show("per kind", by_kind)
    show("per phrasing", by_phrasing)
    show("per source", by_source)
    if warnings and not args.quiet_warnings:
        print(f"warnings ({len(warnings)}):")
        for w in warnings:
            print("  " + w)
    if errors:
        print(f"ERRORS ({len(errors)}):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
