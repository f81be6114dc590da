"""Judging whether text supports a question: which question words matter, and where they occur.

A content word is a word of the question that is not a question word, not a word every notice
uses, and not a place/series/year the scope already accounts for. A content word that occurs
somewhere in the knowledge base but nowhere in the notices in scope means the question asks about
something those notices do not state.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache

from assistant.answer.necessity import TermNecessity
from assistant.index.notice_grams import NoticeGrams
from assistant.text.normalize import Tokenizer, compact, longest_first, normalize
from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary
from assistant.understand import intent as it

# A quantity, in digits or in words (十几年, 两份, 三个月): what the applicant has or asks for, never
# a topic an answer must name; the answer's own quantity is found by the kind of fact asked.
_DIGITS = re.compile(r"^[\d零〇一二两三四五六七八九十百千万几多余半]+(?:个月|[年月日天周个份篇项次人岁])?$")
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1")  # 正反问: 退不退, 要不要, 查不查
_FOCUS = re.compile(r"(?:哪些|什么|哪个|哪类|哪种|哪几个|哪几种|几种|几类)([\u4e00-\u9fff]{2}|[\u4e00-\u9fff](?=[？?。！!]|$))")


class Support:
    def __init__(
        self, tokenizer: Tokenizer, vocab: Vocabulary, gazetteer: Gazetteer, notice_texts: dict[str, str],
        grams: NoticeGrams | None = None, necessity: TermNecessity | None = None,
    ) -> None:
        """``notice_texts``: each notice's text, compacted (:func:`compact`); ``grams``: which of them
        hold each character and pair (built from the texts when not given); ``necessity``: how often
        answering sentences hold each question word (without: every word as its rarity says)."""
        self.tokenizer = tokenizer
        self.vocab = vocab
        self.gazetteer = gazetteer
        self.texts = notice_texts
        self.grams = grams or NoticeGrams.build({nid: ("", text) for nid, text in notice_texts.items()})
        self.necessity = necessity
        self._ignore = set(vocab.question_words) | set(vocab.generic_words)
        self._ignore_question = set(vocab.question_words) | {"时候", "时间", "地方", "意思", "样", "用"}
        self._asking = [w for w in vocab.question_words if len(w) >= 3]  # phrases the tokenizer may cut in two
        self._scope_words = {s for s, _ in vocab.series_surfaces()} | {s for s, _ in vocab.level_surfaces()}
        self._terms = set(vocab.tokenizer_words)
        # the titles naming a level in their series say which level, not what is asked (副主任护师 is
        # 副高级 as 高级工程师 is, and 高级工程师 is a level word)
        self._ranks = vocab.rank_titles()
        self._not_topics = set(vocab.not_topics)
        self._domain = self._terms | {w for g in vocab.synonyms for w in g} | {w for g in vocab.intent_terms.values() for w in g}
        self._df: dict[str, int] = {}

    def weight(self, word: str) -> float:
        """The word's rarity among the notices, times how often answering sentences hold it."""
        n = max(len(self.texts), 1)
        rarity = math.log(1 + (n + 1) / (self.df(word) + 0.5))
        return rarity * self.necessity.factor(word) if self.necessity else rarity

    def df(self, word: str) -> int:
        """Notices whose text contains the word (or most of its character pairs)."""
        if word not in self._df:
            self._df[word] = self.grams.df(word)
        return self._df[word]

    def content_terms(self, question: str, own: AbstractSet[str] = frozenset(), titles: Sequence[str] = ()) -> dict[str, float]:
        """Content words of the question with their weights.

        Dropped: question words, words every notice uses, the scoped notice's own place/series/year
        (``own``), and words no notice uses at all (typos, chit-chat: nothing to judge them by) except
        dictionary nouns (银行, 发票, 外语): what the question asks about, which no sentence can cover.
        Kept with full weight: the noun a 哪些/什么 asks about (哪些专业 → 专业).
        Words of the scoped notice's title say which notice, not which part: they weigh a quarter.
        The verb of an A-not-A question (退不退, 查不查重) is what is asked, even in one character.
        """
        norm = normalize(question)
        places = {m.surface for m in self.gazetteer.find(norm)}
        focus = {m.group(1) for m in (*_FOCUS.finditer(norm), *_A_NOT_A.finditer(norm))} - self._ignore_question
        question = _A_NOT_A.sub(r"\1", norm)  # 交的钱退不退 → 交的钱退: one verb, not 不退 and 退不退
        title_text = compact("".join(titles))
        ranks = [t for t in self._ranks if t in norm]  # 副主任护师: its pieces (主任, 护师) name no topic either
        asking = [w for w in self._asking if w in norm]  # 哪几天: nor do a question phrase's (哪几)
        terms: dict[str, float] = {}
        for word in map(self._unprefixed, self.tokenizer.words(question)):
            if any(word in t for t in (*ranks, *asking)):
                continue
            if (len(word) < 2 and word not in focus) or _DIGITS.match(word) or not (self.known(word) or self.unknown_noun(word)):
                continue
            if word not in focus and (self._ignorable(word) or any(word in o for o in own)):
                continue
            if any(word in p for p in places & own):
                continue
            in_title = bool(title_text) and word in title_text
            if in_title and len(titles) > 1:
                continue  # comparing notices: a word naming one of them is not what is asked
            terms[word] = self.weight(word) * (0.25 if in_title else 1.0)
        return _drop_contained(terms)

    def context_terms(self, words: Sequence[str], terms: dict[str, float]) -> dict[str, float]:
        """An earlier turn's topic words the question does not repeat, each at half its weight."""
        return {w: 0.5 * self.weight(w) for w in words
                if self.known(w) and not any(w in t or t in w for t in terms)}

    def _unprefixed(self, word: str) -> str:
        """A word the tokenizer coined (in no dictionary) that begins with a one-character question
        word is that question word and a word: 要交 is 要 + 交, 能报 is 能 + 报, 会退 is 会 + 退. The modal
        asks; only the rest can be something a notice states. Dictionary words (能力, 会议) are whole."""
        if len(word) > 1 and word[0] in self._ignore and not self.tokenizer.in_dictionary(word):
            return word[1:]
        return word

    def _ignorable(self, word: str) -> bool:
        """A question/generic word, or a compound of them (初级职称 = 初级 + 职称); never a term the
        vocabulary names for the tokenizer (评审费, 纸质材料)."""
        if word in self._ignore:
            return True
        if word in self._terms:
            return False
        rest = word
        for w in longest_first(self._ignore | self._scope_words):
            if len(w) >= 2:
                rest = rest.replace(w, "")
        return len(rest) < 2

    def cue_satisfied(self, term: str, intents, sentence: str) -> bool:
        """A word that only names the kind of answer (时间, 地址, 电话) counts as found when the
        sentence holds that kind of answer, in the shape the word names (电话: a phone number, not an
        e-mail address)."""
        return any(self.names_kind(term, [intent]) and it.has_required(intent, sentence)
                   and it.has_required(intent, sentence, term) for intent in intents)

    def names_kind(self, term: str, intents) -> bool:
        """The word (or a synonym) is a cue of one of the kinds asked (最晚 of a deadline, 多少钱 of a
        fee): it says what kind of fact is wanted, not what the fact is about."""
        synonyms = set(self.vocab.synonyms_of(term))
        return any(synonyms & set(self.vocab.intent_terms.get(intent.value, [])) for intent in intents)

    def unknown_noun(self, word: str) -> bool:
        """A common noun of the dictionary (银行, 发票) that no notice uses: a thing the question asks
        about that the knowledge base says nothing of. Typos (职程) are not in the dictionary; place
        and person names are left to the scope; function words and verbs (以后, 一天) are no nouns."""
        if len(word) < 2 or not self.tokenizer.in_dictionary(word) or not self._noun(word):
            return False
        compound = len(word) > 2 and self.grams.any_pair(word)  # 发邮件: its parts are judged
        return not compound and word not in self._not_topics and not self._ignorable(word) \
            and not self.known(word) and not self._near_term(word)

    def _noun(self, word: str) -> bool:
        """The word is a common noun (or verbal noun) of jieba's dictionary, and not a rare one."""
        return _word_tags().get(word) in _NOUN_TAGS and self.tokenizer.dictionary_freq(word) >= MIN_NOUN_FREQ

    def _near_term(self, word: str) -> bool:
        """A two-character word one character off a domain term (学识 for 学时, 交钱 for 交费), or a
        spoken form of a word the notices use (袋子 for 袋): more likely a slip or a colloquial
        variant than a topic of its own."""
        if len(word) == 2 and word[1] in _NOUN_SUFFIXES and self.grams.anywhere(word[0]):
            return True  # 袋子 is the notices' 袋
        return len(word) == 2 and any(
            len(w) == 2 and w != word and (w[0] == word[0] or w[1] == word[1]) for w in self._domain)

    def known(self, word: str) -> bool:
        """Some notice uses the word or one of its synonyms."""
        return any(self.grams.anywhere(w) for w in self.vocab.synonyms_of(word))

    def present(self, word: str, text: str) -> bool:
        return any(present(w, text, self.tokenizer.cut) for w in self.vocab.synonyms_of(word))

    def holds(self, word: str, sentence: str, context: str = "") -> bool:
        """The sentence or its section path holds the word or a synonym (what training necessity counts)."""
        return self.present(word, compact(sentence)) or self.present(word, compact(context))

    def unknown_topics(self, question: str) -> list[str]:
        """Dictionary words of 3+ characters that no notice uses at all (银行账户): topics the
        knowledge base says nothing about. Short words are left out: they are often typos or
        colloquial variants (职程, 老师) of words the notices do use."""
        out = []
        for word in self.tokenizer.words(question):
            if len(word) >= 3 and self.tokenizer.in_dictionary(word) and not self._ignorable(word) \
                    and not _DIGITS.match(word) and not self.known(word) and not self.grams.any_pair(word):
                out.append(word)
        return out

    def missing_terms(self, terms: dict[str, float], notice_ids: list[str]) -> list[str]:
        """Specific words (used by few notices) that the notices in scope never use.

        A question asking about 通过率 of a notice that never mentions it asks about something the
        notice does not state. Common words are left out: a notice may say the same thing otherwise.
        """
        rare = max(1, round(0.25 * len(self.texts)))
        return [w for w in terms if len(w) >= 3 and self.df(w) <= rare
                and not any(self.grams.within(s, notice_ids) for s in self.vocab.synonyms_of(w))
                and not any(abbreviates(w, self.texts[n], self.tokenizer.cut) for n in notice_ids if n in self.texts)]

    def missing_weight(self, terms: dict[str, float], sentence: str, context: str = "") -> float:
        """The largest share of the question's weight carried by one word that neither the sentence
        nor its section path holds (纸质材料 asked, a sentence about 网上申报): 0 when all are there."""
        total = sum(terms.values())
        body, ctx = compact(sentence), compact(context)
        absent = [w for t, w in terms.items() if not self.present(t, body) and not self.present(t, ctx)]
        return max(absent, default=0.0) / total if total else 0.0

    def coverage(self, terms: dict[str, float], sentence: str, context: str = "", intents=()) -> float:
        """Weighted share of the content words found in the sentence (its section path counts half)."""
        if not terms:
            return 0.3
        body, ctx = compact(sentence), compact(context)
        total = sum(terms.values())
        got = 0.0
        for term, w in terms.items():
            if self.present(term, body) or self.cue_satisfied(term, intents, sentence):
                got += w
            elif self.present(term, ctx):
                got += 0.5 * w
            else:
                got += 0.6 * w * _pair_share(term, body)
        return got / total


_NOUN_TAGS = {"n", "vn", "nz"}
_NOUN_SUFFIXES = "子儿头"  # spoken noun endings: 袋子 = 袋


# Below this dictionary frequency a "noun" is mostly a fragment the search-mode cut makes of a
# longer word (司员 of 公司员工, 表里 of 申报表里), not something asked about.
MIN_NOUN_FREQ = 150


@cache
def _word_tags() -> dict[str, str]:
    """jieba's part-of-speech table (word -> tag), read from its dictionary file when first needed.
    Not through ``jieba.posseg``: importing it reads the same file line by line (twice the time) and
    creates a default segmenter; the frequencies come from the Tokenizer's own dictionary."""
    from jieba import DEFAULT_DICT_NAME, get_module_res

    with get_module_res(DEFAULT_DICT_NAME) as f:
        lines = f.read().decode("utf-8").splitlines()
    return {parts[0]: parts[2] for parts in (line.split(" ") for line in lines) if len(parts) == 3}


def present(word: str, text: str, cut: Callable[[str], list[str]] | None = None) -> bool:
    """The word, or most of its character pairs, occurs in the (compacted) text, or the word is a
    short form of one of the text's (:func:`abbreviates`, read with ``cut`` when given)."""
    if word in text:
        return True
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    return (len(pairs) >= 2 and sum(p in text for p in pairs) / len(pairs) > 0.5) or abbreviates(word, text, cut)


def abbreviates(word: str, text: str, cut: Callable[[str], list[str]] | None = None) -> bool:
    """The word (three Han characters or more) is a short form of a longer word of the text: its
    characters in order within one run of Han characters at most three times its length, as Chinese
    shortens the names of bodies and things (卫健委 of 卫生健康委员会, 专技股 of 专业技术人员管理股). With
    ``cut`` (a segmenter), each of its characters must begin a word of that run, as a short form takes
    the head of each word: 申报表 is not read in 申报|教授|须|提交|代表, nor 报名费 in 报名|和|缴费."""
    pattern = _short_form(word)
    return pattern is not None and any(
        len(m.group()) <= 3 * len(word) and (cut is None or _heads_words(m, cut)) for m in pattern.finditer(text))


def _heads_words(m: re.Match[str], cut: Callable[[str], list[str]]) -> bool:
    starts, at = set(), m.start()
    for piece in cut(m.group()):
        starts.add(at)
        at += len(piece)
    return all(m.start(i) in starts for i in range(1, (m.lastindex or 0) + 1))


@cache
def _short_form(word: str) -> re.Pattern[str] | None:
    if len(word) < 3 or not _HAN_WORD.fullmatch(word):
        return None
    gap = rf"[\u4e00-\u9fff]{{0,{2 * len(word)}}}?"
    return re.compile(gap.join(f"({re.escape(c)})" for c in word))


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _pair_share(word: str, text: str) -> float:
    """Share of a word's character pairs in the text (纸质材料 → 材料报送地址: 1/3)."""
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    return sum(p in text for p in pairs) / len(pairs) if len(pairs) >= 2 else 0.0


def _drop_contained(terms: dict[str, float]) -> dict[str, float]:
    """jieba's search mode yields a long word and its parts; keep the parts only when the long word is rare."""
    out = {}
    for word, w in terms.items():
        longer = [o for o in terms if o != word and word in o]
        if not longer:
            out[word] = w
    return out or terms
