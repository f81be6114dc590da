"""English questions: turned into the notices' Chinese terms so the same pipeline answers them.

Words come from the vocabulary's ``english`` glossary; place names from the region table through
their pinyin (Nantong → 南通), so any indexed region can be named in English.
"""

from __future__ import annotations

import re
from functools import cached_property

from pypinyin import lazy_pinyin

from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary

_LATIN = re.compile(r"[A-Za-z]")
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_english(question: str) -> bool:
    """Mostly Latin letters (a Chinese term or two in brackets is fine)."""
    latin, cjk = len(_LATIN.findall(question)), len(_CJK.findall(question))
    return latin >= 8 and latin > 3 * cjk


class EnglishReader:
    def __init__(self, vocab: Vocabulary, gazetteer: Gazetteer, places: list[str]) -> None:
        self.vocab = vocab
        self.gazetteer = gazetteer
        self.places = places

    @cached_property
    def _place_pinyin(self) -> dict[str, str]:
        """pinyin → place: provinces, prefectures and the places the indexed notices name."""
        names = {r.short or r.name for r in self.gazetteer if r.level != "county"}
        names |= {self._short(p) for p in self.places}
        table: dict[str, str] = {}
        for name in sorted(n for n in names if n):
            table.setdefault("".join(lazy_pinyin(name)).lower(), name)
        return table

    def _short(self, name: str) -> str:
        regions = self.gazetteer.by_name(name)
        return (regions[0].short or regions[0].name) if regions else name

    @cached_property
    def _terms(self) -> dict[str, str]:
        """The glossary with its phrases' hyphens read as spaces: "primary-level" and "primary level"
        are one phrase, however the glossary or the question writes it (the first entry wins)."""
        terms: dict[str, str] = {}
        for phrase, term in self.vocab.english.items():
            terms.setdefault(_unhyphenated(phrase), term)
        return terms

    @cached_property
    def _glossary(self) -> re.Pattern[str]:
        """Every English phrase of the glossary in one pattern, the longest first: at each place the
        longest phrase wins ("paper materials" over "paper"), in one pass over the question."""
        phrases = sorted(self._terms, key=lambda p: (-len(p), p))
        return re.compile(rf"(?<![a-z])(?:{'|'.join(map(re.escape, phrases))})(?![a-z])")

    def to_chinese(self, question: str) -> str:
        text = " " + _unhyphenated(question.lower().replace("’", "'")) + " "
        text = self._glossary.sub(lambda m: f" {self._terms[m.group(0)]} ", text) if self._terms else text
        words = []
        for token in re.findall(r"[a-z]+|[A-Z0-9\u4e00-\u9fff]+", text):
            if re.fullmatch(r"(19|20)\d\d", token):
                words.append(f"{token}年度")  # "the 2024 round"
                continue
            words.append(self._place_pinyin.get(token, token if not token.isascii() or token.isdigit() else ""))
        # spaces keep neighbouring terms from reading as a place name (哪天|镇江 is not 天镇); a term given
        # in both languages ("senior engineer (高级工程师)") once, not as two titles held and sought
        kept = [w for n, w in enumerate(words) if w and w != next((v for v in reversed(words[:n]) if v), None)]
        return " ".join(kept) + ("？" if "?" in question else "")


def _unhyphenated(text: str) -> str:
    """A hyphen between two letters read as a space (lower-case text)."""
    return _WORD_HYPHEN.sub(" ", text)
