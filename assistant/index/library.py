"""The notices a deployment answers from: the bundled ones plus those an administrator uploads.

Uploads are kept under ``settings.uploads_dir`` with a cleaned file name (no folders, no path tricks).
An upload that cannot be read leaves everything as it was: the index is only changed after the new
file has been read and embedded, and a file it replaces is put back. A notice that is deleted leaves
the index; an uploaded file goes to ``trash/``, a bundled one is remembered as hidden so that the
next start does not bring it back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel

from assistant.index.store import SUPPORTED, notice_id_for
from assistant.ingest.errors import LoadError
from assistant.models import IngestResult

Progress = Callable[[int, int, str], None]  # done, total, what is being worked on
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff\-.（）()]+")


class NoticeRow(BaseModel):
    """One line of the admin's notice list."""

    notice_id: str
    label: str
    title: str
    doc_number: str
    passages: int
    origin: str  # 内置 / 上传
    file_name: str


def safe_file_name(name: str) -> str:
    """The last component of a client-supplied name, without characters a path could abuse."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name or ""))[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._ ")[:80] or "notice"
    ext = ext.lower()
    if f".{ext}" not in SUPPORTED:
        raise LoadError(Path(base or "file"), f"不支持“.{ext}”格式的文件" if ext else "文件没有扩展名",
                        "请上传 PDF、DOCX、HTML 或 TXT 文件")
    return f"{stem}.{ext}"


class NoticeLibrary:
    def __init__(self, assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self._lock = threading.Lock()

    # ---- state on disk ----------------------------------------------------------------------
    @property
    def _hidden_path(self) -> Path:
        return self.settings.data_dir / "hidden_notices.json"

    def hidden(self) -> set[str]:
        path = self._hidden_path
        return set(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else set()

    def _set_hidden(self, ids: set[str]) -> None:
        self._hidden_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._hidden_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(sorted(ids), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self._hidden_path)

    def _folders(self) -> list[Path]:
        return [p for p in (self.settings.notices_dir, self.settings.uploads_dir) if p.is_dir()]

    # ---- operations -------------------------------------------------------------------------
    def sync(self, progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        """Index the bundled and uploaded notices (no work for unchanged files)."""
        with self._lock:
            return self.assistant.store.ingest(self._folders(), progress, exclude=self.hidden())

    def upload(self, files: Iterable[tuple[str, Path]], progress: Progress | None = None) -> list[IngestResult]:
        """Add or replace notices from uploaded files (client name, temporary path); one result each."""
        files = list(files)
        results = []
        with self._lock:
            for done, (name, temp) in enumerate(files):
                if progress:
                    progress(done, len(files), name)
                results.append(self._upload_one(name, Path(temp)))
            if progress:
                progress(len(files), len(files), "完成")
        return results

    def _upload_one(self, name: str, temp: Path) -> IngestResult:
        try:
            target = self.settings.uploads_dir / safe_file_name(name)
            limit = self.settings.max_file_mb * 1024 * 1024
            if temp.stat().st_size > limit:
                raise LoadError(Path(name), f"文件超过 {self.settings.max_file_mb:g} MB 的上限", "请压缩或拆分后再上传")
        except LoadError as err:
            return IngestResult(path=name, status="error", message=str(err))
        target.parent.mkdir(parents=True, exist_ok=True)
        backup = self._backup(target)
        try:
            shutil.copyfile(temp, target)
            result = self.assistant.store.ingest([target])[0]
        except Exception as err:  # an embedding or disk failure: report it, keep what was there
            result = IngestResult(path=name, status="error", message=f"导入“{name}”时出错：{err}。原有通知未改动。")
        if result.status == "error":  # the index is unchanged: put the files back as they were
            target.unlink(missing_ok=True)
            if backup:
                os.replace(backup, target)
        elif result.status == "duplicate":
            target.unlink(missing_ok=True)
        self._unhide(notice_id_for(target))
        return result.model_copy(update={"path": name})

    def _backup(self, target: Path) -> Path | None:
        if not target.exists():
            return None
        trash = self.settings.data_dir / "trash"
        trash.mkdir(parents=True, exist_ok=True)
        backup = trash / f"{time.strftime('%Y%m%d-%H%M%S')}-{target.name}"
        shutil.copy2(target, backup)
        return backup

    def _unhide(self, notice_id: str) -> None:
        hidden = self.hidden()
        if notice_id in hidden:
            self._set_hidden(hidden - {notice_id})

    def delete(self, notice_id: str) -> IngestResult:
        """Remove a notice from the index; its uploaded file is kept in trash/, a bundled one is hidden."""
        with self._lock:
            record = self.assistant.store.manifest().notices.get(notice_id)
            result = self.assistant.store.remove(notice_id)
            if result.status != "removed" or record is None:
                return result
            source = Path(record.source)
            uploads = self.settings.uploads_dir.resolve()
            if source.is_relative_to(uploads):
                backup = self._backup(source)
                source.unlink(missing_ok=True)
                result.message += f"（文件已移到 {backup.name if backup else '回收站'}）"
            else:
                self._set_hidden(self.hidden() | {notice_id})
            return result

    def reindex(self, progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        """Drop the index and rebuild it from the files (after a model change, or to start clean)."""
        with self._lock:
            self.assistant.store.reset()
            return self.assistant.store.ingest(self._folders(), progress, exclude=self.hidden())

    def rows(self) -> list[NoticeRow]:
        uploads = str(self.settings.uploads_dir.resolve())
        rows = []
        for nid, rec in self.assistant.store.manifest().notices.items():
            m = rec.meta
            rows.append(NoticeRow(
                notice_id=nid, label=m.label(), title=m.title, doc_number=m.doc_number or "",
                passages=len(rec.passage_ids), origin="上传" if rec.source.startswith(uploads) else "内置",
                file_name=Path(rec.source).name,
            ))
        return rows
