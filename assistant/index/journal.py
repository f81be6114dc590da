"""Intent records of the ingests in progress, so that a crash is noticed at the next start.

The store writes a record before it reads a file and deletes it once the file's notice is in the
manifest (or the file was refused). A record still there at start means the process died while
ingesting that file: the file is suspect (it may be what killed the process, and would kill the next
start too), and the Chroma writes of that ingest may lack their manifest entry.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from pydantic import BaseModel, ValidationError


class IngestIntent(BaseModel):
    """One file being ingested: which notice it becomes, from where, with what content."""

    notice_id: str
    source: str
    sha256: str
    started: float


class IngestJournal:
    """One small JSON file per ingest in progress under ``folder`` (written atomically)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, notice_id: str) -> Path:
        # hashed: a notice id is a cleaned file stem, but a file name of its own must never be a path trick
        return self.folder / f"{hashlib.sha256(notice_id.encode()).hexdigest()[:24]}.json"

    def begin(self, notice_id: str, source: Path, sha256: str) -> None:
        """Record that ``source`` is about to be read and indexed as ``notice_id``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        intent = IngestIntent(notice_id=notice_id, source=str(source.resolve()), sha256=sha256, started=time.time())
        target = self._file(notice_id)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(intent.model_dump_json(), encoding="utf-8")
        os.replace(tmp, target)

    def end(self, notice_id: str) -> None:
        """The ingest of ``notice_id`` finished (indexed or refused): nothing to recover."""
        self._file(notice_id).unlink(missing_ok=True)

    def pending(self) -> list[IngestIntent]:
        """Ingests that started and never finished (an unreadable record counts as none)."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                out.append(IngestIntent.model_validate_json(path.read_text(encoding="utf-8")))
            except (OSError, ValidationError, ValueError):
                continue
        return out

    def clear(self) -> None:
        """Forget every record (after recovery, or when the whole index is rebuilt)."""
        if self.folder.is_dir():
            for path in self.folder.glob("*"):
                path.unlink(missing_ok=True)
