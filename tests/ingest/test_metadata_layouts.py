"""Metadata of notices in layouts the bundled five do not have (issue 13): each mechanism on a short
made-up notice, and the provenance every field carries."""

from __future__ import annotations

import functools

import pytest

from assistant.ingest.clean import _running_lines
from assistant.ingest.metadata import extract_metadata
from assistant.models import LoadedDocument, LoadedPage, NoticeMeta
from assistant.settings import Settings
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary

pytestmark = pytest.mark.unit


@functools.cache
def _resources():
    settings = Settings()
    return Gazetteer.load(settings.regions_file), load_vocabulary(settings.vocab_file)


def meta(text: str) -> NoticeMeta:
    doc = LoadedDocument(path="x.txt", fmt="txt", pages=[LoadedPage(number=1, text=text)])
    return extract_metadata("x", "x.txt", doc, *_resources())


def test_salutation_first_takes_the_headline_and_the_signature() -> None:
    m = meta("2025年度人事代理人员职称申报受理公告\n各代理单位及个人：\n按照全市统一部署，申报工程系列、经济系列职称的，"
             "由本中心受理。现将有关事项公告如下：\n一、受理范围\n（一）工程系列：工程师（中级）。\n合肥市人才服务中心\n2025年8月26日")
    assert m.title == "2025年度人事代理人员职称申报受理公告"
    assert m.issuer == "合肥市人才服务中心" and m.issue_date == "2025-08-26"
    assert set(m.series) == {"工程", "经济"}
    assert m.sources["title"].rule == "title line" and m.sources["issuer"].rule == "signature"


@pytest.mark.parametrize(("written", "iso"), [("二〇二五年六月二十日", "2025-06-20"), ("2019.7.1", "2019-07-01"),
                                               ("2025年6月9日（星期一）", "2025-06-09")])
def test_signature_date_in_any_form(written: str, iso: str) -> None:
    m = meta(f"关于做好2025年度全市会计系列中级职称评审工作的通知\n各有关单位：\n现将有关事项通知如下：\n一、时间\n"
             f"7月1日前报送。\n宜昌市人力资源和社会保障局\n{written}")
    assert m.issue_date == iso
    assert m.sources["issue_date"].text == written


def test_signature_date_wins_over_the_page_timestamp() -> None:
    m = meta("关于做好2023年度淄博市化工工程专业高级职称评审工作的通知\n时间: 2023-06-26 10:18 浏览次数: 3176 来源: "
             "淄博市人力资源和社会保障局\n各有关单位：\n现将有关事项通知如下：\n一、范围\n本次评审副高级。\n"
             "淄博市人力资源和社会保障局\n2023年6月25日")
    assert m.issue_date == "2023-06-25"
    assert m.issuer == "淄博市人力资源和社会保障局"


def test_offices_signed_on_one_line_are_split() -> None:
    m = meta("关于2025年度全省卫生专业技术资格考试（初级、中级）成绩的通知\n各市卫生健康委：\n现将有关事项通知如下：\n"
             "一、查询\n登录查询。\n湖北省卫生健康委员会湖北省人事考试院\n2025.6.9")
    assert m.issuer == "湖北省卫生健康委员会、湖北省人事考试院"
    assert (m.province, m.city) == ("湖北省", None)


def test_a_letterhead_and_its_office_signing_are_one_issuer() -> None:
    """A hospital's internal notice: the letterhead names the hospital, its 人事科 signs."""
    m = meta("兰州市第八人民医院\n关于做好2025年度卫生系列高级职称院内推荐工作的通知\n各科室：\n现将有关事项通知如下：\n"
             "一、推荐范围\n本院在岗卫生专业技术人员。\n兰州市第八人民医院人事科\n2025年9月1日")
    assert m.issuer == "兰州市第八人民医院人事科"


def test_a_page_glued_into_one_line_is_still_read() -> None:
    m = meta("您现在的位置：首页 > 通知公告\n关于做好2025年度沈阳市卫生系列中级、副高级专业技术资格考评结合工作的通知"
             "发布时间：2025-04-07 16:20:35来源：沈阳市卫生健康委员会浏览次数：5128【字体：大中小】各有关医疗机构："
             "现就有关工作通知如下：一、范围（一）本年度只组织中级和副高级考评结合工作，正高级职称评审由省卫生健康委员会统一组织。"
             "联系电话：024-22875614沈阳市卫生健康委员会沈阳市人力资源和社会保障局2025年4月7日【打印本页】【关闭窗口】")
    assert m.title == "关于做好2025年度沈阳市卫生系列中级、副高级专业技术资格考评结合工作的通知"
    assert m.issuer == "沈阳市卫生健康委员会、沈阳市人力资源和社会保障局"
    assert m.issue_date == "2025-04-07"
    assert sorted(m.levels) == ["中级", "副高级"]


def test_news_report_names_the_issuing_offices() -> None:
    m = meta("洛阳新闻在线\n首页 | 要闻 | 三农\n我市启动2025年度农业系列职称评审\n2025-07-30 08:12来源：洛阳日报作者：记者\n"
             "本报讯日前，市农业农村局、市人力资源和社会保障局联合印发通知，正式启动全市农业系列职称评审工作，洛阳市各单位。\n"
             "据了解，今年的评审涵盖初级、中级职称。")
    assert m.title == "我市启动2025年度农业系列职称评审"
    assert m.issuer == "洛阳市农业农村局、洛阳市人力资源和社会保障局"
    assert (m.issue_date, m.year, m.city, m.series) == ("2025-07-30", 2025, "洛阳市", ["农业"])


def test_forwarding_office_is_not_the_scope() -> None:
    m = meta("宁乡市人力资源和社会保障局\n宁人社函〔2025〕27号\n关于转发《关于做好2025年度全省高级会计师资格评审工作的通知》的通知\n"
             "各有关单位：\n现将湖南省财政厅、湖南省人力资源和社会保障厅《关于做好2025年度全省高级会计师资格评审工作的通知》转发给你们。\n"
             "宁乡市人力资源和社会保障局\n2025年6月20日")
    assert (m.province, m.city, m.district) == ("湖南省", None, None)
    assert m.issuer == "宁乡市人力资源和社会保障局"
    assert m.sources["province"].rule == "forwarded notice"
    assert m.series == ["会计"] and m.levels == ["副高级"]


def test_a_service_guide_names_its_issuer_as_a_labelled_value() -> None:
    """A 办事指南 has no header or signature: its 实施主体 is the issuer, and a provincial one makes it
    province-wide, whatever city its addresses name."""
    m = meta("技工院校教师系列高级职称评审办事指南\n发布时间：2025-03-18\n一、基本信息\n事项名称：技工院校教师系列高级职称评审\n"
             "实施主体：山东省人力资源和社会保障厅\n办理地点：济南市历下区文化东路88号\n咨询电话：0531-86912473\n"
             "办理时间：济南市政务服务中心工作日9:00—12:00")
    assert m.issuer == "山东省人力资源和社会保障厅"
    assert (m.province, m.city) == ("山东省", None)
    assert m.series == ["技工院校教师"]


def test_university_office_gets_its_university_and_teachers_their_series() -> None:
    m = meta("关于开展2025年度教师系列专业技术职务评审工作的通知\n各学院（部）、各有关单位：\n根据《闽榕大学教师专业技术职务评聘办法》，"
             "现将有关事项通知如下：\n一、评审范围\n设教授、副教授、讲师三个层级。\n人事处\n2025年9月24日")
    assert m.issuer == "闽榕大学人事处"
    assert m.series == ["高校教师"]


def test_round_year_is_the_titles_not_the_date() -> None:
    m = meta("关于做好2024年度全市经济系列中级职称评审工作的通知\n各有关单位：\n现将有关事项通知如下：\n一、范围\n全市。\n"
             "南宁市人力资源和社会保障局\n2023年12月20日")
    assert (m.year, m.issue_date) == (2024, "2023-12-20")


def test_title_senior_levels_less_those_the_body_excludes() -> None:
    m = meta("关于开展2025年度太原市经济系列中级、高级职称评审工作的通知\n各有关单位：\n现将有关事项通知如下：\n一、评审范围\n"
             "（一）经济系列中级职称评审。\n（二）正高级经济师评审按省人力资源和社会保障厅通知执行，不在本次评审范围。")
    assert sorted(m.levels) == ["中级", "副高级"]


def test_manifest_stored_before_sources_still_loads() -> None:
    old = {"notice_id": "x", "file_name": "x.txt", "title": "t", "issuer": "某局", "year": 2024}
    assert NoticeMeta.model_validate(old).sources == {}


def test_a_pdfs_first_line_signing_its_last_page_is_kept() -> None:
    pages = [["宜昌市教育局", "宜市教人〔2025〕29号", "正文第一页。"], ["正文第二页。", "宜昌市教育局"], ["2025年8月18日"]]
    assert _running_lines(pages) == set()  # first on one page, last on another: neither header nor footer
    assert _running_lines([["某某网", "正文。"], ["某某网", "正文。"], ["某某网", "正文。"]]) == {"某某网"}
