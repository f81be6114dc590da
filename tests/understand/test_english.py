"""English questions are read in the notices' Chinese terms (the glossary is data: a small one here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary, load_vocabulary
from assistant.understand.english import EnglishReader, is_english

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = {"paper": "纸质", "paper materials": "纸质材料", "materials": "材料", "a3 paper": "A3纸",
            "when": "什么时候", "submit": "报送", "september": "9月", "fail": "未通过", "review": "评审"}


@pytest.fixture(scope="module")
def reader() -> EnglishReader:
    vocab = Vocabulary(series={}, levels={}, question_words=[], generic_words=[], tokenizer_words=[], english=GLOSSARY)
    return EnglishReader(vocab, Gazetteer.load(ROOT / "knowledge" / "regions.csv"), [])


def test_mostly_latin_letters_is_english() -> None:
    assert is_english("When are paper materials due for the senior teacher (高级教师) title?")
    assert not is_english("纸质材料什么时候交？PDF格式")


def test_the_longest_phrase_wins_at_each_place(reader: EnglishReader) -> None:
    assert reader.to_chinese("When do I submit paper materials?") == "什么时候 报送 纸质材料？"
    assert reader.to_chinese("paper or materials") == "纸质 材料"


def test_a_value_with_letters_and_digits_stays_whole(reader: EnglishReader) -> None:
    """A3纸 and 9月 are one term each, not "3 纸" and "9 月"."""
    assert reader.to_chinese("Print it on A3 paper by September") == "A3纸 9月"


def test_places_by_pinyin_years_as_rounds_and_unknown_words_dropped(reader: EnglishReader) -> None:
    assert reader.to_chinese("If I fail the 2025 Nantong review, what then?") == "未通过 2025年度 南通 评审？"


def test_a_term_given_in_both_languages_is_read_once(reader: EnglishReader) -> None:
    """A glossary term followed by the notices' own word for it is one term: twice, "senior engineer
    (高级工程师)" read as a title held and the same title sought."""
    assert reader.to_chinese("When do I submit paper materials (纸质材料)?") == "什么时候 报送 纸质材料？"


def test_a_hyphen_between_words_reads_as_a_space() -> None:
    """The glossary writes "primary level" or "primary-level"; the question may write either."""
    vocab = Vocabulary(series={}, levels={}, question_words=[], generic_words=[], tokenizer_words=[],
                       english={"primary level": "初级", "on-site review": "现场审核", "e-mail": "邮箱"})
    reader = EnglishReader(vocab, Gazetteer.load(ROOT / "knowledge" / "regions.csv"), [])
    assert reader.to_chinese("primary-level e-mail") == "初级 邮箱"
    assert reader.to_chinese("the on site review") == "现场审核"


@pytest.mark.parametrize(("question", "place"), [
    ("What is the fee in Shaanxi?", "陕西"), ("What is the fee in Shanxi?", "山西"),  # one pinyin, two provinces
    ("Fee in Tibet?", "西藏"), ("Fee in Inner Mongolia?", "内蒙古"), ("Fee in Urumqi?", "乌鲁木齐"),
    ("Fee in Xi'an?", "西安"), ("Fee in Kashgar?", "喀什"), ("Qiqihar's fee?", "齐齐哈尔"),
])
def test_a_place_whose_english_name_is_not_its_pinyin_is_read(question: str, place: str) -> None:
    reader = EnglishReader(load_vocabulary(ROOT / "knowledge" / "vocabulary.yaml"),
                           Gazetteer.load(ROOT / "knowledge" / "regions.csv"), [])
    assert place in reader.to_chinese(question).rstrip("？").split()
