"""Slips of a pinyin input method, read back against the words the notices use.

An applicant typing 申保 for 申报, 论闻 for 论文 or 学份 for 学分 has picked a character of the same
sound. Such a character forms no pair a notice holds with either neighbour, and no word of the domain
vocabulary or the gazetteer. A word of the dictionary does not make it right: 电化, 纸制 and 连系 are
words, and no notice writes them; typed for 电话, 纸质 and 联系 they are slips all the same. It is read
as a homophone when the homophone forms a word with its neighbours (one the vocabulary names, or a
place or a dictionary word the notices hold) and the dictionary's word probabilities make the reading
likelier than the text as written by more than the odds against a slip (``SLIP_ODDS``, natural log).
A character that forms a pair the notices hold is never changed, nor one the vocabulary names alone
(是, 谁, 要), nor a numeral (几号 asks which day, though a notice writes 记号笔); nor a word the notices
never use (后果, 老师) for want of a homophone they do: it stays for the answerer to find missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from pypinyin import Style, lazy_pinyin

# How much more likely (natural log) the dictionary must find a reading than the text as written.
# Chosen on the team's bundled and hold-out questions (371): above 2 the readings were the writer's
# words (14 of 15; 截到 → 接到 was not), below it the words an applicant writes alone (交, 但, 向:
# 去交职称材料 is no 去教职称材料, +0.7). On the layout corpus's 1,015 questions, not looked at to
# choose it, 12 of 14 readings were right (士级 → 市级 and 由谁收 → 由税收 were not).
SLIP_ODDS = 2.0
WINDOW = 4  # characters either side read with the slip
MAX_FIXES = 3  # more slips than this in one question: it is read as written
# Numerals and the characters that ask for a number: typed as meant, never read as a slip (几号 is
# no 记号, 成几册 no 成绩册, whatever the notices write).
_COUNTING = set("零〇一二两三四五六七八九十百千万几")


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _pairs(words: Iterable[str]) -> set[str]:
    return {w[i : i + 2] for w in words for i in range(len(w) - 1)}


def sound(ch: str) -> str:
    """The character's usual reading, without its tone (what a pinyin input method is typed with)."""
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


class Speller:
    """``held(pair)``: in how many notices a character pair occurs; ``vocabulary``: the domain's words;
    ``places``: the gazetteer's names; ``chars``: the characters the notices use (the homophones
    offered); ``is_word(word)``: the dictionary has it; ``log_probability(text)``: of the text's
    likeliest segmentation into the dictionary's words."""

    def __init__(self, held: Callable[[str], int], vocabulary: Iterable[str], places: Iterable[str],
                 chars: Iterable[str], is_word: Callable[[str], bool], log_probability: Callable[[str], float]) -> None:
        self.held = held
        self.vocabulary = list(vocabulary)
        self.places = list(places)
        self.chars = chars
        self.is_word = is_word
        self.log_probability = log_probability

    def correct(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The text with its slips read back, and each (as written, as read) with its neighbours."""
        chars, fixes = list(text), []
        for i, ch in enumerate(chars):
            if not _han(ch) or ch in self._words or ch in _COUNTING or any(self._attested(p) for p in _pairs_at(chars, i, ch)):
                continue
            reading = self._reading(chars, i)
            if reading is not None:
                before = _context(chars, i)
                chars[i] = reading
                fixes.append((before, _context(chars, i)))
        return ("".join(chars), fixes) if len(fixes) <= MAX_FIXES else (text, [])

    def _reading(self, chars: list[str], i: int) -> str | None:
        """The homophone of ``chars[i]`` the dictionary finds likelier than it by the odds of a slip."""
        lo, hi = max(0, i - WINDOW), min(len(chars), i + WINDOW + 1)
        window = chars[lo:hi]
        written = self.log_probability("".join(window))
        best, gain = None, SLIP_ODDS
        for h in sorted(self._by_sound.get(sound(chars[i]), set()) - {chars[i]}):
            window[i - lo] = h
            if not self._forms_word(window, i - lo):
                continue
            if (g := self.log_probability("".join(window)) - written) > gain:
                best, gain = h, g
        return best

    def _attested(self, pair: str) -> bool:
        """Some notice holds the pair, or it is a word (or part of one) of the vocabulary or a place.
        A word of the dictionary alone is not: 电化, 纸制 and 连系 are words no notice writes, and
        the slips of 电话, 纸质 and 联系 (the odds of the reading still decide)."""
        return bool(self.held(pair)) or pair in self._vocabulary_pairs or pair in self._place_pairs

    def _forms_word(self, chars: list[str], i: int) -> bool:
        """``chars[i]`` is part of a word of two to four characters the vocabulary names, or a place
        or a word of the dictionary that the notices hold (every pair of it)."""
        for n in range(2, 5):
            for start in range(max(0, i - n + 1), min(i, len(chars) - n) + 1):
                word = "".join(chars[start : start + n])
                if word in self._words or ((word in self._places or self.is_word(word))
                                           and all(self.held(p) for p in _pairs([word]))):
                    return True
        return False

    @cached_property
    def _words(self) -> set[str]:
        return set(self.vocabulary)

    @cached_property
    def _places(self) -> set[str]:
        return set(self.places)

    @cached_property
    def _vocabulary_pairs(self) -> set[str]:
        return _pairs(self.vocabulary)

    @cached_property
    def _place_pairs(self) -> set[str]:
        return _pairs(self.places)

    @cached_property
    def _by_sound(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for ch in {c for c in self.chars if _han(c)} | {c for w in self.vocabulary for c in w if _han(c)}:
            out.setdefault(sound(ch), set()).add(ch)
        return out


def _pairs_at(chars: list[str], i: int, ch: str) -> list[str]:
    """The pairs ``ch`` forms at ``i`` with its Chinese neighbours."""
    pairs = [chars[i - 1] + ch] if i > 0 and _han(chars[i - 1]) else []
    return pairs + ([ch + chars[i + 1]] if i + 1 < len(chars) and _han(chars[i + 1]) else [])


def _context(chars: list[str], i: int) -> str:
    return "".join(c for c in chars[max(0, i - 1) : i + 2] if _han(c))
