"""``RuleProposer.propose(meta, passages) -> RuleProposal``: a notice's rule data, read sentence by sentence.

The notice's body is read as sentences, each with its section (:mod:`assistant.eligibility.sections`).
A rule is proposed from the first sentence holding its words (``knowledge/rules/proposer.yaml``: a
word of every group, none of the words that show another topic); its values are read from that
sentence by type (:mod:`assistant.eligibility.readers`): a cut-off date is a date fact whose subject
names the cut-off, and its quote is that clause. Series and levels covered come from the title, the
preamble or a sentence that lists series; the committee from the sentence that sends applications
to it. Nothing is proposed without the sentence it came from (:mod:`assistant.eligibility.proposal`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.eligibility import readers
from assistant.eligibility.lexicon import normalize
from assistant.eligibility.proposal import ProposedClause, ProposedCommittee, ProposedScope, RuleProposal
from assistant.eligibility.rulebook import DEFAULT_RULES_DIR, Place, load_rules
from assistant.eligibility.sections import PREAMBLE, TITLE, NoticeSentence, notice_sentences
from assistant.ingest import structure as st
from assistant.ingest.facts import sentence_facts
from assistant.models import NoticeMeta, Passage
from assistant.settings import PROJECT_ROOT
from assistant.text.patterns import COMMITTEE
from assistant.text.vocab import Vocabulary, load_vocabulary

Value = Literal["date", "hours_per_year", "share", "years", "kinds", "items"]
_DATED = ("date", "date_range")
LEFT_OUT = "……"  # words of the notice left out of a quote, as the rule files mark them
_CLAUSE_BREAKS = "，,；;。"
_CITED = re.compile(r"《[^》]*》")  # a document the notice cites: its title is not the notice's scope
_LEVEL_RUN = re.compile(r"((?:[正副]?高|中|初)(?:\s*[、，,和及与]\s*(?:[正副]?高|中|初))+)\s*级")
_LEVEL_SPLIT = re.compile(r"\s*[、，,和及与]\s*")


class Covered(NamedTuple):
    section: str
    quote: str
    series: list[str]
    excluded: list[str]
    levels: list[str]

    @property
    def named(self) -> int:
        return len(self.series) + len(self.excluded) + len(self.levels)


def _normalized(words: list[str]) -> list[str]:
    return [normalize(w) for w in words]


class ClauseCue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    all: list[list[str]]
    none: list[str] = Field(default_factory=list)
    read: Literal["sentence", "date"] = "sentence"
    values: list[Value] = Field(default_factory=list)
    need: list[Value] = Field(default_factory=list)

    @field_validator("all")
    @classmethod
    def _norm_groups(cls, groups: list[list[str]]) -> list[list[str]]:
        return [_normalized(g) for g in groups]

    @field_validator("none")
    @classmethod
    def _norm_none(cls, words: list[str]) -> list[str]:
        return _normalized(words)

    def found(self, text: str) -> list[str] | None:
        """The words of each group in ``text``; None unless every group has one and no ``none`` word is there."""
        norm = normalize(text)
        if any(w in norm for w in self.none):
            return None
        hits = [next((w for w in group if w in norm), None) for group in self.all]
        return None if None in hits else [h for h in hits if h]


class ScopeCue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lists: list[str]
    none: list[str] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list, description="patterns whose group 1 holds excluded series")


class ProposerCues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clauses: dict[str, ClauseCue]
    discipline_scale: list[str]
    scope: ScopeCue
    notice_kinds: dict[str, list[str]] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> ProposerCues:
        return cls.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


class RuleProposer:
    """Reads a notice's rule data. Build once (:meth:`build`), propose for every notice."""

    def __init__(self, cues: ProposerCues, vocab: Vocabulary, titles: dict[str, list[str]]) -> None:
        self.cues, self.vocab, self.titles = cues, vocab, titles

    @classmethod
    def build(cls, rules_dir: Path = DEFAULT_RULES_DIR, vocab_file: Path | None = None) -> RuleProposer:
        vocab = load_vocabulary(vocab_file or PROJECT_ROOT / "knowledge" / "vocabulary.yaml")
        baseline = load_rules(rules_dir).baseline
        titles = {level: [t for t in baseline.titles if t in surfaces] for level, surfaces in vocab.levels.items()}
        return cls(ProposerCues.load(Path(rules_dir) / "proposer.yaml"), vocab, titles)

    def propose(self, meta: NoticeMeta, passages: Iterable[Passage]) -> RuleProposal:
        sentences = notice_sentences(passages)
        clauses = {rid: c for rid, cue in self.cues.clauses.items() if (c := self._clause(rid, cue, sentences))}
        return RuleProposal(
            notice_id=meta.notice_id, file=meta.file_name, title=meta.title, label=meta.label(),
            region=Place(province=meta.province, city=meta.city, district=meta.district), round=meta.year,
            kind=self._kind(meta.title), scope=self._scope(meta.title, sentences),
            committee=self._committee(sentences), clauses=clauses, notice_sha256=meta.sha256,
        )

    # ---- clauses ---------------------------------------------------------------------------
    def _clause(self, rule_id: str, cue: ClauseCue, sentences: list[NoticeSentence]) -> ProposedClause | None:
        """The rule from the first sentence that states it with every value it needs."""
        for i, sentence in enumerate(sentences):
            for quote, words in _units(cue, sentence):
                values = self._values(cue, quote, sentences, i)
                if all(name in values for name in cue.need):
                    return ProposedClause(rule_id=rule_id, section=sentence.section, quote=quote, cues=words, **values)
        return None

    def _values(self, cue: ClauseCue, quote: str, sentences: list[NoticeSentence], i: int) -> dict:
        out: dict = {}
        for name in cue.values:
            if name == "items":
                found = _items(sentences, i)
                out |= {"items": found} if found else {}
            elif name == "kinds":
                kinds = readers.kinds_from(quote, self.cues.discipline_scale)
                out |= {"kinds": kinds[0], "lesser_kinds": kinds[1]} if kinds else {}
            elif read := _READERS[name](quote):
                out[name] = read[0]
        return out

    # ---- scope, committee, kind --------------------------------------------------------------
    def _scope(self, title: str, sentences: list[NoticeSentence]) -> ProposedScope | None:
        """Series and levels from the title, a preamble sentence or a sentence listing series: the one
        that says most (the title on a tie)."""
        candidates = [(TITLE, title)] + [(s.section, s.body) for s in sentences if self._scope_sentence(s)]
        read = [self._covered(section, quote) for section, quote in candidates]
        best = max(read, key=lambda c: c.named, default=None)
        if best is None or not best.named:
            return None
        return ProposedScope(section=best.section, quote=best.quote, series=best.series,
                             series_excluded=best.excluded, levels=best.levels)

    def _scope_sentence(self, sentence: NoticeSentence) -> bool:
        if sentence.section == PREAMBLE:
            return True
        norm, cue = normalize(sentence.body), self.cues.scope
        lists = any(w in norm for w in cue.lists) and not any(w in norm for w in cue.none)
        return lists and len(self.vocab.find_series(_CITED.sub("", norm))) >= 2

    def _covered(self, section: str, quote: str) -> Covered:
        """The series (and series excluded) and titles a sentence names, documents it cites left out."""
        text = _CITED.sub("", quote)
        excluded: list[str] = []
        for pattern in self.cues.scope.excluded:
            excluded += [s for m in re.finditer(pattern, text) for s in self.vocab.find_series(m.group(1))]
            text = re.sub(pattern, "", text)
        levels = self.vocab.find_levels(_LEVEL_RUN.sub(_spell_levels, text))
        titles = list(dict.fromkeys(t for level in levels for t in self.titles.get(level, [])))
        return Covered(section, quote, self.vocab.find_series(text), list(dict.fromkeys(excluded)), titles)

    def _committee(self, sentences: list[NoticeSentence]) -> ProposedCommittee | None:
        for s in sentences:
            if m := COMMITTEE.search(s.body):
                return ProposedCommittee(section=s.section, quote=s.body, name=m.group("name"))
        return None

    def _kind(self, title: str) -> Literal["评审", "考核认定"]:
        found = [kind for kind, words in self.cues.notice_kinds.items() if any(w in title for w in words)]
        return "考核认定" if "考核认定" in found else "评审"


_READERS: dict[str, Callable[[str], list]] = {"date": readers.dates, "hours_per_year": readers.hours, "share": readers.shares, "years": readers.years}


def _units(cue: ClauseCue, sentence: NoticeSentence) -> Iterator[tuple[str, list[str]]]:
    """(quote, cue words) the rule can rest on: the sentence, or for a date rule each date's clause
    whose subject holds the words."""
    if cue.read == "sentence":
        if (words := cue.found(sentence.body)) is not None:
            yield sentence.body, words
        elif sentence.lead and (words := cue.found(sentence.lead + sentence.body)) is not None:
            yield f"{sentence.lead}{LEFT_OUT}{sentence.body}", words
        return
    for fact in sentence_facts(sentence.text):
        if fact.kind in _DATED and (words := cue.found(fact.subject)) is not None:
            yield _clause_of(sentence.text, fact.text), words


def _clause_of(sentence: str, fact: str) -> str:
    """The clause of the sentence that ends with the fact, without a heading's numbering."""
    end = sentence.find(fact) + len(fact)
    start = max(sentence.rfind(c, 0, end - len(fact)) for c in _CLAUSE_BREAKS) + 1
    clause = sentence[start:end].strip()
    marker = st.heading_marker(clause)
    return clause[len(marker):].strip() if marker else clause


def _items(sentences: list[NoticeSentence], i: int) -> list[str]:
    """The numbered items under sentence ``i`` (its section's subsections), each its first sentence."""
    anchor, items, seen = sentences[i].path, [], set()
    for s in sentences[i + 1:]:
        if len(s.path) <= len(anchor) or s.path[:len(anchor)] != anchor:
            break
        if s.path not in seen:
            seen.add(s.path)
            items.append(s.body.rstrip("。；;"))
    return items


def _spell_levels(m: re.Match[str]) -> str:
    """中、初级 → 中级、初级 (the levels a coordinated run names)."""
    return "、".join(f"{part}级" for part in _LEVEL_SPLIT.split(m.group(1)))


@lru_cache(maxsize=1)
def default_proposer() -> RuleProposer:
    """The proposer over the bundled cue words and vocabulary (built on first use, not at import)."""
    return RuleProposer.build()
