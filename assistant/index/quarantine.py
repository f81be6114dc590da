"""Files that failed or crashed an ingest, set aside with their reason so that a start never retries them.

An uploaded file is moved into the quarantine folder, next to a ``.reason.txt`` a person can read.
A bundled file (part of the project) stays where it is; it is remembered by path and content hash,
and skipped until its content changes or an administrator re-indexes on purpose.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from pydantic import BaseModel, ValidationError


class QuarantineEntry(BaseModel):
    """One quarantined file: where it was, what it held, why it was set aside."""

    name: str
    source: str = ""  # absolute path the file was ingested from
    sha256: str
    reason: str
    when: str
    kept_as: str = ""  # its name in the quarantine folder when it was moved there; "" = left in place


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Quarantine:
    """The quarantine folder and its index (``index.json``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def _index(self) -> Path:
        return self.folder / "index.json"

    def entries(self) -> list[QuarantineEntry]:
        if not self._index.exists():
            return []
        try:
            raw = json.loads(self._index.read_text(encoding="utf-8"))
            return [QuarantineEntry.model_validate(e) for e in raw]
        except (OSError, ValueError, ValidationError):
            return []

    def _save(self, entries: list[QuarantineEntry]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._index.with_suffix(".tmp")
        tmp.write_text(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self._index)

    def add(self, path: Path, reason: str, move: bool) -> QuarantineEntry:
        """Set ``path`` aside: moved into the folder when ``move``, otherwise remembered by its hash."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept_as = self._free_name(f"{stamp}-{path.name}") if move else ""
        entry = QuarantineEntry(name=path.name, source=str(path.resolve()), sha256=file_sha256(path),
                                reason=reason, when=stamp, kept_as=kept_as)
        self.folder.mkdir(parents=True, exist_ok=True)
        if move:
            shutil.move(path, self.folder / kept_as)
        note = self.folder / f"{kept_as or f'{stamp}-{path.name}'}.reason.txt"
        note.write_text(f"文件：{entry.name}\n原位置：{entry.source}\nsha256：{entry.sha256}\n时间：{stamp}\n"
                        f"原因：{reason}\n", encoding="utf-8")
        self._save([e for e in self.entries() if e.source != entry.source or e.kept_as] + [entry])
        return entry

    def _free_name(self, name: str) -> str:
        candidate, n = name, 1
        while (self.folder / candidate).exists():
            n += 1
            candidate = f"{n}-{name}"
        return candidate

    def holds(self, path: Path) -> bool:
        """True for a file left in place whose content is still the one quarantined."""
        source = str(path.resolve())
        kept = [e for e in self.entries() if not e.kept_as and e.source == source]
        return bool(kept) and file_sha256(path) in {e.sha256 for e in kept}

    def release_in_place(self) -> None:
        """Forget the files left in place, so that they are tried again (an explicit re-index)."""
        entries = self.entries()
        if any(not e.kept_as for e in entries):
            self._save([e for e in entries if e.kept_as])
