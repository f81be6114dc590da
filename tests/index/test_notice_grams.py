"""The notice × gram table answers what scanning the texts with ``present`` answered."""

from __future__ import annotations

import random

import pytest

from assistant.answer.support import present
from assistant.index.notice_grams import NoticeGrams

pytestmark = pytest.mark.unit

TEXTS = {
    "a": ("1", "纸质材料于2024年6月30日前报送至市人社局职称科。评审费每人300元。"),
    "b": ("1", "网上申报时间为2024年5月1日至5月20日，逾期不予受理。答辩安排另行通知。"),
    "c": ("1", "评审评审，申报人须提交代表作2项；A3纸双面打印，胶装成册。"),
}
WORDS = ["纸质材料", "银行账户", "评审费", "答辩", "评审评审", "A3纸", "袋", "", "2024年", "材料报送", "网上评审费"]


def _sampled_words(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [t for _, t in TEXTS.values()]
    out = list(WORDS)
    for _ in range(200):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append(text[start : start + rng.randint(1, 5)])  # pieces of the texts
        out.append("".join(rng.choice(text) for _ in range(rng.randint(1, 4))))  # scrambles of them
    return out


def test_df_anywhere_and_within_agree_with_scanning_the_texts():
    table = NoticeGrams.build(TEXTS)
    texts = {nid: text for nid, (_, text) in TEXTS.items()}
    for word in _sampled_words():
        assert table.df(word) == sum(present(word, t) for t in texts.values()), word
        assert table.anywhere(word) == present(word, "\n".join(texts.values())), word
        assert table.within(word, ["a", "c"]) == present(word, texts["a"] + "\n" + texts["c"]), word


def test_held_by_and_count_agree_with_scanning_the_texts():
    table = NoticeGrams.build(TEXTS)
    grams = {g for w in _sampled_words() for g in [w[:1], w[:2]] if g}
    for nid, (_, text) in TEXTS.items():
        assert table.held_by(nid, grams) == {g for g in grams if g in text}
    assert all(table.count(g) == sum(g in t for _, t in TEXTS.values()) for g in grams)
    assert table.held_by("nowhere", grams) == set()


def test_a_changed_notice_is_read_again_and_the_others_kept():
    table = NoticeGrams.build(TEXTS)
    changed = {**TEXTS, "b": ("2", "银行账户另行公布。")}
    again = NoticeGrams.build(changed, held=table)
    assert again.df("银行账户") == 1 and again.df("答辩") == 0
    assert again.df("评审费") == table.df("评审费")
    del changed["a"]
    assert NoticeGrams.build(changed, held=again).df("纸质材料") == 0


def test_saved_and_loaded_table_is_the_same(tmp_path):
    table = NoticeGrams.build(TEXTS)
    table.save(tmp_path / "g.npz")
    loaded = NoticeGrams.load(tmp_path / "g.npz")
    assert loaded is not None and loaded.ids == table.ids and loaded.keys == table.keys
    assert all(loaded.df(w) == table.df(w) for w in _sampled_words())


def test_an_unreadable_file_is_built_again(tmp_path):
    (tmp_path / "g.npz").write_bytes(b"not a table")
    assert NoticeGrams.load(tmp_path / "g.npz") is None
