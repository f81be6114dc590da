"""An administrator's metadata corrections: shown at once, kept across re-index, removal and re-upload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index.corrections import checked
from assistant.models import NoticeMeta

ROOT = Path(__file__).resolve().parents[2]
NOTICE = ROOT / "knowledge" / "notices" / "000_0c0ecf8262729fd8.txt"
META = NoticeMeta(notice_id="n", file_name="n.txt", title="关于开展职称评审的通知", year=2024)


@pytest.mark.unit
@pytest.mark.parametrize(("values", "message"), [
    ({"sha256": "x"}, "不能更正这些字段"),
    ({"title": "  "}, "标题不能为空"),
    ({"issue_date": "2025年6月20日"}, "2025-06-20"),
    ({"year": "明年"}, "更正的值不合要求"),
])
def test_a_correction_that_cannot_be_is_refused_in_words(values, message):
    with pytest.raises(ValueError, match=message):
        checked(META, values)


@pytest.mark.unit
def test_list_fields_may_be_written_as_one_text():
    assert checked(META, {"series": "冶金工程、机械工程", "year": "2025", "issuer": ""}) == {
        "series": ["冶金工程", "机械工程"], "year": 2025, "issuer": None}


@pytest.mark.integration
def test_a_correction_is_shown_at_once_and_survives_reindex_removal_and_reupload(make_assistant, tmp_path: Path):
    folder = tmp_path / "notices"
    folder.mkdir()
    shutil.copy(NOTICE, folder / NOTICE.name)
    assistant = make_assistant()
    assistant.ingest([folder])
    store = assistant.store
    assert assistant.scope("2031年度南通冶金工程职称纸质材料交到哪里？").out_of_coverage
    meta = store.correct_metadata(NOTICE.stem, {"issuer": "南通市人力资源和社会保障局", "year": "2031"}, by="admin")
    assert meta.issuer == "南通市人力资源和社会保障局" and meta.sources["issuer"].rule == "admin"
    assert assistant.scope("2031年度南通冶金工程职称纸质材料交到哪里？").notice_ids == [NOTICE.stem]  # at once

    store.reset()
    assistant.ingest([folder])
    assert store.notice(NOTICE.stem).issuer == "南通市人力资源和社会保障局"

    store.remove(NOTICE.stem)
    copy = tmp_path / "upload" / "nantong_copy.txt"
    copy.parent.mkdir()
    shutil.copy(NOTICE, copy)
    (result,) = assistant.ingest([copy])
    assert store.notice(result.notice_id).issuer == "南通市人力资源和社会保障局"


@pytest.mark.integration
def test_correcting_a_notice_that_is_not_there_says_so(make_assistant):
    with pytest.raises(ValueError, match="没有编号为"):
        make_assistant().store.correct_metadata("nope", {"title": "x"})
