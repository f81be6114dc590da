"""Typed facts of a passage, each with what it is about."""

from __future__ import annotations

import pytest

from assistant.ingest.facts import passage_facts

pytestmark = pytest.mark.unit


def facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.text, f.subject) for f in passage_facts(text)]


def test_each_date_has_its_own_subject() -> None:
    assert facts("网上申报时间为2024年6月1日至7月20日，纸质材料报送时间：2024年7月25日前。") == [
        ("date_range", "2024年6月1日至7月20日", "网上申报时间"),
        ("date_range", "2024年7月25日前", "纸质材料报送时间"),
    ]


def test_counts_belong_to_their_form() -> None:
    assert facts("《专业技术人员简介表》一式20份；《评审表》2份。") == [
        ("count", "一式20份", "《专业技术人员简介表》"), ("count", "2份", "《评审表》")]


def test_a_table_row_gives_its_key_and_column_as_subject() -> None:
    assert facts("级别：副高级｜评审费（元）：420｜考核认定（元）：210") == [
        ("amount", "420元", "副高级 评审费（元）"), ("amount", "210元", "副高级 考核认定（元）")]


def test_page_chrome_is_neither_a_deadline_nor_a_phone() -> None:
    kinds = {k for k, _, _ in facts("时间: 2023-05-15 13:12 来源: 苏ICP备12345678号 公安备案 32020502000123号")}
    assert kinds == {"published", "registration"}


def test_contacts() -> None:
    assert facts("联系电话：0513-52889999，邮箱：zc@nt.gov.cn，地址：南通市崇川区工农路486号。") == [
        ("phone", "0513-52889999", "联系电话"), ("email", "zc@nt.gov.cn", "邮箱"),
        ("address", "南通市崇川区工农路486号", "地址")]
