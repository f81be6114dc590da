"""The notices a deployment answers from: the bundled ones plus those an administrator uploads.

Uploads are kept under ``settings.uploads_dir`` with a cleaned file name (no folders, no path tricks).
An upload never replaces a notice: a name whose notice id is taken (an indexed, hidden or bundled
notice, or another file that cleans to the same name) is stored under the next free id, and the
result says so. An upload that cannot be read leaves everything as it was. A notice that is deleted
leaves the index; an uploaded file goes to ``trash/``, a bundled one is remembered as hidden so that
the next start does not bring it back.

At start (:meth:`NoticeLibrary.sync`) the store repairs what a crash left, and a file that failed or
crashed an ingest is quarantined (:mod:`assistant.index.quarantine`) instead of being retried.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel

from assistant.index.quarantine import Quarantine, file_sha256
from assistant.index.store import SUPPORTED, notice_id_for
from assistant.ingest.errors import LoadError
from assistant.models import IngestResult

Progress = Callable[[int, int, str], None]  # done, total, what is being worked on
Report = Callable[[IngestResult], None]
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff\-.（）()]+")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CRASHED = "上次导入时进程意外中止（可能耗尽了内存或被强制结束），为免再次中断启动，此文件不再自动重试"
log = logging.getLogger(__name__)


class NoticeRow(BaseModel):
    """One line of the admin's notice list."""

    notice_id: str
    label: str
    title: str
    doc_number: str
    passages: int
    origin: str  # 内置 / 上传
    file_name: str


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters, which make a shown name read differently
    from what it is (U+202E, the right-to-left override, before "xcod.exe" shows it as "exe.docx")."""
    return _BIDI.sub("", text or "")


def safe_file_name(name: str) -> str:
    """The last component of a client-supplied name, without characters a path could abuse."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", strip_bidi(name)))[-1]
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
        self.quarantine = Quarantine(self.settings.data_dir / "quarantine")
        self._lock = threading.Lock()

    # ---- state ------------------------------------------------------------------------------
    def hidden(self) -> set[str]:
        """Notices an administrator removed that a sync must not bring back (kept in the manifest,
        which replicas share; a ``hidden_notices.json`` of an older version is taken over once)."""
        legacy = self.settings.data_dir / "hidden_notices.json"
        if legacy.exists():
            self.assistant.store.hide(json.loads(legacy.read_text(encoding="utf-8")))
            legacy.unlink()
        return self.assistant.store.hidden()

    def _folders(self) -> list[Path]:
        return [p for p in (self.settings.notices_dir, self.settings.uploads_dir) if p.is_dir()]

    # ---- operations -------------------------------------------------------------------------
    def sync(self, progress: Report | None = None) -> list[IngestResult]:
        """Index the bundled and uploaded notices (no work for unchanged files), at start.

        First the store is repaired and the files whose ingest a crash interrupted are quarantined;
        quarantined files are skipped, and a file that fails now is quarantined too.
        """
        with self._lock:
            interrupted = self._recover(progress)
            skip = self.hidden() | self._held_ids()
            results = self.assistant.store.ingest(self._folders(), self._quarantining(progress), exclude=skip)
            self._propose_rules(results)
            return interrupted + results

    def _propose_rules(self, results: Iterable[IngestResult]) -> None:
        """Every notice added or changed gets its rule data proposed for review (issue 13). A notice
        the proposer cannot read is logged; its ingest stands."""
        for result in results:
            if result.status not in ("added", "updated") or not result.notice_id:
                continue
            try:
                self.assistant.propose_rules(result.notice_id)
            except Exception:  # the proposal is an aid to the admin, never a reason to fail an ingest
                log.exception("rule proposal for %s failed", result.notice_id)

    def _recover(self, progress: Report | None) -> list[IngestResult]:
        """Repair the store after a crash; quarantine the library files whose ingest never finished."""
        recovery = self.assistant.store.recover()
        if recovery.orphans or recovery.incomplete:
            log.warning("store repaired: %d unlisted passages deleted, notices to ingest again: %s",
                        recovery.orphans, ", ".join(recovery.incomplete) or "none")
        results = []
        for intent in recovery.interrupted:
            path = Path(intent.source)
            if path.is_file() and self._origin(path):
                result = IngestResult(path=str(path), status="error", notice_id=intent.notice_id,
                                      message=f"{path.name}：{_CRASHED}。")
                self._set_aside(result)
                results.append(result)
                if progress:
                    progress(result)
        return results

    def _quarantining(self, progress: Report | None) -> Report:
        """A progress callback that quarantines each failed library file before reporting it."""
        def report(result: IngestResult) -> None:
            if result.status == "error":
                self._set_aside(result)
            if progress:
                progress(result)
        return report

    def _set_aside(self, result: IngestResult) -> None:
        """Quarantine the file of a failed result: an upload is moved, a bundled file remembered."""
        path = Path(result.path)
        origin = self._origin(path) if path.is_file() else None
        if origin is None:
            return
        self.quarantine.add(path, result.message, move=origin == "upload")
        result.message += ("（文件已移到隔离区 quarantine/，原因见同名 .reason.txt，启动时不再重试）" if origin == "upload"
                           else "（已记入隔离清单：文件内容改变或重建索引之前，启动时不再重试）")

    def _origin(self, path: Path) -> str | None:
        """"upload" or "bundled" for a file of the library's folders, None for any other file."""
        resolved = path.resolve()
        if resolved.is_relative_to(self.settings.uploads_dir.resolve()):
            return "upload"
        if resolved.is_relative_to(self.settings.notices_dir.resolve()):
            return "bundled"
        return None

    def _held_ids(self) -> set[str]:
        """Notice ids of bundled files quarantined in place whose content has not changed since."""
        held = set()
        for entry in self.quarantine.entries():
            path = Path(entry.source)
            if not entry.kept_as and path.is_file() and self.quarantine.holds(path):
                held.add(notice_id_for(path))
        return held

    def upload(self, files: Iterable[tuple[str, Path]], progress: Progress | None = None) -> list[IngestResult]:
        """Add notices from uploaded files (client name, temporary path); one result each."""
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
        name = strip_bidi(name)  # the name is shown in the results table
        try:
            clean = safe_file_name(name)
            limit = self.settings.max_file_mb * 1024 * 1024
            if temp.stat().st_size > limit:
                raise LoadError(Path(name), f"文件超过 {self.settings.max_file_mb:g} MB 的上限", "请压缩或拆分后再上传")
        except LoadError as err:
            return IngestResult(path=name, status="error", message=str(err))
        if twin := self._same_content(temp):
            return IngestResult(path=name, status="duplicate", notice_id=twin,
                                message=f"“{name}”与已收录的通知 {twin} 内容完全相同，未重复导入。")
        target, clash = self._free_target(clean)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(temp, target)
            result = self.assistant.store.ingest([target])[0]
        except Exception as err:  # an embedding or disk failure: report it, keep what was there
            result = IngestResult(path=name, status="error", message=f"导入“{name}”时出错：{err}。原有通知未改动。")
        if result.status in ("error", "duplicate"):  # the index is unchanged: so are the files
            target.unlink(missing_ok=True)
        elif clash:
            result.message += (f"（已有编号为 {clash} 的同名通知，新文件另存为编号 {result.notice_id}，原通知未改动；"
                               "如要替换，请删除原通知）")
        self._propose_rules([result])
        return result.model_copy(update={"path": name})

    def _same_content(self, temp: Path) -> str | None:
        """The indexed notice whose file has exactly these bytes, if any."""
        digest = file_sha256(temp)
        return next((nid for nid, rec in self.assistant.store.manifest().notices.items()
                     if rec.meta.sha256 == digest), None)

    def _free_target(self, clean: str) -> tuple[Path, str | None]:
        """Where an upload of cleaned name ``clean`` goes, and the notice id it would have clashed with.

        Taken are the ids of indexed and hidden notices and of every file in the library's folders
        (a bundled notice, an upload not yet indexed, the same stem with another extension)."""
        taken = set(self.assistant.store.manifest().notices) | self.hidden()
        for folder in self._folders():
            taken |= {notice_id_for(p) for p in folder.rglob("*") if p.is_file()}
        stem, ext = clean.rsplit(".", 1)
        wanted = notice_id_for(Path(clean))
        if wanted not in taken:
            return self.settings.uploads_dir / clean, None
        for n in itertools.count(2):
            candidate = f"{stem}-{n}.{ext}"
            if notice_id_for(Path(candidate)) not in taken:
                return self.settings.uploads_dir / candidate, wanted
        raise AssertionError("unreachable")

    def _backup(self, target: Path) -> Path | None:
        if not target.exists():
            return None
        trash = self.settings.data_dir / "trash"
        trash.mkdir(parents=True, exist_ok=True)
        backup = trash / f"{time.strftime('%Y%m%d-%H%M%S')}-{target.name}"
        shutil.copy2(target, backup)
        return backup

    def delete(self, notice_id: str) -> IngestResult:
        """Remove a notice from the index; its uploaded file is kept in trash/, a bundled one is hidden.
        On a Chroma server an upload is hidden too: its file may be on another replica, whose next
        start would otherwise index it again."""
        store = self.assistant.store
        with self._lock:
            record = store.manifest().notices.get(notice_id)
            upload = record is not None and Path(record.source).is_relative_to(self.settings.uploads_dir.resolve())
            result = store.remove(notice_id, hide=record is not None and (store.shared or not upload))
            if result.status == "removed":
                self.assistant.rule_proposals.forget(notice_id)
            if result.status != "removed" or record is None or not upload:
                return result
            source = Path(record.source)
            backup = self._backup(source)
            source.unlink(missing_ok=True)
            result.message += f"（文件已移到 {backup.name if backup else '回收站'}）"
            return result

    def reindex(self, progress: Report | None = None) -> list[IngestResult]:
        """Drop the index and rebuild it from the files (after a model change, or to start clean).

        An explicit re-index tries bundled files quarantined earlier once more; one whose ingest a
        crash has just interrupted stays quarantined."""
        with self._lock:
            self.quarantine.release_in_place()
            interrupted = self._recover(progress)
            self.assistant.store.reset()
            skip = self.hidden() | self._held_ids()
            results = self.assistant.store.ingest(self._folders(), self._quarantining(progress), exclude=skip)
            self._propose_rules(results)
            return interrupted + results

    def rows(self) -> list[NoticeRow]:
        uploads = str(self.settings.uploads_dir.resolve())
        rows = []
        for nid, rec in self.assistant.store.manifest().notices.items():
            m = rec.meta
            rows.append(NoticeRow(
                notice_id=nid, label=strip_bidi(m.label()), title=strip_bidi(m.title),
                doc_number=strip_bidi(m.doc_number or ""), passages=len(rec.passage_ids),
                origin="上传" if rec.source.startswith(uploads) else "内置", file_name=strip_bidi(Path(rec.source).name),
            ))
        return rows
