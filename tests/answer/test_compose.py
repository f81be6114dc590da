"""What an answer quotes beside its best sentence: the sentence giving a further ask of the question."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.decision import AlwaysJudge

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


TWO_ASKS = """关于做好2025年度青川市会计系列高级职称评审工作的通知

青川市人力资源和社会保障局

一、评审收费
高级会计师评审费每人480元，正高级会计师评审费每人720元，由申报人在网上缴纳。

二、申报条件
申报高级会计师的，应具备大学本科及以上学历，取得会计师资格后从事会计工作满5年；具备博士学位的，取得会计师资格后从事会计工作满2年。申报人须通过全国会计专业技术高级资格考试，成绩达到国家合格标准并在有效期内。任现职以来年度考核均为合格以上等次，近三年继续教育学时达到规定要求。申报人应具有良好的职业道德，遵守财经法规，近五年内无违反财经纪律的记录。申报正高级会计师的，应取得高级会计师资格后从事与高级会计师职责相关工作满5年，并在会计理论研究或会计实务工作中取得突出业绩，主持或参与完成市级以上会计课题不少于2项，公开发表会计专业论文不少于3篇。

三、材料报送
纸质材料由申报人所在单位审核后统一报送。报送时间为2025年9月15日至9月19日，报送地点为青川市会计人员服务中心（青川市人民路8号4楼）。
"""


def test_each_ask_of_a_two_part_question_gets_its_own_sentence(make_assistant, tmp_path: Path) -> None:
    """"评审费多少？纸质材料交到哪里？": ranked on the whole question the fee's words outweigh the
    place's, yet the second ask is answered by the sentence that holds a place and its own words
    (纸质材料, in the sentence it continues)."""
    path = tmp_path / "qingchuan_kuaiji.txt"
    path.write_text(TWO_ASKS, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    assistant.use(judge=AlwaysJudge())  # what is quoted once answering, not whether to answer
    answer = assistant.ask("青川市高级会计师评审费多少？纸质材料交到哪里？")
    assert "480元" in answer.text and "人民路8号" in answer.text
    assert "480元" in answer.citations[0].quote


def test_a_one_part_question_is_not_given_a_sentence_per_clause(make_assistant, tmp_path: Path) -> None:
    """A question with one ask keeps the quotes its whole wording picks."""
    path = tmp_path / "qingchuan_kuaiji.txt"
    path.write_text(TWO_ASKS, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    assistant.use(judge=AlwaysJudge())
    answer = assistant.ask("青川市高级会计师评审费多少？")
    assert "480元" in answer.text and "人民路8号" not in answer.text


CONTINUED = """关于做好2025年度青川市卫生系列初中级职称评审工作的通知

青川市卫生健康委员会

三、纸质材料报送
市直单位申报人的纸质材料，由单位统一报送至市卫生健康人才服务中心，报送时间为2025年9月1日至9月3日。不接受个人报送。
逾期不再受理。
"""


def test_a_sentence_is_read_under_the_one_it_continues(make_assistant, tmp_path: Path) -> None:
    """"不接受个人报送。" leaves its subject (纸质材料) to the sentence before it on its line: it holds
    that sentence's words at half weight, as a section path's; the next line does not."""
    path = tmp_path / "qingchuan_weisheng.txt"
    path.write_text(CONTINUED, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    seen: list = []
    assistant.use(observer=seen.append)
    assistant.ask("青川市卫生系列纸质材料可以由单位统一报送吗？")
    read = {c.sentence: c for found in seen for c in found.scored}
    assert "由单位统一报送" in read["不接受个人报送。"].context
    assert read["不接受个人报送。"].coverage > read["逾期不再受理。"].coverage


PAPER = """关于做好2025年度青川市工程系列中级职称评审工作的通知

青川市人力资源和社会保障局

四、纸质材料
《专业技术职务任职资格评审表》一式3份，用A3纸双面打印，对折后不装订。
纸质材料于2025年9月15日至9月19日报送至市人才服务中心，逾期不予受理。
"""


@pytest.mark.parametrize(("question", "first", "second"), [
    ("青川市工程系列中级评审表要交几份？用什么纸打印？", "3份", "A3"),
    ("青川市工程系列中级纸质材料最晚哪天交？过了还收吗？", "9月19日", "不予受理"),
])
def test_the_direct_answer_answers_each_ask(make_assistant, tmp_path: Path, question: str, first: str, second: str) -> None:
    """The bold first line answers each ask in turn: the second ask (用什么纸, 过了还收吗) is not
    left to the quotes below it."""
    path = tmp_path / "qingchuan_gongcheng.txt"
    path.write_text(PAPER, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    assistant.use(judge=AlwaysJudge())
    direct = assistant.ask(question).direct
    assert first in direct and second in direct, direct
    assert direct.index(first) < direct.index(second)
