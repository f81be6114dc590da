"""Typed facts of a passage, each with what it is about."""

from __future__ import annotations

import pytest

from assistant.ingest.facts import fact_event, passage_facts

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


def test_an_address_leaves_the_words_leading_into_it_to_its_subject() -> None:
    assert facts("述职答辩地点在实训楼4楼第二会议室。") == [("address", "实训楼4楼第二会议室", "述职答辩地点")]
    assert facts("面试地点原定为实训楼4楼第二会议室。")[0][:2] == ("address", "实训楼4楼第二会议室")


def test_a_signature_date_is_when_the_notice_was_signed_not_a_deadline() -> None:
    assert facts("附件：3.代表作送审登记表 云岭科技大学人事处 2025年8月20日")[-1][:2] == ("signed", "2025年8月20日")
    assert facts("湖南湘江动力装备集团有限公司 二〇二五年九月十二日") == [
        ("signed", "二〇二五年九月十二日", "湖南湘江动力装备集团有限公司")]
    # a date after a verb is a deadline, even when an office follows or precedes it
    assert facts("材料请于2025年10月31日前报送人事处。")[0][0] == "date_range"
    assert facts("报送至人事处，截止2025年8月20日。")[0][0] == "date_range"


def test_two_registration_numbers_side_by_side_are_both_registration() -> None:
    found = facts("苏ICP备09024546号公安备案号：32021102000707网站标识码：3202000043")
    assert [k for k, _, _ in found] == ["registration"] * 3


def events(text: str) -> list[tuple[str, str]]:
    return [(f.text, fact_event(f)) for f in passage_facts(text)]


def test_a_date_before_its_verb_is_the_time_of_what_follows_it() -> None:
    assert events("推荐意见由科主任签字后，于7月4日前报人事科。") == [("7月4日前", "报人事科")]
    assert events("评审费经区县审核后，于10月13日前登录系统缴纳。") == [("10月13日前", "登录系统缴纳")]


def test_a_fact_at_its_clause_end_or_in_a_table_row_has_no_event() -> None:
    assert events("资历计算的截止时间为2022年12月31日；材料一式3份。") == [("2022年12月31日", ""), ("一式3份", "")]
    assert events("级别：副高级｜评审费（元）：420") == [("420元", "")]


def test_a_person_to_contact_is_a_fact_without_its_label() -> None:
    assert facts("联系人：张媛  黄悠悠，电话：0511-84423456。") == [
        ("person", "张媛  黄悠悠", "联系人"), ("phone", "0511-84423456", "电话")]
    assert ("person", "孟女士") in [f[:2] for f in facts("咨询请找人事处职称科 孟女士。")]
    assert ("person", "张媛") in [f[:2] for f in facts("单位：人事处｜姓名：张媛｜电话：84423456")]


def test_a_platform_is_a_fact_and_leaves_other_kinds_their_characters() -> None:
    assert ("platform", "“重庆市职称评审管理信息系统”", "申报人登录") in facts("申报人登录“重庆市职称评审管理信息系统”填报。")
    assert [f[0] for f in facts("网址：www.jsrsks.gov.cn")] == ["website"]  # a site's address stays a website


@pytest.mark.parametrize("text, phone, subject", [
    ("病案管理科（病案调阅）：分机8316", "分机8316", "病案管理科（病案调阅）"),  # an extension alone
    ("医院总机：0931-8467000转8316", "0931-8467000转8316", "医院总机"),  # after its number
    ("电子证书下载技术咨询，12333。", "12333", "电子证书下载技术咨询"),  # a short service line
])
def test_an_extension_and_a_service_line_are_phones(text: str, phone: str, subject: str) -> None:
    assert ("phone", phone, subject) in facts(text)


def test_a_five_figure_amount_or_count_is_no_service_line() -> None:
    assert "phone" not in [f[0] for f in facts("项目资助96000元，共12333人参加。")]
