"""Tables drawn in plain text (aligned by spaces, ruled by box-drawing characters or markdown
pipes) are read as tables: one passage a row, each value under its column's name."""

from __future__ import annotations

import pytest

from assistant.ingest.chunking import chunk_document
from assistant.ingest.clean import clean_text
from assistant.ingest.plaintables import tabulate
from assistant.models import LoadedDocument, LoadedPage

pytestmark = pytest.mark.unit

ALIGNED = [
    "环节              时间                    办理方式          责任单位",
    "个人网上申报      8月11日至9月5日         网上              申报人",
    "纸质材料报送      9月22日至9月26日        现场报送          市职称评审服务",
    "                                                            窗口（市民中心B区）",
    "评审费缴纳        9月22日至9月30日        网上              申报人",
    "单位公示期不少于5个工作日。",
]

BOXED = [
    "┌──────────────┬──────────┬────────────────────────┐",
    "│ 收费项目         │ 收费标准   │ 缴费方式                   │",
    "├──────────────┼──────────┼────────────────────────┤",
    "│ 副主任护师评审费 │ 每人380元  │ 审核通过后网上缴纳         │",
    "├──────────────┼──────────┼────────────────────────┤",
    "│ 结构化面试费     │ 每人120元  │ 面试当天现场缴纳（仅支持   │",
    "│                  │            │ 扫码和银行卡，不收现金）   │",
    "└──────────────┴──────────┴────────────────────────┘",
]


def test_columns_aligned_by_spaces_become_cells_and_a_wrapped_cell_is_joined() -> None:
    rows = tabulate(ALIGNED)
    assert rows[:4] == [
        "环节\t时间\t办理方式\t责任单位",
        "个人网上申报\t8月11日至9月5日\t网上\t申报人",
        "纸质材料报送\t9月22日至9月26日\t现场报送\t市职称评审服务窗口（市民中心B区）",
        "评审费缴纳\t9月22日至9月30日\t网上\t申报人",
    ]
    assert rows[4] == "单位公示期不少于5个工作日。"  # a line of text after the table is no row of it


def test_a_box_drawn_table_loses_its_rules_and_joins_the_lines_between_two() -> None:
    assert tabulate(BOXED) == [
        "收费项目\t收费标准\t缴费方式",
        "副主任护师评审费\t每人380元\t审核通过后网上缴纳",
        "结构化面试费\t每人120元\t面试当天现场缴纳（仅支持扫码和银行卡，不收现金）",
    ]


def test_a_markdown_table_becomes_rows() -> None:
    assert tabulate(["| 项目 | 金额 |", "|---|---|", "| 评审费 | 300 元 |", "| 面试费 | 100 元 |"]) == [
        "项目\t金额", "评审费\t300 元", "面试费\t100 元"]


@pytest.mark.parametrize("lines", [
    ["绵阳市人力资源和社会保障局        绵阳市经济和信息化局", "2025年7月25日"],  # two issuers side by side
    ["联系人：张媛  黄悠悠", "电话：0991-4841923", "正文一段话，说明材料要求。"],
    ["承  诺  书", "本人承诺所提供的材料真实有效。", "年    月    日"],
    ["----", "正文。"],
])
def test_spaced_lines_that_are_no_table_are_left_alone(lines: list[str]) -> None:
    assert tabulate(lines) == lines


def test_a_text_table_is_chunked_one_row_a_passage_under_its_section() -> None:
    text = "\n".join(["三、工作安排", "本年度日程如下：", "", *ALIGNED])
    doc = LoadedDocument(path="a.txt", fmt="txt", pages=[LoadedPage(number=1, text=clean_text(text))])
    rows = [p for p in chunk_document("n", doc) if p.kind == "table_row"]
    assert [p.section for p in rows] == [["三、工作安排"]] * 3
    assert rows[1].text == "环节：纸质材料报送｜时间：9月22日至9月26日｜办理方式：现场报送｜责任单位：市职称评审服务窗口（市民中心B区）"
