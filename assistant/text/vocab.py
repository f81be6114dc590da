"""The domain vocabulary (knowledge/vocabulary.yaml) as a typed object."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel


class SeriesFamily(BaseModel):
    names: list[str]  # how notices name the whole series (工程系列)
    members: list[str]  # its 专业, each a series of its own (机械工程)


_GROUP = "+"  # joins the levels one word names (中、初级 -> 中级+初级)
_LEVEL_WORD_END = ("级", "高", "职称")  # how a word naming a level (not a title) ends: 初级, 中、初级, 副高, 中级职称
_COORDINATED = re.compile(r"([\u4e00-\u9fff]{2})([、和及与])(?=([\u4e00-\u9fff]{2})(工程|系列))")


class Vocabulary(BaseModel):
    series: dict[str, list[str]]
    levels: dict[str, list[str]]
    question_words: list[str]
    generic_words: list[str]
    tokenizer_words: list[str]
    synonyms: list[list[str]] = []
    intent_terms: dict[str, list[str]] = {}
    english: dict[str, str] = {}
    pleasantries: list[str] = []
    not_topics: list[str] = []  # 高工, 步骤: nouns that never name a topic the notices leave out
    shorthand: dict[str, str] = {}  # 高会 -> 高级会计师: short names applicants use, read as the notices' names
    not_series: list[str] = []  # words holding a series' short name that name no series (电子版 ≠ 电子信息)
    series_named_with_suffix: list[str] = []  # everyday words (出版, 体育): a series only as 出版系列 or an alias
    ranks: dict[str, list[str]] = {}  # level -> the titles naming it in their series (一级教师 -> 中级)
    not_ranks: list[str] = []  # words holding a title's name that name no level (护士长 is a post, not 护士)
    contrasts: dict[str, list[list[str]]] = {}  # family -> alternatives, each its surfaces (网上 | 纸质)
    not_contrasts: list[str] = []  # words holding an alternative's surface that name none (市直接 ≠ 市直)
    series_families: dict[str, SeriesFamily] = {}  # 工程: a whole series notices name (工程系列), and its 专业
    series_readings: dict[str, dict[str, list[str]]] = {}  # 教师 -> {series: cue words that pick it}
    level_groups: dict[str, list[str]] = {}  # 中、初级 -> [中级, 初级]
    title_level_groups: dict[str, list[str]] = {}  # in a title: 高级职称 -> [副高级, 正高级]
    organisation_words: list[str] = []  # kinds of issuing body (人事处, 有限公司): not an issuer's own name

    @cached_property
    def words(self) -> list[str]:
        """Every word the vocabulary names: how applicants ask, the series, levels, titles, synonyms."""
        lists = [self.question_words, self.generic_words, self.tokenizer_words, self.pleasantries, self.not_topics,
                 *self.series.values(), *self.levels.values(), *self.ranks.values(), *self.synonyms,
                 *(alt for alts in self.contrasts.values() for alt in alts), list(self.series), list(self.levels)]
        return sorted({w for words in lists for w in words})

    def synonyms_of(self, word: str) -> list[str]:
        """The word and the words used for it interchangeably."""
        return [word, *self.synonym_index.get(word, ())]

    @cached_property
    def synonym_index(self) -> dict[str, tuple[str, ...]]:
        """Each word of a synonym group -> the other words of its groups, in the groups' order."""
        index: dict[str, list[str]] = {}
        for group in self.synonyms:
            for word in group:
                others = index.setdefault(word, [])
                others += [w for w in group if w != word and w not in others]
        return {word: tuple(others) for word, others in index.items()}

    def series_surfaces(self) -> list[tuple[str, str]]:
        """(surface, canonical) pairs, longest surface first."""
        return self._series_surfaces

    @cached_property
    def _series_surfaces(self) -> list[tuple[str, str]]:
        pairs = [(name, name) for name in self.series if name not in self.series_named_with_suffix]
        pairs += [(name + "系列", name) for name in self.series_named_with_suffix]
        pairs += [(alias, name) for name, aliases in self.series.items() for alias in aliases]
        return sorted(pairs, key=lambda p: -len(p[0]))

    def rank_titles(self) -> list[str]:
        """The titles naming a level within their series (讲师, 副主任护师), as listed."""
        return [t for titles in self.ranks.values() for t in titles]

    def level_surfaces(self) -> list[tuple[str, str]]:
        return self._level_surfaces

    @cached_property
    def _level_surfaces(self) -> list[tuple[str, str]]:
        pairs = [(alias, name) for name, aliases in self.levels.items() for alias in aliases]
        return sorted(pairs, key=lambda p: -len(p[0]))

    def series_mentions(self, text: str, context: str | None = None) -> list[tuple[str, str]]:
        """(surface, series) named in text; a ``not_series`` word claims its span first, so the
        电子 of 电子版 or 电子邮箱 is not the series 电子信息. A name that means different series
        (教师) is read by the cue words of ``context`` (the text itself when none is given)."""
        blockers = [(word, "") for word in self.not_series]
        pairs = sorted(self.series_surfaces() + blockers, key=lambda p: -len(p[0]))
        found = find_surfaces(self._distribute_suffix(text), pairs)
        return [(s, self._reading(s, canon, text if context is None else context)) for s, canon in found if canon]

    def _reading(self, surface: str, canon: str, context: str) -> str:
        """The series an ambiguous name stands for here: the one whose cue words the context names
        most (教师 of a university's notice is 高校教师); its default when it names none."""
        readings = self.series_readings.get(surface)
        if not readings:
            return canon
        scores = {series: sum(context.count(cue) for cue in cues) for series, cues in readings.items()}
        best = max(scores.values())
        return next(s for s, n in scores.items() if n == best) if best else canon

    def _distribute_suffix(self, text: str) -> str:
        """"农业、林业工程" names 农业工程 and 林业工程, "新闻、出版系列" 新闻系列 and 出版系列: a short
        name joined to a series that ends in 工程 or 系列 shares that ending when the name with it is a
        series, and for 系列 the other name with it too ("新闻、宣传系列报道" is no 新闻系列)."""
        names = {surface for surface, _ in self.series_surfaces()}

        def share(m: re.Match) -> str:
            suffix = m.group(4)
            whole, other = m.group(1) + suffix, m.group(3) + suffix
            shared = whole in names and (suffix == "工程" or other in names)
            return whole + m.group(2) if shared else m.group(0)

        return _COORDINATED.sub(share, text)

    def find_series(self, text: str, context: str | None = None) -> list[str]:
        return list(dict.fromkeys(canon for _, canon in self.series_mentions(text, context)))

    def find_levels(self, text: str) -> list[str]:
        return list(dict.fromkeys(lv for _, levels in self.level_mentions(text) for lv in levels))

    def level_mentions(self, text: str, ranks: bool = False, in_title: bool = False) -> list[tuple[str, list[str]]]:
        """(surface, levels) a text names, each surface the longest that fits: words naming several
        levels or one level with its noun first (中、初级, 正高级职称: not the 高级职称 inside it), then
        levels; with ``ranks`` the titles naming a level in their series (讲师, 高级教师); with
        ``in_title`` the words a notice's title uses for both senior levels (高级职称)."""
        found = find_spans(text, self._level_pairs[(ranks, in_title)])
        return [(surface, canon.split(_GROUP)) for _, surface, canon in _compounded(found) if canon]

    @cached_property
    def _level_pairs(self) -> dict[tuple[bool, bool], list[tuple[str, str]]]:
        def pairs(ranks: bool, in_title: bool) -> list[tuple[str, str]]:
            groups = {**self.level_groups, **(self.title_level_groups if in_title else {})}
            first = [(s, _GROUP.join(levels)) for s, levels in groups.items()]
            titles = [(s, lv) for lv, names in self.ranks.items() for s in names] + [(w, "") for w in self.not_ranks]
            rest = self.level_surfaces() + (titles if ranks else [])
            return sorted(first, key=lambda p: -len(p[0])) + sorted(rest, key=lambda p: -len(p[0]))

        return {(r, t): pairs(r, t) for r in (False, True) for t in (False, True)}

    def alternatives(self, text: str, context: str | None = None) -> dict[str, set[str]]:
        """For each contrast family the text names: which of its alternatives (level, series,
        channel, education …). "一级教师网上申报" names {level: 中级, channel: 网上}. Its series are
        read in ``context`` (see :meth:`series_mentions`)."""
        named = {family: {canon for _, canon in find_surfaces(text, surfaces) if canon}
                 for family, surfaces in self._contrast_surfaces.items()}
        named["level"] = {lv for _, levels in self.level_mentions(text, ranks=True) for lv in levels}
        named["series"] = set(self.find_series(text, context)) | self.family_members(text)
        return {family: alts for family, alts in named.items() if alts}

    def family_members(self, text: str) -> set[str]:
        """The series a whole family's name stands for: 工程系列 names each of its 专业, so a sentence
        about 工程系列 differs from a question about 经济 and agrees with one about 机械工程."""
        return {m for fam in self.series_families.values() if any(n in text for n in fam.names) for m in fam.members}

    @cached_property
    def _contrast_surfaces(self) -> dict[str, list[tuple[str, str]]]:
        blockers = [(word, "") for word in self.not_contrasts]
        families = {name: [(s, alts[0]) for alts in options for s in alts] + blockers for name, options in self.contrasts.items()}
        return {name: sorted(pairs, key=lambda p: -len(p[0])) for name, pairs in families.items()}


def find_surfaces(text: str, surfaces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(surface, canonical) pairs found in text, longest surfaces claiming their span first."""
    return [(surface, canonical) for _, surface, canonical in find_spans(text, surfaces)]


def find_spans(text: str, surfaces: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """(start, surface, canonical) of the surfaces found in text, longest claiming their span first."""
    taken = [False] * len(text)
    found: list[tuple[int, str, str]] = []
    for surface, canonical in surfaces:
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(surface)
                found.append((start, surface, canonical))
            start = text.find(surface, end)
    return found


def _compounded(found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The level mentions without a title that a level word right before it qualifies: 初级经济师 and
    初级会计师 name an 初级 title, not 初级 and the 中级 经济师 or 会计师; 副高级工程师 a 副高级 one. A level
    word ends in 级, 高 or 职称 (初级, 中、初级, 副高, 中级职称); a title in none of them (经济师, 讲师, 工程师)."""
    ends = {start + len(surface) for start, surface, canon in found if canon and surface.endswith(_LEVEL_WORD_END)}
    return [m for m in found if m[1].endswith(_LEVEL_WORD_END) or m[0] not in ends]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path) -> Vocabulary:
    with open(path, encoding="utf-8") as fh:
        return Vocabulary.model_validate(yaml.safe_load(fh))
