"""The knowledge base: a Chroma collection of passages plus a manifest of notices.

Ingest is incremental: an unchanged file does no work, a changed file replaces its passages, and
syncing a folder removes notices whose file is gone. The manifest records which embedding model
built the index; a store built by another model is refused rather than mixed.

By default Chroma is embedded in ``data_dir`` and the manifest is a file beside it. With
``settings.chroma.url`` both live on a Chroma server that several app replicas share
(:mod:`assistant.index.chroma`, :mod:`assistant.index.manifests`): a replica notices another's
ingest or removal by the manifest's stamp, checked at most every ``chroma.refresh_s`` seconds, and
:attr:`KnowledgeStore.version` moves, so that what is derived from the passages is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.index.chroma import GuardedCollection, StoreUnavailableError, open_client
from assistant.index.corrections import checked, corrected
from assistant.index.journal import IngestIntent, IngestJournal
from assistant.index.lexical import LexicalIndex, notice_key
from assistant.index.manifests import (
    MANIFEST_COLLECTION,
    ChromaManifests,
    FileManifests,
    Manifest,
    ManifestBackend,
    ManifestConflict,
    MetadataCorrection,
    NoticeRecord,
)
from assistant.ingest.chunking import chunk_notice
from assistant.ingest.facts import passage_facts
from assistant.ingest.loaders import Budget, LoadError, load_document
from assistant.ingest.metadata import extract_metadata
from assistant.models import Fact, IngestResult, NoticeMeta, Passage
from assistant.settings import Settings
from assistant.text.normalize import Tokenizer
from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

SUPPORTED = {".pdf": 4, ".docx": 3, ".html": 2, ".htm": 2, ".md": 1, ".txt": 0}
COLLECTION = "notice_passages"
BATCH = 64
DELETE_BATCH = 500
EMBED_BATCH = 16  # passages embedded between two checks of the time budget
WRITE_ATTEMPTS = 20  # manifest writes tried when other replicas keep writing first
PASSAGE_CACHE = 50_000  # passages parsed from the rows held at most (then forgotten and parsed again as needed)
INGEST_SECONDS = 90.0
"""Wall-clock allowance of one file's ingest (reading, chunking, embedding). A bundled notice takes a
few seconds, about 20 on a busy two-core machine; a file that needs more is refused, so that one file
cannot hold the library lock for minutes. ``KnowledgeStore.ingest_seconds`` overrides it."""

log = logging.getLogger(__name__)


class ModelMismatchError(RuntimeError):
    """The store was built with another embedding model."""


class ConcurrentChangeError(RuntimeError):
    """Another replica changed the same notice while this one was ingesting it; nothing was changed."""


@dataclass
class Recovery:
    """What :meth:`KnowledgeStore.recover` repaired after a crash."""

    orphans: int = 0  # passages no notice listed, deleted
    incomplete: list[str] = field(default_factory=list)  # notices whose passages were missing, dropped
    interrupted: list[IngestIntent] = field(default_factory=list)  # ingests that never finished


def notice_id_for(path: Path) -> str:
    return re.sub(r"[^\w\-.]", "_", path.stem)[:100] or "notice"


def index_text(passage: Passage) -> str:
    """What is embedded and searched: the section path gives a short passage its context."""
    return f"{passage.section_label}\n{passage.text}"


class KnowledgeStore:
    def __init__(self, settings: Settings, embeddings, gazetteer: Gazetteer, vocab: Vocabulary,
                 tokenizer: Tokenizer) -> None:
        """``tokenizer``: what the local rows are searched with (the pipeline's, with its words)."""
        self.settings = settings
        self.embeddings = embeddings
        self.gazetteer = gazetteer
        self.vocab = vocab
        self._lock = threading.RLock()
        self._client: ClientAPI | None = None
        self._collection: Any = None
        self._manifest_collection: Any = None
        self._manifests: ManifestBackend = (ChromaManifests(self._manifest_records) if settings.chroma.server
                                            else FileManifests(settings.manifest_path))
        self._manifest: Manifest | None = None
        self._stamp = 0  # the stamp of the manifest held (on a server: its version number there)
        self._checked = -float("inf")  # when the server was last asked for a newer manifest
        # this process's copy of the passages (on a server too: it follows the shared listing)
        self._rows = LexicalIndex(tokenizer, settings.data_dir / "lexical")
        self._rows_version = -1
        self._rows_lock = threading.Lock()
        self._parsed: dict[str, Passage] = {}  # passages read from the rows, until the next change
        self._metas: tuple[Manifest, dict[str, NoticeMeta]] | None = None  # notice_map() of a manifest
        self._journal = IngestJournal(settings.data_dir / "journal")
        self.ingest_seconds = INGEST_SECONDS
        self._version = 0

    @property
    def shared(self) -> bool:
        """The store lives on a Chroma server that other replicas may write."""
        return self._manifests.shared

    @property
    def version(self) -> int:
        """Moves whenever the notices change, here or (on a server) in another replica, noticed within
        ``chroma.refresh_s``: what is derived from the passages is rebuilt when it moves."""
        self._follow()
        return self._version

    # ---- opening -------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        """The manifest; on a server, reloaded first if another replica changed it."""
        self._follow()
        return self._current()

    def _current(self) -> Manifest:
        """The manifest held (read on first use), without asking the server whether it is the newest."""
        with self._lock:
            if self._manifest is None:
                self._stamp, self._manifest = self._read_manifest()
                self._checked = time.monotonic()
            return self._manifest

    def _read_manifest(self) -> tuple[int, Manifest]:
        model = self.embeddings.model_id
        stamp, manifest = self._manifests.load()
        if manifest is None:
            return stamp, Manifest(embedding_model=model)
        if manifest.embedding_model != model:
            raise ModelMismatchError(
                f"{self._where()}由嵌入模型 {manifest.embedding_model} 建立，"
                f"当前设置的模型是 {model}。不能混用：请换一个 data_dir，或运行 "
                f"`python -m assistant reindex` 用当前模型重建索引。"
            )
        return stamp, manifest

    def _where(self) -> str:
        chroma = self.settings.chroma
        if chroma.server:
            return f"Chroma 服务器 {chroma.url}（{chroma.tenant}/{chroma.database}）上的索引"
        return f"索引目录 {self.settings.data_dir} "

    def _follow(self) -> None:
        """On a server, at most every ``chroma.refresh_s``: drop the manifest and passages held when
        another replica stored a newer manifest (they are read again on next use)."""
        if not self.shared or self._manifest is None:
            return
        now = time.monotonic()
        if now - self._checked < self.settings.chroma.refresh_s:
            return
        self._checked = now
        if self._manifests.newest(self._stamp) != self._stamp:
            with self._lock:
                self._forget()

    def _forget(self) -> None:
        self._manifest = None
        self._changed()

    def _write_manifest(self, manifest: Manifest) -> None:
        """Store ``manifest`` in one step (:class:`ManifestConflict` if another replica wrote first)."""
        self._stamp = self._manifests.save(manifest, self._stamp)
        self._manifest = manifest

    def _update(self, change: Callable[[Manifest], bool]) -> None:
        """Store the manifest with ``change`` applied to a copy of it (``change`` returns False when
        there is nothing to write). When another replica wrote since this one read, its manifest is
        read and ``change`` applied to it again: ``change`` decides from what it finds."""
        for _ in range(WRITE_ATTEMPTS):
            draft = self._current().draft()
            if not change(draft):
                return
            try:
                self._write_manifest(draft)
            except ManifestConflict:
                self._forget()
                continue
            return
        raise ManifestConflict("其他服务器持续在更新通知清单，本次修改未能保存，请稍后重试。")

    def _chroma(self) -> ClientAPI:
        with self._lock:
            if self._client is None:
                self._client = open_client(self.settings)
            return self._client

    def _open(self, name: str, metadata: dict | None = None) -> Any:
        col = self._chroma().get_or_create_collection(name, metadata=metadata, embedding_function=None)
        return GuardedCollection(col, self.settings.chroma) if self.shared else col

    def _manifest_records(self) -> Any:
        """The server collection holding the manifest's versions."""
        with self._lock:
            if self._manifest_collection is None:
                self._manifest_collection = self._open(MANIFEST_COLLECTION)
            return self._manifest_collection

    def collection(self):
        with self._lock:
            if self._collection is None:
                self._current()  # refuse a mismatched store before touching the passages
                self._collection = self._open(
                    COLLECTION, {"hnsw:space": "cosine", "embedding_model": self.embeddings.model_id})
            return self._collection

    def _has_store(self) -> bool:
        """Chroma may hold passages: always on a server; embedded, once its folder exists."""
        return self.shared or self._collection is not None or self.settings.chroma_dir.exists()

    # ---- reading -------------------------------------------------------------------------
    def notices(self) -> list[NoticeMeta]:
        return list(self.notice_map().values())

    def notice_map(self) -> dict[str, NoticeMeta]:
        """notice id → its metadata, kept while the manifest is the same (do not change it)."""
        manifest = self.manifest()
        held = self._metas
        if held is None or held[0] is not manifest:
            held = self._metas = (manifest, {nid: rec.meta for nid, rec in manifest.notices.items()})
        return held[1]

    def notice(self, notice_id: str) -> NoticeMeta | None:
        rec = self.manifest().notices.get(notice_id)
        return rec.meta if rec else None

    def rows(self) -> LexicalIndex:
        """The local rows of every listed passage (record, tokens, vector), brought in line with the
        listing when the version moved: only a new or changed notice's passages are read from Chroma."""
        with self._rows_lock:
            version = self.version  # read once, before the listing: a change during the sync is seen next time
            if self._rows_version != version:
                self._rows.sync(self.listing(), self._fetch)
                self._parsed = {}
                self._rows_version = version
            return self._rows

    def _fetch(self, notice_id: str) -> list[tuple[str, str, list[float], str]]:
        """A listed notice's stored passages, in order, as rows: (id, indexed text, vector, record)."""
        rec = self.manifest().notices.get(notice_id)
        if rec is None or not rec.passage_ids:
            return []
        got = self.collection().get(ids=rec.passage_ids, include=["documents", "metadatas", "embeddings"])
        stored = {pid: (text, meta, vector) for pid, text, meta, vector
                  in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])}
        rows = []
        for pid in rec.passage_ids:
            if pid in stored:  # a passage lost by a crash is left out (recover() drops its notice)
                text, meta, vector = stored[pid]
                passage = _passage(pid, text, meta)
                rows.append((pid, index_text(passage), list(vector), passage.model_dump_json()))
        return rows

    def passages(self) -> dict[str, Passage]:
        """Every listed passage, in notice order (reads them all: for tests and small stores)."""
        return self.get_passages(self.rows().ids)

    def get_passages(self, ids: Iterable[str]) -> dict[str, Passage]:
        """The listed passages of these ids, from the local rows (kept parsed until the next change)."""
        rows = self.rows()
        parsed = self._parsed
        if len(parsed) > PASSAGE_CACHE:
            parsed.clear()
        out: dict[str, Passage] = {}
        for pid in dict.fromkeys(ids):
            passage = parsed.get(pid)  # another thread may clear the dict meanwhile: read it once
            if passage is None and (record := rows.record(pid)) is not None:
                passage = parsed[pid] = Passage.model_validate_json(record)
            if passage is not None:
                out[pid] = passage
        return out

    def notice_passages(self, notice_id: str) -> list[Passage]:
        """A notice's passages in order (none when it is not listed)."""
        rec = self.manifest().notices.get(notice_id)
        if rec is None:
            return []
        got = self.get_passages(rec.passage_ids)
        return [got[pid] for pid in rec.passage_ids if pid in got]

    def listing(self) -> dict[str, str]:
        """notice id → the key of its stored version, in notice order: what the lexical index follows."""
        notices = self.manifest().notices
        return {nid: notice_key(rec.meta.sha256, rec.passage_ids) for nid, rec in sorted(notices.items())}

    def vector_search(self, query: str, k: int, notice_ids: list[str] | None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the k nearest passages within the given notices."""
        if not self.manifest().notices:
            return []
        where = {"notice_id": {"$in": notice_ids}} if notice_ids else None
        vector = self.embeddings.embed_query(query)
        res = self.collection().query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0])]

    # ---- writing -------------------------------------------------------------------------
    def ingest(
        self, paths: Iterable[Path], progress: Callable[[IngestResult], None] | None = None,
        exclude: Iterable[str] = (),
    ) -> list[IngestResult]:
        """Ingest files and folders; a folder is synced (its removed files leave the index).
        Files of the notice ids in ``exclude`` (notices an administrator removed) are skipped."""
        files, folders = _expand(paths)
        skipped = set(exclude)
        files = [f for f in files if notice_id_for(f) not in skipped]
        results: list[IngestResult] = []
        for path in _one_per_notice(files, results):
            result = self._ingest_file(path)
            results.append(result)
            if progress:
                progress(result)
        for folder in folders:
            for result in self._remove_missing(folder, {str(f.resolve()) for f in files}):
                results.append(result)
                if progress:
                    progress(result)
        return results

    def _ingest_file(self, path: Path) -> IngestResult:
        """One file's ingest. Whatever goes wrong with the file is its result, never an exception that
        stops a start or a folder sync; only a store built by another model stops everything."""
        try:
            return self._ingest_checked(path)
        except LoadError as exc:
            return IngestResult(path=str(path), status="error", message=str(exc))
        except OSError as exc:
            return IngestResult(path=str(path), status="error", message=f"无法读取文件 {path.name}：{exc}")
        except (ConcurrentChangeError, StoreUnavailableError) as exc:
            return IngestResult(path=str(path), status="error", message=f"{path.name}：{exc}")
        except ModelMismatchError:
            raise
        except Exception as exc:  # a fault in a loader or the chunker: this file fails, the others go on
            log.exception("ingest of %s failed", path.name)
            return IngestResult(path=str(path), status="error",
                                message=f"导入“{path.name}”时出错（{type(exc).__name__}），原有索引未改动。")
        finally:
            self._journal.end(notice_id_for(path))

    def _ingest_checked(self, path: Path) -> IngestResult:
        limit = self.settings.max_file_mb * 1024 * 1024
        if path.stat().st_size > limit:
            raise LoadError(f"{path.name}：文件超过 {self.settings.max_file_mb:g} MB 的上限，未导入。")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        notice_id = notice_id_for(path)
        with self._lock:
            old = self.manifest().notices.get(notice_id)
            if old and old.meta.sha256 == digest:
                return IngestResult(path=str(path), status="unchanged", notice_id=notice_id, chunks=len(old.passage_ids))
        self._journal.begin(notice_id, path, digest)  # a crash from here on is found by recover()
        budget = Budget(self.ingest_seconds)
        doc = load_document(path, budget)
        meta = extract_metadata(notice_id, path.name, doc, self.gazetteer, self.vocab)
        meta = corrected(meta.model_copy(update={"sha256": digest}), self._current().corrections.get(digest))
        if twin := self._same_notice(meta):
            return IngestResult(
                path=str(path), status="duplicate", notice_id=twin,
                message=f"{path.name} 与已收录的通知 {twin} 是同一份通知，未重复导入。",
            )
        chunked = chunk_notice(notice_id, doc)  # planted instructions screened out, and counted
        passages = chunked.passages
        meta = meta.model_copy(update={"flagged_instructions": chunked.flagged_instructions})
        if not passages:
            raise LoadError(f"{path.name}：没有可索引的正文。")
        vectors = self._embed(path, passages, budget)
        record = NoticeRecord(meta=meta, source=str(path.resolve()), passage_ids=[p.id for p in passages])
        with self._lock:
            self._commit(record, passages, vectors, old)
        return IngestResult(
            path=str(path), status="updated" if old else "added", notice_id=notice_id, chunks=len(passages),
            message=meta.title,
        )

    def _same_notice(self, meta: NoticeMeta) -> str | None:
        """Another notice id already holding this notice (same title, 文号 and year)."""
        for nid, rec in self._current().notices.items():
            other = rec.meta
            if nid != meta.notice_id and other.title == meta.title and other.doc_number == meta.doc_number \
                    and other.year == meta.year and len(meta.title) > 8:
                return nid
        return None

    def _embed(self, path: Path, passages: list[Passage], budget: Budget) -> list[list[float]]:
        """Embed in small batches, checking the time budget between them (embedding is the slow step)."""
        budget.check(path, "分段")
        vectors: list[list[float]] = []
        for start in range(0, len(passages), EMBED_BATCH):
            vectors += self.embeddings.embed_documents([index_text(p) for p in passages[start : start + EMBED_BATCH]])
            budget.check(path, "计算向量")
        return vectors

    def _commit(self, record: NoticeRecord, passages: list[Passage], vectors: list[list[float]],
                expected: NoticeRecord | None) -> None:
        """Make a notice's new version visible in one step, the manifest write: its passages are written
        before it, the old ones no longer listed are deleted after it. A crash before the write leaves
        the old version whole plus unlisted passages; a crash after it, the new version plus unlisted
        old ones. Readers ignore unlisted passages and :meth:`recover` deletes them.

        The notice must still be as the ingest found it (``expected``): when another replica changed
        it meanwhile, this version is withdrawn (:class:`ConcurrentChangeError`); when another
        replica stored this very file, there is nothing to do."""
        self._upsert(passages, vectors)
        try:
            self._update(lambda manifest: _put(manifest, record, expected))
        except BaseException:  # the manifest was not written: back to the old version
            self._withdraw(record.meta.notice_id, passages)
            raise
        fresh = set(record.passage_ids)
        self._delete([pid for pid in (expected.passage_ids if expected else []) if pid not in fresh])
        self._changed()

    def _withdraw(self, notice_id: str, passages: list[Passage]) -> None:
        """Delete the passages of a version that did not become visible (those the notice's listed
        version shares stay); if that fails too, they stay unlisted until :meth:`recover`."""
        try:
            listed = self._current().notices.get(notice_id)
            kept = set(listed.passage_ids if listed else [])
            self._delete([p.id for p in passages if p.id not in kept])
        except Exception:
            log.exception("could not delete the passages of a withdrawn version of %s", notice_id)

    def _upsert(self, passages: list[Passage], vectors: list[list[float]]) -> None:
        col = self.collection()
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            col.upsert(
                ids=[p.id for p in batch],
                documents=[p.text for p in batch],
                embeddings=vectors[start : start + BATCH],
                metadatas=[_chroma_meta(p) for p in batch],
            )

    def _delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), DELETE_BATCH):
            self.collection().delete(ids=ids[start : start + DELETE_BATCH])

    def _listed(self) -> set[str]:
        """Every passage id some notice of the manifest lists."""
        return {pid for rec in self._current().notices.values() for pid in rec.passage_ids}

    def replace_passages(self, notice_id: str, passages: list[Passage]) -> None:
        """Put ``passages`` in place of an indexed notice's passages (its metadata stays): the
        evaluation's remove-one-fact test indexes a notice with some sentences deleted, then restores it."""
        with self._lock:
            old = self._current().notices[notice_id]
            vectors = self.embeddings.embed_documents([index_text(p) for p in passages])
            record = old.model_copy(update={"passage_ids": [p.id for p in passages]})
            self._commit(record, passages, vectors, old)

    def correct_metadata(self, notice_id: str, values: dict[str, Any], by: str = "") -> NoticeMeta:
        """Replace metadata fields of a notice with an administrator's values (ValueError when one
        cannot be): shown at once, and again whenever the same file is ingested."""
        with self._lock:
            record = self.manifest().notices.get(notice_id)
            if record is None:
                raise ValueError(f"没有编号为 {notice_id} 的通知。")
            clean = checked(record.meta, values)
            self._update(lambda manifest: _correct(manifest, notice_id, clean, by))
            self._changed()
            return self.manifest().notices[notice_id].meta

    def hidden(self) -> set[str]:
        """The bundled notices an administrator removed (a folder sync skips them)."""
        return set(self.manifest().hidden)

    def hide(self, notice_ids: Iterable[str]) -> None:
        """Remember notices as removed by an administrator, so that a sync does not bring them back."""
        wanted = set(notice_ids)
        with self._lock:
            self._update(lambda manifest: _hide(manifest, wanted))

    def remove(self, notice_id: str, hide: bool = False) -> IngestResult:
        """Remove a notice and every stored passage of it, listed or left unlisted by a crash;
        ``hide``: in the same manifest write, remember it as removed by an administrator."""
        with self._lock:
            rec = self.manifest().notices.get(notice_id)
            stray = self._stored_ids(notice_id)
            if rec is None and not stray:
                return IngestResult(path="", status="error", notice_id=notice_id, message=f"没有编号为 {notice_id} 的通知。")
            self._delete(sorted(set(stray) | set(rec.passage_ids if rec else [])))
            if rec is not None:
                self._update(lambda manifest: _drop(manifest, notice_id, hide))
            self._changed()
        if rec is None:
            return IngestResult(path="", status="removed", notice_id=notice_id,
                                message=f"清除了未收录的通知 {notice_id} 残留的 {len(stray)} 个段落。")
        return IngestResult(path=rec.source, status="removed", notice_id=notice_id, message=rec.meta.title)

    def _stored_ids(self, notice_id: str) -> list[str]:
        """Ids of every passage Chroma holds for a notice (an empty store is not opened for this)."""
        if not self._has_store():
            return []
        return list(self.collection().get(where={"notice_id": notice_id}, include=[])["ids"])

    def _remove_missing(self, folder: Path, present: set[str]) -> list[IngestResult]:
        """Remove the notices whose file left ``folder``. Not on a server: a notice whose file is not
        on this machine may have been uploaded to another replica (an administrator deletes it)."""
        if self.shared:
            return []
        root = str(folder.resolve()) + os.sep
        gone = [nid for nid, rec in self.manifest().notices.items()
                if rec.source.startswith(root) and rec.source not in present and not Path(rec.source).exists()]
        return [self.remove(nid) for nid in gone]

    def reset(self) -> None:
        """Drop every notice and every stored passage, listed or not (reindex, switching models):
        afterwards the store is empty and consistent, whatever a crash left in it. The journal stays,
        so that the next start still knows which file a crash interrupted. On a server this empties
        the index every replica answers from."""
        with self._lock:
            for nid in list(self.manifest().notices):
                self.remove(nid)
            if self._has_store():
                self._delete(list(self.collection().get(include=[])["ids"]))
            self._changed()

    def recover(self) -> Recovery:
        """Bring Chroma and the manifest back into agreement after a crash (run at start).

        Without an unfinished ingest in the journal, the only harm a crash leaves is passages missing
        (a removal deletes them before the manifest write): when Chroma holds as many passages as the
        manifest lists, nothing is compared. Otherwise passages no notice lists are deleted; a notice
        whose passages are missing leaves the manifest
        (the next sync ingests its file again); the ingests the journal shows unfinished are returned,
        so that the caller can set their files aside instead of crashing on them again. On a server,
        only the unlisted passages of this process's own unfinished ingests are deleted: another
        replica's ingest in progress has written passages that its manifest write will list.
        """
        with self._lock:
            pending = self._journal.pending()
            manifest = self.manifest()
            if not manifest.notices and not self._has_store():
                self._journal.clear()
                return Recovery(interrupted=pending)
            if not pending and self.collection().count() == len(self._listed()):
                return Recovery()  # no ingest was cut short, nothing is missing: no id to compare
            stored = set(self.collection().get(include=[])["ids"])
            orphans = self._orphans(stored, pending)
            incomplete = self._drop_incomplete(manifest, stored)
            self._delete(orphans + [pid for nid in incomplete for pid in manifest.notices[nid].passage_ids
                                    if pid in stored])
            if orphans or incomplete:
                self._changed()
            interrupted = [i for i in pending if not self._finished(i)]
            self._journal.clear()
        return Recovery(orphans=len(orphans), incomplete=incomplete, interrupted=interrupted)

    def _drop_incomplete(self, manifest: Manifest, stored: set[str]) -> list[str]:
        """Take out of the manifest the notices some of whose passages are missing from ``stored``
        (unless another replica changed them since ``manifest`` was read); their ids."""
        missing = {nid: rec for nid, rec in manifest.notices.items() if any(pid not in stored for pid in rec.passage_ids)}
        dropped: list[str] = []

        def drop(manifest: Manifest) -> bool:
            dropped[:] = [nid for nid, rec in missing.items() if manifest.notices.get(nid) == rec]
            for nid in dropped:
                del manifest.notices[nid]
            return bool(dropped)

        if missing:
            self._update(drop)
        return sorted(dropped)

    def _orphans(self, stored: set[str], pending: list[IngestIntent]) -> list[str]:
        """Stored passages no notice lists (on a server, of this process's unfinished ingests only)."""
        if self.shared:
            stored = {pid for intent in pending for pid in self._stored_ids(intent.notice_id)}
        return sorted(stored - self._listed())

    def _finished(self, intent: IngestIntent) -> bool:
        """The ingest got as far as the manifest write (the crash came after it)."""
        rec = self._current().notices.get(intent.notice_id)
        return rec is not None and rec.meta.sha256 == intent.sha256

    def _changed(self) -> None:
        self._version += 1


def _put(manifest: Manifest, record: NoticeRecord, expected: NoticeRecord | None) -> bool:
    """Enter ``record`` if its notice is still as ``expected``; False if it is there already."""
    notice_id = record.meta.notice_id
    found = manifest.notices.get(notice_id)
    if _same(found, record):
        return False
    if not _same(found, expected):
        raise ConcurrentChangeError(f"另一台服务器同时更新了通知 {notice_id}，本次导入未生效（原有内容不变），请稍后重试。")
    manifest.notices[notice_id] = record
    return True


def _correct(manifest: Manifest, notice_id: str, values: dict[str, Any], by: str) -> bool:
    """Keep the correction under the notice's file hash and apply it to the notice's record."""
    record = manifest.notices.get(notice_id)
    if record is None:
        raise ConcurrentChangeError(f"通知 {notice_id} 已被其他服务器删除，更正未保存。")
    sha = record.meta.sha256
    earlier = manifest.corrections.get(sha)
    correction = MetadataCorrection(values={**(earlier.values if earlier else {}), **values}, by=by,
                                    at=datetime.now(UTC).isoformat(timespec="seconds"))
    manifest.corrections[sha] = correction
    manifest.notices[notice_id] = record.model_copy(update={"meta": corrected(record.meta, correction)})
    return True


def _drop(manifest: Manifest, notice_id: str, hide: bool) -> bool:
    """Take a notice out of the manifest (and hide it); False when there is nothing to change."""
    changed = manifest.notices.pop(notice_id, None) is not None
    if hide and notice_id not in manifest.hidden:
        manifest.hidden.append(notice_id)
        changed = True
    return changed


def _hide(manifest: Manifest, notice_ids: set[str]) -> bool:
    new = sorted(notice_ids - set(manifest.hidden))
    manifest.hidden += new
    return bool(new)


def _same(a: NoticeRecord | None, b: NoticeRecord | None) -> bool:
    """Two manifest entries for the same stored version of a notice (None: no entry)."""
    if a is None or b is None:
        return a is b
    return a.meta.sha256 == b.meta.sha256 and a.passage_ids == b.passage_ids


def _passage(pid: str, text: str, meta: Mapping) -> Passage:
    return Passage(id=pid, notice_id=meta["notice_id"], text=text, section=json.loads(meta["section"]),
                   page=int(meta["page"]), kind=meta["kind"], order=int(meta["order"]), facts=_facts(meta, text))


def _facts(meta: Mapping, text: str) -> list[Fact]:
    """The passage's stored facts; read again from its text in an index built before facts were kept."""
    stored = meta.get("facts")
    if isinstance(stored, str):
        return [Fact.model_validate(f) for f in json.loads(stored)]
    return passage_facts(text)


def _chroma_meta(p: Passage) -> dict:
    return {
        "notice_id": p.notice_id,
        "section": json.dumps(p.section, ensure_ascii=False),
        "page": p.page,
        "kind": p.kind,
        "order": p.order,
        "facts": json.dumps([f.model_dump() for f in p.facts], ensure_ascii=False),
        "fact_kinds": " ".join(sorted({f.kind for f in p.facts})),  # for a where-filter on a kind of fact
    }


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            folders.append(path)
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files, folders


def _one_per_notice(files: list[Path], results: list[IngestResult]) -> list[Path]:
    """When a notice comes as both text and PDF (same file stem), keep the text, the cleaner copy."""
    best: dict[str, Path] = {}
    for path in files:
        key = notice_id_for(path)
        rank = SUPPORTED.get(path.suffix.lower(), 9)
        if key not in best or rank < SUPPORTED.get(best[key].suffix.lower(), 9):
            best[key] = path
    chosen = set(best.values())
    for path in files:
        if path not in chosen:
            results.append(IngestResult(
                path=str(path), status="duplicate", notice_id=notice_id_for(path),
                message=f"{path.name} 与 {best[notice_id_for(path)].name} 是同一份通知的不同格式，只收录后者。",
            ))
    return [p for p in files if p in chosen]
