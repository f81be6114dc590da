"""Asked which system, platform or site, the answer is the one the notice names: a sentence naming
one is preferred to one that only says 系统, and the direct answer gives the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.found import college_notice, indexed

pytestmark = pytest.mark.integration

NOTICE = college_notice(
    "青川学院",
    """
一、网上申报
申报人须于2025年9月19日前完成网上申报，逾期系统内不再审核。
申报人登录“青川市职称评审管理信息系统”填报个人信息并上传材料。

二、评审费用
副高级职称评审费每人400元，通过学院财务处“统一缴费平台”缴纳。
""",
)


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    return indexed(make_assistant, tmp_path, "qingchuan_xitong", NOTICE)


@pytest.mark.parametrize(("question", "name"), [
    ("青川学院网上申报用的是哪个系统？", "青川市职称评审管理信息系统"),
    ("青川学院评审费在哪个平台缴纳？", "统一缴费平台"),
])
def test_the_platform_asked_for_is_the_one_named(college, question: str, name: str) -> None:
    answer = college.ask(question)
    assert not answer.abstained
    assert name in answer.direct.split("\n")[0], answer.direct
