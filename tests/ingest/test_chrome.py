"""Page chrome of web reposts: removed from HTML and text files, the notice's own lines kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.chrome import drop_chrome, is_chrome, page_info
from assistant.ingest.loaders import load_document

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "corpus"


@pytest.mark.parametrize("line", [
    "时间：2025-08-14 09:36　来源：太原市职称改革工作领导组办公室　浏览次数：5218　【字体：大 中 小】",
    "2025-07-08 09:42　来源：重庆晨讯网　记者 孙晓岚　责任编辑：何芮",
    "[首页](#) | [机构概况](#) | [政务公开](#) | [人事考试](#)",
    "首页 | 要闻 | 民生 | 教育 | 就业 | 区县 | 视频 | 专题",
    "首页　机构职能　政务公开　通知公告　政策法规　档案业务　馆藏资源　查档服务　互动交流",  # spaced, not barred
    "您现在的位置：首页 > 政务公开 > 通知公告",
    "【打印本页】　【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "上一篇：关于公布2024年度评审通过人员名单的通知",
    "辽ICP备05017354号　辽公网安备 21010302000418号　网站标识码：2101000031",
    "主办单位：沈阳市卫生健康委员会　承办单位：沈阳市卫生健康服务中心",
])  # fmt: skip
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", [
    "关于开展2025年度太原市经济系列中级、高级职称评审工作的通知",
    "（三）申报职称评审费300元/人，由申报人网上缴纳。",
    "联系电话：0351-4216852、0351-4216870",
    "网上申报\t9月1日—9月19日\t9月1日—9月26日",
    "| 级别 | 费用 | 备注 |",
    "时间: 2023-05-15 13:12",
    "太原市人力资源和社会保障局",
    "序号　姓名　工作单位　申报级别　评审结果",  # a table's header row from a PDF, spaced like a menu
    "太原市档案局　　太原市人力资源和社会保障局",  # two issuers signing
    "网上申报时间：2025年9月1日至9月15日　纸质材料报送时间：2025年9月20日前",  # the notice's fields
    "报名时间：8月1日至8月10日　考试时间：9月6日",
])  # fmt: skip
def test_notice_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_site_name_related_list_and_footer_go() -> None:
    lines = ["重庆晨讯网", "首页 | 要闻 | 民生 | 教育", "标题", "正文第一段。", "正文第二段。", "相关新闻：", "",
             "某某新闻标题", "", "版权所有 未经授权禁止转载", "地址：某市某路1号", "渝ICP备15003728号-2"]
    assert drop_chrome(lines) == ["标题", "正文第一段。", "正文第二段。", "", ""]


def test_an_account_posts_list_goes() -> None:
    """A public account's repost ends with its earlier posts under 往期推荐: titles of other articles,
    whose dates are not this notice's (a 2024 round's 现场审核 dates under a 2025 notice)."""
    lines = ["现场审核时间为2025年9月22日至10月11日。", "", "往期推荐", "",
             "▶2024年度某市社会工作师考核认定启动，现场审核10月8日—10月18日", "▶2025年上半年某市职称电子证书领取指南"]
    assert drop_chrome(lines) == ["现场审核时间为2025年9月22日至10月11日。", "", ""]


def test_a_headline_right_above_the_info_line_is_no_site_name() -> None:
    """A page whose main span starts at its headline: the short line above the info line is the
    notice's title; only lines above a nav bar or breadcrumb are the site's name."""
    lines = ["朝阳区2025年度职称申报常见问题解答", "发布时间：2025-06-12 10:30　来源：区人力社保局", "为帮助我区专业技术人员做好申报工作，现解答如下。"]
    assert drop_chrome(lines)[0] == "朝阳区2025年度职称申报常见问题解答"


def test_info_line_is_cut_to_its_date_and_source() -> None:
    line = "发布时间：2025-09-24 09:30　来源：人事处　浏览次数：1862"
    assert page_info([line]) == {"published": "2025-09-24 09:30", "source": "人事处"}
    assert drop_chrome([line]) == ["发布时间：2025-09-24 09:30\u3000来源：人事处"]


@pytest.mark.parametrize("stem", ["205_zhengzhou_jingji_chengji", "216_taiyuan_jingji_wangye", "227_shenyang_weisheng_wangye"])
def test_web_page_is_read_from_its_headline_to_its_signature(stem: str) -> None:
    doc = load_document(CORPUS / "docs" / f"{stem}.html")
    lines = doc.text.split("\n")
    assert lines[0].startswith("关于") and lines[-1].endswith("日")
    chrome = [line for line in lines if is_chrome(line) or "ICP" in line]
    assert chrome == [line for line in lines[:3] if "时间：" in line or "日期：" in line]  # the info line, cut
    assert doc.page_info["published"].startswith("2025-")


def test_layout_table_page_keeps_its_data_table() -> None:
    doc = load_document(CORPUS / "docs" / "205_zhengzhou_jingji_chengji.html")
    assert "级别\t科目\t试卷满分\t合格标准" in doc.text.split("\n")


def test_web_page_saved_as_text_loses_its_chrome(tmp_path: Path) -> None:
    copy = tmp_path / "repost.txt"
    copy.write_text((CORPUS / "notices" / "214_wuhan_daxue_pingshenfei.txt").read_text(encoding="utf-8"), encoding="utf-8")
    text = load_document(copy).text
    assert text.startswith("关于收取2025年度专业技术职务评审费的通知")
    assert text.endswith("2025年9月26日") and "ICP" not in text and "上一篇" not in text
