"""What an answer quotes beside its best sentence: the sentence giving a further ask of the question."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


CONTACTS = """关于做好2025年度青川市化工工程专业高级职称评审工作的通知

青川市人力资源和社会保障局

各有关单位：

现将有关事项通知如下。

一、评审费用
评审费每人400元，由申报人网上缴纳。

二、联系方式
市化工高评委办公室（设在青川市化工产业人才服务中心）
联系人：陈晓、刘芳
联系电话：0571-3187562
"""


def test_the_phone_beside_the_names_answers_the_second_ask(make_assistant, tmp_path: Path) -> None:
    """"联系电话和联系人": the names line answers, and the phone line of the same passage, which holds
    none of the question's other words, gives the phone it also names."""
    path = tmp_path / "qingchuan_huagong.txt"
    path.write_text(CONTACTS, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    answer = assistant.ask("青川市化工高评委办公室的联系电话和联系人是什么？")
    assert "陈晓" in answer.text and "0571-3187562" in answer.text


FEES = """关于2025年度青川市农业系列职称评审收费有关事项的通知
发布时间：2025-06-03 09:30　来源：青川市农业农村局
各县（市、区）农业农村局，市直各有关单位：
根据省农业系列职称评审工作安排，现将2025年度评审收费有关事项通知如下：
一、收费标准
中级评审费每人200元，高级评审费每人300元。
二、缴费方式
申报人通过省非税收入缴费平台网上缴纳。
"""


def weighed_sentences(make_assistant, path: Path, text: str, question: str) -> list[str]:
    """Every sentence the answerer weighed for ``question`` over the one notice ``text``."""
    path.write_text(text, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    seen: list = []
    assistant.use(observer=seen.append)
    assistant.ask(question)
    return [c.sentence for found in seen for c in found.scored]


def test_no_quote_opens_with_the_notice_head(make_assistant, tmp_path: Path) -> None:
    """The title, the page's publication line and the salutation name the notice and state none of
    its facts: no sentence weighed for an answer holds them (the title is in every citation)."""
    weighed = weighed_sentences(make_assistant, tmp_path / "qingchuan_nongye.txt", FEES, "青川市农业系列职称评审收费有什么规定？")
    assert weighed and any("根据省农业系列" in s for s in weighed)
    assert not any("有关事项的通知" in s or "发布时间" in s or "各县（市、区）" in s for s in weighed)


def test_a_lead_in_later_in_the_notice_stays_in_its_quote(make_assistant, tmp_path: Path) -> None:
    """"纸质材料报送地址：" has the salutation's form (a short line ending in a colon) but is the
    notice's own words: the quote of the address keeps it."""
    text = FEES + "三、材料报送\n申报人应在规定时间内将纸质材料按要求装订后报送至受理窗口。\n纸质材料报送地址：\n青川市人民路8号农业农村局302室\n"
    weighed = weighed_sentences(make_assistant, tmp_path / "qingchuan_dizhi.txt", text, "青川市农业系列纸质材料报送地址在哪里？")
    assert any("纸质材料报送地址：" in s and "人民路8号" in s for s in weighed)
