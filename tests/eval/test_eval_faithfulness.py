"""eval.faithfulness: every date, amount, phone, e-mail, count and address of an answer is in what it cites."""

from __future__ import annotations

import pytest

from eval.faithfulness import cn_number, extract_facts, unfaithful_facts

pytestmark = pytest.mark.unit

# passages as they are in the bundled notices (000 南通, 001 连云港)
SCHEDULE = "1、网上申报时间：2024年6月1日至7月20日（逾期不得补报）。\n2、纸质材料报送时间：2024年7月25日前，逾期不予受理。"
PLACE = "3、报送地点：海门区包场镇港东大道1号\n联系人：薛银平\n电话：0513-52889999-6035"
FEE = "（三）申报职称评审费300元/人，请在报送材料时缴纳或汇款，逾期未缴费的视为放弃申报。"
FORMS = "（一） 评审申报表一式3份（完成网上申报后下载打印，用A3纸双面打印）。公示时间不少于5个工作日。"
LYG = ("联系人及材料报送地址：连云港市工信局职称办，刘宇翔；联系电话：85816207；联系地址：海州区朝阳东路69号行政中心辅楼B楼410房间。"
       "《专业技术人员情况表》电子表格报至邮箱：lygsjxw@126.com")


def test_a_faithful_answer_has_no_unsupported_fact() -> None:
    answer = ("**2024年6月1日至7月20日**；纸质材料2024年7月25日前报送，评审费300元/人，申报表一式三份，"
              "公示五个工作日。地址：港东大道1号，电话 0513-52889999。[1][2]")
    assert unfaithful_facts(answer, [SCHEDULE, PLACE, FEE, FORMS]) == []


def test_the_year_of_a_range_carries_over_to_its_end_date() -> None:
    assert unfaithful_facts("网上申报截止到2024年7月20日。", [SCHEDULE]) == []
    assert unfaithful_facts("网上申报截止到2023年7月20日。", [SCHEDULE]) == ["2023年7月20日"]


def test_an_invented_date_is_reported() -> None:
    assert unfaithful_facts("纸质材料2024年7月30日前报送。", [SCHEDULE]) == ["2024年7月30日"]
    assert unfaithful_facts("纸质材料8月25日前报送。", [SCHEDULE]) == ["8月25日"]


def test_a_changed_phone_number_is_reported() -> None:
    assert unfaithful_facts("电话：0513-52889998", [PLACE]) == ["0513-52889998"]
    assert unfaithful_facts("联系电话：85816208", [LYG]) == ["85816208"]
    assert unfaithful_facts("联系电话：85816207", [LYG]) == []


def test_an_amount_not_in_the_cited_passage_is_reported() -> None:
    assert unfaithful_facts("评审费500元/人。", [FEE]) == ["500元"]
    assert unfaithful_facts("评审费300元。", [SCHEDULE]) == ["300元"]  # right amount, wrong passage cited


def test_e_mail_count_and_address_are_checked() -> None:
    assert unfaithful_facts("发到 lygsjxw@126.com", [LYG]) == []
    assert unfaithful_facts("发到 lygsjxw@163.com", [LYG]) == ["lygsjxw@163.com"]
    assert unfaithful_facts("申报表一式4份。", [FORMS]) == ["4份"]
    assert unfaithful_facts("地址：港东大道2号", [PLACE]) == ["港东大道2号"]
    assert unfaithful_facts("到朝阳东路69号B楼410房间", [LYG]) == []
    assert unfaithful_facts("到朝阳东路69号B楼411房间", [LYG]) == ["411房间"]


def test_only_checkable_facts_count() -> None:
    assert unfaithful_facts("需要胶装，不能用订书针。", []) == []
    # ordinals and interrogatives are not counts; the citation list's page numbers are not facts
    assert unfaithful_facts("您的问题没有指明是哪一份通知。第二分册放业绩材料，见第1页。", []) == []


def test_each_unsupported_fact_is_reported_once_in_order() -> None:
    answer = "2024年7月30日前交，2024年7月30日截止，费用500元。"
    assert unfaithful_facts(answer, [SCHEDULE, FEE]) == ["2024年7月30日", "500元"]


def test_fact_extraction_kinds() -> None:
    kinds = {f.kind for f in extract_facts(f"{SCHEDULE}{PLACE}{FEE}{FORMS}{LYG}")}
    assert kinds == {"date", "amount", "phone", "email", "count", "address", "name"}  # 联系人：薛银平
    assert [f.surface for f in extract_facts("11月底前完成") if f.kind == "date"] == ["11月底"]


@pytest.mark.parametrize(("text", "value"), [("3", 3), ("三", 3), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20)])
def test_chinese_numbers(text: str, value: int) -> None:
    assert cn_number(text) == value


def test_digits_inside_identifiers_are_not_phone_numbers() -> None:
    assert unfaithful_facts("适用通知：（000_0c0ecf8262729fd8）", []) == []
    assert unfaithful_facts("电话85816207", []) == ["85816207"]


def test_a_table_value_is_read_with_the_unit_its_column_header_names() -> None:
    row = "收费项目：职称评审费｜级别：副高级｜职称评审（元/人）：420｜考核认定（元/人）：210"
    assert unfaithful_facts("**420元/人、210元/人**", [row]) == []
    assert unfaithful_facts("**430元/人**", [row]) == ["430元"]
