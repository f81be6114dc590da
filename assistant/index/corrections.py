"""An administrator's corrections of a notice's metadata: checked, then applied over what the file reads.

Corrections are kept in the manifest by the file's content hash (:class:`MetadataCorrection`), so
they hold wherever the manifest is seen (every replica) and come back when the same file is
ingested again: a re-index, a re-upload, a restart.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from assistant.index.manifests import CORRECTABLE, MetadataCorrection
from assistant.models import FieldSource, NoticeMeta

LIST_FIELDS = ("series", "levels")
_LIST_SPLIT = re.compile(r"[、，,;；\s]+")


def checked(meta: NoticeMeta, values: dict[str, Any]) -> dict[str, Any]:
    """The corrected values in their stored form; ValueError (in words for the admin) when a field
    cannot be corrected or a value is not of its kind."""
    unknown = sorted(set(values) - set(CORRECTABLE))
    if unknown:
        raise ValueError(f"不能更正这些字段：{'、'.join(unknown)}（可更正：{'、'.join(CORRECTABLE)}）")
    clean = {field: _normal(field, value) for field, value in values.items()}
    if "title" in clean and not clean["title"]:
        raise ValueError("标题不能为空。")
    if clean.get("issue_date"):
        _iso_date(clean["issue_date"])
    try:
        NoticeMeta.model_validate(meta.model_dump() | clean)
    except ValidationError as exc:
        raise ValueError(f"更正的值不合要求：{exc.errors()[0]['loc'][0]} {exc.errors()[0]['msg']}") from exc
    return clean


def _normal(field: str, value: Any) -> Any:
    """Blank text is no value; a list field may come as one text (冶金工程、机械工程)."""
    if isinstance(value, str):
        value = value.strip()
        if field in LIST_FIELDS:
            return [v for v in _LIST_SPLIT.split(value) if v]
        if field == "year":
            return int(value) if value.isdigit() else (None if not value else value)
        return value or None
    return value


def _iso_date(text: str) -> None:
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"发文日期应写作 2025-06-20 这样的格式，不是“{text}”。") from exc


def corrected(meta: NoticeMeta, correction: MetadataCorrection | None) -> NoticeMeta:
    """``meta`` with the corrected fields replaced; each says it was corrected, and what it read before."""
    if correction is None or not correction.values:
        return meta
    sources = dict(meta.sources)
    for field, value in correction.values.items():
        read = getattr(meta, field)
        if read != value and sources.get(field, FieldSource(text="", confidence=0)).rule != "admin":
            sources[field] = FieldSource(text=f"管理员更正（文件中读作：{_shown(read)}）", confidence=1.0, rule="admin")
    return meta.model_copy(update={**correction.values, "sources": sources})


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "无"
    return "无" if value in (None, "") else str(value)
