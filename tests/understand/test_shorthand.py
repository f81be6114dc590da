"""Short names applicants give titles and schooling are read as the notices' names, and only where
they stand as words of their own."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from assistant.text.normalize import Tokenizer
from assistant.text.vocab import load_vocabulary
from assistant.understand.shorthand import Shorthand

NAMES = {"高工": "高级工程师", "正高工": "正高级工程师", "助工": "助理工程师", "高会": "高级会计师", "大专": "大学专科"}


@pytest.fixture(scope="module")
def shorthand() -> Shorthand:
    return Shorthand(NAMES, Tokenizer().in_dictionary)


@pytest.mark.parametrize(("written", "read"), [
    ("宁乡高会纸质材料交到哪？", "宁乡高级会计师纸质材料交到哪？"),
    ("正高工评审费多少？", "正高级工程师评审费多少？"),
    ("大专学历要满几年？", "大学专科学历要满几年？"),
    ("我是助工，满几年能评高工？", "我是助理工程师，满几年能评高级工程师？"),
])
def test_a_short_name_standing_alone_is_read_in_full(shorthand: Shorthand, written: str, read: str) -> None:
    out, full = shorthand.expand(written)
    assert out == read and all(NAMES[short] == name for short, name in full)


def test_the_short_names_read_are_listed_in_the_order_they_stand(shorthand: Shorthand) -> None:
    assert shorthand.expand("我是助工，满几年能评高工？")[1] == [("助工", "助理工程师"), ("高工", "高级工程师")]


@pytest.mark.parametrize("written", ["要提高工作效率吗？", "提高会计核算水平有什么要求？", "高工资人员", "请大专家评审"])
def test_characters_of_a_longer_word_are_no_short_name(shorthand: Shorthand, written: str) -> None:
    assert shorthand.expand(written) == (written, [])


def test_the_vocabulary_lists_short_names_as_full_names_it_can_read() -> None:
    """Each full name is one the vocabulary reads a level or a schooling from, and it says at least
    what its short name does: the reading reaches the scope and the contrasts, not just the words."""
    vocab = load_vocabulary(Settings().vocab_file)
    assert vocab.shorthand
    for short, full in vocab.shorthand.items():
        named = vocab.alternatives(full)
        assert named and all(alts <= named.get(f, set()) for f, alts in vocab.alternatives(short).items()), short
