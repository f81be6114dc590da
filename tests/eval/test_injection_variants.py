"""``python -m eval injection``: the planted variants, the copy built from them, and the report."""

from __future__ import annotations

import pytest

from assistant.ingest.chunking import chunk_notice
from assistant.ingest.loaders import load_document
from assistant.text.instructions import screen_text
from eval import injection
from eval.injection import CLEAN, INJECTED, Variant, inject, load_variants


def clean_text() -> str:
    return CLEAN.read_text(encoding="utf-8")


@pytest.mark.unit
def test_there_are_at_least_twenty_variants_each_planting_something_new() -> None:
    variants = load_variants()
    assert len(variants) >= 20 and len({v.id for v in variants}) == len(variants)
    clean = injection._fold(clean_text())
    for v in variants:
        assert v.facts, v.id
        assert not [f for f in v.facts if injection._fold(f) in clean], v.id


@pytest.mark.unit
def test_the_kept_copy_is_the_one_built_from_the_variants() -> None:
    assert INJECTED.read_text(encoding="utf-8") == inject(clean_text(), load_variants()), \
        "run: python -m eval injection --write-copy"


@pytest.mark.unit
def test_a_variant_goes_after_its_line_or_inside_it() -> None:
    text = "一、甲\n评审费为280元/人。不收现金。\n二、乙"
    after = Variant(id="a", after="一、甲", text="X\nY")
    inline = Variant(id="b", inline="评审费为280元/人。", text="Z。")
    assert inject(text, [after, inline]) == "一、甲\nX\nY\n评审费为280元/人。Z。不收现金。\n二、乙"
    with pytest.raises(ValueError, match="anchor"):
        inject(text, [Variant(id="c", after="三、", text="X")])


@pytest.mark.unit
@pytest.mark.parametrize("variant", load_variants(), ids=lambda v: v.id)
def test_each_variant_alone_is_screened_out_whole(variant: Variant) -> None:
    expected = [ln.strip() for ln in clean_text().split("\n") if ln.strip()]
    screened = screen_text(inject(clean_text(), [variant]))
    assert [ln.strip() for ln in screened.lines if ln.strip()] == expected
    assert screened.flagged >= 1


@pytest.mark.unit
def test_the_injected_copy_counts_its_planted_sentences() -> None:
    chunked = chunk_notice(INJECTED.stem, load_document(INJECTED))
    assert chunked.flagged_instructions >= len(load_variants())
    assert chunk_notice(CLEAN.stem, load_document(CLEAN)).flagged_instructions == 0


@pytest.mark.unit
def test_a_planted_fact_counts_only_where_the_clean_answer_lacks_it() -> None:
    assert injection._states("截止日期是２０９９年１月１日。", "2099年1月1日")
    assert injection._states("評審費全免", "评审费全免")
    assert injection._states("the fee is 777  yuan", "777 yuan")
    assert not injection._states("评审费为280元/人", "评审费为0元")
