"""How a passage is cut into the sentences an answer may quote."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import Candidate, _direct, _only_headings, _sentences, _verdict_words
from assistant.models import Passage, Query, ScoredPassage
from assistant.understand.intent import Intent

pytestmark = pytest.mark.unit

PASSAGE = Passage(id="p", notice_id="n", text="")


@pytest.mark.parametrize("heading", ["（四）材料整理。", "一、申报条件", "（二）继续教育："])
def test_a_numbered_heading_is_read_with_the_sentence_it_names(heading: str) -> None:
    """"（四）材料整理。" states nothing: quoted alone it would answer 材料怎么整理 with its own name."""
    sentences = _sentences(f"{heading}\n材料统一用A4纸，按目录顺序装入档案袋。\n（五）其他事项。")
    assert sentences[0] == f"{heading}\n材料统一用A4纸，按目录顺序装入档案袋。"


@pytest.mark.parametrize(("sentence", "nothing"), [
    ("（八）外语和计算机。", True),  # a passage ending in a heading: its sentences are in the next one, or gone
    ("六、联系方式", True),
    ("（四）材料整理。\n（五）诚信要求。", True),
    ("1. 专业技术人员情况表", False),  # an item of a list names a material asked for
    ("（二）《申报人员情况简介表》一式20份。", False),
    ("二、申报截止时间：7月1日", False),
    ("（四）材料整理。\n《专业技术资格评审表》不得装订；", False),
])
def test_headings_alone_state_nothing_to_quote(sentence: str, nothing: bool) -> None:
    assert _only_headings(sentence) is nothing


@pytest.mark.parametrize("sentence", ["（三）申报费300元。", "（1）评审表2份。"])
def test_a_numbered_sentence_with_a_fact_stands_alone(sentence: str) -> None:
    assert _sentences(f"{sentence}由单位统一报送。")[0] == sentence


def test_a_notices_own_question_is_quoted_with_its_answer() -> None:
    """"问12：要不要面试？面试在哪里？" states nothing; its answer is the sentence after it, and the
    answer's next sentence stands alone."""
    text = ("问12：要不要面试？面试在哪里？\n答：副主任护师评审实行结构化面试，面试时间为2025年10月中旬，地点为长春市人事考试中心。"
            "准考证于面试前5天在申报系统中打印。")
    first, second = _sentences(text)
    assert first.startswith("问12：要不要面试？") and first.endswith("地点为长春市人事考试中心。")
    assert second == "准考证于面试前5天在申报系统中打印。"


@pytest.mark.parametrize("quote", [
    "问5：今年可以破格申报吗？\n答：今年护理专业副高级不设破格申报。",
    "问5：今年破格申报可以吗？\n有什么条件？\n答：今年护理专业副高级不设破格申报。",
])
def test_the_notices_own_question_does_not_answer_a_yes_no_question(quote: str) -> None:
    """The 可以 of the notice's question is not its answer: the verdict is read from the answer
    after it (不设 is a no), never as 可以."""
    query = Query(asked="能破格吗？", read="能破格吗？", text="能破格吗？", asks="能破格吗？", kinds=[Intent.YESNO])
    answer, verdict = _direct(query, [Candidate(quote, ScoredPassage(passage=PASSAGE, score=1.0), 1.0, 1.0)])
    assert verdict == "no" and answer.startswith("**不能**") and "**可以**" not in answer


@pytest.mark.parametrize(("question", "words"), [
    ("能破格吗？", ("能", "不能")),
    ("取得中级职称后能报副高吗？", ("能", "不能")),  # 取得 is no 得
    ("是否需要论文？", ("需要", "不需要")),
    ("还是7月1号开始吗？", ("是", "不是")),
    ("对外语和计算机有要求吗？", ("要求", "不要求")),  # the verb nearest 吗
    ("有没有比例限制？", ("有", "没有")),
    ("现在还要求论文数量吗？", ("要求", "不要求")),
    ("援藏经历算基层服务吗？", ("算", "不算")),
    ("会计中级会影响申报吗？", ("会", "不会")),  # 会计 is no 会
    ("材料邮寄行不行？", ("可以", "不可以")),
    ("会进行面试吗？", ("会", "不会")),  # 进行 is no 行
    ("逾期了呢？", ("可以", "不可以")),
])
def test_a_verdict_is_given_in_the_questions_own_word(question: str, words: tuple[str, str]) -> None:
    assert _verdict_words(question) == words


@pytest.mark.parametrize(("kind", "direct"), [
    ("place", "**济南市历下区经十路100号人才大厦305室**"),
    ("contact", "**济南市历下区经十路100号人才大厦305室、0531-66608157**"),
])
def test_asked_where_a_phone_is_not_the_answer(kind: str, direct: str) -> None:
    """"答辩在哪个屋" names no shape of its own; the classifier reads a place, and the phone beside the
    room is another fact. Read as a contact question, both are given."""
    sentence = "专业答辩地点：济南市历下区经十路100号人才大厦305室，咨询电话：0531-66608157。"
    query = Query(asked="答辩在哪个屋啊？", read="答辩在哪个屋啊？", text="答辩在哪个屋啊？", asks="答辩在哪个屋啊？",
                  kinds=[Intent.CONTACT], kind=kind)
    assert _direct(query, [Candidate(sentence, ScoredPassage(passage=PASSAGE, score=1.0), 1.0, 1.0)]) == (direct, None)


def test_asked_where_with_a_phone_named_the_phone_is_given() -> None:
    query = Query(asked="报给谁？电话多少？", read="报给谁？电话多少？", text="报给谁？电话多少？", asks="电话多少？",
                  kinds=[Intent.CONTACT], kind="place")
    sentence = "纸质材料报送至自治区卫生健康委人事处，联系电话：0951-5047216。"
    assert _direct(query, [Candidate(sentence, ScoredPassage(passage=PASSAGE, score=1.0), 1.0, 1.0)]) == ("**0951-5047216**", None)
