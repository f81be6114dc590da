"""Uploading, deleting and re-indexing notices: cleaned names, clear errors, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index.library import NoticeLibrary, safe_file_name
from assistant.ingest.errors import LoadError

NOTICES = Path(__file__).resolve().parents[2] / "knowledge" / "notices"
HOLDOUT = Path(__file__).resolve().parents[2] / "eval" / "holdout"


@pytest.mark.unit
@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\x\\通知 2025.PDF", "通知_2025.pdf"),
    ("..\\..\\.bashrc.html", "bashrc.html"),
    ("/abs/path/a;rm -rf.docx", "a_rm_-rf.docx"),
])
def test_safe_file_name_keeps_only_the_last_component(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


@pytest.mark.unit
@pytest.mark.parametrize("name", ["evil.exe", "noext", "x.pdf.sh"])
def test_safe_file_name_refuses_other_types(name: str) -> None:
    with pytest.raises(LoadError):
        safe_file_name(name)


@pytest.fixture
def library(make_assistant, tmp_path: Path) -> NoticeLibrary:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(NOTICES / "000_0c0ecf8262729fd8.txt", bundled)
    lib = NoticeLibrary(make_assistant(notices_dir=bundled))
    assert [r.status for r in lib.sync()] == ["added"]
    return lib


def _upload(library: NoticeLibrary, tmp_path: Path, name: str, data: bytes):
    temp = tmp_path / "incoming" / "tmpname"
    temp.parent.mkdir(exist_ok=True)
    temp.write_bytes(data)
    return library.upload([(name, temp)])[0]


@pytest.mark.integration
def test_upload_adds_a_notice_under_a_clean_name(library, tmp_path: Path) -> None:
    data = (HOLDOUT / "pdf" / "101_huzhou_dianzi.pdf").read_bytes()
    result = _upload(library, tmp_path, "../../101_huzhou_dianzi.pdf", data)
    assert result.status == "added", result.message
    assert (library.settings.uploads_dir / "101_huzhou_dianzi.pdf").read_bytes() == data
    assert {r.origin for r in library.rows()} == {"内置", "上传"}
    answer = library.assistant.ask("湖州2025年度电子信息专业中级职称网上申报时间是什么时候？")
    assert "8月15日" in answer.text and answer.citations[0].notice_id == "101_huzhou_dianzi"


@pytest.mark.integration
def test_a_failed_replacement_keeps_the_old_file_and_index(library, tmp_path: Path) -> None:
    good = (HOLDOUT / "notices" / "101_huzhou_dianzi.txt").read_bytes()
    assert _upload(library, tmp_path, "101_huzhou_dianzi.txt", good).status == "added"
    before = library.assistant.store.manifest().notices["101_huzhou_dianzi"].passage_ids
    bad = _upload(library, tmp_path, "101_huzhou_dianzi.txt", b"\x00\x01\x02binary\xff\xfe" * 50)
    assert bad.status == "error" and "无法读取" in bad.message
    assert (library.settings.uploads_dir / "101_huzhou_dianzi.txt").read_bytes() == good
    assert library.assistant.store.manifest().notices["101_huzhou_dianzi"].passage_ids == before


@pytest.mark.integration
def test_wrong_type_or_size_is_refused_with_a_message(library, tmp_path: Path) -> None:
    fake_pdf = _upload(library, tmp_path, "notice.pdf", "这不是PDF，只是文字。".encode())
    assert fake_pdf.status == "error" and "内容实际是纯文本" in fake_pdf.message
    assert not (library.settings.uploads_dir / "notice.pdf").exists()
    library.settings.max_file_mb = 0.001
    big = _upload(library, tmp_path, "big.txt", "通知".encode() * 2000)
    assert big.status == "error" and "上限" in big.message
    assert len(library.rows()) == 1


@pytest.mark.integration
def test_delete_keeps_uploads_in_trash_and_bundled_notices_hidden(library, tmp_path: Path) -> None:
    good = (HOLDOUT / "notices" / "102_shunde_jianshe.txt").read_bytes()
    _upload(library, tmp_path, "102_shunde_jianshe.txt", good)
    assert library.delete("102_shunde_jianshe").status == "removed"
    assert not (library.settings.uploads_dir / "102_shunde_jianshe.txt").exists()
    assert any(p.name.endswith("102_shunde_jianshe.txt") for p in (library.settings.data_dir / "trash").iterdir())
    assert library.delete("000_0c0ecf8262729fd8").status == "removed"
    assert library.sync() == [] and library.rows() == []  # a restart does not bring it back
    assert library.delete("nope").status == "error"
    assert library.assistant.store.hidden() == {"000_0c0ecf8262729fd8"}  # in the manifest, which replicas share


@pytest.mark.integration
def test_a_hidden_list_of_an_older_version_is_taken_into_the_manifest(make_assistant, tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(NOTICES / "000_0c0ecf8262729fd8.txt", bundled)
    lib = NoticeLibrary(make_assistant(notices_dir=bundled))
    legacy = lib.settings.data_dir / "hidden_notices.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text('["000_0c0ecf8262729fd8"]', encoding="utf-8")
    assert lib.sync() == [] and lib.rows() == []
    assert not legacy.exists() and lib.assistant.store.hidden() == {"000_0c0ecf8262729fd8"}


@pytest.mark.integration
def test_reindex_rebuilds_from_the_files(library, tmp_path: Path) -> None:
    _upload(library, tmp_path, "103_zibo_huagong.txt", (HOLDOUT / "notices" / "103_zibo_huagong.txt").read_bytes())
    results = library.reindex()
    assert sorted(r.status for r in results) == ["added", "added"]
    assert {r.notice_id for r in library.rows()} == {"000_0c0ecf8262729fd8", "103_zibo_huagong"}


@pytest.mark.integration
def test_an_upload_gets_rules_proposed_and_approved_rules_assess(library, tmp_path: Path) -> None:
    """Issue 13, part 3: the uploaded notice's rule data is proposed at upload; once approved, a
    personal question about that notice is assessed with its own cut-off and cites its sentence."""
    data = (HOLDOUT / "pdf" / "101_huzhou_dianzi.pdf").read_bytes()
    assert _upload(library, tmp_path, "101_huzhou_dianzi.pdf", data).status == "added"
    assistant = library.assistant
    proposal = assistant.rule_proposals.get("101_huzhou_dianzi")
    assert proposal is not None and proposal.status == "proposed"
    cutoff = proposal.clauses["cutoff.seniority"]
    question = "我在湖州，本科，2020年6月取得助理工程师，能申报电子信息工程师吗？"
    before = assistant.ask(question, generate=False)
    assert before.assessment is not None and before.assessment["years"]["cutoff_rule"] == "cutoff.assumed"
    assert before.assessment["pending"]["label"] == proposal.label and "尚未经工作人员审核" in before.text
    assert before.citations and {c.notice_id for c in before.citations} == {"101_huzhou_dianzi"}
    assert any(c.quote == cutoff.quote for c in before.citations)  # its own sentences, quoted, not applied
    assistant.approve_rules("101_huzhou_dianzi", reviewer="admin")
    after = assistant.ask(question, generate=False)
    assert after.assessment is not None and after.assessment["notice_label"] == proposal.label
    assert after.assessment["years"]["cutoff_rule"] == "cutoff.seniority"
    assert after.assessment["years"]["cutoff"] == "2024-12-31"
    assert any(c.notice_id == "101_huzhou_dianzi" and c.quote == cutoff.quote for c in after.citations)
    library.delete("101_huzhou_dianzi")
    assert assistant.rule_proposals.get("101_huzhou_dianzi") is None
