"""Structure-aware chunking: section paths, table rows, attachments; and a real table row of notice 003."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders import load_document
from assistant.models import LoadedDocument, LoadedPage, Passage

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))

# Long enough (> 160 characters) that neighbouring sections are never merged into one passage.
FILLER = "申报人应当按照本通知的要求如实填写申报信息并提交相关证明材料，所在单位负责审核申报材料的真实性、完整性和时效性" * 3

SYNTHETIC = "\n".join([
    "关于做好2030年度测试系列职称评审工作的通知",
    "各有关单位：",
    "现将有关事项通知如下：",
    "一、申报条件",
    "（一）基本条件",
    f"1. 学历要求，{FILLER}。",
    f"2. 资历要求，{FILLER}。",
    "（二）破格条件",
    f"业绩特别突出的，{FILLER}。",
    "二、申报时间",
    "网上申报时间为2030年5月1日至6月30日。",
    "申报安排表",
    "序号\t受理地\t级别\t电话\t备注",
    "1\t甲市\t中级\t1111\t含甲县",
    "\t乙县\t\t2222\t",
    "2\t丙市\t初级\t3333\t",
    "附件1：申报材料清单",
    "1. 申报表一式两份。",
    "2. 身份证复印件一份。",
])


def doc_of(text: str, pages: list[str] | None = None) -> LoadedDocument:
    texts = pages or [text]
    return LoadedDocument(path="synthetic.txt", fmt="txt",
                          pages=[LoadedPage(number=n, text=t) for n, t in enumerate(texts, 1)])


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return chunk_document("synthetic", doc_of(SYNTHETIC))


def holding(passages: list[Passage], needle: str) -> Passage:
    found = [p for p in passages if needle in p.text]
    assert len(found) == 1, f"expected one passage holding {needle!r}, got {[p.text[:40] for p in found]}"
    return found[0]


# ---------------------------------------------------------------- section paths


def test_numbered_headings_nest_into_section_paths(passages: list[Passage]) -> None:
    assert holding(passages, "2. 资历要求").section == ["一、申报条件", "（一）基本条件", "2. 资历要求"]
    # 1. may be merged with its bare parent heading (一) into one passage; the path keeps the parent
    first = holding(passages, "1. 学历要求").section
    assert first in (["一、申报条件", "（一）基本条件"], ["一、申报条件", "（一）基本条件", "1. 学历要求"])


def test_a_sibling_heading_closes_deeper_levels(passages: list[Passage]) -> None:
    # （二） closes 2. ; 二、 closes （二）
    assert holding(passages, "业绩特别突出的").section == ["一、申报条件", "（二）破格条件"]
    assert holding(passages, "网上申报时间为2030年5月1日").section == ["二、申报时间"]


def test_text_before_the_first_heading_has_no_section(passages: list[Passage]) -> None:
    assert holding(passages, "各有关单位").section == []
    assert holding(passages, "各有关单位").section_label == "正文"


def test_passages_are_ordered_and_ids_are_stable(passages: list[Passage]) -> None:
    assert [p.order for p in passages] == list(range(len(passages)))
    assert len({p.id for p in passages}) == len(passages)
    again = chunk_document("synthetic", doc_of(SYNTHETIC))
    assert [p.id for p in again] == [p.id for p in passages]
    assert all(p.id != q.id for p, q in zip(passages, chunk_document("other", doc_of(SYNTHETIC))))


def test_every_line_of_the_notice_is_kept(passages: list[Passage]) -> None:
    """Body lines stay in the passage text; a table caption may move into the rows' section path."""
    text = "\n".join(p.text for p in passages)
    labels = {s for p in passages for s in p.section}
    for line in SYNTHETIC.split("\n"):
        if "\t" not in line:  # table rows are rewritten, see below
            assert line in text or line in labels, line


def test_long_section_is_split_into_windows_with_the_same_path() -> None:
    long_body = "\n".join(f"（{n}）第{n}项要求：{FILLER}。" for n in range(1, 6))
    passages = chunk_document("long", doc_of(f"一、申报材料\n{long_body}"))
    assert len(passages) > 1
    assert all(p.section[0] == "一、申报材料" for p in passages)
    assert all(len(p.text) <= 600 for p in passages)


def test_page_of_a_passage_is_the_page_where_it_starts() -> None:
    pages = [f"一、第一部分\n{FILLER}。", f"二、第二部分\n{FILLER}。"]
    passages = chunk_document("paged", doc_of("", pages))
    assert holding(passages, "一、第一部分").page == 1
    assert holding(passages, "二、第二部分").page == 2


# ---------------------------------------------------------------- tables


def test_each_table_row_is_one_passage_of_column_value_pairs(passages: list[Passage]) -> None:
    rows = [p for p in passages if p.kind == "table_row"]
    assert len(rows) == 3  # the header is not a row of its own
    assert rows[0].text == "序号：1｜受理地：甲市｜级别：中级｜电话：1111｜备注：含甲县"


def test_merged_cells_are_filled_from_the_row_above(passages: list[Passage]) -> None:
    rows = [p.text for p in passages if p.kind == "table_row"]
    # 乙县 continues group 1: 序号 and 级别 (merged cells) and the group's remark come from above
    assert rows[1] == "序号：1｜受理地：乙县｜级别：中级｜电话：2222｜备注：含甲县"
    # a new group (序号 2) does not inherit the previous group's remark
    assert rows[2] == "序号：2｜受理地：丙市｜级别：初级｜电话：3333"


def test_table_rows_sit_under_the_table_caption(passages: list[Passage]) -> None:
    rows = [p for p in passages if p.kind == "table_row"]
    assert all(p.section[-1] == "申报安排表" for p in rows)


# ---------------------------------------------------------------- attachments


def test_everything_after_an_attachment_line_is_attachment(passages: list[Passage]) -> None:
    start = holding(passages, "附件1：申报材料清单")
    after = [p for p in passages if p.order >= start.order]
    assert after and all(p.kind == "attachment" for p in after)
    assert all(p.section[0] == "附件1：申报材料清单" for p in after)
    assert "申报表一式两份" in "\n".join(p.text for p in after)
    before = [p for p in passages if p.order < start.order]
    assert all(p.kind != "attachment" for p in before)


def test_attachment_numbering_does_not_continue_the_body_sections(passages: list[Passage]) -> None:
    body_sections = {s for p in passages if p.kind != "attachment" for s in p.section}
    attachment = [p for p in passages if p.kind == "attachment"]
    assert all(not (set(p.section) & body_sections) for p in attachment)


def test_a_bare_attachment_list_line_is_not_a_table_or_body() -> None:
    text = f"一、要求\n{FILLER}。\n附件：\n1、情况一览表\n2、材料袋封面"
    passages = chunk_document("list", doc_of(text))
    tail = [p for p in passages if "情况一览表" in p.text]
    assert tail and all(p.kind == "attachment" for p in tail)


def test_the_list_of_attachments_and_the_signature_close_the_last_section() -> None:
    """After the last section come the list of attachments and the signature: no sentence of that
    section, and no heading (the list's "2." is no item of the section before it)."""
    text = "\n".join([f"一、要求\n{FILLER}。", "二、联系方式", "人事处，电话：0871-65926138。",
                      "附件：1.申报条件一览表", "2.推荐人选汇总表", "云岭科技大学人事处", "2025年8月20日"])
    passages = chunk_document("closing", doc_of(text))
    contact = holding(passages, "0871-65926138")
    listed = holding(passages, "推荐人选汇总表")
    signed = holding(passages, "2025年8月20日")
    assert "附件" not in contact.text and "人事处\n" not in contact.text
    assert listed.section == ["附件目录"] and "申报条件一览表" in listed.text
    assert signed.section == ["落款"] and "云岭科技大学人事处" in signed.text


def test_a_table_after_the_signature_is_under_its_caption_alone() -> None:
    text = "\n".join([f"一、要求\n{FILLER}。", "市人社局", "2024年3月13日", "申报计划安排表",
                      "受理地\t级别\t网络申报时间", "句容市\t中级\t3月15日-10月31日", "扬中市\t中级\t3月15日-9月15日"])
    passages = chunk_document("after", doc_of(text))
    assert holding(passages, "2024年3月13日").section == ["落款"]
    assert holding(passages, "句容市").section == ["申报计划安排表"]


def test_an_office_named_in_the_body_opens_no_signature() -> None:
    text = f"一、要求\n{FILLER}。\n二、受理\n受理单位：\n市人力资源和社会保障局\n受理时间为2025年8月20日至8月30日。"
    passages = chunk_document("body", doc_of(text))
    assert holding(passages, "市人力资源和社会保障局").section == ["二、受理"]


# ---------------------------------------------------------------- a real notice


@functools.cache
def chunks_of(path: Path) -> tuple[Passage, ...]:
    return tuple(chunk_document(path.stem, load_document(path)))


REAL_FILES = {
    "txt": lambda notice: ROOT / "knowledge" / "notices" / f"{notice}.txt",
    "pdf": lambda notice: DATA / "pdf" / f"{notice}.pdf",
}


@pytest.mark.parametrize("fmt", sorted(REAL_FILES))
@pytest.mark.parametrize("case", CASES["table_rows"], ids=lambda c: "+".join(map(str, c["contains"][:2])))
def test_real_notice_table_row_is_one_passage(case: dict, fmt: str) -> None:
    passages = chunks_of(REAL_FILES[fmt](case["notice"]))
    rows = [p for p in passages if all(needle in p.text for needle in case["contains"])]
    assert rows, f"no passage of {case['notice']}.{fmt} holds all of {case['contains']}"
    assert all(p.kind == "table_row" for p in rows)
    assert all("｜" in p.text and "：" in p.text for p in rows)
    assert len(rows) == 1, [p.text for p in rows]


@pytest.mark.parametrize("fmt", sorted(REAL_FILES))
def test_real_notice_table_rows_have_one_passage_per_data_row(fmt: str) -> None:
    notice = CASES["table_rows"][0]["notice"]
    txt_rows = [ln for ln in load_document(REAL_FILES["txt"](notice)).text.split("\n") if "\t" in ln]
    passages = chunks_of(REAL_FILES[fmt](notice))
    table = [p for p in passages if p.kind == "table_row"]
    header_rows = sum(1 for ln in txt_rows if ln.startswith("序号\t"))
    assert len(table) == len(txt_rows) - header_rows
    assert all(p.text.count("｜") >= 3 for p in table)


# ---------------------------------------------------------------- questions and answers


QA = "\n".join([
    "2025年度护理专业副高级职称申报政策问答",
    "现将申报人集中反映的问题解答如下。",
    "问1：今年副主任护师什么时候网上申报？在哪个系统报？",
    "答：网上申报时间为2025年8月18日至9月12日。",
    "问2：评审表送到哪里？",
    "答：长春市朝阳区西安大路3577号。",
    "Q3: 继续教育学分有什么要求，本科和大专学历的申报人要求一样吗？",
    "答：每年不少于25学分。",
])


def test_a_notice_of_questions_and_answers_has_a_part_per_question() -> None:
    """Each answer is read under its question, never merged with the next pair, however short."""
    passages = chunk_document("qa", doc_of(QA))
    assert holding(passages, "8月18日").section == ["问1：今年副主任护师什么时候网上申报？在哪个系统报？"]
    assert holding(passages, "3577号").section == ["问2：评审表送到哪里？"]
    assert holding(passages, "25学分").section == ["Q3: 继续教育学分有什么要求，本科和大专学历的申报人要求一样吗？"]
    assert "解答如下" in passages[0].text and passages[0].section == []


def test_a_numbered_question_is_read_as_a_question() -> None:
    """政策问答 numbered as sections ("十四、问：…？要另外交费吗？"): the whole question is the label and
    its answer is its own part, not a section "十四、问" whose first sentence is the question."""
    text = "\n".join(["某省基层职称政策问答", "一、问：什么是定向评价？", "答：单独设置评价标准。",
                      "十四、问：能不能同时申报两种职称？要另外交费吗？", "答：不得同时申报。定向评价不另行收取费用。"])
    passages = chunk_document("qa", doc_of(text))
    assert holding(passages, "单独设置").section == ["一、问：什么是定向评价？"]
    assert holding(passages, "不另行收取").section == ["十四、问：能不能同时申报两种职称？要另外交费吗？"]
