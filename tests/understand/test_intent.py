"""How a question's wording is read: the kind of answer it wants and the fact it names."""

from __future__ import annotations

import pytest

import assistant.understand.intent as it
from assistant.text.patterns import ADDRESS as ADDRESS_RE
from assistant.text.patterns import DAY_DATE as DATE_RE
from assistant.text.patterns import DURATION as DURATION_RE
from assistant.text.patterns import PLACE as PLACE_RE
from assistant.text.patterns import UNIT
from assistant.understand.intent import (
    Intent,
    answering_spans,
    asks_exact,
    classify,
    has_required,
    kind_spans,
    required_pattern,
    spans,
)

pytestmark = pytest.mark.unit

PLACE_QUESTIONS = [
    "纸质材料要交到哪里？", "纸质材料交哪里？", "材料送到哪？", "材料寄到哪儿？", "纸质材料递交到哪里",
    "在哪儿交材料？", "哪里交纸质材料", "材料要寄到哪里去", "纸质材料报送地点在哪？", "想报建筑工程中级，去哪里报？",
]


@pytest.mark.parametrize("question", PLACE_QUESTIONS)
def test_handing_in_where_asks_for_a_place(question: str) -> None:
    assert classify(question)[0] is Intent.CONTACT
    assert required_pattern(Intent.CONTACT, question) is PLACE_RE
    assert asks_exact(Intent.CONTACT, question)


@pytest.mark.parametrize("question", ["要交哪些材料？", "纸质材料要交哪几份？", "哪里可以查到评审条件？"])
def test_which_things_or_where_to_look_is_not_an_address(question: str) -> None:
    assert required_pattern(classify(question)[0], question) not in (ADDRESS_RE, PLACE_RE)


def test_a_receiving_office_answers_where_when_no_street_address_is_written() -> None:
    question = "纸质材料交到哪里？"
    office = "纸质材料报送至市人社局专技科。"
    assert has_required(Intent.CONTACT, office, question)
    assert answering_spans(Intent.CONTACT, office, question) == ["市人社局专技科"]
    assert answering_spans(Intent.CONTACT, "中级到区评审服务站申报", question) == ["区评审服务站"]
    assert not has_required(Intent.CONTACT, "网上申报至7月20日，由单位统一报送。", question)
    both = "材料送至市人社局，地址：海州区朝阳东路69号。"
    assert answering_spans(Intent.CONTACT, both, question) == ["海州区朝阳东路69号"]
    lettered = "咨询窗口：010-65082714（朝阳区将台路甲16号二层7号窗口）"  # a number with 甲 before it
    assert answering_spans(Intent.CONTACT, lettered, "窗口的电话和地址？") == ["朝阳区将台路甲16号二层7号窗口", "010-65082714"]


@pytest.mark.parametrize("sentence, span", [
    ("报名表交至人事科（行政楼2楼203室）", "行政楼2楼203室"),
    ("临港校区各学院报送临港办公室（综合楼B座212室）。", "综合楼B座212室"),
    ("受理点：喀什市统计局｜地址及房间：市行政服务中心3楼312室", "市行政服务中心3楼312室"),
    # an area and a window after the floor, a named room, a window named before its number
    ("请到市民中心二楼C区8号窗口现场提交。", "市民中心二楼C区8号窗口"),
    ("面试在图书馆5楼第三会议室进行。", "图书馆5楼第三会议室"),
    ("纸质材料交至人才大厦一楼职称评审窗口。", "人才大厦一楼职称评审窗口"),
    ("请到人才大厦二楼受理窗口（5号、6号窗口）办理。", "人才大厦二楼受理窗口（5号、6号窗口）"),
    ("证书领取：市民中心A区一楼综合受理窗口6号", "市民中心A区一楼综合受理窗口6号"),
    ("材料报送至区政府大楼四楼人社办，逾期不收。", "区政府大楼四楼人社办"),
    ("请交至行政楼2楼师资科305室。", "行政楼2楼师资科305室"),
])
def test_a_building_runs_on_through_its_block_floor_and_room(sentence: str, span: str) -> None:
    """The room is the address's last and most telling part; a table's label naming 房间 is none."""
    found = answering_spans(Intent.CONTACT, sentence, "材料交到哪里？")
    assert any(span in f for f in found) and not any("地址及房间" in s for s in found), found


@pytest.mark.parametrize("sentence, span", [
    ("报名表交至人事科（行政楼2楼203室）", "人事科（行政楼2楼203室）"),
    ("纸质材料报送市司法局律师工作处（渝中区人和街79号712室）", "市司法局律师工作处（渝中区人和街79号712室）"),
    ("材料报送区政务服务中心5号窗口（兴华路12号行政大楼一楼）", "区政务服务中心5号窗口（兴华路12号行政大楼一楼）"),
])
def test_an_address_in_brackets_after_a_unit_is_shown_with_the_unit(sentence: str, span: str) -> None:
    assert answering_spans(Intent.CONTACT, sentence, "材料交到哪里？") == [span]
    assert answering_spans(Intent.CONTACT, sentence, "材料交到哪个处室？")[0] in span


@pytest.mark.parametrize("sentence, span", [
    ("答辩地点在实训楼4楼401室，请提前到场。", "实训楼4楼401室"),
    ("报送地址为民政大楼2楼。", "民政大楼2楼"),
    ("评审会议在科技楼报告厅召开。", "科技楼报告厅"),
    ("材料送至开元大道18号（政务中心）", "开元大道18号（政务中心）"),
    ("答辩地点调整为图书馆2楼报告厅。", "图书馆2楼报告厅"),
    ("报送地点为省会计人员服务中心（怀宁路16号财政综合楼4楼）。", "省会计人员服务中心（怀宁路16号财政综合楼4楼）"),
])
def test_an_address_is_shown_without_what_leads_into_it(sentence: str, span: str) -> None:
    """The words before a place in the same run of characters (地点在, 地址为, 会议在) are not the
    place; a bracket after a street number is kept whole or not at all."""
    assert answering_spans(Intent.CONTACT, sentence, "在哪里？") == [span]
    assert "开元大道18号（" not in answering_spans(Intent.CONTACT, "（地址：开元大道18号）", "在哪里？")[0][:-1]


@pytest.mark.parametrize("question, sentence, found", [
    ("单位审核最晚到哪天几点？", "单位审核截止时间为9月30日17:00。", ["9月30日17:00"]),  # a date with its hour
    ("哪天几点前报人事科？", "于9月16日17:00前报人事科。", ["9月16日17:00前"]),
    ("哪天办理？", "8月25日9:00至17:00在大厅办理。", ["8月25日9:00至17:00"]),
    ("述职评议是哪天几点？", "述职评议：8月1日（星期五）14:30，在行政楼3楼第一会议室进行。", ["8月1日（星期五）14:30"]),  # its weekday between
    # 几点 asked of opening hours: the hours of the day, beside the date's own hour
    ("下午几点开始受理？", "须于7月28日至8月1日（工作日上午9:00—12:00，下午14:30—17:30）报送，8月1日17:30后不再受理。",
     ["上午9:00—12:00", "下午14:30—17:30", "8月1日17:30"]),
    ("什么时候报送？", "须于7月28日至8月1日（工作日上午9:00—12:00，下午14:30—17:30）报送。", ["7月28日至8月1日"]),
    # a "when" naming no shape, of a sentence giving no date: the hours or days it is open
    ("受理电话什么时间能打通？", "受理电话：029-86785213（工作日9:00—12:00，14:30—17:30）", ["9:00—12:00", "14:30—17:30"]),
    ("什么时间可以去办？", "持身份证到档案室办理，办理时间为每周二、周四工作时间。", ["每周二、周四"]),
    ("哪一天可以去办？", "持身份证到档案室办理，办理时间为每周二、周四工作时间。", []),  # a day was asked
    # 几点 beside a "when" word (截止那天): one date at the granularity named, so the time, not the days
    ("报名截止那天系统几点关？", "网上报名截止当日，报名系统于17:00关闭。", ["17:00"]),
    ("报名截止那天系统几点关？", "网上报名｜3月24日—4月3日｜报名系统每日8:00—22:00开放", ["8:00—22:00"]),
])
def test_a_time_of_day_is_part_of_the_answer(question: str, sentence: str, found: list[str]) -> None:
    assert answering_spans(Intent.DEADLINE, sentence, question) == found


@pytest.mark.parametrize(("question", "sentence", "found"), [
    ("院内答辩是什么时间？", "院内答辩于7月20日举行，每人15分钟。", ["7月20日"]),
    ("院内答辩是什么时间？", "申报副高级的均须参加院内答辩，每人15分钟。", []),  # how long, not when
    ("院内答辩要多长时间？", "申报副高级的均须参加院内答辩，每人15分钟。", ["15分钟"]),
    ("请假要在什么时间前提交？", "须于本组答辩日前1个工作日17:00前提交书面请假申请。", ["1个工作日"]),  # days before an event
    ("公示时间？", "公示时间不少于5个工作日。", ["5个工作日"]),  # no "when": a length may answer
    ("要公示多久？", "公示期为2025年11月10日至11月14日（5个工作日）。", ["5个工作日"]),  # a length beside dates
])
def test_what_time_asks_when_not_how_long(question: str, sentence: str, found: list[str]) -> None:
    assert answering_spans(Intent.DEADLINE, sentence, question) == found
    assert has_required(Intent.DEADLINE, sentence, question) == bool(found)


@pytest.mark.parametrize(("question", "found"), [
    ("什么时候开始、截止？", ["8月4日", "9月5日"]),  # a period's start and end: both
    ("从哪天开始到哪天结束？", ["8月4日", "9月5日"]),
    ("什么时候开始？", ["8月4日"]),  # its start alone
])
def test_a_period_asked_by_its_start_and_end_gets_both(question: str, found: list[str]) -> None:
    assert answering_spans(Intent.DEADLINE, "网上申报将于8月4日开启，9月5日截止。", question) == found


def test_a_period_end_is_read_beside_its_start() -> None:
    """A sentence giving an end and no start is about another step (单位审核), not the period asked."""
    assert answering_spans(Intent.DEADLINE, "单位审核截止时间推迟至9月19日。", "网上申报什么时候开始、截止？") == []


def test_an_address_question_still_wants_a_street_address() -> None:
    question = "公共服务办公室的具体地址在哪里？"
    assert required_pattern(Intent.CONTACT, question) is ADDRESS_RE
    assert not has_required(Intent.CONTACT, "受理单位：杏坛镇公共服务办公室", question)


def test_two_asks_keep_their_order_and_sending_an_electronic_copy_wants_an_email() -> None:
    question = "《专业技术人员情况表》要交几份？电子版发到哪里？"
    assert classify(question) == [Intent.COUNT, Intent.CONTACT]
    assert has_required(Intent.CONTACT, "电子表格报至邮箱：abc@126.com", question)
    assert classify("纸质材料交到哪里？要交几份？") == [Intent.CONTACT, Intent.COUNT]


@pytest.mark.parametrize("question", ["评审费哪天前交、通过哪个平台交？", "网上申报在什么系统填报？", "报名网址是多少？"])
def test_which_system_or_site_is_a_platform_ask_of_its_own(question: str) -> None:
    """A second ask for a system's or site's name is read by the cue rules too, so the direct answer
    shows the name beside the date (the classifier reads only the first ask's kind)."""
    assert Intent.PLATFORM in classify(question)
    assert Intent.PLATFORM not in classify("评审费哪天前交？")


def test_handing_in_to_which_body_asks_for_the_body_not_an_address() -> None:
    question = "材料递交到哪个单位？"
    assert classify(question)[0] is Intent.CONTACT
    assert required_pattern(Intent.CONTACT, question) is not ADDRESS_RE


def test_until_when_to_hand_in_asks_for_a_date() -> None:
    question = "纸质材料最晚交到什么时候？"
    assert classify(question) == [Intent.DEADLINE]
    assert required_pattern(Intent.DEADLINE, question) is not DURATION_RE


def test_which_days_asks_for_dates_not_a_duration() -> None:
    pattern = required_pattern(Intent.DEADLINE, "网上申报的时间是哪几天？")
    assert pattern is not DURATION_RE and pattern.search("2024年6月1日至7月20日")
    assert DATE_RE.search("6月1日")


@pytest.mark.parametrize("question", ["您好，请问纸质材料要交几份？", "简介表要印多少份？"])
def test_how_many_copies_wants_copies_not_years(question: str) -> None:
    assert classify(question)[0] is Intent.COUNT
    assert asks_exact(Intent.COUNT, question)
    pattern = required_pattern(Intent.COUNT, question)
    assert pattern.search("《专业技术人员简介表》20份") and not pattern.search("三年内不予申报")
    assert kind_spans(Intent.COUNT, "三年内不予申报", question) == []
    assert kind_spans(Intent.COUNT, "《评审表》2份；《简介表》20份", question) == ["2份", "20份"]


def test_a_contact_detail_of_another_sort_is_still_of_the_kind_asked() -> None:
    question = "联系电话和联系人是什么？"
    assert kind_spans(Intent.CONTACT, "联系人：孙晓峰、王蕾", question)


@pytest.mark.parametrize("sentence", [
    "发布时间：2025-09-24 09:30来源：人事处浏览次数：1862",
    "2.推荐人选汇总表 3.代表作送审登记表 云岭科技大学人事处 2025年8月20日",
])
def test_page_chrome_gives_no_date(sentence: str) -> None:
    assert not it.has_required(it.Intent.DEADLINE, sentence, "什么时候截止？")
    assert it.spans(it.Intent.DEADLINE, sentence) == []


@pytest.mark.parametrize(("intent", "sentence", "given"), [
    (Intent.DEADLINE, "网上申报截止时间原定为2025年7月31日17:00，现调整为2025年8月22日17:00。", ["2025年8月22日17:00"]),  # with its hour
    (Intent.DEADLINE, "事项：纸质材料报送｜原定时间：8月25日至8月29日｜调整后时间：9月15日至9月19日", ["9月15日至9月19日"]),
    (Intent.COUNT, "《评审表》份数由一式2份更正为一式3份。", ["一式3份"]),
    (Intent.CONTACT, "受理点联系电话“0431-84652317”有误，现更正为“0431-84652371”。", ["0431-84652371"]),
    (Intent.DEADLINE, "原定于2025年7月31日截止的网上申报不再延长。", ["2025年7月31日"]),  # no new value: the old one stands
    (Intent.DEADLINE, "网上申报开始时间仍为原定的2025年7月1日，截止时间调整为2025年8月22日。",
     ["2025年7月1日", "2025年8月22日"]),  # a value said to stand (仍为原定) is no old one
    (Intent.DEADLINE, "对审核发现的问题，由用人单位于2025年9月30日前整改到位。", ["2025年9月30日前"]),  # 整改到 changes nothing
    (Intent.DEADLINE, "事项：网上申报｜原定时间：7月1日至7月31日｜现截止时间：8月22日", ["8月22日"]),
])
def test_a_value_a_correction_replaces_is_no_answer(intent: Intent, sentence: str, given: list[str]) -> None:
    assert it.spans(intent, sentence) == given


@pytest.mark.parametrize(("intent", "sentence", "question", "given"), [
    (Intent.DEADLINE, "网上申报截止时间原定为2025年7月31日17:00，现调整为2025年8月22日17:00。", "没延期之前原来是几号截止？",
     ["2025年7月31日17:00"]),
    (Intent.DEADLINE, "事项：纸质材料报送｜原定时间：8月25日至8月29日｜调整后时间：9月15日至9月19日", "原定哪几天报送？",
     ["8月25日至8月29日"]),
    (Intent.COUNT, "《评审表》份数由一式2份更正为一式3份。", "评审表更正前要交几份？", ["一式2份"]),
    (Intent.CONTACT, "答辩地点原定为实训楼4楼第二会议室，现调整为图书馆5楼报告厅。", "答辩原来定在什么地方？", ["实训楼4楼第二会议室"]),
    # both asked: both shown
    (Intent.DEADLINE, "网上申报截止时间原定为2025年7月31日，现调整为2025年8月22日。", "原定几号截止？现在改到几号？",
     ["2025年7月31日", "2025年8月22日"]),
    (Intent.DEADLINE, "原定于2025年7月31日截止的网上申报不再延长。", "原来几号截止？", ["2025年7月31日"]),  # nothing replaced
])
def test_asked_what_it_was_the_replaced_value_is_the_answer(intent: Intent, sentence: str, question: str,
                                                             given: list[str]) -> None:
    assert it.answering_spans(intent, sentence, question, it.asked_side(question)) == given


def test_the_value_in_force_is_given_unless_another_side_is_asked() -> None:
    sentence = "网上申报截止时间原定为2025年7月31日，现调整为2025年8月22日。"
    assert it.answering_spans(Intent.DEADLINE, sentence, "原定几号截止？") == ["2025年8月22日"]  # side read with the query
    assert it.answering_spans(Intent.DEADLINE, sentence, "原定几号截止？", "then") == ["2025年7月31日"]


def test_a_registration_number_is_no_phone() -> None:
    sentence = "技术支持：无锡评测中心苏ICP备09024546号公安备案号：32021102000707"
    assert not it.has_required(it.Intent.CONTACT, sentence, "咨询电话是多少？")


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("公示要几天？", "公示时间不少于5个工作日。", True),  # a working day is a day
    ("区县公示几天？", "须提供近两年的社保证明。", False),  # years are not days
    ("试讲要讲几分钟？", "试讲时间为20分钟。", True),
    ("试讲要讲几分钟？", "任职满5年。", False),
    ("成绩有效期几年？", "成绩有效期为3年。", True),
    ("公示期多长时间？", "公示期为两周。", True),  # no unit named: any length of time
])
def test_a_length_of_time_comes_back_in_the_unit_asked(question: str, sentence: str, answers: bool) -> None:
    assert it.has_required(it.Intent.DEADLINE, sentence, question) is answers


def test_an_age_is_no_length_of_time() -> None:
    assert it.spans(it.Intent.DEADLINE, "年龄不超过35周岁。") == []


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("答辩成绩要达到多少分？", "答辩成绩须达到70分及以上，方可提交评委会评议。", True),  # a unit no list named
    ("答辩成绩要达到多少分？", "答辩时间为每人15分钟以内。", True),  # 分钟 is written with 分: still a count of it
    ("正文要上传几页？", "上传专著正文不少于10页。", True),
    ("正文要上传几页？", "上传专著一部。", False),
    ("要交几篇论文？", "提交论文2篇。", True),
    # two-character units and 场 after 多少, before the noun they count
    ("每年要修多少学分？", "每年须取得继续教育90学分。", True),
    ("每年要修多少学分？", "每年须参加继续教育2次。", False),
    ("督导记录至少多少小时？", "督导记录不少于20小时。", True),
    ("年均要承担多少场演出？", "年均承担演出技术保障30场以上。", True),
    ("年均要承担多少场演出？", "须主持完成项目3项。", False),
])
def test_a_count_comes_back_in_the_unit_the_question_names(question: str, sentence: str, answers: bool) -> None:
    assert it.has_required(Intent.COUNT, sentence, question) is answers


@pytest.mark.parametrize("question", ["需要多少专家评审？", "几个专业可以申报？", "多少钱？", "几号截止？"])
def test_a_noun_or_another_kind_of_fact_after_how_many_is_no_unit(question: str) -> None:
    """多少 may take a noun (多少专家: "5名专家" answers it); 几个 leaves the unit to the noun; 多少钱
    asks a fee and 几号 a date."""
    assert it._count_pattern(question) is None


def test_the_count_asked_in_its_own_unit_is_the_span_answered() -> None:
    assert kind_spans(Intent.COUNT, "破格申报人员答辩成绩须达到70分及以上。", "答辩要多少分？") == ["70分"]


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("从哪一年开始实行代表作送审？", "学校自2023年度起实行代表作“双盲”送审。", True),  # a year answers 哪一年
    ("继续教育证书要上传哪些年度的？", "公需科目提供2016-2020年度培训合格证书。", True),
    ("从哪一年开始实行代表作送审？", "代表作送审结果仅当年有效。", False),
    ("材料受理是几点到几点？", "受理时间为工作日8:30—12:00、14:30—17:30。", True),  # a time of day answers 几点
    ("材料受理是几点到几点？", "于2025年8月1日前报送。", False),  # a day's date does not
])
def test_a_date_comes_back_in_the_granularity_asked(question: str, sentence: str, answers: bool) -> None:
    assert it.has_required(Intent.DEADLINE, sentence, question) is answers


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("网上申报从哪天开始？", "申报人须于2025年8月20日前完成网上申报。", False),  # the period's end, not its start
    ("网上申报从哪天开始？", "网上申报时间为2025年7月18日至9月10日。", True),
    ("网上系统什么时候开通？", "全市职称网上申报将于8月4日开启，9月5日截止。", True),
    ("评审通过后什么时候开始聘任？", "自2026年1月1日起聘任相应专业技术职务。", True),
    ("纸质材料什么时候开始报送？", "纸质材料报送时间为8月25日至27日。", True),
    ("网上申报什么时候截止？", "申报人须于2025年8月20日前完成网上申报。", True),  # no start asked
    ("每天几点开始受理？", "于2025年8月25日至8月29日报送纸质材料。", False),  # 几点 still wants a time of day
    ("从哪一年开始实行代表作送审？", "代表作送审时间为10月8日—10月31日。", False),  # 哪一年 still wants a year
])
def test_when_a_period_starts_is_given_by_a_range_or_a_marked_start(question: str, sentence: str, answers: bool) -> None:
    assert it.has_required(Intent.DEADLINE, sentence, question) is answers


@pytest.mark.parametrize(("question", "sentence", "missing"), [
    ("网上申报从哪天开始？", "申报人须于2025年8月20日前完成网上申报。", True),
    ("网上申报从哪天开始？", "网上申报时间为2025年7月18日至9月10日。", False),
    ("从哪一年开始实行代表作送审？", "代表作送审时间为10月8日—10月31日。", True),
    ("每天几点开始受理？", "受理时间为工作日8:30—12:00。", False),
    ("网上申报什么时候截止？", "申报人须于2025年8月20日前完成网上申报。", False),  # no role named
    ("电子证书最晚什么时候之前要下载？", "电子证书预计于2026年3月下旬起在中国人事考试网下载。", True),  # a start only
    ("网上申报截止到哪天？", "网上申报系统于8月1日起开放。", True),
    ("网上申报截止到哪天？", "网上申报时间为8月1日至8月20日。", False),  # a range has its end
    ("纸质材料最迟哪天交？", "纸质材料于9月30日报送市人社局。", False),  # a plain date may be the last day
    ("证书最晚哪天前去领？", "证书已于2025年3月10日起发放，请于2025年7月31日前领取。", False),
    ("成绩最晚什么时候能查询？", "考试成绩于2025年12月10日起可登录查询。", False),  # when available: a start
    ("几号之前能拿到证书？", "证书于2026年3月10日起发放。", False),
    ("网上申报截止到哪天？", "网上申报于8月1日起至20日进行。", False),  # a range written with 起
    # a range's first day carrying its hour: still a range, with its start and its end
    ("个人填报什么时候开始、什么时候截止？", "个人填报：2025年8月25日9:00至9月26日17:00", False),
    ("系统最晚哪天前要提交？", "申报系统于2025年8月25日9:00起开放。", True),  # a start at an hour
    # a day asked (哪一天, 具体哪天, 几月几号): a part of a month or a month does not give it
    ("专业答辩具体是哪一天？", "专业答辩拟于10月下旬进行，具体时间另行通知。", True),
    ("评审会议具体哪天开？", "评审会议于2025年9月召开。", True),
    ("专业答辩具体是哪一天？", "专业答辩定于2025年10月26日进行。", False),
    ("资历计算截止到哪一天？", "资历计算截止时间为2025年12月31日。", False),
    ("网上申报是几月几号？", "网上申报时间为2025-07-01至2025-07-20。", False),
    ("网上申报什么时候截止？", "网上申报于9月中旬截止。", False),  # "when" alone: a part of a month answers
])
def test_a_date_role_the_sentence_does_not_give_is_missing(question: str, sentence: str, missing: bool) -> None:
    assert it.missing_date_role(Intent.DEADLINE, question, sentence) is missing


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("单位内部要公示几天？", "申报人须于2025年8月20日前完成网上申报。", False),  # a day of a month is no length
    ("单位内部要公示几天？", "在单位内部公示5个工作日。", True),
    ("申报高级要任职满几年？", "资历计算截止到2025年12月31日。", False),  # nor is a year
    ("申报高级要任职满几年？", "取得中级职称后任职满5年。", True),
])
def test_a_length_of_time_is_not_read_from_a_date(question: str, sentence: str, answers: bool) -> None:
    intent = Intent.COUNT if Intent.COUNT in it.classify(question) else Intent.DEADLINE
    assert bool(it.specific_pattern(intent, question).search(sentence)) is answers


def test_a_start_written_after_its_date_is_the_span_answered() -> None:
    sentence = "全市职称网上申报将于8月4日开启，9月5日截止。"
    assert it.answering_spans(Intent.DEADLINE, sentence, "网上申报什么时候开始？") == ["8月4日"]


def test_a_table_value_takes_the_unit_its_column_header_names() -> None:
    row = "收费项目：职称评审费｜级别：正高级｜职称评审（元/人）：560｜考核认定（元/人）：280"
    assert it.has_required(Intent.FEE, row, "正高级评审费多少钱？")
    assert it.spans(Intent.FEE, row) == ["560元/人", "280元/人"]


ROW = ("序号：15｜受理专业：生物医药工程｜受理地：镇江市｜级别：中、初级｜网络申报时间：依据文件时间申报｜"
       "受理单位机构：镇江市职工技术协会｜联系电话：83320260")


@pytest.mark.parametrize("question", ["生物医药工程职称由哪个单位受理？", "生物医药工程职称的受理部门是哪里？",
                                      "生物医药工程的材料交到哪个单位？"])
def test_which_body_handles_it_is_answered_by_the_body_not_its_phone(question: str) -> None:
    """A table row's 受理单位 column names the body; its phone number is another fact."""
    assert answering_spans(Intent.CONTACT, ROW, question) == ["镇江市职工技术协会"]
    assert has_required(Intent.CONTACT, "材料报送至市人社局专技科。", question)


@pytest.mark.parametrize("question, sentence, first", [
    ("材料送到哪个科室？", "纸质材料直接报送市林业局人事科，地址：开元大道20号林业局2号楼301室。", "市林业局人事科"),
    ("病历要找哪个科室盖章？", "病历须经病案统计科核对盖章。", "病案统计科"),
    ("政策问题找人社局哪个处？", "政策咨询：专业技术人员管理处，0951-1234567", "专业技术人员管理处"),
    ("材料交给谁？", "护理人员将材料交护理部（门诊楼3楼），其他人员交人事科。", "护理部"),
    ("有问题找谁？", "联系人：王芳，电话：0513-1234567", "王芳"),
    ("纸质材料交给谁？", "纸质材料由县（市、区）人社局职称股统一收取，申报人不直接向市职称办报送。", "县（市、区）人社局职称股"),
])
def test_which_unit_handles_it_is_answered_by_the_unit_first(question: str, sentence: str, first: str) -> None:
    """找谁, 哪个科室, 哪个处 ask for the unit (or the person) that handles it: the unit named after the
    word handing in or referring to it comes before the address that says where it sits."""
    assert has_required(Intent.CONTACT, sentence, question)
    assert answering_spans(Intent.CONTACT, sentence, question)[0].startswith(first)  # 护理部（门诊楼3楼）


def test_who_to_ask_is_answered_by_a_phone_where_the_notice_names_no_one() -> None:
    question, sentence = "平台出了技术问题找谁？", "平台技术支持电话：0351-5620000。"
    assert has_required(Intent.CONTACT, sentence, question)
    assert answering_spans(Intent.CONTACT, sentence, question) == ["0351-5620000"]


@pytest.mark.parametrize("sentence", ["申报人须具备大学本科学历。", "由举办单位负责组织。", "报送后由人事处理。"])
def test_a_word_ending_like_a_unit_is_no_unit(sentence: str) -> None:
    assert not UNIT.search(sentence)


def test_a_question_naming_several_contact_facts_wants_each() -> None:
    assert answering_spans(Intent.CONTACT, ROW, "由哪个单位受理？电话多少？") == ["镇江市职工技术协会", "83320260"]
    row = "区：江汉区｜受理点：江汉区卫生健康局职改办｜地址：江汉区新华路118号B座5楼｜咨询电话：027-85490723"
    assert answering_spans(Intent.CONTACT, row, "受理点的地址和电话？") == ["江汉区新华路118号B座5楼", "027-85490723"]
    assert answering_spans(Intent.CONTACT, ROW, "联系电话是多少？") == ["83320260"]
    assert required_pattern(Intent.FEE, "评审费怎么交？") is None


@pytest.mark.parametrize("question", ["纸质材料要送到哪个地址啊？", "电子版要发到哪个邮箱？"])
def test_handing_in_to_which_address_or_mailbox_does_not_ask_for_a_body(question: str) -> None:
    assert answering_spans(Intent.CONTACT, ROW, question) == []
    assert not has_required(Intent.CONTACT, ROW, question)


@pytest.mark.parametrize("question", ["面试答辩什么时候？", "答辩时间是什么？"])
def test_a_time_left_to_a_later_notice_is_no_date(question: str) -> None:
    """具体时间另行通知 says the notice does not give the date; a month's part given beside it does
    (asked for the day, 答辩具体哪天, it does not: see the date roles above)."""
    assert not it.has_required(Intent.DEADLINE, "评审委员会将组织面试答辩，答辩时间和地点另行通知。", question)
    assert it.has_required(Intent.DEADLINE, "专业答辩时间为11月中旬，具体安排另行通知。", question)


@pytest.mark.parametrize(("question", "sentence"), [
    ("每年继续医学教育要多少学分？", "任现职以来每年须取得继续医学教育学分不少于25学分。"),  # credits
    ("量化赋分低于多少分不提交表决？", "量化赋分低于60分的不提交评委会表决。"),  # a score, the unit read nowhere
    ("表决要多少同意票才算通过？", "同意票数达到出席评委人数三分之二以上的为评审通过。"),  # a share of a body
    ("评委会投票要多少同意票？", "获得出席评委过半数同意票的为评审通过。"),
    ("全市有多少专业技术人才参加评审？", "全市共有6.3万名专业技术人才参加职称评审。"),  # tens of thousands
])
def test_a_count_without_a_unit_the_question_names_takes_the_shapes_counts_are_written_in(question: str, sentence: str) -> None:
    assert it.has_required(Intent.COUNT, sentence, question)
    assert not it.has_required(Intent.COUNT, "答辩时间为每人15分钟以内，于2025年10月20日举行。", question)


@pytest.mark.parametrize(("question", "sentence", "names"), [
    ("联系人是谁？", "（四）联系人：人事处师资科林老师，电话：0591-22863127。", ["林老师"]),
    ("经办人叫什么？", "联系人：沈女士。", ["沈女士"]),
    ("答辩的联系人和电话是？", "联系人：张媛、黄悠悠，电话0991-4841923", ["张媛、黄悠悠", "0991-4841923"]),
    ("通过的人叫什么名字？", "序号：12｜姓名：武欣悦｜任教学科：心理健康", ["武欣悦"]),
    ("联系人叫什么名字？", "市教育局教师工作科：0736-7720418；请各位老师按时报送。", []),
    ("联系人是谁？", "联系人：张媛  黄悠悠", ["张媛  黄悠悠"]),  # names apart by spaces
    ("联系人是谁？", "联系人：鹿泉区人社局职称科 孟女士 0311-82017365", ["孟女士"]),
    ("联系人是谁？", "联系人：张媛 电话：0991-4841923", ["张媛"]),  # 电话 labels the next detail
    ("谁是联系人呀？", "联系人：张媛 黄悠悠，电话0991-4841923", ["张媛 黄悠悠"]),  # who is the contact
    ("谁是经办人呢？", "经办人：彭工，电话：0731-22835716", ["彭工"]),
    ("联系人是谁？", "县（市）：喀什市｜联系人：阿依努尔·买买提｜联系电话：0998-2651306", ["阿依努尔·买买提"]),
])
def test_who_to_contact_is_answered_by_a_name(question: str, sentence: str, names: list[str]) -> None:
    """A question asking for a person (联系人是谁, 叫什么名字) wants a name: a phone alone does not
    answer it, and a name is shown without its 联系人： label."""
    assert it.answering_spans(Intent.CONTACT, sentence, question) == names
    assert it.has_required(Intent.CONTACT, sentence, question) == bool(names)


def test_a_contact_line_gives_the_name_not_the_label_after_it() -> None:
    assert it.spans(Intent.CONTACT, "联系人：宋女士，联系电话：0411-86519372") == ["宋女士", "0411-86519372"]


def test_a_contact_persons_phone_is_a_phone_question() -> None:
    """联系人电话 asks the contact's phone, not a name."""
    assert it.answering_spans(Intent.CONTACT, "联系人：彭工，电话：0731-22835716", "联系人电话是多少？") == ["0731-22835716"]


@pytest.mark.parametrize(("sentence", "verdict"), [
    ("申报高级统计师时论文不作硬性要求，可用统计分析报告替代。", False),
    ("今年护理专业副高级不设破格申报。", False),
    ("申报讲师的不参加测评。", False),
    ("无实质性应用价值的论文不作为业绩成果。", False),
    ("符合条件的可以破格申报。", True),
])
def test_a_denial_is_read_as_no(sentence: str, verdict: bool) -> None:
    """不作（硬性）要求, 不设, 不参加 deny as 不得 and 不予 do; the bold yes/no is read from them."""
    assert it.polarity(sentence) is verdict


@pytest.mark.parametrize(("question", "clauses"), [
    ("面试答辩在什么时间、什么地方？", ["面试答辩在什么时间、", "什么地方？"]),
    ("答辩要交答辩费吗，多少钱？", ["答辩要交答辩费吗，", "多少钱？"]),
    ("找谁？电话多少？", ["找谁？", "电话多少？"]),
    ("网上申报时，评委会要选哪一个？", ["网上申报时，评委会要选哪一个？"]),  # the first clause asks nothing
    ("论文、业绩成果和学历的截止时间是哪天？", ["论文、业绩成果和学历的截止时间是哪天？"]),  # one ask of a list
])
def test_two_clauses_that_each_ask_are_two_asks(question: str, clauses: list[str]) -> None:
    assert it.clauses_of(question) == clauses


@pytest.mark.parametrize("sentence, found", [
    ("申报人须于10月24日前通过学院财务处“统一缴费平台”缴纳。", ["“统一缴费平台”"]),  # quoted
    ("报考人员登录“江西人事考试网”，进入“全国专业技术人员资格考试报名服务平台”注册。",
     ["“江西人事考试网”", "“全国专业技术人员资格考试报名服务平台”"]),
    ("通过“浙里办”APP查询。", ["“浙里办”APP"]),
    ("2月19日起登录中国人事考试网报名。", ["中国人事考试网"]),  # after the verb of going there
    ("审核通过人员在本局门户网站公示。", ["本局门户网站"]),  # from the last such verb
    ("申报人所在单位在学时登记系统中登记。", ["学时登记系统"]),  # 所在 is no "at"
    ("环节：系统填报｜地点：学院人事管理信息系统｜负责部门：申报人", ["学院人事管理信息系统"]),  # a cell
    ("网址：http://www.jxpta.com，登录江西人事考试网。", ["http://www.jxpta.com", "江西人事考试网"]),
    ("推荐人选名单在院内OA系统及行政楼一楼公示栏公示。", ["院内OA系统", "行政楼一楼公示栏"]),  # a board, after 及
    ("逾期系统内不再审核，均在网上完成，通过系统网上缴纳。", []),  # a system named by no name; 网上
    ("电子表格报至邮箱：lygsjxw@126.com。", []),  # an e-mail's domain is no site
])
def test_a_platform_is_a_system_or_site_by_its_name(sentence: str, found: list[str]) -> None:
    assert spans(Intent.PLATFORM, sentence) == found


def test_asked_which_extension_the_extension_answers() -> None:
    sentence = "人事科：王晓燕，分机8123\n病案管理科（病案调阅）：分机8316\n医院总机：0931-8467000"
    assert "分机8316" in answering_spans(Intent.CONTACT, sentence, "调阅病案打哪个分机？")
    assert asks_exact(Intent.CONTACT, "调阅病案打哪个分机？")
