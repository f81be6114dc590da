"""Which candidate sentence stands out among the others on the question's words."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import distinctiveness

pytestmark = pytest.mark.unit


def test_the_sentence_holding_the_rare_qualifier_stands_out() -> None:
    """Every row is about 纸质材料报送; only one names 市直, the qualifier asked about."""
    pool = [("区县学校纸质材料报送时间为7月1日。", ()), ("市直学校纸质材料报送时间为7月5日。", ()),
            ("民办学校纸质材料报送时间为7月8日。", ())]
    shares = distinctiveness("市直学校纸质材料什么时候报送？", pool)
    assert shares[1] == max(shares) and shares[1] > shares[0] == shares[2]


def test_a_pair_every_candidate_holds_weighs_nothing() -> None:
    pool = [("纸质材料报送时间为7月1日。", ()), ("纸质材料一式3份。", ())]
    assert distinctiveness("纸质材料", pool) == [0.0, 0.0]


def test_the_section_path_counts_as_held() -> None:
    pool = [("时间为7月1日。", ("三、网上缴费",)), ("时间为6月1日。", ("二、网上申报",))]
    shares = distinctiveness("网上缴费时间", pool)
    assert shares[0] > shares[1]


def test_nothing_to_tell_apart_gives_zeros() -> None:
    assert distinctiveness("？", [("时间为7月1日。", ())]) == [0.0]
    assert distinctiveness("网上缴费", []) == []
