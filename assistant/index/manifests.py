"""The notice manifest and where it is kept: a JSON file beside the embedded store, or the Chroma
server that app replicas share.

The manifest lists every notice and the passage ids that make it up; a passage no notice lists is
never served. Writing it is the one step that makes an ingest or a removal visible (see
:meth:`assistant.index.store.KnowledgeStore._commit`), so both backends write it atomically.

Each stored manifest carries a *stamp*. On a server it is the version number of the write, and a
write names the stamp it was based on: if another replica wrote in between, the write fails with
:class:`ManifestConflict` and the store applies its change again to the newer manifest. Reading the
newest stamp is one small request, so a replica can ask every second whether it must reload.

On the server each version is a record ``v000000000042`` of a small collection: the manifest JSON
(compressed) as its document, ``n`` and a random ``writer`` mark as metadata. Chroma ignores an ``add`` of an id
that exists, so of two replicas writing version 43 only the first is stored; each reads the record
back and the one whose mark is not there lost. Older versions keep their record (so that no id is
ever free again) but lose their document.
"""

from __future__ import annotations

import base64
import os
import secrets
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.models import NoticeMeta

MANIFEST_COLLECTION = "notice_manifest"
KEEP_VERSIONS = 3  # whole manifests kept on the server: a reader that saw the newest stamp finds it
PACKED = "zlib+b64:"  # the prefix of a packed manifest document
_PLACEHOLDER = [0.0]  # Chroma stores a vector with every record; these records are never searched


class NoticeRecord(BaseModel):
    meta: NoticeMeta
    source: str = Field(description="absolute path of the file the notice was read from")
    passage_ids: list[str]


CORRECTABLE = ("title", "issuer", "doc_number", "issue_date", "year", "province", "city", "district", "series", "levels")
"""The metadata fields an administrator may correct."""


class MetadataCorrection(BaseModel):
    """An administrator's values for some metadata fields of one file (by its content hash): they
    replace what is read from the file at every ingest of it, a re-index or a re-upload too."""

    values: dict[str, Any] = Field(description="field (one of CORRECTABLE) → the corrected value")
    by: str = Field(default="", description="who corrected it")
    at: str = Field(default="", description="when (ISO time)")


class Manifest(BaseModel):
    embedding_model: str
    notices: dict[str, NoticeRecord] = Field(default_factory=dict)
    hidden: list[str] = Field(default_factory=list, description="bundled notices an administrator removed: "
                              "a start does not bring them back")
    corrections: dict[str, MetadataCorrection] = Field(
        default_factory=dict, description="file sha256 → metadata an administrator corrected (kept when the "
        "notice is removed or re-indexed, so that the same file comes back corrected)")

    def draft(self) -> Manifest:
        """A copy to change (the notice records themselves are replaced, never changed in place)."""
        return self.model_copy(update={"notices": dict(self.notices), "hidden": list(self.hidden),
                                       "corrections": dict(self.corrections)})


class ManifestConflict(RuntimeError):
    """Another writer stored a newer manifest since the one this write was based on."""


class ManifestBackend(Protocol):
    shared: bool  # other processes may write it: readers check its stamp

    def newest(self, seen: int) -> int:
        """The newest stamp (``seen`` when nothing newer was stored): cheap."""
        ...

    def load(self) -> tuple[int, Manifest | None]:
        """The stored manifest and its stamp; None when none was stored yet."""
        ...

    def save(self, manifest: Manifest, based_on: int) -> int:
        """Store ``manifest`` in one step, unless another writer stored one after ``based_on``
        (:class:`ManifestConflict`); its new stamp."""
        ...


class FileManifests:
    """``manifest.json`` in the data folder, replaced atomically; one process writes it."""

    shared = False

    def __init__(self, path: Path) -> None:
        self.path = path

    def newest(self, seen: int) -> int:
        return seen

    def load(self) -> tuple[int, Manifest | None]:
        if not self.path.exists():
            return 0, None
        return 0, Manifest.model_validate_json(self.path.read_text(encoding="utf-8"))

    def save(self, manifest: Manifest, based_on: int) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
        return based_on


def _packed(manifest: Manifest) -> str:
    """The manifest as a record's document: its JSON compressed (a tenth of the size: the server
    stores, logs and indexes every version's document, at every ingest)."""
    return PACKED + base64.b64encode(zlib.compress(manifest.model_dump_json().encode("utf-8"), 6)).decode("ascii")


def _unpacked(document: str) -> str:
    """The manifest JSON of a record's document (one written before they were packed is the JSON)."""
    if not document.startswith(PACKED):
        return document
    return zlib.decompress(base64.b64decode(document[len(PACKED):])).decode("utf-8")


def _record_id(n: int) -> str:
    return f"v{n:012d}"


class ChromaManifests:
    """Versions of the manifest in a collection of the Chroma server (see the module's notes)."""

    shared = True

    def __init__(self, collection: Callable[[], Any]) -> None:
        self._collection = collection  # opened on first use

    def newest(self, seen: int) -> int:
        got = self._collection().get(where={"n": {"$gt": seen}}, include=["metadatas"])
        return max([seen, *(int(m["n"]) for m in got["metadatas"])])

    def load(self) -> tuple[int, Manifest | None]:
        for _ in range(5):  # the newest version's text is gone only if KEEP_VERSIONS writes came in between
            n = self.newest(0)
            if n == 0:
                return 0, None
            got = self._collection().get(ids=[_record_id(n)], include=["documents"])
            if got["documents"] and got["documents"][0]:
                return n, Manifest.model_validate_json(_unpacked(got["documents"][0]))
        raise ManifestConflict("清单版本变化过快，读取失败，请稍后重试。")

    def save(self, manifest: Manifest, based_on: int) -> int:
        n, mark = based_on + 1, secrets.token_hex(8)
        col = self._collection()
        col.add(ids=[_record_id(n)], embeddings=[_PLACEHOLDER], documents=[_packed(manifest)],
                metadatas=[{"n": n, "writer": mark}])
        stored = col.get(ids=[_record_id(n)], include=["metadatas"])["metadatas"]
        if not stored or stored[0].get("writer") != mark:
            raise ManifestConflict(f"another writer stored manifest version {n} first")
        if n > KEEP_VERSIONS:  # an old version keeps its id (never free for another add) but not its text
            col.update(ids=[_record_id(n - KEEP_VERSIONS)], embeddings=[_PLACEHOLDER], documents=[""])
        return n
