"""A title or level the question names (讲师, 助理工艺美术师 = 初级) is read as the level: a sentence
about that level holds it as it holds a word of the question, and one about only another level
yields to it. In a notice for one level, every sentence is about it and the level tells nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.extractive import Found

pytestmark = pytest.mark.integration

NOTICE = """关于做好2025年度青川学院教师专业技术职务评审工作的通知

青川学院人事处

各二级学院：

现将2025年度教师专业技术职务评审工作安排通知如下。

一、申报条件
申报讲师须近3年年均课堂教学工作量不少于240学时，申报副教授不少于300学时。

二、教学能力测评
申报副教授的须参加教学能力测评，采取说课方式，每人15分钟。
申报讲师的不参加测评。

三、评审费用
初级职称评审费每人150元，中级职称评审费每人260元，副高级职称评审费每人400元。

青川学院人事处
2025年9月1日
"""


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    path = tmp_path / "qingchuan_xueyuan.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    return assistant


def _found(assistant, question: str) -> Found:
    seen: list[Found] = []
    assistant.use(observer=seen.append)
    try:
        assistant.ask(question)
    finally:
        assistant.use(observer=None)
    return seen[-1]


def test_a_sentence_about_only_another_level_yields_to_one_about_the_level_asked(college) -> None:
    found = _found(college, "青川学院申报讲师要参加说课测评吗？")
    other = next(c for c in found.scored if "申报副教授的须参加" in c.sentence)
    asked = next(c for c in found.scored if "申报讲师的不参加测评" in c.sentence)
    assert other.features["other_level"] == 1 and other.coverage > asked.coverage  # it holds 说课, 参加 and 测评
    assert asked.features["level_match"] == 1
    assert "申报讲师的不参加测评" in found.candidates[0].sentence


def test_a_title_is_held_by_a_sentence_about_its_level(college) -> None:
    """Asked the same of 副教授 and of 教授, the sentence about 副教授 covers more of the first: it
    holds the title asked; the second finds it about another level."""
    def hours(question: str):
        return next(c for c in _found(college, question).scored if "不少于300学时" in c.sentence)

    asked, other = hours("青川学院副教授课堂教学说课多少学时？"), hours("青川学院教授课堂教学说课多少学时？")
    assert asked.features["level_match"] == 1 and other.features["other_level"] == 1
    assert asked.coverage > other.coverage
