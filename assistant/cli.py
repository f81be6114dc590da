"""Command line: ingest notices, ask questions, list what is indexed.

    python -m assistant ingest PATH...      # files or folders; folders are synced
    python -m assistant ask "问题" [--notice ID] [--json]
    python -m assistant notices [--json]
    python -m assistant remove NOTICE_ID
    python -m assistant reindex             # rebuild with the configured embedding model
    python -m assistant assess --text "自我描述" [--profile FILE.yaml] [--notice ID] [--json]
    python -m assistant feedback [--format jsonl|csv|xlsx] [--out FILE]   # the page's ratings, with answers
    python -m assistant gaps [--days N] [--format json|csv|xlsx] [--out FILE]  # what the notices could not answer
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tqdm import tqdm

from assistant.models import IngestResult

_STATUS = {"added": "新增", "updated": "已更新", "unchanged": "未变化", "removed": "已移除",
           "duplicate": "重复，跳过", "error": "失败"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if args.func is _assess:  # rules only: no index, no embedding model
        return _assess(None, args)
    if args.func is _feedback:  # the feedback database only
        return _feedback(None, args)
    from assistant.index.chroma import StoreUnavailableError
    from assistant.index.store import ModelMismatchError
    from assistant.pipeline import Assistant

    try:
        assistant = Assistant()
        return args.func(assistant, args)
    except (ModelMismatchError, StoreUnavailableError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="职称政策助手")
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("ingest", help="index notice files or folders (PDF, DOCX, HTML, TXT)")
    p.add_argument("paths", nargs="+", type=Path)
    p.set_defaults(func=_ingest)
    p = sub.add_parser("ask", help="ask a question")
    p.add_argument("question")
    p.add_argument("--notice", help="limit the answer to one notice id")
    p.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    p.set_defaults(func=_ask)
    p = sub.add_parser("notices", help="list the indexed notices")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_notices)
    p = sub.add_parser("remove", help="remove a notice from the index")
    p.add_argument("notice_id")
    p.set_defaults(func=_remove)
    p = sub.add_parser("reindex", help="drop the index and rebuild it from the bundled notices")
    p.add_argument("paths", nargs="*", type=Path, help="extra files or folders to index")
    p.set_defaults(func=_reindex)
    p = sub.add_parser("assess", help="may this applicant apply? (eligibility rules; needs no index)")
    p.add_argument("--text", help="the applicant's self-description, in Chinese")
    p.add_argument("--profile", type=Path, help="YAML file of Profile fields (with --text: earlier facts)")
    p.add_argument("--notice", help="assess under this notice id")
    p.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD: the date 今年/去年 refer to")
    p.add_argument("--json", action="store_true", help="print the whole assessment as JSON")
    p.set_defaults(func=_assess)
    p = sub.add_parser("feedback", help="export the ratings (5 levels, reasons) given on the page")
    p.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl")
    p.add_argument("--out", type=Path, help="write to this file (default: standard output; xlsx needs --out)")
    p.set_defaults(func=_feedback)
    p = sub.add_parser("gaps", help="the knowledge-gap report: unanswered and poorly rated questions, grouped")
    p.add_argument("--days", type=int, help="look back this many days (default: the setting, 30)")
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("--out", type=Path, help="write to this file (default: standard output; xlsx needs --out)")
    p.set_defaults(func=_gaps)
    return parser


def _feedback(_assistant, args) -> int:
    from assistant.helpdesk import Helpdesk
    from assistant.helpdesk.export import ratings_table, to_csv, to_jsonl, to_xlsx
    from assistant.settings import Settings

    desk = Helpdesk(Settings())
    desk.migrate()
    ratings = desk.ratings.all()
    table = ratings_table(ratings)
    makers: dict[str, Callable[[], str | bytes]] = {
        "jsonl": lambda: to_jsonl(list(ratings)), "csv": lambda: to_csv(table), "xlsx": lambda: to_xlsx({"评价": table})}
    out = makers[args.format]()
    return _write(out, args.out, f"已导出 {len(ratings)} 条评价")


def _gaps(assistant, args) -> int:
    from assistant.helpdesk.export import gap_clusters_table, gap_questions_table, to_csv, to_xlsx
    from assistant.helpdesk.gaps import gap_report

    report = gap_report(assistant, args.days)
    out: dict[str, Callable[[], str | bytes]] = {
        "json": lambda: report.model_dump_json(indent=2) + "\n", "csv": lambda: to_csv(gap_clusters_table(report)),
        "xlsx": lambda: to_xlsx({"问题分组": gap_clusters_table(report), "全部问题": gap_questions_table(report)})}
    return _write(out[args.format](), args.out, f"{report.total} 个问题，{len(report.clusters)} 组")


def _write(content: str | bytes, out: Path | None, done: str) -> int:
    """Content to a file (saying what was written) or to standard output (text only)."""
    if out is not None:
        out.write_bytes(content) if isinstance(content, bytes) else out.write_text(content, encoding="utf-8")
        print(f"{done}：{out}")
        return 0
    if isinstance(content, bytes):
        print("错误：xlsx 需要用 --out 指定文件", file=sys.stderr)
        return 2
    sys.stdout.write(content)
    return 0


def _ingest(assistant, args) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"失败  {path}：文件或目录不存在", file=sys.stderr)
    results = _run_ingest(assistant, [p for p in args.paths if p.exists()])
    return 1 if missing or any(r.status == "error" for r in results) else 0


def _run_ingest(assistant, paths: list[Path], bundled: bool = False) -> list[IngestResult]:
    with tqdm(desc="导入通知", unit="个文件", file=sys.stderr) as bar:
        def report(result: IngestResult) -> None:
            bar.update(1)
            tqdm.write(_line(result), file=sys.stderr if bundled else sys.stdout)

        results = assistant.ensure_bundled(report) if bundled else []
        results += assistant.ingest(paths, report) if paths else []
    counts = {s: sum(r.status == s for r in results) for s in _STATUS}
    summary = "，".join(f"{_STATUS[s]} {n}" for s, n in counts.items() if n) or "没有文件"
    print(summary, file=sys.stderr if bundled else sys.stdout)
    return results


def _line(r: IngestResult) -> str:
    detail = f"{r.chunks} 段" if r.status in ("added", "updated", "unchanged") else r.message
    return f"{_STATUS[r.status]:<6} {Path(r.path).name if r.path else r.notice_id}  {detail}"


def _ask(assistant, args) -> int:
    if not assistant.notices():
        _run_ingest(assistant, [], bundled=True)
    answer = assistant.ask(args.question, notice=args.notice)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print(answer.text)
    return 0


def _notices(assistant, args) -> int:
    notices = assistant.notices()
    if args.json:
        print(json.dumps([n.model_dump() for n in notices], ensure_ascii=False, indent=2))
        return 0
    if not notices:
        print("索引为空。运行 `python -m assistant ingest knowledge/notices` 导入通知。")
    for n in notices:
        print(f"{n.notice_id}\n  《{n.title}》\n  {n.label()}｜发文：{n.issuer or '—'}｜文号：{n.doc_number or '—'}"
              f"｜日期：{n.issue_date or '—'}｜格式：{n.fmt}，{n.pages} 页")
    return 0


def _remove(assistant, args) -> int:
    result = assistant.store.remove(args.notice_id)
    print(_line(result))
    return 0 if result.status == "removed" else 1


def _reindex(assistant, args) -> int:
    assistant.store.reset()
    results = _run_ingest(assistant, list(args.paths), bundled=True)
    return 1 if any(r.status == "error" for r in results) else 0


def _assess(_assistant, args) -> int:
    from assistant.eligibility import DEFAULT_RULES_DIR, EligibilityService, Profile

    if not args.text and not args.profile:
        print("错误：请用 --text 给出自我描述，或用 --profile 给出 YAML 文件。", file=sys.stderr)
        return 2
    service = EligibilityService(DEFAULT_RULES_DIR)
    known = Profile.from_yaml(args.profile) if args.profile else None
    if args.notice:
        known = (known or Profile()).model_copy(update={"notice_id": args.notice})
    if args.text:
        assessment, _ = service.handle(args.text, known, today=args.today)
    else:
        assert known is not None  # no --text: --profile was given (checked above)
        assessment = service.assess(known, args.today)
    print(assessment.model_dump_json(indent=2) if args.json else service.render(assessment, details=True))
    return 0
