"""The grounded extractive answerer: a short direct answer, then numbered quotes from the notices.

It answers only from sentences of retrieved passages and abstains, with a machine-readable flag,
when those passages do not support an answer or the question is about something not indexed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import dropwhile

from assistant.answer.decision import (
    GATE_LABELS,
    GateJudge,
    Judge,
    LogisticModel,
    held_grams,
    intent_columns,
    lexical_features,
    notice_missing,
    question_grams,
    ranking_lexical,
)
from assistant.answer.support import Support
from assistant.answer.verdict import VerdictModel, read_verdict, sureness
from assistant.ingest.facts import fact_event
from assistant.ingest.notice_layout import is_page_info, is_salutation
from assistant.ingest.structure import heading_marker, heading_rank, is_inline_paragraph, is_own_question
from assistant.models import Answer, Ask, Citation, Decision, NoticeMeta, Passage, Query, Scope, ScoredPassage, YesNo
from assistant.text.instructions import is_instruction
from assistant.text.normalize import compact
from assistant.text.patterns import (
    CLOCK,
    DEFERRAL,
    EMAIL,
    PHONE,
    ROUND_NAMED,
    ROUND_YEAR,
    YEAR_MENTION,
    asked_rounds,
    relative_rounds,
)
from assistant.text.sentences import split_sentences
from assistant.understand import intent as it
from assistant.understand.negation import without_ruled_out
from assistant.understand.scope import level_text

MIN_COVERAGE = 0.5
PER_NOTICE_RATIO = 0.85
# A sentence without the fact asked for loses this much; more when the question names the fact
# (交到哪里 → an address, 几份 → "N份") and the sentence gives nothing of its kind: sharing the
# topic word alone (纸质材料) must not outrank the fact.
LACKS_FACT = 0.5
LACKS_NAMED_FACT = 1.0
# A sentence naming another alternative of what the question names (二级教师 for 一级教师, 纸质 for
# 网上) is put back this much: it may still be the best there is, for the judge to weigh.
CONTRAST_FIT = 0.2
# The weight of a sentence's distinctiveness among the candidates (:func:`distinctiveness`) in its
# hand-made score. On the 32 team notices' answerable questions (937 with an evidence sentence among
# their candidates) the best-scored sentence held the evidence for .835 of them without it, .858 with
# it (notices .874 -> .890, hold-out .829 -> .829, corpus .824 -> .852); offline .848-.855 for 0.3-0.8.
DISTINCT = 0.5


def distinctiveness(question: str, pool: Sequence[tuple[str, Sequence[str]]]) -> list[float]:
    """For each (sentence, section path) of the pool the share it holds, with its section path, of
    what sets the pool's sentences apart on the question: each character pair of the question weighs
    log(n / the number of the n sentences holding it). A pair every candidate holds (纸质 when all are
    about paper materials) weighs nothing; the pair only one holds (市直 among 区县 rows, 缴费 beside
    申报) weighs most. An IDF over the candidates, where the knowledge base's IDF weighs a word by
    the notices."""
    _, pairs = question_grams(question)
    held = [held_grams(sentence, section)[1] & pairs for sentence, section in pool]
    n = len(pool)
    weight = {p: math.log(n / k) for p in pairs if (k := sum(p in h for h in held))}
    total = sum(weight.values())
    return [sum(weight.get(p, 0.0) for p in h) / total if total else 0.0 for h in held]


@dataclass
class Option:
    notice_id: str
    label: str


Held = Callable[[str], "frozenset[str] | None"]
"""What a line of a quote holds of the question's words (None: it is about another level than asked)."""


@dataclass
class Found:
    """What the answerer found for a question, before it is judged."""

    terms: dict[str, float]
    missing: list[str]  # specific words the notices in scope never use
    topics: list[str]  # dictionary words no notice uses at all
    unknown: list[str]  # content words no notice uses
    accepted: list[Candidate]  # sentences covering enough of the question (the earlier gate)
    candidates: list[Candidate]  # best first
    top: float  # the best retrieval score
    scored: list[Candidate] = field(default_factory=list)  # every sentence considered, best first
    asks: str = ""  # the question's text the candidates were read against (``Query.asks``)
    # what the judge would weigh were a candidate the answer (training data: how a judge picking the
    # sentence itself would fare); the first candidate's is what the judge weighs
    judged: Callable[[Candidate], dict[str, float]] | None = None

    def rivals(self, limit: int) -> list[Candidate]:
        """The sentences weighed after the first candidate (``limit`` at most), best scored first, one
        per sentence; not only those the earlier gate accepted."""
        picked: dict[str, Candidate] = {self.candidates[0].sentence: self.candidates[0]}
        for c in self.scored:
            picked.setdefault(c.sentence, c)
        return list(picked.values())[1:limit + 1]


@dataclass
class Candidate:
    sentence: str
    hit: ScoredPassage
    coverage: float
    score: float  # the hand-made score: how far below the best a further sentence may be (composition)
    features: dict[str, float] = field(default_factory=dict)
    rank: float = 0.0  # the order of candidates: the ranker's probability that it answers, else the score
    context: str = ""  # what the sentence is read under: its section path and the sentence it continues
    headings: tuple[str, ...] = ()  # what the ranker reads it under: its notice's names, section path and lead


class ExtractiveAnswerer:
    def __init__(
        self, support: Support, notices: dict[str, NoticeMeta], max_quotes: int, per_notice: int,
        judge: Judge | None = None, ranker: LogisticModel | None = None,
        names: Callable[[str], AbstractSet[str]] | None = None, verdicts: VerdictModel | None = None,
    ) -> None:
        self.support = support
        self.verdicts = verdicts  # reads a yes/no question's verdict (None: the word list)
        self.notices = notices
        # the words that name a notice (ScopeResolver.own_surfaces: its places and their short names,
        # round year, series, levels, issuer): what the scope already matched a question's words against
        self.names = names or (lambda _notice_id: frozenset())
        self._titles = "\x00".join(n.title for n in notices.values())  # one string: a sentence in any title
        self.max_quotes = max_quotes
        self.per_notice = per_notice
        self.judge = judge or GateJudge()
        self.ranker = ranker
        self.on_found: Callable[[Found], None] | None = None  # sees every question's candidates (training data)
        # what each text names of the contrast families: the same sentences are weighed question after question
        self.alternatives = lru_cache(maxsize=20_000)(self._alternatives)

    def answer(self, query: Query, hits: list[ScoredPassage], pool: Sequence[Passage] = ()) -> Answer:
        """Answer from the retrieved passages (``hits``) and, for a scoped question, every passage of
        its notice (``pool``): a sentence retrieval ranked low can still be the best answer.

        The query's ``asks`` is the text whose wording says which fact is wanted (哪天 → a date); for a
        follow-up such as "那纸质材料呢？" it includes the question before it. Its ``context`` holds an
        earlier turn's topic words: they pick out the passage (a table row, a paragraph), at half weight."""
        scope, asks, intents, terms = query.scope, query.asks, query.kinds, query.terms
        trace = [f"意图：{'/'.join(i.value for i in intents)}", f"范围：{'; '.join(scope.reasons) or '全部通知'}"]
        if scope.out_of_coverage:
            return self._abstain(query, hits, trace, self._not_indexed(scope))
        if scope.excluded:
            return self._excluded(query, hits, pool, trace)
        if not hits:
            return self._abstain(query, hits, trace, self._not_stated(scope))
        trace.append(f"关键词：{'、'.join(terms) or '无'}")
        missing = self.support.missing_terms(terms, scope.notice_ids)
        topics = self.support.unknown_topics(query.text)
        if missing + topics:
            trace.append(f"通知中没有：{'、'.join(missing + topics)}")
        planted = [s for h in hits for s in split_sentences(h.passage.text) if is_instruction(s)]
        if planted:
            trace.append(f"忽略了通知中的指令性语句（不作为事实引用）：{'；'.join(dict.fromkeys(planted))}")
        around = self.support.context_terms(query.context, terms)
        if around:
            trace.append(f"上文话题：{'、'.join(around)}")
        unknown = [t for t in terms if not self.support.known(t)]
        if unknown:
            trace.append(f"没有通知提到：{'、'.join(unknown)}（答句须覆盖问题的大部分）")
        top = max((h.score for h in hits), default=0.0)
        scored = self._candidates(query, _with_pool(hits, pool), around)
        accepted = [c for c in scored if _acceptable(query, c, top, strict=bool(unknown))]
        candidates = _level_first((accepted or scored) + _siblings(scored, accepted, asks, intents[0]))
        if not candidates:
            trace.append("检索到的段落不足以回答")
            return self._abstain(query, hits, trace, self._not_stated(scope))
        found = Found(terms, missing, topics, unknown, accepted, candidates, top, scored, asks)
        found.judged = partial(self._judged, found, query)
        if self.on_found is not None:
            self.on_found(found)
        options = [] if scope.named else self._options(candidates, query)
        decision = None
        if not _bare(query, options):
            decision = self.judge.decide(self._judged(found, query, candidates[0]))
            trace.append(_decision_line(decision))
            if not decision.answered:
                answer = self._withheld(query, hits, trace, found)
                return answer.model_copy(update={"decision": decision, "confidence": decision.probability})
        groups = self._per_notice(candidates, scope, [o.notice_id for o in options])
        if options:
            trace.append(f"未指明通知，请用户选择：{'；'.join(o.label for o in options)}")
        answer = self._compose(query, hits, groups, trace, [o.label for o in options], scored)
        return answer.model_copy(update={"decision": decision, "confidence": decision.probability if decision else None})

    def _judged(self, found: Found, query: Query, best: Candidate) -> dict[str, float]:
        return self._features(found, query, best) | {"follow_up": float(query.follow_up)}

    def _features(self, found: Found, query: Query, best: Candidate) -> dict[str, float]:
        """What the judge weighs of ``best`` as the answer: how well it covers the question (alone, by
        its section, by its passage, and beside the other sentences giving the kind of fact asked
        for), how retrieval ranked it, whether it gives the kind of fact asked for, and what the
        earlier gates said."""
        asks, scope, primary = query.asks, query.scope, query.kinds[0]
        others = [c for c in found.candidates if c is not best]
        other = next((c for c in others if c.hit.passage.id != best.hit.passage.id), None)
        needs = it.required_pattern(primary, asks) is not None
        has = it.has_required(primary, best.sentence, asks)
        hit = best.hit
        return {
            "coverage": best.coverage,
            "score": best.score,
            "retrieval": hit.score / found.top if found.top else 0.0,
            "lexical_rr": 1.0 / hit.lexical_rank if hit.lexical_rank else 0.0,
            "vector_rr": 1.0 / hit.vector_rank if hit.vector_rank else 0.0,
            "kind_match": float(has),
            "needs_fact": float(needs),
            "named_fact_missing": float(it.asks_exact(primary, asks) and not has),
            "any_required": float(not needs or any(it.has_required(primary, c.sentence, asks) for c in found.candidates)),
            "accepted": float(bool(found.accepted)),
            "n_accepted": math.log1p(len(found.accepted)),
            "missing_terms": float(len(found.missing)),
            "unknown_topics": float(len(found.topics)),
            "unknown_terms": float(len(found.unknown)),
            "n_terms": float(len(found.terms)),
            "margin": best.score - (other.score if other else 0.0),
            "coverage_margin": best.coverage - (other.coverage if other else 0.0),
            "fact_margin": best.coverage - max((c.coverage for c in others
                                                if not needs or it.has_required(primary, c.sentence, asks)), default=0.0),
            "section_coverage": best.features.get("section_coverage", 0.0),
            "passage_coverage": best.features.get("passage_coverage", 0.0),
            "level_fit": best.features.get("level_fit", 0.0),
            "named": float(scope.named),
            "single_notice": float(len(scope.notice_ids) == 1),
            "table_row": float(hit.passage.kind == "table_row"),
            "attachment": float(hit.passage.kind == "attachment"),
            "missing_weight": self.support.missing_weight(found.terms, best.sentence, " ".join(hit.passage.section)),
            "sentence_len": math.log1p(len(best.sentence)),
            "subject_match": best.features.get("subject_match", 0.0),
            "event_match": best.features.get("event_match", 0.0),
            "verdict_sure": sureness(asks, best.sentence, self.verdicts) if primary is it.Intent.YESNO else 0.0,
            "role_missing": float(it.missing_date_role(primary, asks, self._deciding_lines(query, best.sentence))),
            **self._contrast_features(asks, best),
            "other_level": best.features.get("other_level", 0.0),
            "level_match": best.features.get("level_match", 0.0),
            "distinct": best.features.get("distinct", 0.0),
            **notice_missing(asks, hit.passage.notice_id, self.support.grams),
            **(lexical_features(asks, best.sentence, self._headings(hit.passage), self.support.grams.anywhere)
               if self.judge.wants_lexical else {}),
            **similarity_features(best.hit, [c.hit for c in found.scored]),
            "rank_p": best.rank if self.ranker is not None else 0.0,
            "rank_margin": best.rank - (other.rank if other else 0.0) if self.ranker is not None else 0.0,
            **intent_columns(primary.value),
        }

    def _held(self, terms: dict[str, float], text: str) -> frozenset[str]:
        """The question's words the text holds (or a synonym of them)."""
        return frozenset(t for t in terms if self.support.holds(t, text))

    def _deciding_lines(self, query: Query, sentence: str) -> str:
        """The lines of a multi-line quote that are about what is asked, when each of them gives a
        date: those holding the question's words no other line holds more of (a superset). A quote
        "7月21日至8月8日进行资格复核；…一级教师评审会议于9月中旬召开" asked on which day the meeting is
        decided by its last line, which gives no day; another line's day is no answer. A line about
        the item without a date (a heading over the date's line) leaves the whole quote deciding."""
        held = self._line_reader(query)
        lines = [line for line in sentence.split("\n") if line.strip()]
        read = [(line, words) for line in lines if held is not None and (words := held(line)) is not None]
        if len(lines) < 2 or not read:
            return sentence
        top = [line for line, words in read if not any(words < other for _, other in read)]
        dated = all(it.spans(it.Intent.DEADLINE, line) for line in top)
        return "\n".join(top) if dated and len(top) < len(lines) else sentence

    def _line_reader(self, query: Query) -> Held | None:
        """What a line of a quote holds of the question (:func:`_fact_lines`): its words, and the level
        asked when the line names it; None for a line about other levels only (a list "副教授每人280元；
        讲师、实验师每人160元" asked about 实验师: a line of it gives another level's fee)."""
        levels = self._levels(without_ruled_out(query.asks))
        if not query.terms and not levels:
            return None

        def read(line: str) -> frozenset[str] | None:
            named = self._levels(line)
            if levels and named and not levels & named:
                return None
            words = self._held(query.terms, line) if query.terms else frozenset()
            return words | {f"level:{lv}" for lv in levels & named}

        return read

    def _headings(self, passage: Passage) -> list[str]:
        """What a passage's sentences are read under: its notice's title and the words that name the
        notice (its metadata: "新疆" for a title that says only 自治区), then its section path."""
        notice = self.notices.get(passage.notice_id)
        if notice is None:
            return list(passage.section)
        return [notice.title, *sorted(self.names(notice.notice_id)), *passage.section]

    # ---- choosing sentences ----------------------------------------------------------------
    def _candidates(self, query: Query, hits: list[ScoredPassage], around: dict[str, float] | None = None) -> list[Candidate]:
        question, terms, intents = query.asks, query.terms, query.kinds
        top = max((h.score for h in hits), default=1.0) or 1.0
        levels = self._levels(question)
        out = []
        for hit in hits:
            context = " ".join(hit.passage.section)
            headings = tuple(self._headings(hit.passage))
            rounds = self._other_rounds(question, hit.passage.notice_id)
            where = {  # the same for every sentence of the passage
                "section_coverage": self.support.coverage(terms, context) if terms else 0.0,
                "passage_coverage": self.support.coverage(terms, hit.passage.text, context) if terms else 0.0,
            }
            for sentence, lead in _with_leads(hit.passage.text):
                sentence = self._unheaded(sentence, first=hit.passage.order == 0)
                if not sentence or _only_headings(sentence):  # a title, or a piece of one; headings alone
                    continue
                read_under = f"{context} {lead}".strip()
                if rounds and not rounds & _rounds_named(f"{read_under} {sentence}"):
                    continue  # the notice's own round, or another than the one asked
                coverage = self.support.coverage(terms, sentence, read_under, intents)
                named = self._named_levels(hit.passage, sentence)
                if terms and levels & named and self._several_levels(hit.passage.notice_id):
                    coverage = self._with_level(coverage, terms, levels & named)
                if around:
                    coverage = _blend(coverage, terms, self.support.coverage(around, hit.passage.text), around)
                kind = sum(0.3 / (i + 1) * self._gives(intent, sentence, query) for i, intent in enumerate(intents))
                lacks = 0.0
                if it.required_pattern(intents[0], question) and not it.has_required(intents[0], sentence, question) \
                        and not _answers_later_ask(query, sentence):
                    lacks = _lack_penalty(intents[0], sentence, query)
                c = Candidate(sentence, hit, coverage, 0.0, context=read_under, headings=(*headings, lead) if lead else headings)
                contrast = self._contrast_features(question, c, named)
                fit = -CONTRAST_FIT if contrast["contrast_conflict"] else 0.0
                c.score = coverage + kind - lacks + 0.25 * hit.score / top + fit
                c.features = self._candidate_features(c, query, top, kind, lacks, fit) | where | contrast
                c.features |= {"level_match": float(bool(levels & named)),
                               "other_level": float(bool(levels and named and not levels & named))}
                out.append(c)
        for c, share in zip(out, distinctiveness(question, [(c.sentence, c.hit.passage.section) for c in out])):
            c.score += DISTINCT * share
            c.features |= {"distinct": share, "hand_score": c.score}
        for c in out:
            c.rank = self._rank(question, c)
        return _level_first(out)

    def _gives(self, intent: it.Intent, sentence: str, query: Query) -> float:
        """How much the sentence gives the kind of fact asked for: 1 when it holds a span of that kind
        (a date, a count in the unit asked …); for a yes/no question, which no span answers, how sure
        the verdict model is that it rules yes or no on what is asked (a sentence sharing the words
        without ruling reads as neither)."""
        if intent is it.Intent.YESNO and self.verdicts is not None:
            return sureness(query.asks, sentence, self.verdicts)
        return float(bool(it.kind_spans(intent, sentence, query.asks, query.side)))

    def _rank(self, question: str, c: Candidate) -> float:
        """The ranker's score of a sentence (its features, and the question's characters and pairs the
        sentence under its headings holds or lacks: :func:`ranking_lexical`), else the hand-made score."""
        if self.ranker is None:
            return c.score
        if self.ranker.lexical:
            c.features |= ranking_lexical(question, c.sentence, c.headings, c.features)
        return self.ranker.probability(c.features)

    def _unheaded(self, sentence: str, first: bool) -> str:
        """A quote without the head lines it opens with: a piece of a notice's title anywhere, and in
        a notice's first passage its salutation and a page's publication line. They name the notice
        and state no fact of it, and the title is in every citation. The salutation only there: a
        lead-in later in a notice ("纸质材料报送地址：") has its form and is part of its quote."""
        def head(line: str) -> bool:
            return line in self._titles or (first and (is_salutation(line) or is_page_info(line)))

        return "\n".join(dropwhile(head, sentence.split("\n")))

    def _candidate_features(
        self, c: Candidate, query: Query, top: float, kind: float, lacks: float, fit: float,
    ) -> dict[str, float]:
        """What the ranker weighs for one sentence: the question's words in it, in its section and in
        its passage; the kind of fact asked for; how retrieval found its passage; the level it names."""
        hit, primary, terms, question = c.hit, query.kinds[0], query.terms, query.asks
        section = " ".join(hit.passage.section)
        return {
            "coverage": c.coverage,
            "hand_score": c.score,
            "kind_bonus": kind,
            "lacks_fact": lacks,
            "level_fit": fit,
            "retrieval": hit.score / top if top else 0.0,
            "retrieved": float(hit.score > 0),
            "lexical_rr": 1.0 / hit.lexical_rank if hit.lexical_rank else 0.0,
            "vector_rr": 1.0 / hit.vector_rank if hit.vector_rank else 0.0,
            "kind_match": float(it.has_required(primary, c.sentence, question)),
            "n_kind_spans": math.log1p(len(it.kind_spans(primary, c.sentence, question, query.side))),
            "missing_weight": self.support.missing_weight(terms, c.sentence, section),
            "table_row": float(hit.passage.kind == "table_row"),
            "attachment": float(hit.passage.kind == "attachment"),
            "sentence_len": math.log1p(len(c.sentence)),
            **self._fact_features(c, terms, primary),
        }

    def _fact_features(self, c: Candidate, terms: dict[str, float], primary: it.Intent) -> dict[str, float]:
        """The sentence's typed facts of the kind asked for, and how well what each is about (its
        subject) matches the question: the online deadline is a date, but not the paper one."""
        facts = [f for f in c.hit.passage.facts if f.sentence in c.sentence]
        wanted = [f for f in facts if f.kind in _KINDS_FOR.get(primary, _ANSWER_KINDS)]
        match = max((self.support.coverage(terms, f.subject) for f in wanted if f.subject), default=0.0) if terms else 0.0
        events = [e for f in wanted if (e := fact_event(f))]
        return {
            "subject_match": match,
            "event_match": max((self.support.coverage(terms, e) for e in events), default=0.0) if terms else 0.0,
            "kind_facts": math.log1p(len(wanted)),
            "page_chrome": float(any(f.kind in ("published", "signed", "registration") for f in facts)),
        }

    def _contrast_features(self, question: str, c: Candidate, levels: set[str] | None = None) -> dict[str, float]:
        """How many contrast families (level, series, channel, education, county, city) the question
        and the sentence with its section path both name, alternatives that differ (一级教师 asked, a
        sentence about 二级教师; 汉阳区 asked, a row for 江汉区) and the same ones (``levels``: the
        sentence's, when already read)."""
        asked = self.alternatives(question, c.hit.passage.notice_id, True)
        named = self._named(c.hit.passage, c.sentence, levels)
        both = [family for family in asked if family in named]
        conflicts = sum(not asked[f] & named[f] for f in both)
        return {"contrast_conflict": float(conflicts), "contrast_agree": float(len(both) - conflicts)}

    def _named_levels(self, passage: Passage, sentence: str) -> set[str]:
        """The levels a sentence is about, read under its section path. A title held ("取得助理工程师
        职称后") is no level the sentence is about, nor one named in an aside in brackets ("…不少于
        160学时（申报教授的不少于128学时）"). A table row naming levels is about those alone, not every
        level its caption names."""
        read = partial(_row_first, lambda text: self.alternatives(level_text(text)))
        if passage.kind == "table_row":  # its cells say which of its table's rows it is (个人申报（正高级）)
            return read(sentence).get("level", set()) or self._levels(" ".join(passage.section))
        return self._levels(" ".join(passage.section)) | read(_ASIDE.sub("", sentence)).get("level", set())

    def _named(self, passage: Passage, sentence: str, levels: set[str] | None = None) -> dict[str, set[str]]:
        """What a sentence read under its section path names of each contrast family; its levels as
        :meth:`_named_levels` reads them (not a title held, not an aside), unless already read."""
        section = self.alternatives(" ".join(passage.section), passage.notice_id)
        row = _row_first(partial(self.alternatives, notice_id=passage.notice_id), sentence)
        table = passage.kind == "table_row"  # a row's own cells say what it is about, not its table's caption
        named = {f: row[f] if table and f in row else section.get(f, set()) | row.get(f, set())
                 for f in section.keys() | row.keys() if f != "level"}
        levels = self._named_levels(passage, sentence) if levels is None else levels
        return named | {"level": levels} if levels else named

    def _several_levels(self, notice_id: str) -> bool:
        """The notice is for several levels (or its levels were not read), so a level picks a part of
        it; in a notice for one level every sentence is about that level."""
        notice = self.notices.get(notice_id)
        return notice is None or len(set(notice.levels)) != 1

    def _with_level(self, coverage: float, terms: dict[str, float], levels: set[str]) -> float:
        """Coverage counting the level asked as one more of the question's words, held: a title
        (助理工艺美术师, 副教授) is read as its level, not as a word, and a sentence about that level
        ("初级职称评审费每人120元") says what the title asks as much as one that repeats it would."""
        total = sum(terms.values())
        weight = max(self.support.weight(level) for level in levels)
        return (coverage * total + weight) / (total + weight)

    def _levels(self, text: str) -> set[str]:
        return self.alternatives(level_text(text)).get("level", set())

    def _alternatives(self, text: str, notice_id: str = "", asked: bool = False) -> dict[str, set[str]]:
        """The contrast families a text names (``Vocabulary.alternatives``), and the places it names
        below a province, by level: a question about 汉阳区 and a sentence about 江汉区 name two
        counties, one about 宜昌 and a sentence about 武汉 two cities. A series name that means
        several (教师) is read as the text and the notice it is about (``notice_id``) name it. The
        round in force (今年, 本年度) is the notice's year: a question (``asked``) may ask of two
        rounds ("2024年没评上的，今年再申报…"); a sentence naming a round by its year is about that
        one ("2024年度截止时间为10月11日，本年度各环节较上年提前")."""
        named = self.support.vocab.alternatives(text, f"{text} {self._notice_words(notice_id)}")
        gazetteer = self.support.gazetteer
        for region in gazetteer.resolve(gazetteer.find(text)):
            if region.level != "province":
                named.setdefault(f"place:{region.level}", set()).add(region.code)
        years = set(ROUND_NAMED.findall(text))
        if asked or not years:  # a sentence naming a round by its year is about that one
            years |= self._relative_rounds(text, notice_id, asked)
        if years:
            named["year"] = years
        return named

    def _relative_rounds(self, text: str, notice_id: str, asked: bool) -> set[str]:
        """The round years a text names relative to its notice's round ("今年的推荐指标", "本年度指标已
        调整"; asked, "去年没评上的"): asked of a notice, 今年 is its round."""
        notice = self.notices.get(notice_id)
        if notice is None or notice.year is None:
            return set()
        return {str(y) for y in relative_rounds(text, notice.year, asked)}

    def _other_rounds(self, question: str, notice_id: str) -> set[int]:
        """The rounds the question asks about when the notice is for another one ("2024年度…" of a 2025
        notice that speaks of 2024年度 too): only a sentence naming one of them answers for it. A round
        is asked as "2024年度" (a bare "我2024年没评上" is the asker's own history)."""
        notice = self.notices.get(notice_id)
        years = {int(y) for y in YEAR_MENTION.findall(question)}
        if notice is None or notice.year is None or notice.year in years | relative_rounds(question, notice.year):
            return set()  # the notice's own round is asked too ("2023年度学时没修满，能报2025年的吗", "…今年再报")
        return asked_rounds(question)

    def _notice_words(self, notice_id: str) -> str:
        """The words that say what a notice is: its title, issuer and series."""
        notice = self.notices.get(notice_id)
        return " ".join([notice.title, notice.issuer or "", *notice.series]) if notice else ""

    def _per_notice(self, candidates: list[Candidate], scope: Scope, options: Sequence[str] = ()) -> list[list[Candidate]]:
        """Candidates grouped by notice; several notices only when the question names none (then
        the notices it is ambiguous between, when there are such ``options``)."""
        by_notice: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_notice.setdefault(c.hit.passage.notice_id, []).append(c)
        ranked = sorted(by_notice.values(), key=lambda cs: -cs[0].rank)
        if options:
            return [by_notice[n] for n in options][: self.per_notice]
        best = ranked[0][0].score
        if scope.named:
            return ranked[:1] if len(scope.notice_ids) <= 1 else [g for g in ranked if g[0].score >= PER_NOTICE_RATIO * best][: self.per_notice]
        strong = [g for g in ranked if g[0].score >= PER_NOTICE_RATIO * best and g[0].coverage >= MIN_COVERAGE]
        return strong[: self.per_notice] or ranked[:1]

    def _select(self, group: list[Candidate], query: Query, limit: int) -> list[Candidate]:
        """The best sentence, then others that add a fact the question asks for and hold about as much
        of what it is about (:meth:`_topic_coverage`). A further item of the same passage (a list:
        "评审表2份 … 简介表20份") that gives the fact the question names is taken even when it repeats
        none of the question's words."""
        asks, intents = query.asks, query.kinds
        about = self._about(query.terms, intents)
        topic = partial(self._topic_coverage, about)
        top = topic(group[0])
        # what the best sentence is about, when it gives the fact itself: an item of its list about less is not asked
        first = self._held(about, group[0].sentence) if it.has_required(intents[0], group[0].sentence, asks) else frozenset()
        chosen = [group[0]]
        wanted = [i for i in intents if i in it.REQUIRED]
        for c in group[1:]:
            if len(chosen) >= limit:
                break
            if c.sentence in {x.sentence for x in chosen}:
                continue
            beside = c.hit.passage.id == group[0].hit.passage.id  # a line of the passage the answer is from
            if (c.coverage >= MIN_COVERAGE or beside) and _answers_later_ask(query, c.sentence, chosen):
                chosen.append(c)  # the second ask of "几份？发到哪里？" (or the phone of 电话和联系人) is another sentence
                continue
            if c.score < 0.6 * group[0].score:
                continue
            adds_fact = any(_adds(i, c, chosen, query) for i in wanted)
            sibling = adds_fact and it.asks_exact(intents[0], asks) and c.hit.passage.id == group[0].hit.passage.id \
                and not self._held(about, c.sentence) < first
            if topic(c) < top * 0.8 and not sibling:
                continue
            if adds_fact or (topic(c) >= top * 0.95 and c.score >= 0.7 * group[0].score):
                chosen.append(c)
        return chosen

    def _each_ask(self, query: Query, scored: Sequence[Candidate], chosen: list[Candidate], limit: int) -> list[Candidate]:
        """For a question of several asks ("评审费多少？纸质材料交到哪里？"): each ask no chosen sentence
        answers gets the sentence of the same notice that answers it best by its own words, ahead of
        the further sentences chosen for the whole question. Ranked on the whole question, one ask's
        words outweigh the other's, and the other's answer was left out."""
        if not query.parts:
            return chosen
        mine = [c for c in scored if c.hit.passage.notice_id == chosen[0].hit.passage.notice_id]
        extra: list[Candidate] = []
        for part in query.parts:
            best = self._answering(part, mine, [*chosen, *extra])
            if best is not None:
                extra.append(best)
        return [chosen[0], *extra, *(c for c in chosen[1:] if c not in extra)][: max(limit, 1 + len(extra))]

    def _answering(self, part: Ask, mine: list[Candidate], chosen: list[Candidate]) -> Candidate | None:
        """The sentence answering one ask by the words it holds, if no ``chosen`` one does already."""
        answers = [c for c in mine if it.has_required(part.kinds[0], c.sentence, part.text)]
        fit = {id(c): self._fit(part.terms, c) for c in answers} if part.terms else {}
        if not fit or any(fit.get(id(c), 0.0) >= MIN_COVERAGE for c in chosen):
            return None
        best = max(answers, key=lambda c: (fit[id(c)], c.score))
        return best if fit[id(best)] >= MIN_COVERAGE else None

    def _fit(self, terms: dict[str, float], c: Candidate) -> float:
        """How much of these words the sentence holds, read under its section and lead."""
        return self.support.coverage(terms, c.sentence, c.context)

    def _direct_by_ask(self, query: Query, chosen: list[Candidate], held: Held | None) -> tuple[str, YesNo | None]:
        """The direct answer and the first ask's verdict; for a question of several asks, each ask's
        own answer in turn ("**480元**；**怀宁路1618号…**"), read from the quotes that hold most of that
        ask's words, so the second ask is not left to the quotes alone."""
        if not query.parts:
            return _direct(query, chosen, held, self.verdicts)
        answers = []
        for part in query.parts:
            fit = partial(self._fit, part.terms)
            ranked = sorted(chosen, key=lambda c: -fit(c)) if part.terms else chosen
            alone = query.model_copy(update={"asks": part.text, "kinds": part.kinds, "side": part.side})
            answers.append(_direct(alone, ranked, held, self.verdicts))
        text = "；".join(dict.fromkeys(a.rstrip("；;，,。 \n") for a, _ in answers))
        return text, answers[0][1]

    def _about(self, terms: dict[str, float], intents: list[it.Intent]) -> dict[str, float]:
        """The question's words that say what it is about: less those naming the kind of fact asked
        (最晚, 多少钱), which any sentence giving a date or a fee holds. A rare kind word would otherwise
        vouch for every dated sentence beside the answer ("纸质材料最晚哪天交" taking a 2021 meeting's date)."""
        return {t: w for t, w in terms.items() if not self.support.names_kind(t, intents)}

    def _topic_coverage(self, about: dict[str, float], c: Candidate) -> float:
        """How much of what the question is about (:meth:`_about`) the sentence holds."""
        return self.support.coverage(about, c.sentence, " ".join(c.hit.passage.section)) if about else c.coverage

    # ---- writing the answer ----------------------------------------------------------------
    def _options(self, candidates: list[Candidate], query: Query) -> list[Option]:
        """For a question that names no notice: the notices that answer it about as well as the best
        one does. Two or more make it ambiguous, and the applicant is asked which one is meant."""
        best: dict[str, Candidate] = {}
        has_terms = bool(query.terms)
        if not has_terms and query.kinds[0] not in it.classify(query.asks):
            return []  # no word to compare notices on, none asking for a fact: nothing is asked ("南南南…")
        for c in candidates:
            if it.has_required(query.kinds[0], c.sentence, query.asks):
                best.setdefault(c.hit.passage.notice_id, c)
        top = max((c.score for c in best.values()), default=0.0)
        ids = [nid for nid, c in best.items() if nid in self.notices and (not has_terms or (
               c.score >= PER_NOTICE_RATIO * top and c.coverage >= MIN_COVERAGE))]
        if len(ids) < 2:
            return []
        return [Option(notice_id=n, label=label) for n, label in zip(ids, _option_labels([self.notices[n] for n in ids]))]

    def _compose(self, query: Query, hits: list[ScoredPassage], groups: list[list[Candidate]], trace: list[str],
                 options: Sequence[str] = (), scored: Sequence[Candidate] = ()) -> Answer:
        citations: list[Citation] = []
        held = self._line_reader(query)
        lines: list[str] = []
        multi = len(groups) > 1 or bool(options)
        if multi:
            lines.append("以下按通知分别列出：" if query.scope.named else "您的问题没有指明是哪一份通知，以下按通知分别列出：")
        directs, verdicts = [], []
        for group in groups:
            limit = self.max_quotes if len(groups) == 1 else 2
            chosen = self._select(group, query, limit)
            chosen = self._each_ask(query, scored, chosen, limit)
            refs = [self._cite(c, citations) for c in chosen]
            direct, verdict = self._direct_by_ask(query, chosen, held)
            directs.append(direct)
            verdicts.append(verdict)
            notice = self.notices.get(group[0].hit.passage.notice_id)
            prefix = f"**{notice.label() if notice else ''}**：" if multi else ""
            lines.append(f"{prefix}{direct} {''.join(f'[{n}]' for n in dict.fromkeys(refs))}")
        if options:
            lines.append(f"请问您问的是哪一份通知？可选：{'；'.join(options)}（回复其一即可）")
        lines.append("")
        lines.append("依据：")
        lines.extend(c.line() for c in citations)
        return Answer(
            question=query.text, text="\n".join(lines), direct="；".join(directs), citations=citations,
            scope=query.scope, passages=hits, trace=trace, clarify=list(options),
            verdict=verdicts[0] if len(verdicts) == 1 else None,
        )

    def _cite(self, c: Candidate, citations: list[Citation]) -> int:
        return _cite(c.hit.passage, c.sentence, citations, self.notices.get(c.hit.passage.notice_id))

    def _excluded(self, query: Query, hits: list[ScoredPassage], pool: Sequence[Passage], trace: list[str]) -> Answer:
        """The notice states it leaves out the level asked about: that sentence answers a yes/no
        question ("能评正高级吗？"); a question asking for anything else about that level is one the
        notice does not answer, and the reply says so, quoting the sentence."""
        stated = query.scope.excluded[0]
        trace.append(f"通知写明不含{stated.level}：{stated.sentence}")
        found = _statement(stated.sentence, [*(h.passage for h in hits), *pool])
        if found is None:
            return self._abstain(query, hits, trace, self._not_stated(query.scope))
        passage, sentence = found
        if it.Intent.YESNO in query.kinds:
            return self._quoting(query, hits, trace, passage, sentence, f"不含{stated.level}：", verdict="no")
        lead = f"不含{stated.level}，没有写明{stated.level}的这项规定。通知写明："
        return self._quoting(query, hits, trace, passage, sentence, lead, abstained=True)

    def _withheld(self, query: Query, hits: list[ScoredPassage], trace: list[str], found: Found) -> Answer:
        """An answer withheld. When the sentence that came closest to a "when" question leaves the time
        to a later notice (具体时间另行通知) and gives none, the reply quotes it: the notice does not
        state the date, and says so itself."""
        best, kind = found.candidates[0], query.kinds[0]
        asked_when = kind is it.Intent.DEADLINE and best in found.accepted
        said = DEFERRAL.search(best.sentence) if asked_when else None
        if said is None or it.has_required(kind, best.sentence, query.asks):
            return self._abstain(query, hits, trace, self._not_stated(query.scope, found.missing + found.topics))
        lead = f"没有写明具体时间，写明{said.group(0)}："
        return self._quoting(query, hits, trace, best.hit.passage, best.sentence, lead, abstained=True)

    def _quoting(self, query: Query, hits: list[ScoredPassage], trace: list[str], passage: Passage,
                 sentence: str, lead: str, abstained: bool = False, verdict: YesNo | None = None) -> Answer:
        """A reply that is one sentence of a notice, quoted and cited after ``lead`` (what it means for
        the question): the answer to a yes/no question (``verdict``), or why the notice answers no other."""
        citations: list[Citation] = []
        n = _cite(passage, sentence, citations, notice := self.notices.get(passage.notice_id))
        text = f"{notice.label() if notice else '该'}的通知{lead}{sentence} [{n}]\n\n依据：\n{citations[0].line()}"
        return Answer(question=query.text, text=text, direct="" if abstained else sentence, abstained=abstained,
                      abstain_reason=trace[-1] if abstained else None, citations=citations, scope=query.scope,
                      passages=hits, trace=trace, verdict=verdict)

    def _abstain(self, query: Query, hits: list[ScoredPassage], trace: list[str], message: str) -> Answer:
        return Answer(question=query.text, text=message, abstained=True, abstain_reason=trace[-1] if trace else None,
                      scope=query.scope, passages=hits, trace=trace)

    def _not_indexed(self, scope: Scope) -> str:
        return (
            f"知识库中没有{scope.out_of_coverage}，无法回答。目前收录的通知有：\n{self._coverage()}\n"
            "请确认所问的地区和年份；其他地区的规定请查阅当地人社部门发布的通知。"
        )

    def _not_stated(self, scope: Scope, missing: list[str] | None = None) -> str:
        names = [self.notices[n].label() for n in scope.notice_ids if n in self.notices]
        named = scope.named and bool(names)
        where = f"{'、'.join(names[:3])}的通知" if named else "已收录的通知"
        what = f"（没有提到“{'、'.join(missing)}”）" if missing else ""
        listed = "" if named else f"目前收录的通知有：\n{self._coverage()}"  # the notice asked about is known
        return (
            f"{where}没有写明这个问题的答案{what}。为避免误导，我不作推测；"
            f"建议咨询该通知的受理单位或当地人社部门。{listed}"
        )

    def _coverage(self) -> str:
        return "\n".join(f"- {n.label()}：《{n.title}》" for n in self.notices.values())


def _decision_line(d: Decision) -> str:
    """The decision as a line of the trace, for people."""
    gates = "；".join(GATE_LABELS.get(r, r) for r in d.reasons)
    if d.probability is None:
        return f"判断：{'回答' if d.answered else '不回答'}" + (f"（{gates}）" if gates else "")
    verdict = "回答" if d.answered else "不回答" if d.reasons else "把握不足，不回答"
    return f"判断：{verdict}（置信度 {d.probability:.2f}，阈值 {d.threshold:.2f}）" + (f"；{gates}" if gates else "")


# Person facts (ingest) join these only with a judge that gains from them: one retrained with them did not (eval/README).
_ANSWER_KINDS = {"date", "date_range", "duration", "amount", "count", "phone", "email", "address", "office", "website"}
_KINDS_FOR = {
    it.Intent.DEADLINE: {"date", "date_range", "duration"},
    it.Intent.FEE: {"amount"},
    it.Intent.COUNT: {"count", "duration"},
    it.Intent.CONTACT: {"phone", "email", "address", "office", "website"},
}


def _lack_penalty(intent: it.Intent, sentence: str, query: Query) -> float:
    """For a sentence without the required fact: the full penalty when the question names the fact
    and the sentence holds nothing of its kind (a deadline for 交到哪里); the usual one when it
    holds a fact of the kind the question also wants (a 联系人 for 电话和联系人)."""
    exact = it.asks_exact(intent, query.asks)
    return LACKS_NAMED_FACT if exact and not it.kind_spans(intent, sentence, query.asks, query.side) else LACKS_FACT


def _answers_later_ask(query: Query, sentence: str, chosen: Sequence[Candidate] = ()) -> bool:
    """The sentence gives the fact a later ask of the question names (电子版发到哪里 → an e-mail),
    and no ``chosen`` sentence gives it yet; or, of the first ask, a fact of another shape it names
    (联系电话和联系人: the phone beside the names)."""
    intents, question = query.kinds, query.asks
    return any(
        it.asks_exact(i, question) and it.has_required(i, sentence, question)
        and not any(it.has_required(i, x.sentence, question) for x in chosen)
        for i in intents[1:] if i in it.REQUIRED
    ) or bool(chosen) and _gives_another_shape(intents[0], sentence, question, chosen)


def _gives_another_shape(intent: it.Intent, sentence: str, question: str, chosen: Sequence[Candidate]) -> bool:
    shapes = it.named_shapes(intent, question)
    return len(shapes) > 1 and any(p.search(sentence) and not any(p.search(x.sentence) for x in chosen) for p in shapes)


def _blend(coverage: float, terms: dict[str, float], around_coverage: float, around: dict[str, float]) -> float:
    """Coverage of the question's words in the sentence and of the earlier topic in its passage, by weight."""
    own, ctx = (sum(terms.values()) if terms else 0.0), sum(around.values())
    return (coverage * own + around_coverage * ctx) / (own + ctx)


def _option_labels(notices: list[NoticeMeta]) -> list[str]:
    """Short names to choose a notice by: place and series (the year and level where needed to tell apart)."""
    short = [" ".join([n.district or n.city or n.province or n.region_label, *n.series]) for n in notices]
    return [s if short.count(s) == 1 else n.label() for s, n in zip(short, notices)]


def _level_first(candidates: list[Candidate]) -> list[Candidate]:
    """Best first; when some sentences are about the level asked, those about only another level come
    after every other one (讲师 asked: "申报副教授的须参加…测评" yields to "申报讲师的不参加测评")."""
    matched = any(c.features.get("level_match") for c in candidates)
    return sorted(candidates, key=lambda c: (matched and bool(c.features.get("other_level")), -c.rank))


def similarity_features(best: ScoredPassage, hits: Sequence[ScoredPassage]) -> dict[str, float]:
    """How near the best sentence's passage is to the question in e5's space, beside the passages
    dense retrieval found (their cosines, which retrieval only ranked): its cosine, how far below the
    nearest, and as a z-score among them. A passage retrieval did not find (one of its notice's
    others) is counted at the lowest cosine found; nothing found by dense retrieval gives zeros."""
    found = list({h.passage.id: h.similarity for h in hits if h.similarity is not None}.values())
    if not found:
        return {"vector_cos": 0.0, "vector_cos_gap": 0.0, "vector_cos_z": 0.0}
    cos = best.similarity if best.similarity is not None else min(found)
    mean = sum(found) / len(found)
    sd = math.sqrt(sum((x - mean) ** 2 for x in found) / len(found))
    return {"vector_cos": cos, "vector_cos_gap": max(found) - cos, "vector_cos_z": (cos - mean) / sd if sd > 1e-9 else 0.0}


def _rounds_named(text: str) -> set[int]:
    return {int(y) for pattern in (ROUND_NAMED, ROUND_YEAR) for y in pattern.findall(text)}


def _with_pool(hits: list[ScoredPassage], pool) -> list[ScoredPassage]:
    seen = {h.passage.id for h in hits}
    return list(hits) + [ScoredPassage(passage=p, score=0.0) for p in pool if p.id not in seen]


def _cite(p: Passage, sentence: str, citations: list[Citation], notice: NoticeMeta | None) -> int:
    """Cite the sentence of passage ``p``: a new citation, or the passage's, the sentence added to its quote."""
    for cit in citations:
        if cit.passage_id == p.id:
            if sentence not in cit.quote:
                cit.quote += "……" + sentence
            return cit.n
    citations.append(Citation(
        n=len(citations) + 1, passage_id=p.id, notice_id=p.notice_id,
        notice_title=notice.title if notice else p.notice_id, section=p.section_label, page=p.page, quote=sentence,
    ))
    return citations[-1].n


def _statement(compacted: str, passages: Sequence[Passage]) -> tuple[Passage, str] | None:
    """The passage and its text (as quoted) that hold a notice's sentence read from its compacted text:
    the passage's sentences that are parts of it, or the one that holds it."""
    for p in passages:
        parts = [s for s in _sentences(p.text)
                 if len(c := compact(s).rstrip("。；;")) >= 6 and (c in compacted or compacted in c)]
        if parts:
            return p, "".join(parts)
    return None


def _bare(query: Query, options: Sequence[Option]) -> bool:
    """A question of a kind of fact alone ("多少钱？", no words of its own, no notice named) that several
    notices answer with a fact of that kind: there is no word to judge a sentence by, so the reply
    asks which notice is meant, with each one's fact, and the applicant chooses."""
    return not query.terms and len(options) > 1 and it.required_pattern(query.kinds[0], query.asks) is not None


def _row_first(read: Callable[[str], dict[str, set[str]]], sentence: str) -> dict[str, set[str]]:
    """What ``read`` finds a sentence names of each family; in a table row ("列名：值｜列名：值"), of a
    family some cell's value names, what the first such value names: the row's own column (级别：初级,
    受理地：扬中市), not a remark after it ("备注：不含句容市初级、中级") naming other rows' levels and
    places. A family only column names name (副高级：10月20日…｜正高级：9月29日…) is the row's whole."""
    whole = read(sentence)
    cells = sentence.split("｜")
    if len(cells) < 2:
        return whole
    first: dict[str, set[str]] = {}
    for cell in cells:
        for family, alternatives in read(cell.partition("：")[2] or cell).items():
            first.setdefault(family, alternatives)
    return {family: first.get(family, alternatives) for family, alternatives in whole.items()}


def _sentences(text: str) -> list[str]:
    """Sentences of a passage; a bare heading is joined to what follows it, a short line
    (联系人：… / 电话：…) to the short lines after it, so that a quote reads whole."""
    out: list[str] = []
    for sentence in split_sentences(text):
        if is_instruction(sentence):
            continue  # planted orders are never quoted as facts
        prev = out[-1] if out else ""
        if out and (_is_bare(prev) or is_own_question(prev) or prev.endswith(("：", ":"))
                    or (len(prev) < 40 and len(sentence) < 40 and not prev.endswith("。"))):
            out[-1] = f"{out[-1]}\n{sentence}"
        else:
            out.append(sentence)
    return out


def _with_leads(text: str) -> list[tuple[str, str]]:
    """Each sentence of a passage with the sentence it continues: the one before it on the same
    line ("纸质材料由单位统一报送。不接受个人报送。"), whose subject it leaves unsaid; "" at a line's
    start. A sentence is read under its lead as under its section path: a word there counts half."""
    sentences = _sentences(text)
    leads = ["", *sentences[:-1]]
    return [(s, lead if _same_line(text, lead, s) else "") for s, lead in zip(sentences, leads)]


def _same_line(text: str, lead: str, sentence: str) -> bool:
    """The sentence starts on the line the lead ends on (the passage holds the two run together)."""
    return bool(lead) and lead.rsplit("\n", 1)[-1] + sentence.split("\n", 1)[0] in text


def _is_bare(sentence: str) -> bool:
    """A numbered heading with no fact of its own ("一、申报条件", "（四）材料整理。"): it is read with
    the sentences after it, which state what it only names."""
    marker = heading_marker(sentence)
    if marker is None or len(sentence) > 20:
        return False
    label = sentence[len(marker):]
    return not sentence.endswith("。") or (not is_inline_paragraph(sentence) and not re.search(r"\d", label))


_HEADING_STOPS = re.compile(r"[。；;：:，,\d]")


def _only_headings(sentence: str) -> bool:
    """Lines that only name parts of a notice ("（八）外语和计算机。", "六、联系方式"): a passage
    ending in a heading whose sentences are elsewhere (or gone) states nothing to quote. A numbered
    item below them ("1. 专业技术人员情况表") may be an item of a list, and stays."""
    return all(_heading_only(line.strip()) for line in sentence.split("\n") if line.strip())


def _heading_only(line: str) -> bool:
    marker = heading_marker(line)
    label = line[len(marker):].removesuffix("。") if marker else ""
    named = bool(label) and not _HEADING_STOPS.search(label) and len(label) <= 16
    return named and (line.endswith("。") or (heading_rank(line) or 9) <= 2)


def _acceptable(query: Query, c: Candidate, top: float, strict: bool = False) -> bool:
    """Enough of the question's words; or a little of them plus the kind of fact asked for; or
    the exact fact asked for (an address for 交到哪里) in a passage retrieval ranked high.
    ``strict`` (the question names a thing no notice mentions: 银行账户, 发票): enough words only,
    since a fact of the right kind (a fee for 哪个银行账户) is then about something else."""
    if c.coverage >= MIN_COVERAGE or strict:
        return c.coverage >= MIN_COVERAGE
    question, intents = query.asks, query.kinds
    has_fact = any(i in it.REQUIRED and it.has_required(i, c.sentence, question) for i in intents)
    exact = it.asks_exact_contact(question) and it.has_required(it.Intent.CONTACT, c.sentence, question)
    return (has_fact and c.coverage >= 0.15) or (exact and top > 0 and c.hit.score >= 0.5 * top)


def _adds(intent: it.Intent, c: Candidate, chosen: list[Candidate], query: Query) -> bool:
    """The sentence gives a fact of the kind asked for that no chosen one gives."""
    known = {key for x in chosen for key, _ in _keyed_facts(intent, x.sentence, query, it.kind_spans)}
    return any(key not in known for key, _ in _keyed_facts(intent, c.sentence, query, it.kind_spans))


def _fact_lines(intent: it.Intent, sentence: str, query: Query, held: Held | None) -> list[tuple[tuple[str, str], str]]:
    """The facts of a quote; when several of its lines give one, not those of a line holding fewer of
    the question's words than another such line (a subset of them): a quote of short lines
    ("网上申报截止时间：10月20日" / "纸质材料报送时间：10月30日前") asked about the paper deadline
    answers with the paper line's date alone, asked about both with both. Lines without such a
    fact (a heading) do not compete, nor do lines about another level than the one asked (``held``
    reads them as None)."""
    lines = [(held(line) if held else frozenset(), found) for line in sentence.split("\n")
             if (found := _keyed_facts(intent, line, query))]
    per_line = [(words, found) for words, found in lines if words is not None]
    if held is None:
        return _keyed_facts(intent, sentence, query)
    if len(per_line) < 2 and len(per_line) == len(lines):
        return _of_level_asked(_keyed_facts(intent, sentence, query), sentence, held)
    return _of_level_asked([fact for words, found in per_line if not any(words < other for other, _ in per_line)
                            for fact in found], sentence, held)


_CLAUSE_MARK = re.compile(r"[，,；;。\n]")


def _of_level_asked(facts: list[tuple[tuple[str, str], str]], sentence: str, held: Held) -> list[tuple[tuple[str, str], str]]:
    """The facts less those whose own clause is about another level than the one asked, as a line is
    (``held`` reads it as None): "中级评审费每人230元，副高级评审费每人380元" asked about 副高级 gives 380元."""
    clauses = [c for c in _CLAUSE_MARK.split(sentence) if c.strip()]

    def other_level(span: str) -> bool:
        clause = next((c for c in clauses if span in c), None)
        return clause is not None and held(clause) is None

    return [fact for fact in facts if not other_level(fact[1])]


def _keyed_facts(intent: it.Intent, sentence: str, query: Query, find=it.answering_spans) -> list[tuple[tuple[str, str], str]]:
    """The facts a sentence gives for this question (found by ``find``), keyed by what they are
    about (a count: the item counted) and their value, so that one fact written twice has one key."""
    out = []
    for span in find(intent, sentence, query.asks, query.side):
        item = _item(sentence, span) if intent is it.Intent.COUNT else _charge(sentence, span) if intent is it.Intent.FEE else ""
        out.append(((item, _fact_key(span)), span))
    return out


def _siblings(scored: list[Candidate], accepted: list[Candidate], asks: str, intent: it.Intent) -> list[Candidate]:
    """Further items of a passage one of whose accepted sentences gives the fact the question
    names (a list "评审表2份 … 简介表20份"): they answer too, though they repeat no question word."""
    if not it.asks_exact(intent, asks):
        return []
    lists = {c.hit.passage.id for c in accepted if it.has_required(intent, c.sentence, asks)}
    taken = {id(c) for c in accepted}
    return [c for c in scored if id(c) not in taken and c.hit.passage.id in lists and it.has_required(intent, c.sentence, asks)]


def _direct(query: Query, chosen: list[Candidate], held: Held | None = None,
            verdicts: VerdictModel | None = None) -> tuple[str, YesNo | None]:
    """A short direct answer: the facts the question asks for, or the governing sentence; and for a
    yes/no question, the verdict the sentence gives when ``verdicts`` is sure of it. ``held``: the
    question's words a line of a quote holds (see :func:`_fact_lines`)."""
    best, question = chosen[0].sentence, query.asks
    if it.Intent.YESNO in query.kinds[:1]:
        verdict = read_verdict(question, best, verdicts)
        yes, no = _verdict_words(question)
        word = {"no": no, "yes": yes, None: ""}[verdict]
        return (f"**{word}**。通知原文：{best}" if word else best), verdict
    facts = _facts(query, chosen, held)
    if len(facts) > 1 and any(item for item, _ in facts) or any(_unasked(item, question) for item, _ in facts):
        return "；".join(f"{item}**{fact}**" for item, fact in facts[:MAX_ITEMS]), None
    if facts:
        return "**" + "、".join(fact for _, fact in facts[:4]) + "**", None
    return best, None


MAX_ITEMS = 6


def _unasked(item: str, question: str) -> bool:
    """A count's item the question says nothing of (还要交什么材料？几份？ → 《个人述职报告》): shown with
    the count, which alone would not say what it counts."""
    pairs = question_grams(item)[1]
    return bool(pairs) and not pairs & question_grams(question)[1]

# A yes/no answer in the question's own word, as a person answers "还是7月1日开始吗？" with 是 and
# "取得中级后能报吗？" with 能: the word of these nearest the end of the question (its verb sits by
# 吗), else 可以 / 不可以. Words inside other words are not verbs (要求, 获得, 会议, 会计, 计算机, 进行).
_VERDICT_WORDS = [
    (re.compile(r"需要|用不用|必须|要(?!求|点|件)|(?<![取获记])得(?!到)"), ("需要", "不需要")),
    (re.compile(r"要求"), ("要求", "不要求")),
    (re.compile(r"能(?!力)"), ("能", "不能")),
    (re.compile(r"可以|可否|行不行|行吗|行么"), ("可以", "不可以")),
    (re.compile(r"会(?!议|计|员)"), ("会", "不会")),
    (re.compile(r"(?<![没所])有(?!关|效)"), ("有", "没有")),
    (re.compile(r"算(?!机)"), ("算", "不算")),
    (re.compile(r"是(?!否)"), ("是", "不是")),
]


def _verdict_words(question: str) -> tuple[str, str]:
    last = [(m.start(), words) for pattern, words in _VERDICT_WORDS for m in pattern.finditer(question)]
    return max(last, key=lambda f: f[0])[1] if last else ("可以", "不可以")


def _facts(query: Query, chosen: list[Candidate], held: Held | None = None) -> list[tuple[str, str]]:
    """The facts asked for, once each; a count with the item it is about ("《简介表》", "20份")."""
    facts: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for intent in (i for i in query.kinds if i in it.SHOWN):
        wanted = _of_kind(query, intent)
        for c in chosen:
            for key, span in _fact_lines(intent, c.sentence, query, held):
                if wanted(span) and key not in seen and (key[0] or key[1] not in {v for _, v in seen}) \
                        and not _set_aside(c.sentence, span, query.excepted):
                    seen.add(key)
                    facts.append((key[0], span))
    return facts


_CELL = re.compile(r"[，,；;。\n｜]")


def _set_aside(sentence: str, span: str, excepted: list[str]) -> bool:
    """The fact's own clause (a table row's cell) names what the question sets aside: 评审费：每人380元
    for 除了评审费还要交什么钱."""
    clause = next((c for c in _CELL.split(sentence) if span in c), "")
    return any(word in clause for word in excepted)


def _of_kind(query: Query, intent: it.Intent) -> Callable[[str], bool]:
    """Which facts of the intent are of the kind asked. The cue rules read one intent for a place and
    a contact; the classifier's kind tells them apart: asked where (答辩在哪个屋, 材料报给谁) in words
    that name no shape of their own, a phone or an e-mail is another fact than the one asked."""
    if intent is not it.Intent.CONTACT or query.kind != "place" or it.asks_exact(intent, query.asks):
        return lambda _span: True
    return lambda span: not (PHONE.fullmatch(span) or EMAIL.fullmatch(span))


_ASIDE = re.compile(r"（[^（）]*）")  # an aside in brackets: an exception, not what the sentence is about
_CLAUSE_END = re.compile(r"[，,；;。：:\n]")
_ENUMERATOR = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.、．]|[（(]?[一二三四五六七八九十]+[)）、])\s*")


def _item(sentence: str, span: str) -> str:
    """What a count is of: the last 《title》 before it in its clause, else the clause's words
    before it ("通过系统自助打印《评审申报表》(一式两份)" → "《评审申报表》")."""
    m = re.search(rf"(?<![\d一二两三四五六七八九十]){re.escape(span)}", sentence)
    head = _CLAUSE_END.split(sentence[: m.start()] if m else "")[-1]
    titles = re.findall(r"《[^》]+》", head)
    if titles:
        return titles[-1]
    return _ENUMERATOR.sub("", head).strip(" （(")[-16:]


_CHARGE_FILLER = re.compile(r"(?:[：:]|每人|每科|每次|为|是|按|收取|标准)+$|^(?:其中|另外|并|且)")


def _charge(sentence: str, span: str) -> str:
    """What an amount is charged for: the words before it in its clause or table cell, without the
    words leading into the number ("评审费：每人380元" → 评审费; "备注：另交面试答辩费150元" → 另交面试答辩费;
    a bare number under "职称评审（元/人）" → 职称评审), after the key of its table row (面试答辩费 职称评审)."""
    number = re.match(r"[\d.]+", span)
    at = sentence.find(span) if span in sentence else sentence.find(number.group(0)) if number else -1
    head = _ENUMERATOR.sub("", _ASIDE.sub("", _CELL.split(sentence[:at] if at >= 0 else "")[-1]))
    words = [_CHARGE_FILLER.sub("", _CHARGE_FILLER.sub("", part.strip())).strip() for part in re.split("[：:]", head)]
    label = next((w for w in reversed(words) if len(w) >= 2), "")[-16:]
    first = sentence.split("｜", 1)[0] if "｜" in sentence[:max(at, 0)] else ""  # a table row: its key cell too
    key = _ASIDE.sub("", first.partition("：")[2] or first).strip()
    return f"{key} {label}".strip() if key and key not in label else label


def _fact_key(fact: str) -> str:
    """The same fact written twice (2024年6月1日至7月20日 / 6月1日—7月20日, 9月30日17:00 / 9月30日前) has
    one key; parts of one month (11月中旬 / 11月下旬) have two."""
    return re.sub(rf"[12]\d{{3}}\s*年|{CLOCK}|(?![上中下]旬|(?<=月)[初底末])\D", "", fact) or fact


