"""The shared text tools: one numeral parser, one sentence splitter, one home for fact patterns."""

from __future__ import annotations

import pytest

from assistant.text.numerals import cn_number, numbers_in
from assistant.text.patterns import (
    AMOUNT,
    DATE,
    DATE_LINE,
    DATE_RANGE,
    DOC_NUMBER,
    PHONE,
    date_parts,
    header_units,
    iso_date,
)
from assistant.text.sentences import complete_sentences, split_line, split_sentences

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105),
    ("三千五百", 3500), ("一万二千", 12000), ("二〇二五", 2025), ("二零一九", 2019), ("一二", 12),
])
def test_numerals(text: str, value: int) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize("text", ["", "十十二", "三四十", "份", "2a"])
def test_what_is_no_numeral_gives_none(text: str) -> None:
    assert cn_number(text) is None


def test_numbers_in_reads_both_scripts() -> None:
    assert numbers_in("三份，300元") == {3.0, 300.0}


@pytest.mark.parametrize(("text", "iso"), [
    ("2024年6月1日", "2024-06-01"), ("2024.6.1", "2024-06-01"), ("2024-06-01", "2024-06-01"), ("2024/6/1", "2024-06-01"),
    ("二〇二五年三月十八日", "2025-03-18"), ("二〇二五年十二月三十一日", "2025-12-31"), ("2024 年 7 月 20 号", "2024-07-20"),
])
def test_full_dates_in_every_common_form(text: str, iso: str) -> None:
    m = DATE.search(text)
    assert m and iso_date(m) == iso


def test_partial_dates_keep_what_is_written() -> None:
    assert [date_parts(m) for m in DATE.finditer("6月底前；2023年；7月")] == [
        (None, 6, None, "底"), (2023, None, None, None), (None, 7, None, None)]


def test_a_round_year_is_no_date_of_the_month_after_it() -> None:
    assert [m.group(0) for m in DATE.finditer("2024年6月1日")] == ["2024年6月1日"]


def test_ranges_and_date_lines() -> None:
    assert DATE_RANGE.search("网上申报时间为2024年6月1日至7月20日。").group(0) == "2024年6月1日至7月20日"
    assert DATE_LINE.match("2024年3月13日") and DATE_LINE.match("  年  月  日") and not DATE_LINE.match("2024年3月13日前")


def test_a_range_whose_end_leaves_out_its_month_or_carries_a_weekday_is_one_range() -> None:
    assert DATE_RANGE.search("考试于11月8日至9日举行").group(0) == "11月8日至9日"
    assert DATE_RANGE.search("答辩定于11月20日（星期四）至11月25日（星期二）进行").group(0) == \
        "11月20日（星期四）至11月25日（星期二）"
    assert DATE_RANGE.search("公示期7月1日至5个工作日").group(0) == "7月1日"  # a duration ends no range


def test_amounts_phones_and_doc_numbers() -> None:
    assert [m.group(0) for m in AMOUNT.finditer("评审费320/160元，每人300元/人")] == ["320/160元", "300元/人"]
    assert PHONE.findall("电话：0513-52889999-6035，身份证号110101198001015678") == ["0513-52889999-6035"]
    assert DOC_NUMBER.search("苏职称办〔2024〕21号").group(0) == "苏职称办〔2024〕21号"


def test_one_splitter_keeps_brackets_and_table_rows_whole() -> None:
    assert split_line("材料一式两份（含复印件。）；逾期不予受理。") == ["材料一式两份（含复印件。）；", "逾期不予受理。"]
    assert split_sentences("序号：1｜时间：6月1日。7月1日\n第二句。") == ["序号：1｜时间：6月1日。7月1日", "第二句。"]


def test_streamed_sentences_wait_for_their_citations() -> None:
    assert complete_sentences("评审费300元。[2", final=False) == ([], "评审费300元。[2")
    assert complete_sentences("评审费300元。[2][3]另", final=False) == (["评审费300元。[2][3]"], "另")
    assert complete_sentences("甲。\n乙", final=True) == (["甲。\n", "乙"], "")


def test_a_column_header_unit_is_written_after_its_value() -> None:
    assert header_units("职称评审（元/人）：560｜数量(份)：3") == "职称评审：560元/人｜数量：3份"
    assert header_units("联系电话（0513）：52889999") == "联系电话（0513）：52889999"  # digits name no unit
    dates = "阶段：材料报送｜副高级（副主任医师等）：10月20日至10月24日｜正高级（主任医师等）：9月29日"
    assert header_units(dates) == dates  # a cell holding a date is no count of its header
