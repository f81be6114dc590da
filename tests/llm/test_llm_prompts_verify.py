"""Prompt files and the answer verifier, with no model and no index."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.llm.backend import make_chat_model
from assistant.llm.prompts import PLACEHOLDERS, PromptError, Prompts, load_prompt, placeholders
from assistant.llm.verify import Expected, Verifier, verify
from assistant.models import Answer, YesNo
from assistant.settings import LLMSettings, Settings
from assistant.text.sentences import complete_sentences as split_sentences

pytestmark = pytest.mark.unit

# passages as they are in the bundled notices (000 南通)
SCHEDULE = "1、网上申报时间：2024年6月1日至7月20日（逾期不得补报）。\n2、纸质材料报送时间：2024年7月25日前，逾期不予受理。"
FEE = "（三）申报职称评审费300元/人，请在报送材料时缴纳或汇款，逾期未缴费的视为放弃申报。"
PLACE = "3、报送地点：海门区包场镇港东大道1号\n联系人：薛银平\n电话：0513-52889999-6035"
GIVEN = {1: SCHEDULE, 2: FEE, 3: PLACE}


@pytest.mark.parametrize("name", sorted(PLACEHOLDERS))
def test_each_prompt_has_exactly_the_placeholders_the_code_fills(name: str) -> None:
    prompt = load_prompt(name)
    assert placeholders(prompt.system) | placeholders(prompt.user) == set(PLACEHOLDERS[name])
    filled = prompt.fill(**{p: f"«{p}»" for p in PLACEHOLDERS[name]})
    assert all(f"«{p}»" in "".join(filled) for p in PLACEHOLDERS[name])


def test_a_prompt_with_another_placeholder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "answer.md").write_text("=== system ===\n按 {rules} 回答\n=== user ===\n{passages}{question}", "utf-8")
    with pytest.raises(PromptError, match="rules"):
        load_prompt("answer", tmp_path)


def test_a_faithful_answer_passes() -> None:
    text = "网上申报时间为2024年6月1日至7月20日[1]。评审费300元/人[2]，联系人：薛银平，电话0513-52889999[3]。"
    result = verify(text, GIVEN)
    assert result.ok and result.cited == [1, 2, 3]
    assert verify("请提供联系人及电话[3]。", GIVEN).ok  # no name is stated


def test_an_invented_date_is_caught() -> None:
    result = verify("网上申报截止到2024年8月1日[1]。", GIVEN)
    assert not result.ok and result.unsupported_facts == ["2024年8月1日"]


def test_a_citation_to_a_passage_not_given_is_caught() -> None:
    result = verify("评审费300元/人[7]。", GIVEN)
    assert result.unknown_citations == [7] and result.unsupported_facts == ["300元"] and not result.ok


@pytest.mark.parametrize("wrong, fact", [
    ("评审费500元/人[2]。", "500元"),
    ("咨询电话0513-52881234[3]。", "0513-52881234"),
    ("材料发到zhicheng@163.com[3]。", "zhicheng@163.com"),
    ("申报表一式5份[1]。", "5份"),
    ("报送地点：海门区人民路12号[3]。", "人民路12号"),
    ("联系人：王小明[3]。", "王小明"),
    ("联系人是张海电话0513-52889999[3]。", "张海"),
])
def test_every_kind_of_invented_fact_is_caught(wrong: str, fact: str) -> None:
    assert fact in "".join(verify(wrong, GIVEN).unsupported_facts)


def test_a_fact_must_be_in_a_passage_cited_so_far_not_in_any_passage_given() -> None:
    assert verify("评审费300元/人[1]。", GIVEN).unsupported_facts == ["300元"]
    held = verify("评审费300元/人。详见通知[2]。", GIVEN)
    assert held.uncited_facts == ["300元"] and not held.ok  # said before any citation, and uncited


def test_an_answer_citing_nothing_or_repeating_the_prompt_fails() -> None:
    assert verify("请咨询当地人社部门。", GIVEN).uncited
    secret = Prompts.load().secret_lines()
    leak = f"我的规则是：{secret[1]}[1]。"
    assert verify(leak, GIVEN, secret).leaked_prompt


FORMS = "申报材料：《专业技术资格评审表》一式2份；代表作原件1份；《专业技术人员简介表》一式20份。"


@pytest.mark.parametrize("text, wrong", [
    ("《专业技术人员简介表》要交1份[1]。", ["1份"]),  # the 1份 is the 代表作's
    ("《专业技术人员简介表》要交20份[1]。", []),
    ("简介表需要提交20份[1]。", []),  # paraphrased subject, same value
    ("需要交2份[1]。", []),  # a subject too short to tell is left alone
])
def test_a_count_must_be_the_one_the_passage_gives_for_what_the_answer_names(text: str, wrong: list[str]) -> None:
    assert verify(text, {1: FORMS}).misattached_facts == wrong


def test_a_date_or_amount_of_another_item_of_the_same_passage_is_caught() -> None:
    result = verify("纸质材料报送时间为2024年7月20日[1]。", GIVEN)
    assert result.misattached_facts == ["2024年7月20日"] and not result.ok
    assert "属于另一事项" in result.problems()[0]
    assert verify("纸质材料报送时间为2024年7月25日前[1]。", GIVEN).ok


def _extractive(direct: str, verdict: YesNo | None = None, abstained: bool = False) -> Answer:
    return Answer(question="能补报吗？", text=direct, direct=direct, verdict=verdict, abstained=abstained)


def test_a_yes_no_answer_must_lead_with_the_notices_polarity() -> None:
    no = Expected.of(_extractive("**不可以**。通知原文：逾期不得补报。", verdict="no"))
    assert no.polarity is False
    assert verify("可以，在7月20日后补报[1]。", GIVEN, expected=no).reversed_polarity
    assert verify("不可以，逾期不得补报[1]。", GIVEN, expected=no).ok
    yes = Expected.of(_extractive("**需要**。通知原文：请在报送材料时缴纳。", verdict="yes"))
    assert verify("不需要缴费[2]。", GIVEN, expected=yes).reversed_polarity
    assert Expected.of(_extractive("**300元**")).polarity is None


def test_the_notice_does_not_say_only_when_the_extractive_answer_abstained() -> None:
    text = "通知中没有写明评审费[2]。"
    answered = verify(text, GIVEN, expected=Expected.of(_extractive("**300元**")))
    assert answered.denies_stated and "没有写明" in answered.problems()[0]
    assert not verify(text, GIVEN, expected=Expected.of(_extractive("", abstained=True))).denies_stated


def test_streaming_waits_for_the_citation_after_a_sentence_mark() -> None:
    assert split_sentences("评审费300元/人。", final=False) == ([], "评审费300元/人。")
    assert split_sentences("评审费300元/人。[2", final=False) == ([], "评审费300元/人。[2")
    assert split_sentences("评审费300元/人。[2]另", final=False) == (["评审费300元/人。[2]"], "另")
    assert split_sentences("另外", final=True) == (["另外"], "")


def test_sentence_by_sentence_checking_agrees_with_the_whole_answer() -> None:
    text = "网上申报时间为2024年6月1日至7月20日[1]。评审费300元/人[2]。截止2024年8月1日[1]。"
    verifier = Verifier(GIVEN)
    passed = [verifier.check(s) for s in split_sentences(text, final=True)[0]]
    assert passed == [True, True, False]
    assert verifier.finish() == verify(text, GIVEN)


def test_no_chat_model_without_an_endpoint_and_the_key_never_shows() -> None:
    assert make_chat_model(Settings().llm) is None
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1", model="qwen", api_key=SecretStr("sk-very-secret-1"))
    chat = make_chat_model(settings)
    assert chat is not None and chat.max_retries == 1 and chat.request_timeout == settings.timeout_s
    for shown in (repr(chat), str(chat), repr(settings), str(settings.model_dump()), chat.model_dump_json()):
        assert "sk-very-secret-1" not in shown


RULES = "上午9:00至11:30受理，网址 http://rsj.nantong.gov.cn/zcps 。专业科目不少于12学分，考试合格线60分，通过率不超过30%。评审费300元/人。"


@pytest.mark.parametrize("wrong, fact", [
    ("评审费三百五十元[1]。", "三百五十元"),  # a Chinese numeral
    ("评审费300万元[1]。", "300万元"),  # the unit counts
    ("通过率不超过百分之四十[1]。", "百分之四十"),
    ("通过率不超过40%[1]。", "40%"),
    ("上午10:00开始受理[1]。", "10:00"),
    ("下午3点受理[1]。", "3点"),
    ("合格线70分[1]。", "70分"),
    ("专业科目需十学分[1]。", "十学分"),
    ("网址www.example-zc.gov.cn[1]。", "www.example-zc.gov.cn"),
])
def test_numerals_units_percentages_times_scores_and_urls_are_checked(wrong: str, fact: str) -> None:
    assert verify(wrong, {1: RULES}).unsupported_facts == [fact]


def test_the_same_facts_written_otherwise_pass() -> None:
    right = "评审费三百元[1]。9点开始受理[1]。通过率不超过百分之三十[1]。合格线60分、十二学分[1]。网址rsj.nantong.gov.cn/zcps[1]。"
    assert verify(right, {1: RULES}).ok
