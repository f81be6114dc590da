"""Each notice's text, its passages joined and compacted: what the scope resolver and the support
statistics read. Kept in a file beside the store and updated per changed notice, so that a start on
an existing index neither reads every passage nor normalises the whole corpus again."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from assistant.index.notice_grams import NoticeGrams
from assistant.text.normalize import compact

log = logging.getLogger(__name__)

FORMAT = 1


class NoticeTexts:
    def __init__(self, path: Path | None) -> None:
        """``path``: the file they are kept in (None: in memory only); their grams are kept beside it."""
        self.path = path
        self._texts: dict[str, tuple[str, str]] | None = None  # notice id → (key, compacted text)
        self._grams: NoticeGrams | None = None
        self._lock = threading.Lock()

    def sync(self, listing: Mapping[str, str], fetch: Callable[[str], list[str]]) -> dict[str, str]:
        """notice id → compacted text for the notices of ``listing`` (notice id → key of its version);
        a notice whose key changed is read again with ``fetch`` (its passage texts in order)."""
        with self._lock:
            held = self._load() if self._texts is None else self._texts
            fresh = {nid: held[nid] if nid in held and held[nid][0] == key else (key, _joined(fetch(nid)))
                     for nid, key in listing.items()}
            if fresh != held:
                self._save(fresh)
            self._texts = fresh
            return {nid: text for nid, (_, text) in fresh.items()}

    def grams(self) -> NoticeGrams:
        """Which of the last synced notices hold each character and pair; rebuilt only for the
        notices whose version changed since the table was last saved."""
        with self._lock:
            texts = self._texts or {}
            held = self._grams or (NoticeGrams.load(self._grams_path()) if self.path else None)
            if held is not None and held.ids == list(texts) and held.keys == [k for k, _ in texts.values()]:
                self._grams = held
                return held
            self._grams = NoticeGrams.build(texts, held)
            if self.path is not None:
                self._grams.save(self._grams_path())
            return self._grams

    def _grams_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}.grams.npz")

    def _load(self) -> dict[str, tuple[str, str]]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("notice texts in %s unreadable (%s): read again", self.path, exc)
            return {}
        if saved.get("format") != FORMAT:
            return {}
        return {nid: (key, text) for nid, (key, text) in saved["notices"].items()}

    def _save(self, texts: dict[str, tuple[str, str]]) -> None:
        """Written to a temporary file, then put in place (a reader never sees half of it)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(json.dumps({"format": FORMAT, "notices": texts}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


def _joined(passages: list[str]) -> str:
    return compact("\n".join(passages))
