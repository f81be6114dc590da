"""The local rows of every listed passage: its record (what the store serves), its tokens for BM25
over a Chinese tokenization (jieba words + character bigrams, bm25s's sparse matrix) and its vector
for an exact dense search in scope. A question is answered from these rows alone: Chroma is read only
for the passages of a new or changed notice.

The index lives in a folder beside the store and is memory-mapped when opened, so that a start on an
existing index tokenizes nothing. Its rows are passages grouped by notice; :meth:`LexicalIndex.sync`
brings it in line with the store's listing (notice → key of its version, passage ids): an unchanged
notice keeps its tokens, a new or changed one is tokenized, a removed one leaves, and the BM25 matrix
is rebuilt from the token ids and saved only when something changed. A search costs the postings of
the query's tokens, whatever the corpus size; the notice filter is a mask over rows.

The vectors (normalised, one row per passage, in the same order) answer the dense half of a search:
one matrix product over the rows of the notices in scope. Chroma's own filtered query reads the
notice filter from its metadata table at every query (70 ms for 3 notices, 460 ms for 300 at 74k
passages, bench/bench_scale.py), which a scope of many notices cannot afford.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text.normalize import Tokenizer

log = logging.getLogger(__name__)

FORMAT = 4  # bumped when the saved layout or the tokenization changes (2: vectors, 3: records, 4: term counts)
UNUSED_SHARE = 0.25  # term ids are compacted when more of the vocabulary than this is in no row (removed notices')
EMPTY = "∅"  # the token of a passage with none, so that every row has one

Listing = Mapping[str, str]
"""notice id → the key of its stored version (:func:`notice_key`)."""
Fetch = Callable[[str], list[tuple]]
"""notice id → (passage id, indexed text[, vector[, record]]) of its passages, in the listing's order.
Without vectors (or with one missing) the index has no dense half and :meth:`LexicalIndex.dense_search`
finds nothing; without records (or with one missing) :meth:`LexicalIndex.record` gives none."""


@dataclass
class _Rows:
    """Passage rows grouped by notice: each row's term counts, vector and record (flat arrays with
    row offsets), and what is derived from them for searching (the BM25 matrix, the row of a passage)."""

    ids: list[str] = field(default_factory=list)
    notices: dict[str, dict] = field(default_factory=dict)  # notice id → {"key", "start", "end"}
    terms: dict[str, int] = field(default_factory=dict)
    term_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # each row's distinct terms
    term_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # how often, in its row
    term_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))  # where each row's start
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # tokens in each row
    vectors: np.ndarray | None = None  # one normalised row per passage; None: not every passage had one
    records: np.ndarray | None = None  # every row's record, UTF-8, one after another; None: not every row had one
    record_offsets: np.ndarray | None = None  # where each row's record starts (and, last, where they end)
    bm25: Any = None  # the bm25s index of the term counts (None: no rows)
    row_of: dict[str, int] = field(default_factory=dict)  # passage id → its row


class LexicalIndex:
    """Readers take ``self._rows`` once per call: a sync builds new rows (their BM25 matrix and row
    lookup included) and swaps the one reference, so a search running meanwhile keeps the rows it
    started with."""

    def __init__(self, tokenizer: Tokenizer, folder: Path | None = None) -> None:
        """``folder``: where the index is kept (None: in memory only, rebuilt by each process)."""
        self.tokenizer = tokenizer
        self.folder = folder
        self._rows = _Rows()
        self._loaded = False

    @property
    def ids(self) -> list[str]:
        return self._rows.ids

    @property
    def notice_ids(self) -> list[str]:
        return list(self._rows.notices)

    # ---- keeping it current -------------------------------------------------------------------
    def sync(self, listing: Listing, fetch: Fetch) -> bool:
        """Match the index to ``listing``; True when it changed (and was rebuilt)."""
        if not self._loaded:
            self._load()
        if dict(listing) == {nid: rec["key"] for nid, rec in self._rows.notices.items()}:
            return False
        rows = _merge(self._rows, listing, fetch, self._tokenize)
        _compact(rows)
        rows.bm25 = _bm25(rows) if rows.ids else None  # array arithmetic, whatever notice changed
        self._rows = _indexed(rows)
        self._save()
        return True

    def _tokenize(self, text: str) -> list[str]:
        return self.tokenizer.tokens(text) or [EMPTY]

    # ---- records --------------------------------------------------------------------------------
    @property
    def has_records(self) -> bool:
        return self._rows.records is not None

    def record(self, passage_id: str) -> str | None:
        """The record a passage was fetched with (None: not a row, or the rows keep none)."""
        rows = self._rows
        row = rows.row_of.get(passage_id)
        if row is None or rows.records is None or rows.record_offsets is None:
            return None
        a, b = rows.record_offsets[row], rows.record_offsets[row + 1]
        return bytes(rows.records[a:b]).decode("utf-8")

    # ---- searching ------------------------------------------------------------------------------
    def search(
        self, query: str, k: int, notice_ids: list[str] | None, drop: AbstractSet[str] = frozenset()
    ) -> list[tuple[str, float]]:
        """(passage id, BM25 score) of the k best passages within the given notices."""
        rows = self._rows
        if rows.bm25 is None:
            return []
        tokens = self.tokenizer.query_tokens(query, drop) or self.tokenizer.tokens(query)
        ids = [rows.terms[t] for t in tokens if t in rows.terms]
        if not ids:
            return []
        scores = rows.bm25.get_scores_from_ids(ids, weight_mask=_mask(rows, notice_ids))
        return _best(rows, scores, k)

    @property
    def dense(self) -> bool:
        """Every row has its vector: :meth:`dense_search` can answer."""
        return self._rows.vectors is not None and len(self._rows.ids) > 0

    def dense_search(self, vector: list[float], k: int, notice_ids: list[str] | None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the k nearest passages within the given notices, exactly."""
        rows = self._rows
        if rows.vectors is None or not rows.ids:
            return []
        picked = _rows_of(rows, notice_ids)
        if picked is not None and not len(picked):
            return []
        query = np.asarray(vector, dtype=np.float32)
        scores = (rows.vectors if picked is None else rows.vectors[picked]) @ (query / (np.linalg.norm(query) or 1.0))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(rows.ids[i if picked is None else picked[i]], float(scores[i])) for i in top]

    # ---- the folder -----------------------------------------------------------------------------
    def _load(self) -> None:
        """Open the saved index, memory-mapped (nothing when there is none or it is of another format)."""
        self._loaded = True
        where = self._current()
        if where is None:
            return
        try:
            self._open(where)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("lexical index in %s unreadable (%s): rebuilt", where, exc)
            self._rows = _Rows()

    def _open(self, where: Path) -> None:
        import bm25s

        state = json.loads((where / "state.json").read_text(encoding="utf-8"))
        if state.get("format") != FORMAT or state.get("tokenizer") != self._tokenizer_key():
            return
        bm25 = bm25s.BM25.load(where / "bm25", mmap=True, show_progress=False) if state["ids"] else None
        def array(name: str) -> np.ndarray:  # a missing one: OSError, and the index is built again
            return np.asarray(np.load(where / f"{name}.npy", mmap_mode="r"))

        self._rows = _Rows(ids=state["ids"], notices=state["notices"], terms=bm25.vocab_dict if bm25 else {},
                           term_ids=array("term_ids"), term_counts=array("term_counts"),
                           term_offsets=array("term_offsets"), lengths=array("lengths"),
                           vectors=_mapped(where / "vectors.npy"), records=_mapped(where / "records.npy"),
                           record_offsets=_mapped(where / "record_offsets.npy"), bm25=bm25)
        self._rows = _indexed(self._rows)

    def _current(self) -> Path | None:
        pointer = self.folder / "CURRENT" if self.folder else None
        if pointer is None or not pointer.is_file():
            return None
        where = self.folder / pointer.read_text().strip()  # type: ignore[operator]
        return where if where.is_dir() else None

    def _save(self) -> None:
        """Write the index to a new subfolder, then point CURRENT at it (readers never see half of one)."""
        if self.folder is None:
            return
        name = uuid.uuid4().hex[:12]
        where = self.folder / name
        where.mkdir(parents=True)
        if self._rows.bm25 is not None:
            self._rows.bm25.save(where / "bm25", show_progress=False)
        for part in (*_RAGGED, "vectors", "records", "record_offsets"):
            if (array := getattr(self._rows, part)) is not None:
                np.save(where / f"{part}.npy", array)
        state = {"format": FORMAT, "tokenizer": self._tokenizer_key(), "ids": self._rows.ids,
                 "notices": self._rows.notices}
        (where / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        previous = self._current()
        tmp = self.folder / f"CURRENT.{name}"
        tmp.write_text(name)
        os.replace(tmp, self.folder / "CURRENT")
        if previous is not None:  # a process still reading it keeps its open files
            shutil.rmtree(previous, ignore_errors=True)

    def _tokenizer_key(self) -> str:
        return self.tokenizer.fingerprint()


def _indexed(rows: _Rows) -> _Rows:
    """The rows with their passage → row lookup filled in."""
    rows.row_of = {pid: row for row, pid in enumerate(rows.ids)}
    return rows


def _mask(rows: _Rows, notice_ids: list[str] | None) -> np.ndarray | None:
    """1 for the rows of the given notices, 0 elsewhere (None: every notice)."""
    if not notice_ids:
        return None
    mask = np.zeros(len(rows.ids), dtype=np.float32)
    for nid in notice_ids:
        if (rec := rows.notices.get(nid)) is not None:
            mask[rec["start"] : rec["end"]] = 1.0
    return mask


def _best(rows: _Rows, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]  # by score, then by row: the order is stable
    return [(rows.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _rows_of(rows: _Rows, notice_ids: list[str] | None) -> np.ndarray | None:
    """The rows of the given notices (None: every row)."""
    if not notice_ids:
        return None
    spans = [rows.notices[n] for n in notice_ids if n in rows.notices]
    return np.concatenate([np.arange(r["start"], r["end"]) for r in spans]) if spans else np.zeros(0, dtype=np.int64)


def _merge(old: _Rows, listing: Listing, fetch: Fetch, tokenize: Callable[[str], list[str]]) -> _Rows:
    """Rows for ``listing``: an unchanged notice's copied from ``old``, the others tokenized."""
    new = _Rows(terms=dict(old.terms))
    counted: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    dense: list[np.ndarray | None] = []
    records: list[tuple[np.ndarray, np.ndarray] | None] = []
    for nid, key in listing.items():
        kept = old.notices.get(nid)
        start = len(new.ids)
        if kept is not None and kept["key"] == key:
            a, b = kept["start"], kept["end"]
            new.ids += old.ids[a:b]
            counted.append(_counts_of(old, a, b))
            dense.append(None if old.vectors is None else np.asarray(old.vectors[a:b]))
            records.append(_records_of(old, a, b))
        else:
            got = fetch(nid)
            new.ids += [row[0] for row in got]
            counted.append(_counted([[new.terms.setdefault(t, len(new.terms)) for t in tokenize(row[1])] for row in got]))
            dense.append(_normalised([row[2] if len(row) > 2 else None for row in got]))
            records.append(_encoded([row[3] if len(row) > 3 else None for row in got]))
        new.notices[nid] = {"key": key, "start": start, "end": len(new.ids)}
    new.vectors = _stacked(dense)
    new.records, new.record_offsets = _joined(records)
    if counted:
        ids, counts, per_row, lengths = (np.concatenate(part) for part in zip(*counted))
        new.term_ids, new.term_counts, new.lengths = ids.astype(np.int32), counts.astype(np.int32), lengths.astype(np.int32)
        new.term_offsets = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
    return new


# the rows' term counts, saved one array each
_RAGGED = ("term_ids", "term_counts", "term_offsets", "lengths")


def _counts_of(rows: _Rows, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows a..b's (term ids, their counts, distinct terms per row, tokens per row)."""
    lo, hi = rows.term_offsets[a], rows.term_offsets[b]
    return (np.asarray(rows.term_ids[lo:hi]), np.asarray(rows.term_counts[lo:hi]),
            np.diff(rows.term_offsets[a : b + 1]), np.asarray(rows.lengths[a:b]))


def _counted(token_ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's distinct term ids and their counts (rows of token ids), as :func:`_counts_of` gives them."""
    pairs = [np.unique(np.asarray(row, dtype=np.int32), return_counts=True) for row in token_ids]
    ids = [u for u, _ in pairs]
    return (np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32),
            np.concatenate([c for _, c in pairs]) if pairs else np.zeros(0, dtype=np.int64),
            np.array([len(u) for u in ids], dtype=np.int64), np.array([len(row) for row in token_ids], dtype=np.int64))


def _compact(rows: _Rows) -> None:
    """Renumber the terms when many are in no row any more (a removed notice's): one linear remap."""
    used = np.bincount(rows.term_ids, minlength=len(rows.terms)) > 0
    if len(used) - used.sum() <= UNUSED_SHARE * len(used):
        return
    renumbered = (np.cumsum(used) - 1).astype(np.int32)
    rows.term_ids = renumbered[rows.term_ids]
    rows.terms = {t: int(renumbered[i]) for t, i in rows.terms.items() if used[i]}


def _bm25(rows: _Rows):
    """A bm25s index (Lucene's BM25, bm25s's defaults) over the rows' term counts, its score matrix
    computed here as bm25s's ``build_index_from_ids`` computes it, without a list per passage."""
    import bm25s
    from scipy import sparse

    bm25 = bm25s.BM25()
    n, width = len(rows.ids), len(rows.terms)
    doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(rows.term_offsets))
    df = np.bincount(rows.term_ids, minlength=width).astype(np.float64)
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    lengths = rows.lengths.astype(np.float64)
    tf = rows.term_counts.astype(np.float64)
    norm = bm25.k1 * ((1 - bm25.b) + bm25.b * lengths / lengths.mean())
    data = (idf[rows.term_ids] * tf / (norm[doc] + tf)).astype(bm25.dtype)
    matrix = sparse.csc_matrix((data, (doc, rows.term_ids)), shape=(n, width), dtype=bm25.dtype)
    bm25.scores = {"data": matrix.data, "indices": matrix.indices.astype(bm25.int_dtype), "indptr": matrix.indptr,
                   "num_docs": n}
    bm25.vocab_dict = rows.terms
    bm25.unique_token_ids_set = set(rows.terms.values())
    bm25.nonoccurrence_array = None
    return bm25


def _normalised(vectors: list) -> np.ndarray | None:
    """The vectors as normalised float32 rows; None when one is missing."""
    if any(v is None for v in vectors):
        return None
    if not vectors:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _stacked(pieces: list[np.ndarray | None]) -> np.ndarray | None:
    """One matrix of every notice's rows; None when a notice lacks its vectors or widths differ."""
    filled = [p for p in pieces if p is None or len(p)]
    if not filled or any(p is None for p in filled) or len({p.shape[1] for p in filled}) != 1:  # type: ignore[union-attr]
        return None
    return np.concatenate(filled).astype(np.float32)  # type: ignore[arg-type]


def _records_of(rows: _Rows, a: int, b: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows a..b's records (bytes, and each one's length)."""
    if rows.records is None or rows.record_offsets is None:
        return None
    offsets = rows.record_offsets
    return np.asarray(rows.records[offsets[a] : offsets[b]]), np.diff(offsets[a : b + 1])


def _encoded(records: list) -> tuple[np.ndarray, np.ndarray] | None:
    """The records as UTF-8 bytes, one after another, and each one's length; None when one is missing."""
    if any(r is None for r in records):
        return None
    encoded = [r.encode("utf-8") for r in records]
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), np.array([len(e) for e in encoded], dtype=np.int64)


def _joined(pieces: list[tuple[np.ndarray, np.ndarray] | None]) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Every notice's records in one array and their offsets; (None, None) when a notice lacks them."""
    if any(p is None for p in pieces):
        return None, None
    data = [p[0] for p in pieces if p is not None]
    lengths = [p[1] for p in pieces if p is not None]
    flat = np.concatenate(data) if data else np.zeros(0, dtype=np.uint8)
    offsets = np.concatenate([[0], np.cumsum(np.concatenate(lengths))]) if lengths else np.zeros(1)
    return flat.astype(np.uint8), offsets.astype(np.int64)


def _mapped(path: Path) -> np.ndarray | None:
    """The saved array, memory-mapped (as a plain array: slicing a ``np.memmap`` costs ~50 µs a time)."""
    return np.asarray(np.load(path, mmap_mode="r")) if path.is_file() else None


def notice_key(sha256: str, passage_ids: list[str]) -> str:
    """The key of a notice's stored version: its file's hash and its passages."""
    return hashlib.sha256("\n".join([sha256, *passage_ids]).encode()).hexdigest()[:24]
