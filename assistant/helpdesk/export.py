"""Exports that open in a spreadsheet: CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese)
and XLSX, one table per sheet. A cell an applicant wrote that starts like a formula (= + - @) is
prefixed with an apostrophe, so a spreadsheet shows it instead of running it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import BaseModel

from assistant.helpdesk.models import LEVELS, GapReport, Rating

Table = tuple[list[str], list[list[Any]]]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def ratings_table(ratings: list[Rating]) -> Table:
    headers = ["编号", "时间", "评价", "等级", "原因", "说明", "问题", "回答", "是否拒答", "通知", "出处", "来源"]
    rows = [[r.id, r.created_at, LEVELS[r.level], r.level, "、".join(r.tags), r.reason, r.question, r.answer,
             "是" if r.abstained else "否", r.notice or "", json.dumps(r.citations, ensure_ascii=False), r.origin]
            for r in ratings]
    return headers, rows


def gap_clusters_table(report: GapReport) -> Table:
    headers = ["序号", "典型问题", "次数", "拒答", "差评", "通知", "问题类型", "差评原因", "每日次数", "相似问法"]
    rows = [[i, c.label, c.count, c.abstained, c.poorly_rated, _counts(c.notices), _counts(c.kinds), _counts(c.tags),
             _counts(c.by_day), "｜".join(c.questions[:20])]
            for i, c in enumerate(report.clusters, 1)]
    return headers, rows


def gap_questions_table(report: GapReport) -> Table:
    return ["序号", "典型问题", "问题"], [[i, c.label, q] for i, c in enumerate(report.clusters, 1) for q in c.questions]


def _counts(counts: dict[str, int]) -> str:
    return "；".join(f"{k}:{v}" for k, v in counts.items())


def to_csv(table: Table) -> str:
    headers, rows = table
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([[safe(v) for v in row] for row in rows])
    return out.getvalue()


def to_xlsx(sheets: dict[str, Table]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([safe(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_jsonl(records: list[BaseModel]) -> str:
    return "".join(r.model_dump_json() + "\n" for r in records)
