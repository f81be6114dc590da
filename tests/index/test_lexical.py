"""The lexical index: kept in a folder, opened memory-mapped, and only the changed notices tokenized."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.index.lexical import LexicalIndex
from assistant.text.normalize import Tokenizer

pytestmark = pytest.mark.unit

NOTICES = {
    "nantong": [("n1", "网上申报时间为2024年6月1日至7月20日"), ("n2", "评审费每人300元")],
    "wuxi": [("w1", "纸质材料报送地址：锡山区人社局三楼"), ("w2", "评审费每人200元")],
}


class Counting(Tokenizer):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def tokens(self, text: str) -> list[str]:
        self.texts.append(text)
        return super().tokens(text)


def fetch(notices: dict):
    return lambda nid: notices[nid]


def synced(folder: Path, notices: dict, keys: dict[str, str]) -> tuple[LexicalIndex, Counting]:
    tokenizer = Counting()
    index = LexicalIndex(tokenizer, folder)
    index.sync(keys, fetch(notices))
    return index, tokenizer


def test_a_search_finds_the_passage_and_the_mask_keeps_to_the_notices_asked(tmp_path: Path) -> None:
    index, _ = synced(tmp_path, NOTICES, {"nantong": "a", "wuxi": "a"})
    assert index.search("评审费多少", 5, None)[0][0] in {"n2", "w2"}
    assert [pid for pid, _ in index.search("评审费多少", 5, ["wuxi"])] == ["w2"]
    assert index.search("评审费多少", 5, ["elsewhere"]) == []


def test_a_start_on_a_saved_index_tokenizes_nothing_and_finds_the_same(tmp_path: Path) -> None:
    keys = {"nantong": "a", "wuxi": "a"}
    first, _ = synced(tmp_path, NOTICES, keys)
    again, tokenizer = synced(tmp_path, NOTICES, keys)
    assert tokenizer.texts == []
    assert again.search("纸质材料报送地址", 5, None) == first.search("纸质材料报送地址", 5, None)


def test_a_changed_notice_alone_is_tokenized_and_a_removed_one_leaves(tmp_path: Path) -> None:
    synced(tmp_path, NOTICES, {"nantong": "a", "wuxi": "a"})
    changed = {"nantong": [("n3", "评审费每人500元")], "wuxi": NOTICES["wuxi"]}
    index, tokenizer = synced(tmp_path, changed, {"nantong": "b"})
    assert tokenizer.texts == ["评审费每人500元"]
    assert index.notice_ids == ["nantong"] and index.ids == ["n3"]
    assert [pid for pid, _ in index.search("评审费", 5, None)] == ["n3"]
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1  # the earlier version is gone


DENSE = {
    "nantong": [("n1", "网上申报", [1.0, 0.0, 0.0]), ("n2", "评审费", [0.0, 2.0, 0.0])],
    "wuxi": [("w1", "纸质材料", [0.0, 0.0, 1.0]), ("w2", "评审费", [0.6, 0.8, 0.0])],
}


def test_the_dense_half_finds_the_nearest_passages_in_scope_exactly(tmp_path: Path) -> None:
    index, _ = synced(tmp_path, DENSE, {"nantong": "a", "wuxi": "a"})
    assert index.dense
    found = index.dense_search([0.0, 1.0, 0.0], 2, None)
    assert [pid for pid, _ in found] == ["n2", "w2"] and found[0][1] == pytest.approx(1.0)  # vectors normalised
    assert [pid for pid, _ in index.dense_search([0.0, 1.0, 0.0], 5, ["wuxi"])] == ["w2", "w1"]
    assert index.dense_search([0.0, 1.0, 0.0], 5, ["elsewhere"]) == []


def test_vectors_are_kept_with_the_index_and_a_changed_notice_alone_is_read(tmp_path: Path) -> None:
    synced(tmp_path, DENSE, {"nantong": "a", "wuxi": "a"})
    changed = {"nantong": [("n3", "评审费", [0.0, 0.0, 3.0])], "wuxi": DENSE["wuxi"]}
    index, _ = synced(tmp_path, changed, {"nantong": "b", "wuxi": "a"})
    assert [pid for pid, _ in index.dense_search([0.0, 0.0, 1.0], 2, None)] == ["n3", "w1"]
    reopened, _ = synced(tmp_path, changed, {"nantong": "b", "wuxi": "a"})
    assert reopened.dense_search([0.6, 0.8, 0.0], 1, None) == index.dense_search([0.6, 0.8, 0.0], 1, None)


def test_without_vectors_there_is_no_dense_half(tmp_path: Path) -> None:
    index, _ = synced(tmp_path, NOTICES, {"nantong": "a", "wuxi": "a"})
    assert not index.dense and index.dense_search([1.0, 0.0], 3, None) == []


RECORDS = {
    "nantong": [("n1", "网上申报", [1.0, 0.0], '{"text": "网上申报"}'), ("n2", "评审费", [0.0, 1.0], "评审费每人300元")],
    "wuxi": [("w1", "纸质材料", [1.0, 1.0], "锡山区人社局三楼")],
}


def test_records_are_served_after_a_reopen_and_a_kept_notice_keeps_its_own(tmp_path: Path) -> None:
    synced(tmp_path, RECORDS, {"nantong": "a", "wuxi": "a"})
    changed = {"nantong": [("n3", "评审费", [0.0, 1.0], "评审费每人500元")], "wuxi": RECORDS["wuxi"]}
    index, tokenizer = synced(tmp_path, changed, {"nantong": "b", "wuxi": "a"})
    assert tokenizer.texts == ["评审费"]  # wuxi's row, record included, came from the saved index
    reopened, _ = synced(tmp_path, changed, {"nantong": "b", "wuxi": "a"})
    for got in (index, reopened):
        assert got.has_records
        assert [got.record(pid) for pid in ("n3", "w1", "n1")] == ["评审费每人500元", "锡山区人社局三楼", None]


def test_rows_fetched_without_records_give_none(tmp_path: Path) -> None:
    index, _ = synced(tmp_path, DENSE, {"nantong": "a", "wuxi": "a"})
    assert not index.has_records and index.record("n1") is None


def test_the_score_matrix_is_the_one_bm25s_builds_from_the_same_tokens(tmp_path: Path) -> None:
    import bm25s
    import numpy as np

    texts = {f"n{i}": text for i, text in enumerate(
        ["网上申报时间为2024年6月1日至7月20日", "评审费每人300元，评审费由单位缴纳", "纸质材料报送地址：锡山区人社局三楼",
         "评审费每人200元", "申报", "申报材料一式三份，申报表双面打印"])}
    index, tokenizer = synced(tmp_path, {"all": list(texts.items())}, {"all": "a"})
    reference = bm25s.BM25()
    reference.index([tokenizer.tokens(t) for t in texts.values()], show_progress=False)
    for query in ("评审费多少", "申报材料", "锡山区三楼地址", "2024年6月"):
        ours = dict(index.search(query, 6, None))
        tokens = [t for t in tokenizer.query_tokens(query, frozenset()) if t in reference.vocab_dict]
        theirs = reference.get_scores(tokens)
        assert ours == pytest.approx({pid: float(s) for pid, s in zip(texts, theirs) if s > 0}, rel=1e-5)
        assert np.count_nonzero(theirs) == len(ours)


def test_removed_notices_terms_are_renumbered_away_and_search_still_finds(tmp_path: Path) -> None:
    many = {f"n{i}": [(f"p{i}", f"独有词{i}甲乙丙丁{i}号 评审费")] for i in range(8)}
    synced(tmp_path, many, {nid: "a" for nid in many})
    index, _ = synced(tmp_path, many, {"n0": "a"})
    assert len(index._rows.terms) < 20  # the seven removed notices' own terms are gone
    assert [pid for pid, _ in index.search("评审费", 5, None)] == ["p0"]


def test_a_search_during_a_sync_reads_the_rows_it_started_with(tmp_path: Path, monkeypatch) -> None:
    """The new rows and their BM25 matrix become visible together, never the one without the other."""
    import threading

    from assistant.index import lexical

    index, _ = synced(tmp_path, NOTICES, {"nantong": "a", "wuxi": "a"})
    before = index.search("评审费", 5, None)
    building, release = threading.Event(), threading.Event()
    build = lexical._bm25

    def slow_build(rows):
        building.set()
        release.wait(10)
        return build(rows)

    monkeypatch.setattr(lexical, "_bm25", slow_build)
    changed = {"nantong": [("n9", "评审费每人900元"), ("n8", "网上申报")], "wuxi": NOTICES["wuxi"]}
    worker = threading.Thread(target=index.sync, args=({"nantong": "b", "wuxi": "a"}, fetch(changed)))
    worker.start()
    assert building.wait(10)
    assert index.search("评审费", 5, None) == before and index.ids == ["n1", "n2", "w1", "w2"]
    release.set()
    worker.join(10)
    assert {pid for pid, _ in index.search("评审费", 5, None)} == {"n9", "w2"}


def test_query_tokens_are_the_same_in_every_process() -> None:
    """The words dropped from a query are a set; replaced in its order, 评审 or 审费 went first as the
    process's hash seed fell, leaving 费用 or nothing to search for."""
    script = ("from assistant.text.normalize import Tokenizer\n"
              "print(Tokenizer().query_tokens('评审费用', {'评审', '审费', '申报', '报送'}))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outputs) == 1, outputs
