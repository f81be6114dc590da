"""An alternative the applicant rules out ("纸质材料（不是网上申报）") is left out of the question as
read; a negation with nothing of its kind to contrast with is what is asked, and stays."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from assistant.text.vocab import load_vocabulary
from assistant.understand.negation import drop_ruled_out, excepted_words

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def alternatives():
    return load_vocabulary(Settings().vocab_file).alternatives


@pytest.mark.parametrize(("question", "read", "ruled"), [
    ("常德教师职称的纸质材料（不是网上申报）哪几天报送？", "常德教师职称的纸质材料哪几天报送？", ["网上申报"]),
    ("重庆今年中级职称(不是副高)评审费多少？", "重庆今年中级职称评审费多少？", ["副高"]),
    ("南宁经济系列中级职称（非会计）的材料送到哪？", "南宁经济系列中级职称的材料送到哪？", ["会计"]),
    ("我报的是中级，不是高级，纸质材料交几份？", "我报的是中级，纸质材料交几份？", ["高级"]),
])
def test_an_alternative_ruled_out_beside_the_one_asked_is_left_out(alternatives, question, read, ruled) -> None:
    assert drop_ruled_out(question, alternatives) == (read, ruled)


@pytest.mark.parametrize("question", [
    "湘江动力集团普通申报工程师（非转系列、非破格）需要答辩吗？",  # nothing of its kind named beside it
    "是不是网上申报和纸质材料都要交？",  # 是不是 asks; it rules nothing out
    "甘井子区什么时候前报送非公企业申报人员花名册？",  # 非公 is a word
    "纸质材料（不是复印件）要盖章吗？",  # no contrast family
])
def test_a_negation_that_contrasts_with_nothing_asked_is_kept(alternatives, question) -> None:
    assert drop_ruled_out(question, alternatives) == (question, [])


@pytest.mark.parametrize(("question", "excepted"), [
    ("吉林工艺美术副高破格申报的，除了评审费还要另外交什么钱？", ["评审费"]),
    ("申报正高级工程师除了评审表以外还要额外交什么材料？", ["评审表"]),
    ("资格审核除了学历证书复印件，还要交什么？", ["学历证书复印件"]),
    ("除本人外还有谁可以代交？", ["本人"]),
])
def test_what_the_question_sets_aside_is_read(question, excepted) -> None:
    assert excepted_words(question) == excepted


@pytest.mark.parametrize("question", [
    "除夕前还能交材料吗？",  # 除夕 is a word
    "已交的评审费能退还吗？",
])
def test_a_question_setting_nothing_aside_is_read_so(question) -> None:
    assert excepted_words(question) == []
