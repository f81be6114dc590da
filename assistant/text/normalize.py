"""Normalisation and tokenization for search: the same on passages and on questions."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

import jieba
import zhconv

_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# Every answer compares the question with the same few thousand sentences of the index: their
# normal forms are kept rather than converted again (zhconv was a fifth of a warm answer).
NORMAL_FORMS_KEPT = 1 << 16


@lru_cache(maxsize=NORMAL_FORMS_KEPT)
def normalize(text: str) -> str:
    """NFKC, simplified characters, lower case: how both questions and passages are compared."""
    text = unicodedata.normalize("NFKC", text)
    return zhconv.convert(text, "zh-cn").lower()


def to_simplified(text: str) -> str:
    """Traditional characters to simplified, nothing else changed (繁體 questions read as 简体)."""
    return zhconv.convert(text, "zh-cn")


@lru_cache(maxsize=NORMAL_FORMS_KEPT)
def compact(text: str) -> str:
    """Normalised text with every whitespace removed (the evaluation's matching form)."""
    return _WS.sub("", normalize(text))


def longest_first(words: Iterable[str]) -> list[str]:
    """Words to replace in a text, longest first (a word inside a longer one waits for it), ties in
    character order: replacing in a set's order would change between processes (hash seeds), and
    with it the text left ("评审费" or "审费" replaced first)."""
    return sorted(words, key=lambda w: (-len(w), w))


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


class Tokenizer:
    """jieba search-mode words plus CJK character bigrams; lazily initialised, thread-safe."""

    def __init__(self, user_words: Iterable[str] = (), stopwords: Iterable[str] = ()) -> None:
        self._user_words = list(user_words)
        self._stop = set(stopwords)
        self._jieba: jieba.Tokenizer | None = None
        self._base_freq: dict[str, int] = {}
        self._lock = threading.Lock()

    def _segmenter(self) -> jieba.Tokenizer:
        with self._lock:
            if self._jieba is None:
                jieba.setLogLevel(logging.WARNING)
                seg = jieba.Tokenizer()
                seg.initialize()
                self._base_freq = {word: seg.FREQ.get(word, 0) for word in self._user_words}
                for word in self._user_words:
                    seg.add_word(word, freq=2000)
                self._jieba = seg
            return self._jieba

    def fingerprint(self) -> str:
        """Changes when the words it adds to jieba's dictionary or its stopwords do (saved tokens go stale)."""
        words = "\n".join([*self._user_words, "", *sorted(self._stop)])
        return hashlib.sha256(f"{jieba.__version__}\n{words}".encode()).hexdigest()[:16]

    def in_dictionary(self, word: str) -> bool:
        return self._segmenter().FREQ.get(word, 0) > 0

    def log_probability(self, text: str) -> float:
        """The natural log probability of the text's likeliest segmentation into the dictionary's words
        (jieba's unigram model, this tokenizer's words included)."""
        seg = self._segmenter()
        route: dict[int, tuple[float, int]] = {}
        seg.calc(text, seg.get_DAG(text), route)
        return route[0][0] if text else 0.0

    def dictionary_freq(self, word: str) -> int:
        """The word's frequency in jieba's own dictionary (0: not in it), before this tokenizer's words."""
        seg = self._segmenter()
        return self._base_freq[word] if word in self._base_freq else seg.FREQ.get(word, 0)

    def words(self, text: str) -> list[str]:
        """Words (search mode: long words and their parts) with punctuation and stopwords dropped."""
        norm = normalize(text)
        out = []
        for word in self._segmenter().lcut_for_search(norm):
            word = _PUNCT.sub("", word)
            if word and word not in self._stop:
                out.append(word)
        return out

    def cut(self, text: str) -> list[str]:
        """The text cut into words once, end to end (no overlapping parts): 卫生|健康|委员会."""
        return self._segmenter().lcut(text, HMM=False)

    def tokens(self, text: str) -> list[str]:
        """What BM25 indexes: words, plus character bigrams of CJK runs (robust to unseen words)."""
        return self.words(text) + bigrams(normalize(text))


    def query_tokens(self, text: str, drop: AbstractSet[str]) -> list[str]:
        """Tokens of a question without its question and generic words (they match everywhere)."""
        words = [w for w in self.words(text) if w not in drop]
        norm = normalize(text)
        for word in longest_first(drop):
            norm = norm.replace(word, " ")
        return words + bigrams(norm)


def bigrams(norm: str) -> list[str]:
    grams: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]+", norm):
        grams.extend("#" + run[i : i + 2] for i in range(len(run) - 1))
    return grams
