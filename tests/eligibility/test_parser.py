"""The deterministic reader of self-descriptions: varied phrasings, numerals, dates, places, turns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.eligibility import Profile, is_assessment_question, merged
from assistant.eligibility.dates import add_years, bounds, normalize_partial, shift, span
from assistant.eligibility.lexicon import normalize
from assistant.eligibility.parse_dates import find_dates, find_durations
from assistant.text.numerals import cn_number

pytestmark = pytest.mark.unit

DATA = yaml.safe_load((Path(__file__).resolve().parent / "phrasings.yaml").read_text(encoding="utf-8"))
TODAY = DATA["today"]
PHRASINGS = DATA["phrasings"]


def test_there_are_enough_phrasings() -> None:
    assert len(PHRASINGS) >= 20


@pytest.mark.parametrize("item", PHRASINGS, ids=[p["text"][:24] for p in PHRASINGS])
def test_phrasing(item, service) -> None:
    profile = service.parser.parse(item["text"], today=TODAY).model_dump()
    for field, value in item["expect"].items():
        got = profile[field]
        assert got == (str(value) if isinstance(value, date) else value), (field, profile)
    for field in item.get("absent", []):
        assert profile[field] in (None, []), (field, profile)


@pytest.mark.parametrize("text", DATA["questions"]["assessment"])
def test_personal_questions_are_recognised(text, service) -> None:
    assert is_assessment_question(text, service.parser)


@pytest.mark.parametrize("text", DATA["questions"]["other"])
def test_questions_about_notices_are_not(text, service) -> None:
    assert not is_assessment_question(text, service.parser)


def test_the_default_parser_gives_the_same_answer() -> None:
    assert is_assessment_question("本科，助理工程师5年，能申报工程师吗")
    assert not is_assessment_question("南通冶金工程中级职称评审费是多少？")


# ---- turns ---------------------------------------------------------------------------------------


def test_facts_of_earlier_turns_are_kept_and_answers_fill_the_gaps(service) -> None:
    first, p1 = service.handle("我能评工程师吗", today=TODAY)
    assert first.verdict == "needs_info"
    second, p2 = service.handle("本科，现在是助工", p1, today=TODAY)
    assert (p2.target_title, p2.education, p2.current_title) == ("工程师", "本科", "助理工程师")
    assert second.verdict == "needs_info" and any("current_title_date" in q.fields for q in second.questions)
    third, p3 = service.handle("2019年7月", p2, today=TODAY)
    assert p3.current_title_date == "2019-07"
    fourth, p4 = service.handle("在南通，冶金工程", p3, today=TODAY)
    assert p4.notice_id == "000_0c0ecf8262729fd8"
    assert fourth.verdict == "eligible" and fourth.years.cutoff == date(2023, 12, 31)


def test_a_later_statement_overrides_an_earlier_one() -> None:
    before = Profile(education="大专", region="南通市", notice_id="000_0c0ecf8262729fd8")
    after = merged(before, Profile(education="本科", region="镇江市"))
    assert after.education == "本科" and after.region == "镇江市" and after.notice_id is None


def test_notice_metadata_maps_a_place_to_its_notice(service) -> None:
    from assistant.models import NoticeMeta

    meta = NoticeMeta(notice_id="005_suzhou", file_name="005_suzhou.txt", title="苏州市2024年度工程中级评审",
                      province="江苏省", city="苏州市", year=2024)
    profile = service.parser.parse("我在苏州工业园区，本科，助工5年，能评中级吗", notices=[meta], today=TODAY)
    assert profile.notice_id == "005_suzhou"
    assessment = service.assess(profile, TODAY)
    assert assessment.verdict == "eligible" and "scope.notice_unknown" in assessment.rule_ids()


# ---- numerals and dates --------------------------------------------------------------------------


@pytest.mark.parametrize(("run", "value"), [("五", 5), ("十", 10), ("十二", 12), ("二十三", 23), ("九十", 90),
                                            ("两", 2), ("二〇一九", 2019), ("一九", 19)])
def test_chinese_numerals(run, value) -> None:
    assert cn_number(run) == value


def test_numerals_become_digits_only_where_they_count() -> None:
    assert normalize("二〇一九年七月取得，一家民营厂，五年，九十学时，第一次") == "2019年7月取得,一家民营厂,5年,90学时,第一次"  # NFKC: ，→ ,


@pytest.mark.parametrize(("text", "value"), [
    ("2019年7月15日", "2019-07-15"), ("2019.7.15", "2019-07-15"), ("2019年7月", "2019-07"), ("2019.7", "2019-07"),
    ("2019-07", "2019-07"), ("2019/7", "2019-07"), ("2019年", "2019"), ("2019年底", "2019-12"),
    ("19年7月", "2019-07"), ("19年取得", "2019"), ("去年3月", "2023-03"), ("今年", "2024"), ("前年", "2022"),
])
def test_dates(text, value) -> None:
    assert [d.value for d in find_dates(text, TODAY)] == [value]


def test_years_are_not_dates() -> None:
    text = "助工5年，干了10年技术，3年半，半年"
    dates = find_dates(text, TODAY)
    assert dates == []
    assert [d.value for d in find_durations(text, dates)] == ["5", "10", "3.5", "0.5"]


def test_partial_dates_and_counting() -> None:
    assert normalize_partial(date(2019, 7, 1)) == "2019-07-01"
    assert normalize_partial("2019.7") == normalize_partial("2019年7月") == "2019-07"
    assert bounds("2019-07") == (date(2019, 7, 1), date(2019, 7, 31))
    assert bounds("2020") == (date(2020, 1, 1), date(2020, 12, 31))
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29) and add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert shift("2019-07", 4) == "2023-07"
    assert span(date(2019, 7, 31), date(2023, 12, 31)) == (4, 5)
    assert span(date(2020, 1, 1), date(2023, 12, 31)) == (3, 11)
    with pytest.raises(ValueError):
        normalize_partial("2019-13")


def test_a_partial_date_is_met_only_when_every_day_it_can_mean_is(rules) -> None:
    from assistant.eligibility.context import Cutoff
    from assistant.eligibility.counting import by_date
    from assistant.eligibility.sources import tool_source

    mid_month = Cutoff(date(2023, 7, 15), "cutoff.assumed", tool_source(""), assumed=True)
    assert by_date("r", "2019-07", 4, mid_month, None).met is None  # 2019-07-01 yes, 2019-07-31 no
    assert by_date("r", "2019-07-15", 4, mid_month, None).met is True
    assert by_date("r", "2019-07-16", 4, mid_month, None).met is False
    assert by_date("r", "2019-06", 4, mid_month, None).met is True
