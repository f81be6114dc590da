"""Which notices hold each character and each character pair of their (compacted) text.

What the support statistics ask of the corpus — in how many notices a word occurs, whether any
notice or the notices in scope use it — is answered from this table instead of by scanning every
notice's text for every new word (at 100,000 passages a scan is ~70 ms a word). A word "occurs" in a
text as :func:`assistant.answer.support.present` defines it: a character or a pair must be there; a
longer word needs more than half of its character pairs (which every substring occurrence gives).

The table is a sparse notice × gram matrix. It is kept in a file beside the store and updated per
changed notice (by the key of its version, as :class:`~assistant.index.notice_texts.NoticeTexts`), so a
start reads it and a change re-reads only the changed notices' grams.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

log = logging.getLogger(__name__)

FORMAT = 1


def grams(text: str) -> set[str]:
    """The text's characters and character pairs."""
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def word_pairs(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


class NoticeGrams:
    def __init__(self, ids: Sequence[str], keys: Sequence[str], vocab: Sequence[str], matrix: sparse.csr_matrix) -> None:
        """``matrix``: one row per notice of ``ids`` (``keys``: its version), one column per gram of ``vocab``."""
        self.ids, self.keys, self.vocab = list(ids), list(keys), list(vocab)
        self.row = {nid: i for i, nid in enumerate(self.ids)}
        self.column = {g: j for j, g in enumerate(self.vocab)}
        self.by_gram = matrix.tocsc()
        self.by_notice = matrix.tocsr()
        self.gram_df = np.diff(self.by_gram.indptr)

    @classmethod
    def build(cls, texts: Mapping[str, tuple[str, str]], held: NoticeGrams | None = None) -> NoticeGrams:
        """From notice id → (key, compacted text); rows of ``held`` whose key is the same are kept."""
        vocab = list(held.vocab) if held else []
        column = dict(held.column) if held else {}
        rows: list[np.ndarray] = []
        for nid, (key, text) in texts.items():
            if held is not None and nid in held.row and held.keys[held.row[nid]] == key:
                r = held.row[nid]
                rows.append(held.by_notice.indices[held.by_notice.indptr[r] : held.by_notice.indptr[r + 1]])
                continue
            held_grams = grams(text)
            for g in held_grams:
                if g not in column:
                    column[g] = len(vocab)
                    vocab.append(g)
            rows.append(np.fromiter((column[g] for g in held_grams), dtype=np.int32, count=len(held_grams)))
        return cls(list(texts), [k for k, _ in texts.values()], vocab, _matrix(rows, len(vocab)))

    # ---- what the support statistics ask ----------------------------------------------------
    def holders(self, word: str, rows: Iterable[int] | None = None) -> np.ndarray:
        """A boolean per notice (of ``rows``, else of all): the word occurs in its text."""
        m = self.by_gram if rows is None else self.by_notice[list(rows)].tocsc()
        n = m.shape[0]
        if not word:
            return np.ones(n, dtype=bool)
        units = [word] if len(word) <= 2 else word_pairs(word)
        cols = [self.column[u] for u in units if u in self.column]
        if not cols:
            return np.zeros(n, dtype=bool)
        held = np.asarray(m[:, cols].sum(axis=1)).ravel()
        return held > 0.5 * len(units) if len(word) > 2 else held > 0

    def df(self, word: str) -> int:
        return int(self.holders(word).sum())

    def count(self, gram: str) -> int:
        """Notices holding a character or a pair (what :meth:`df` gives for one, without the matrix)."""
        j = self.column.get(gram)
        return int(self.gram_df[j]) if j is not None else 0

    def anywhere(self, word: str) -> bool:
        """Some notice's text holds the word."""
        if not word:
            return True
        units = [word] if len(word) <= 2 else word_pairs(word)
        held = sum(u in self.column and self.gram_df[self.column[u]] > 0 for u in units)
        return held > 0.5 * len(units) if len(word) > 2 else held > 0

    def within(self, word: str, notice_ids: Iterable[str]) -> bool:
        """One of these notices' texts, taken together, holds the word (more than half its pairs
        between them)."""
        rows = [self.row[n] for n in notice_ids if n in self.row]
        if not rows or not word:
            return bool(rows)
        units = [word] if len(word) <= 2 else word_pairs(word)
        cols = [self.column[u] for u in units if u in self.column]
        count = int((self.by_notice[rows][:, cols].getnnz(axis=0) > 0).sum()) if cols else 0
        return count > 0.5 * len(units) if len(word) > 2 else count > 0

    def held_by(self, notice_id: str, grams: Iterable[str]) -> set[str]:
        """Those of ``grams`` (characters or pairs) the notice's text holds."""
        r = self.row.get(notice_id)
        if r is None:
            return set()
        asked = [g for g in grams if g in self.column]
        row = self.by_notice.indices[self.by_notice.indptr[r] : self.by_notice.indptr[r + 1]]
        found = np.isin(np.fromiter((self.column[g] for g in asked), dtype=np.int64, count=len(asked)), row)
        return {g for g, f in zip(asked, found) if f}

    def any_pair(self, word: str) -> bool:
        """Some notice holds one of the word's character pairs."""
        return any(p in self.column and self.gram_df[self.column[p]] > 0 for p in word_pairs(word))

    # ---- the file ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Written to a temporary file, then put in place (a reader never sees half of it)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.npz")
        m = self.by_notice
        np.savez(tmp, format=np.array([FORMAT]), ids=np.array(self.ids, dtype=str), keys=np.array(self.keys, dtype=str),
                 vocab=np.array(self.vocab, dtype=str), indptr=m.indptr, indices=m.indices, shape=np.array(m.shape))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> NoticeGrams | None:
        """The saved table, or None when there is none or it cannot be read (then it is built again)."""
        if not path.is_file():
            return None
        try:
            with np.load(path) as f:
                if int(f["format"][0]) != FORMAT:
                    return None
                shape = tuple(int(x) for x in f["shape"])
                data = np.ones(len(f["indices"]), dtype=np.int8)
                matrix = sparse.csr_matrix((data, f["indices"], f["indptr"]), shape=shape)
                return cls(f["ids"].tolist(), f["keys"].tolist(), f["vocab"].tolist(), matrix)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("notice grams in %s unreadable (%s): built again", path, exc)
            return None


def _matrix(rows: list[np.ndarray], width: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, dtype=np.int32)
    data = np.ones(len(indices), dtype=np.int8)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))
