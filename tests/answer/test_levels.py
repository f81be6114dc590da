"""A title or level the question names (讲师, 助理工艺美术师 = 初级) is read as the level: a sentence
about that level holds it as it holds a word of the question, and one about only another level
yields to it. In a notice for one level, every sentence is about it and the level tells nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.found import COLLEGE, COLLEGE_NOTICE, found_for, indexed

pytestmark = pytest.mark.integration


@pytest.fixture
def college(make_assistant, tmp_path: Path):
    return indexed(make_assistant, tmp_path, COLLEGE, COLLEGE_NOTICE)


def test_a_sentence_about_only_another_level_yields_to_one_about_the_level_asked(college) -> None:
    found = found_for(college, "青川学院申报讲师要参加说课测评吗？")
    other = next(c for c in found.scored if "申报副教授的须参加" in c.sentence)
    asked = next(c for c in found.scored if "申报讲师的不参加测评" in c.sentence)
    assert other.features["other_level"] == 1 and other.coverage > asked.coverage  # it holds 说课, 参加 and 测评
    assert asked.features["level_match"] == 1
    assert "申报讲师的不参加测评" in found.candidates[0].sentence


def test_a_title_is_held_by_a_sentence_about_its_level(college) -> None:
    """Asked the same of 副教授 and of 教授, the sentence about 副教授 covers more of the first: it
    holds the title asked; the second finds it about another level."""
    def hours(question: str):
        return next(c for c in found_for(college, question).scored if "不少于300学时" in c.sentence)

    asked, other = hours("青川学院副教授课堂教学说课多少学时？"), hours("青川学院教授课堂教学说课多少学时？")
    assert asked.features["level_match"] == 1 and other.features["other_level"] == 1
    assert asked.coverage > other.coverage
