"""Contrasts: a sentence about another alternative of what the question names (纸质 when 网上 is
asked) is put back and marked, for the judge and the ranker to weigh."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.answer.extractive import CONTRAST_FIT, Candidate, ExtractiveAnswerer, Found, _fact_lines
from assistant.models import NoticeMeta, Passage, Query, ScoredPassage
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.intent import Intent

pytestmark = pytest.mark.integration


def _found(bundled, question: str) -> Found:
    """What the answerer found for the question: its scored and chosen candidates."""
    seen: list[Found] = []
    bundled.assistant.use(observer=seen.append)
    try:
        bundled.assistant.ask(question)
    finally:
        bundled.assistant.use(observer=None)
    return seen[-1]


def test_a_sentence_about_the_other_channel_conflicts_and_is_put_back(bundled) -> None:
    found = _found(bundled, "南通冶金中级职称网上申报截止到哪天？")
    by_sentence = {c.sentence: c for c in found.scored}
    paper = next(c for s, c in by_sentence.items() if "纸质材料报送时间" in s)
    online = next(c for s, c in by_sentence.items() if "网上申报时间" in s)
    assert paper.features["contrast_conflict"] == 1 and paper.features["level_fit"] == -CONTRAST_FIT
    assert online.features["contrast_conflict"] == 0 and online.features["contrast_agree"] >= 1
    assert found.candidates[0] is online


def test_a_row_for_another_district_conflicts_and_the_district_asked_agrees(bundled) -> None:
    """镇江's table gives each district its own office: asked about 润州区, the 京口区 row names
    another county of the same city."""
    found = _found(bundled, "镇江润州区中小学教师职称由哪个单位受理？")
    by_sentence = {c.sentence: c for c in found.scored}
    other = next(c for s, c in by_sentence.items() if "京口区教育局" in s)
    asked = next(c for s, c in by_sentence.items() if "润州区教育局" in s)
    assert other.features["contrast_conflict"] >= 1 and other.features["level_fit"] == -CONTRAST_FIT
    assert asked.features["contrast_conflict"] == 0 and asked.features["contrast_agree"] >= 1
    assert "润州区教育局" in found.candidates[0].sentence


def test_a_row_is_read_by_its_own_columns_not_by_its_remark(bundled) -> None:
    """镇江's table rows for 农业工程 end in one remark naming other rows ("不含丹阳市、扬中市初级和
    句容市初级、中级"): the 扬中市 row (级别：初级) is about 初级, and asked about 中级 it conflicts;
    the 句容市 row (级别：中、初级) is the one asked about."""
    found = _found(bundled, "镇江农业工程中级职称的网络申报时间是什么时候？")
    rows = [c for c in found.scored if "农业、林业工程" in c.sentence and "不含" in c.sentence]
    yangzhong = next(c for c in rows if "受理地：扬中市" in c.sentence)
    jurong = next(c for c in rows if "受理地：句容市" in c.sentence)
    assert yangzhong.features["contrast_conflict"] >= 1 and yangzhong.features["level_match"] == 0
    assert jurong.features["contrast_conflict"] == 0 and jurong.features["level_match"] == 1
    assert "级别：中、初级" in found.candidates[0].sentence


@pytest.mark.parametrize(("question", "sentence"), [
    ("南宁破格申报中级会计职称要在基层干满几年？", "不具备规定学历，但取得助理会计师职称后在基层单位连续从事本专业工作满10年的，可破格申报。"),
    ("闽榕大学申报副教授每年要完成多少学时？", "年均完成本科课堂教学不少于160学时（申报教授的不少于128学时）。"),
])
def test_a_title_held_or_a_level_in_an_aside_is_no_level_the_sentence_conflicts_with(question: str, sentence: str) -> None:
    """The level a sentence is about is read one way for the contrast as for the level fit: a title
    the applicant already holds (取得助理会计师职称后) and a level in an aside are not it."""
    answerer = _answerer({})
    passage = Passage(id="p", notice_id="n", text=sentence, section=["二、申报条件"])
    candidate = Candidate(sentence, ScoredPassage(passage=passage, score=1.0), 1.0, 0.0)
    assert answerer._contrast_features(question, candidate)["contrast_conflict"] == 0


@pytest.mark.parametrize(("question", "sentence", "conflict"), [
    ("六盘水2025年会计中级考核认定通过的，纸质证书什么时候领？",
     "2024年度已通过中级资格考核认定的人员，证书已于2025年3月10日起在原受理窗口发放。", 1.0),
    ("鼎晟能源集团2025年度评审结果哪天发文公布？", "2024年度集团首次开展自主评审，结果于2024年12月3日发文公布。", 1.0),
    ("常德2025年申报一级教师需要交论文吗？", "2023年度起我市已取消对论文数量的硬性要求。", 0.0),  # a rule since 2023 holds in 2025
    ("网上申报什么时候截止？", "2024年度的申报已于2024年7月31日截止。", 0.0),  # no year asked: nothing to differ from
    ("宁乡2025年申报高级会计师，考试成绩要求是哪个年度以后的？",
     "且2023年度及以后年度全国高级会计资格考试成绩达到国家合格标准。", 0.0),  # a year a rule holds from
    ("2025年申报副高级需要几年年度考核合格？", "近三年（2022年—2024年）年度考核均为合格以上。", 0.0),  # a span's ends
    ("我2019年取得中级职称，申报副高网上申报什么时候截止？", "2025年度网上申报截止时间为8月22日。", 0.0),  # the asker's history
])
def test_a_sentence_about_another_round_year_conflicts(question: str, sentence: str, conflict: float) -> None:
    """A year named as a round (2024年度) is a contrast like a level: the 2024 round's dates do not
    answer a question about the 2025 one; a date's year (2025年3月10日) and a year a rule holds from
    (2023年度起) name no round."""
    passage = Passage(id="p", notice_id="n", text=sentence, section=["三、其他事项"])
    candidate = Candidate(sentence, ScoredPassage(passage=passage, score=1.0), 1.0, 0.0)
    assert _answerer({})._contrast_features(question, candidate)["contrast_conflict"] == conflict


_ROUND_2025 = NoticeMeta(notice_id="n", file_name="n.txt", title="关于做好2025年度全市中小学教师职称评审推荐工作的通知", year=2025)


@pytest.mark.parametrize(("question", "sentence", "conflict"), [
    ("天水今年高级教师有多少人通过评审？", "2024年度，全市共有287人通过高级教师评审。", 1.0),  # 今年 of a 2025 notice
    ("天水今年高级教师推荐指标有多少？", "本年度指标分配已据此作了调整。", 0.0),  # both the round in force
    ("天水今年高级教师推荐指标有多少？", "2025年度高级教师推荐指标为120个。", 0.0),
    ("我今年刚取得一级教师，能报高级吗？", "2024年度，全市共有287人通过高级教师评审。", 0.0),  # the asker's history
    ("吉林2025年度网上申报是什么时间？", "2024年度网上申报截止时间为10月11日，本年度各环节较上年提前。", 1.0),
    ("沪东理工去年外审过了但没聘上，今年还得重新送外审吗？", "2024年度外审通过但未获聘任的，外审结果本年度继续有效。", 0.0),  # 去年
    ("任现职至今年限不够5年能报吗？", "2024年度评审结果已于12月公布。", 0.0),  # 至今年限 names no round
    ("我今年考核基本称职，还能申报吗？", "2024年度，全市共有287人通过高级教师评审。", 0.0),  # the asker's appraisal
    ("2024年没评上，高级教师要补充什么材料？", "2025年度再次申报的，须补充近一年新增业绩。", 0.0),  # the asker's history
    ("闽榕大学2024年没评上的，今年再申报要补充什么？", "2023年度、2024年度未通过的人员，本年度再次申报的，须补充近一年新增业绩。", 0.0),
])
def test_the_round_in_force_is_the_notices_round(question: str, sentence: str, conflict: float) -> None:
    """今年 asked of a notice is its round: a sentence about the 2024 round does not answer it."""
    passage = Passage(id="p", notice_id="n", text=sentence, section=["三、推荐指标"])
    candidate = Candidate(sentence, ScoredPassage(passage=passage, score=1.0), 1.0, 0.0)
    assert _answerer({"n": _ROUND_2025})._contrast_features(question, candidate)["contrast_conflict"] == conflict


@pytest.mark.parametrize(("question", "rounds"), [
    ("天水2024年度没评上，今年再报要补充什么？", set()),  # the notice's own round is asked too
    ("天水2024年度高级教师评审结果哪天公示的？", {2024}),
])
def test_another_round_is_asked_alone_or_beside_the_notices_own(question: str, rounds: set[int]) -> None:
    assert _answerer({"n": _ROUND_2025})._other_rounds(question, "n") == rounds


def _answerer(notices: dict[str, NoticeMeta]) -> ExtractiveAnswerer:
    root = Path(__file__).resolve().parents[2]
    support = SimpleNamespace(vocab=load_vocabulary(root / "knowledge" / "vocabulary.yaml"),
                              gazetteer=Gazetteer.load(root / "knowledge" / "regions.csv"))
    return ExtractiveAnswerer(support, notices, 3, 2)  # type: ignore[arg-type]


def test_a_series_name_in_the_question_is_read_as_the_notice_reads_it() -> None:
    """"教师职称" asked of a university's notice is its 高校教师, not the 中小学教师 the name means
    alone: a row of its 高校教师 schedule agrees with the question, it does not conflict."""
    meta = NoticeMeta(notice_id="n", file_name="n.txt", title="云岭科技大学关于开展2025年度高校教师专业技术职务评审工作的通知",
                      issuer="云岭科技大学人事处", series=["高校教师"])
    passage = Passage(id="p", notice_id="n", text="个人申报 9月1日—9月12日", section=["2025年度高校教师专业技术职务评审工作安排表"])
    candidate = Candidate(passage.text, ScoredPassage(passage=passage, score=1.0), 1.0, 0.0)
    features = _answerer({"n": meta})._contrast_features("云岭科技大学2025年教师职称个人申报是什么时间？", candidate)
    assert features == {"contrast_conflict": 0.0, "contrast_agree": 2.0}  # the series, and the round year (2025)


@pytest.mark.parametrize(("asks", "fee"), [("申报实验师的评审费是多少？", ["160元"]), ("申报助理实验师的评审费是多少？", ["100元"])])
def test_a_line_about_another_level_gives_no_fact(asks: str, fee: list[str]) -> None:
    """A fee list quoted whole ("副教授每人280元；讲师、实验师每人160元；助理实验师每人100元") asked about
    one level answers with that level's line, though only the first line repeats the question's 评审费."""
    quote = "评审费按自治区核定标准收取：副教授每人280元；\n讲师、实验师每人160元；\n助理实验师每人100元；"
    assert _fees_given(asks, quote) == fee


def _fees_given(asks: str, quote: str) -> list[str]:
    """The fees a quote gives as the direct answer to a fee question about 评审费."""
    query = Query(asked=asks, read=asks, text=asks, asks=asks, kinds=[Intent.FEE], terms={"评审费": 1.0})
    answerer = _answerer({})
    answerer.support.holds = lambda word, text: word in text
    return [span for _, span in _fact_lines(Intent.FEE, quote, query, answerer._line_reader(query))]


@pytest.mark.parametrize(("kind", "conflict"), [("table_row", 1.0), ("text", 0.0)])
def test_a_rows_own_level_is_what_it_is_about_not_its_tables_caption(kind: str, conflict: float) -> None:
    """A schedule table of a notice for both senior levels has a row per level: the 正高级 row does
    not answer 副高级, though the caption (高级职称) names it. A sentence in prose under that heading
    is about the heading's levels too."""
    sentence = "阶段：个人网上申报（正高级）｜时间：9月8日至9月19日｜责任单位：申报人"
    passage = Passage(id="p", notice_id="n", text=sentence, kind=kind, section=["2025年度工艺美术系列高级职称评审工作时间安排表"])
    candidate = Candidate(sentence, ScoredPassage(passage=passage, score=1.0), 1.0, 0.0)
    features = _answerer({})._contrast_features("工艺美术副高级网上申报是哪几天？", candidate)
    assert features["contrast_conflict"] == conflict


@pytest.mark.parametrize(("asks", "fee"), [("副高级评审费是多少？", ["380元"]), ("中级评审费是多少？", ["230元"]),
                                           ("评审费是多少？", ["230元", "380元"]),
                                           ("实验技术人员（不是副高级）评审费是多少？", ["230元", "380元"])])  # a level ruled out is not asked
def test_a_clause_about_another_level_gives_no_fact(asks: str, fee: list[str]) -> None:
    """One line naming two levels' fees ("中级评审费每人230元，副高级评审费每人380元") asked about one level
    answers with that level's clause; asked about none, with both."""
    quote = "中级评审费每人230元，副高级评审费每人380元，在纸质材料受理时由受理点扫码收取，不收现金。"
    assert _fees_given(asks, quote) == fee
