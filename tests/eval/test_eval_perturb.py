"""eval.perturb: deterministic question perturbations for the robustness columns."""

from __future__ import annotations

import pytest

from eval.perturb import (
    HOMOPHONES,
    PARAPHRASES,
    PERTURBATIONS,
    changes_label,
    colloquial,
    no_city,
    noise,
    paraphrase,
    traditional,
    typo,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("question", "expected"), [
    ("南通冶金工程中级网上申报什么时候？", "冶金工程中级网上申报什么时候？"),
    ("连云港考核认定的纸质申报资料现场受理时间是什么时候？", "考核认定的纸质申报资料现场受理时间是什么时候？"),
    ("锡山区2023年工程技术中级职称网上申报时间？", "2023年工程技术中级职称网上申报时间？"),
    ("新疆有色金属职称纸质材料寄到哪里？", "有色金属职称纸质材料寄到哪里？"),
    ("冶金工程评审费多少？", "冶金工程评审费多少？"),
])
def test_no_city_removes_place_names(question: str, expected: str) -> None:
    assert no_city(question) == expected


def test_traditional_characters() -> None:
    assert traditional("南通冶金工程中级职称评审费是多少？") == "南通冶金工程中級職稱評審費是多少？"


def test_typo_swaps_at_most_two_words_from_the_table() -> None:
    q = "南通冶金中级职称纸质材料报送截止时间？"
    out = typo(q)
    assert out != q and len(out) == len(q)
    assert sum(a != b for a, b in zip(q, out)) <= 4  # two swaps of at most two characters
    assert all(len(right) == len(wrong) for right, wrong in HOMOPHONES)
    assert typo("abc") == "abc"


def test_noise_wraps_the_question_deterministically() -> None:
    out = noise("评审费多少？", "nt-001")
    assert "评审费多少？" in out and len(out) > len("评审费多少？") + 4
    assert out == noise("评审费多少？", "nt-001")
    assert {noise("评审费多少？", f"id-{i}") for i in range(20)} != {out}  # the wording varies by id


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_every_perturbation_is_deterministic(name: str) -> None:
    fn = PERTURBATIONS[name]
    q = "南通冶金工程中级职称纸质材料报送时间截止到哪天？"
    assert fn(q, "x") == fn(q, "x")


def test_unanswerable_items_that_lose_their_city_leave_the_no_city_column() -> None:
    q = "北京市2024年工程师职称评审什么时候开始申报？"
    assert changes_label("no_city", q, no_city(q), answerable=False)
    assert not changes_label("no_city", q, no_city(q), answerable=True)
    assert not changes_label("typo", q, typo(q), answerable=False)


def test_colloquial_says_the_asking_words_as_applicants_do() -> None:
    assert colloquial("南通冶金中级纸质材料报送地址在哪里？") == "南通冶金中级纸质材料交的地方在哪儿？"
    assert colloquial("连云港考核认定中级是否需要参加面试？") == "连云港考核认定中级要不要参加面试？"
    assert colloquial("评审费多少钱？") == "评审费多少钱？"


def test_a_paraphrase_is_picked_by_the_id_and_always_changes_the_question() -> None:
    q = "南通冶金工程中级职称纸质材料报送时间截止到哪天？"
    picked = {paraphrase(q, f"id-{i}") for i in range(30)}
    assert {name for name, _ in picked} == set(PARAPHRASES)
    assert all(out != q and out == PARAPHRASES[name](q, f"id-{i}") for i, (name, out) in
               enumerate(paraphrase(q, f"id-{i}") for i in range(30)))
    assert paraphrase(q, "id-1") == paraphrase(q, "id-1")


def test_a_question_no_paraphrase_changes_or_not_in_chinese_is_left_as_it_is() -> None:
    assert paraphrase("When is the deadline?", "id-1") == ("", "When is the deadline?")
    unchanged = "会费几元"  # no word of the tables: noise, which always changes a question
    assert paraphrase(unchanged, "id-1")[0] == "noise"
