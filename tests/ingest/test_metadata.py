"""Notice metadata read from the five bundled notices (text and PDF) against hand-checked values.

Expected values live in tests/data/expected_metadata.yaml. A field the extractor gets wrong today is
listed there under ``known_gaps``; its tests are xfail(strict=True), so they start failing (XPASS)
the moment the extractor is fixed and the marker has to go.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from assistant.ingest.coverage import stated_exclusion
from assistant.ingest.loaders import load_document
from assistant.ingest.metadata import extract_metadata
from assistant.models import LoadedDocument, LoadedPage, NoticeMeta
from assistant.settings import Settings
from assistant.text.normalize import compact
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
EXPECTED: dict[str, dict] = yaml.safe_load((DATA / "expected_metadata.yaml").read_text(encoding="utf-8"))["notices"]
FIELDS = ["title", "doc_number", "year", "province", "city", "district", "series", "levels", "issue_date", "issuer"]
AS_SETS = {"series", "levels"}
FILES = {
    "txt": lambda nid: ROOT / "knowledge" / "notices" / f"{nid}.txt",
    "pdf": lambda nid: DATA / "pdf" / f"{nid}.pdf",
}


@functools.cache
def resources() -> tuple[Gazetteer, object]:
    settings = Settings()
    return Gazetteer.load(settings.regions_file), load_vocabulary(settings.vocab_file)


@functools.cache
def meta_of(notice_id: str, fmt: str) -> NoticeMeta:
    path = FILES[fmt](notice_id)
    gazetteer, vocab = resources()
    return extract_metadata(notice_id, path.name, load_document(path), gazetteer, vocab)


def cases():
    for notice_id, expected in EXPECTED.items():
        gaps = expected.get("known_gaps", {})
        for field in FIELDS:
            if field not in expected:
                continue
            for fmt in FILES:
                marks = [pytest.mark.xfail(strict=True, reason=f"metadata bug: {gaps[field]}")] if field in gaps else []
                yield pytest.param(notice_id, field, fmt, id=f"{notice_id[:3]}-{field}-{fmt}", marks=marks)


def test_expected_file_covers_every_bundled_notice() -> None:
    bundled = sorted(p.stem for p in (ROOT / "knowledge" / "notices").glob("*.txt"))
    assert sorted(EXPECTED) == bundled
    assert sorted(p.stem for p in (DATA / "pdf").glob("*.pdf")) == bundled
    for notice_id, expected in EXPECTED.items():
        assert set(expected.get("known_gaps", {})) <= set(expected), f"{notice_id}: gap for an unchecked field"


@pytest.mark.parametrize(("notice_id", "field", "fmt"), list(cases()))
def test_metadata_field(notice_id: str, field: str, fmt: str) -> None:
    want = EXPECTED[notice_id][field]
    got = getattr(meta_of(notice_id, fmt), field)
    if field == "issuer":
        assert got in want, f"{notice_id}.{fmt} issuer {got!r} is none of {want}"
    elif field in AS_SETS:
        assert sorted(got) == sorted(want)
    else:
        assert got == want


@pytest.mark.parametrize("notice_id", sorted(EXPECTED), ids=lambda n: n[:3])
def test_pdf_and_text_give_the_same_metadata(notice_id: str) -> None:
    """Whatever the extractor reads, it reads the same from the PDF as from the text."""
    keep = set(FIELDS) | {"places", "notice_id"}
    assert meta_of(notice_id, "pdf").model_dump(include=keep) == meta_of(notice_id, "txt").model_dump(include=keep)
    assert meta_of(notice_id, "pdf").fmt == "pdf" and meta_of(notice_id, "txt").fmt == "txt"
    assert meta_of(notice_id, "pdf").pages > 1


@pytest.mark.parametrize("notice_id", sorted(EXPECTED), ids=lambda n: n[:3])
def test_label_names_region_and_year(notice_id: str) -> None:
    meta = meta_of(notice_id, "txt")
    expected = EXPECTED[notice_id]
    label = meta.label()
    assert f"{expected['year']}年度" in label
    for place in (expected["province"], expected["city"], expected["district"]):
        if place:
            assert place in label


# ---------------------------------------------------------------- small synthetic notices


def synthetic(text: str) -> NoticeMeta:
    gazetteer, vocab = resources()
    doc = LoadedDocument(path="x.txt", fmt="txt", pages=[LoadedPage(number=1, text=text)])
    return extract_metadata("x", "x.txt", doc, gazetteer, vocab)


def test_title_wrapped_over_two_lines_is_joined() -> None:
    meta = synthetic("关于报送2025年度全市机械工程中级专业技术\n资格评审材料的通知\n各有关单位：\n正文。")
    assert meta.title == "关于报送2025年度全市机械工程中级专业技术资格评审材料的通知"
    assert meta.year == 2025
    assert meta.series == ["机械工程"]
    assert meta.levels == ["中级"]


def test_cited_doc_number_in_the_body_is_not_the_notice_number() -> None:
    meta = synthetic("关于做好2025年度职称评审工作的通知\n各有关单位：\n根据《关于某事的通知》（苏职称办〔2024〕21号）要求，现通知如下。")
    assert meta.doc_number is None


def test_combined_levels_in_the_title_are_expanded() -> None:
    meta = synthetic("关于开展2025年度建设工程中、初级职称评审工作的通知\n各有关单位：\n正文。")
    assert sorted(meta.levels) == ["中级", "初级"]
    assert meta.series == ["建设工程"]


def test_text_without_a_title_falls_back_to_its_first_line() -> None:
    meta = synthetic("职称申报常见问题解答汇编\n一、问：如何申报？\n答：在网上申报。")
    assert meta.title == "职称申报常见问题解答汇编"
    assert meta.doc_number is None and meta.year is None


@pytest.mark.parametrize(("text", "level", "stated"), [
    ("本次评审高级、一级教师。正高级教师按省教育厅通知执行，不在本次评审范围。", "正高级", "正高级教师按省教育厅通知执行，不在本次评审范围"),
    ("本年度只评审化工工程专业副高级。", "正高级", "本年度只评审化工工程专业副高级"),
    # a compacted table runs its lines together: cells stay apart, the last one runs into the sentence
    # (the answerer quotes the passage's sentence held in it)
    (compact("级别｜评审费\n中级｜320元\n初级职务由学校直接认定，不收取评审费。"), "初级", "320元初级职务由学校直接认定,不收取评审费"),
    ("申报正高级须取得副高级职称后满5年。", "正高级", None),  # names the level to cover it, not to leave it out
    ("本次评审高级、一级教师。", "正高级", None),
])
def test_the_sentence_stating_a_level_is_left_out(text, level, stated):
    assert stated_exclusion(text, level, resources()[1]) == stated
