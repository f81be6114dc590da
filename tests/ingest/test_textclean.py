"""Cleaning of received text and re-joining of PDF lines."""

from __future__ import annotations

import pytest

from assistant.ingest.clean import (
    clean_text,
    is_page_number,
    join_pdf_lines,
    join_pdf_pages,
    should_join,
    starts_block,
    to_halfwidth,
)

pytestmark = pytest.mark.unit


# ---------------------------------------------------------------- clean_text: markup


def test_removes_word_bookmark() -> None:
    assert clean_text("[bookmark: _GoBack]（二）在我市就业的") == "（二）在我市就业的"


def test_markdown_link_becomes_its_text_even_across_lines_with_escapes() -> None:
    raw = "[职称申报](#)[继续教育](#)[职称证书\n补办\\(换发\\)](#)"
    assert clean_text(raw) == "职称申报继续教育职称证书\n补办(换发)"


def test_angle_bracket_url_is_unwrapped_and_rejoined_across_a_line_break() -> None:
    assert clean_text("大厅（<https://5a.hrss.zhenjiang.gov.cn/>）的") == "大厅（https://5a.hrss.zhenjiang.gov.cn/）的"
    assert clean_text("大厅（<https://\n5a.hrss.zhenjiang.gov.cn/>）的") == "大厅（https://5a.hrss.zhenjiang.gov.cn/）的"


def test_markdown_escapes_and_bold_are_removed() -> None:
    assert clean_text("图片（\\*.jpg）格式") == "图片（*.jpg）格式"
    assert clean_text("须有：**单位盖章、核实日期**，否则") == "须有：单位盖章、核实日期，否则"


def test_unbalanced_bold_markers_are_dropped() -> None:
    raw = "栏目**必须选择“连云港市考核认**\n\n定中级评委会”)"
    assert "**" not in clean_text(raw)


def test_markdown_bullet_before_a_list_marker_is_removed() -> None:
    raw = "- (1) 目录；\n- (2) 申报材料真实性承诺书(附件3)；\n- 附件：\n- 普通的横线开头"
    assert clean_text(raw).split("\n") == ["(1) 目录；", "(2) 申报材料真实性承诺书(附件3)；", "附件：", "- 普通的横线开头"]


# ---------------------------------------------------------------- clean_text: characters and spaces


def test_fullwidth_letters_digits_and_space_become_halfwidth() -> None:
    assert to_halfwidth("Ａ３纸\u3000２０份") == "A3纸 20份"


def test_chinese_punctuation_is_kept() -> None:
    text = "（一）申报人员：按要求，填写；完成。"
    assert clean_text(text) == text


def test_spaces_between_cjk_and_digits_or_cjk_are_removed() -> None:
    assert clean_text("关于做好我市 2024 年度职称评审工作的通知") == "关于做好我市2024年度职称评审工作的通知"
    assert clean_text("镇江 市职称与执业资格评价 服务中心") == "镇江市职称与执业资格评价服务中心"
    assert clean_text("评定费用 300 元/人") == "评定费用300元/人"


@pytest.mark.parametrize(("raw", "clean"), [
    ("联系人：张媛  黄悠悠", "联系人：张媛 黄悠悠"),
    ("联系人：张媛\u3000黄悠悠", "联系人：张媛 黄悠悠"),
    ("六盘水市财政局    六盘水市人力资源和社会保障局", "六盘水市财政局 六盘水市人力资源和社会保障局"),
    ("第一条\u3000申报人须遵守宪法", "第一条 申报人须遵守宪法"),
])
def test_a_wide_gap_between_two_han_words_stays_a_separator(raw: str, clean: str) -> None:
    """Two spaces or an ideographic space between words of two or more characters were typed to
    keep them apart (two names, two issuers); one space, or letter spacing, is squeezed."""
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw", ["关  于  做  好", "关\u3000于\u3000做\u3000好", "关于 做好"])
def test_letter_spacing_and_a_single_space_are_squeezed(raw: str) -> None:
    assert clean_text(raw) == "关于做好"


def test_spaces_inside_latin_and_number_runs_are_kept() -> None:
    assert clean_text("80820823; 80820933") == "80820823; 80820933"
    assert clean_text("时间: 2023-05-15 13:12") == "时间: 2023-05-15 13:12"
    assert clean_text("Microsoft Word 2016 文档") == "Microsoft Word 2016文档"


def test_tabs_are_kept_for_table_cells() -> None:
    row = "\t\t丹阳市\t中、初级\t3月15日-8月10日\t丹阳市人社局专技科\t86571177\t"
    assert clean_text(row) == row


def test_blank_line_inside_a_table_is_dropped_but_not_elsewhere() -> None:
    raw = "序号\t名称\n1\t甲\n\n2\t乙\n\n正文"
    assert clean_text(raw) == "序号\t名称\n1\t甲\n2\t乙\n\n正文"


def test_trailing_spaces_stripped_and_blank_runs_collapsed() -> None:
    raw = "\n\n第一段   \n\n\n\n\n第二段\u3000\n"
    assert clean_text(raw) == "第一段\n\n第二段"


def test_crlf_and_zero_width_characters() -> None:
    assert clean_text("第一行\r\n第\u200b二行\ufeff") == "第一行\n第二行"


# ---------------------------------------------------------------- line joining

FULL = "（一）在我市各类企事业单位从事专业技术工作，与用人单位签订劳动（聘用）合同的专业技术人员；在我市"


def test_wrapped_lines_are_joined() -> None:
    lines = [FULL, "就业的自由职业专业技术人员。乡土人才可适当放宽年龄限制。"]
    assert join_pdf_lines(lines) == [FULL + "就业的自由职业专业技术人员。乡土人才可适当放宽年龄限制。"]


def test_sentence_final_punctuation_ends_a_paragraph() -> None:
    for end in "。！？；：":
        assert not should_join("申报人应当为在职专业技术人员" + end, "离退休人员不得申报", 96)


@pytest.mark.parametrize(
    "line",
    ["一、申报时间", "（一）基本条件", "(二)符合下列情形", "1. 学历层次", "1、网上申报", "(1) 目录；", "（1）目录", "第三条 评审", "第二章 总则", "附件：", "附件1：公示结果"],
)
def test_headings_and_list_items_start_a_new_paragraph(line: str) -> None:
    assert starts_block(line)
    assert join_pdf_lines([FULL, line]) == [FULL, line]


def test_closing_bracket_after_a_digit_is_not_a_list_item() -> None:
    assert not starts_block("2）。")
    lines = ["11.其他附件或证明材料：《公示结果》（附件1）、《专业技术资格评审材料真实性承诺书》（附件", "2）。"]
    assert join_pdf_lines(lines) == ["".join(lines)]


def test_table_rows_are_never_joined() -> None:
    lines = [FULL, "序号\t受理专业\t受理地", "1\t建设工程\t镇江市区", "继续的正文"]
    assert join_pdf_lines(lines) == lines


def test_short_one_line_heading_is_not_joined_to_the_next_line() -> None:
    lines = [FULL + "。", "申报材料装订要求", "第一分册为任现职以来的专业技术工作总结"]
    assert join_pdf_lines(lines) == lines


def test_short_line_inside_a_paragraph_is_a_broken_word_and_is_joined() -> None:
    lines = ["(三)完善职称申报评审诚信体系。全面推行告知承诺制,申报人员提交申报材料时应承诺提供的相关证书、业", "绩成果、论", "文等材料真实可靠。"]
    assert join_pdf_lines(lines) == ["".join(lines)]


def test_two_line_title_is_joined_and_ends_at_the_salutation() -> None:
    lines = ["关于报送2024年度全市冶金工程中级专业技术", "资格评审材料的通知", "市各有关单位：", FULL]
    assert join_pdf_lines(lines)[:2] == ["关于报送2024年度全市冶金工程中级专业技术资格评审材料的通知", "市各有关单位："]


def test_date_lines_stand_alone() -> None:
    lines = [FULL, "工作领导小组办公室", "2024年3月13日", "（此件公开发布）"]
    assert join_pdf_lines(lines)[-2:] == ["2024年3月13日", "（此件公开发布）"]


@pytest.mark.parametrize("line", ["7", "- 3 -", "— 12 —", "第 3 页", "第3页 共5页", "3/5", "3 / 5", "Page 2 of 9"])
def test_page_number_lines_are_removed(line: str) -> None:
    assert is_page_number(line)
    assert join_pdf_lines(["正文第一段。", line, "正文第二段。"]) == ["正文第一段。", "正文第二段。"]


def test_numbers_inside_text_are_not_page_numbers() -> None:
    assert not is_page_number("2024年3月13日")
    assert not is_page_number("1. 学历层次")


def test_paragraph_continues_across_a_page_break_and_keeps_its_first_page() -> None:
    page1 = [FULL + "。", "(一) 单位审核。申报人所在单位应认真审查申报材料的真实性、完整性和时效性，做好评前公示工作，公示", "- 1 -"]
    page2 = ["时间不少于5个工作日。", "(二) 行业主管部门复核。"]
    out = join_pdf_pages([page1, page2])
    assert out[1] == (1, page1[1] + "时间不少于5个工作日。")
    assert out[2] == (2, "(二) 行业主管部门复核。")


def test_running_header_and_footer_are_removed() -> None:
    pages = [
        ["镇江市人力资源和社会保障局文件", f"第{n}段正文内容。", f"第 {n} 页 共 3 页"] for n in range(1, 4)
    ]
    assert join_pdf_pages(pages) == [(1, "第1段正文内容。"), (2, "第2段正文内容。"), (3, "第3段正文内容。")]


def test_url_broken_across_lines_gets_no_space() -> None:
    lines = ["申报人应实名登录江苏人才服务云平台（https://", "www.jssrcfwypt.org.cn/）职称专栏"]
    assert join_pdf_lines(lines) == ["申报人应实名登录江苏人才服务云平台（https://www.jssrcfwypt.org.cn/）职称专栏"]
