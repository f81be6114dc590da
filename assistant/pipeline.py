"""The assistant as one object: knowledge store, retrieval, scoping and the answerer wired together."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from assistant.answer.decision import Judge, LogisticModel, load_judge, load_model
from assistant.answer.extractive import ExtractiveAnswerer, Found
from assistant.answer.necessity import TermNecessity
from assistant.answer.support import Support
from assistant.answer.verdict import VerdictModel, load_verdicts
from assistant.eligibility import EligibilityService
from assistant.eligibility.approval import RuleProposals
from assistant.eligibility.proposal import RuleProposal
from assistant.eligibility.propose import RuleProposer
from assistant.helpdesk import Helpdesk
from assistant.helpdesk.curated import CuratedMatcher, curated_answer
from assistant.index.embeddings import make_embeddings
from assistant.index.notice_texts import NoticeTexts
from assistant.index.store import KnowledgeStore
from assistant.llm import Request, make_generator, wants_model
from assistant.models import Answer, Citation, IngestResult, NoticeMeta, Query, Scope
from assistant.retrieval.hybrid import Mode, Retriever
from assistant.settings import Settings
from assistant.text.normalize import Tokenizer, compact
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.english import EnglishReader
from assistant.understand.kinds import NOTICE_KINDS, KindModel, load_kinds, read_intents
from assistant.understand.query import QueryReader
from assistant.understand.scope import ScopeResolver
from assistant.understand.shorthand import Shorthand
from assistant.understand.spelling import Speller

EMPTY_QUESTION = "请输入您的问题，例如：某市某专业中级职称的网上申报时间、评审费或纸质材料报送地址。"
EVERY_NOTICE_POOL = 20
"""A question naming no notice is matched against every notice's passages only up to this many
notices; in a larger library its candidates are the retrieved passages (asking which of hundreds of
notices is meant helps no one)."""
ONLY_INSTRUCTIONS = "我只回答与职称评审通知有关的问题，例如申报时间、评审费、材料要求和报送地址。"


class Derived(NamedTuple):
    """What the assistant builds from the notices indexed now (rebuilt when they change)."""

    resolver: ScopeResolver
    answerer: ExtractiveAnswerer
    reader: QueryReader


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings=None, chat_model=None) -> None:
        """``chat_model``: a LangChain chat model to answer with instead of the one ``settings.llm``
        configures (tests give a scripted one); with neither, answers are extractive."""
        self.settings = settings or Settings()
        self.vocab = load_vocabulary(self.settings.vocab_file)
        self.gazetteer = Gazetteer.load(self.settings.regions_file)
        self.tokenizer = Tokenizer(
            user_words=self.vocab.tokenizer_words + list(self.vocab.series) + self.vocab.rank_titles(),
            stopwords=["的", "了", "吗", "呢"],
        )
        emb = embeddings or make_embeddings(self.settings.embedding, self.settings.cache_dir)
        self.store = KnowledgeStore(self.settings, emb, self.gazetteer, self.vocab, self.tokenizer)
        self.retriever = Retriever(self.store, self.settings.retrieval, self.vocab)
        self._derived_version = -1
        self._notice_texts = NoticeTexts(self.settings.data_dir / "notice_texts.json")
        self._lock = threading.Lock()
        self._built: Derived | None = None
        self._eligibility: EligibilityService | None = None
        self._proposer: RuleProposer | None = None
        self.rule_proposals = RuleProposals(self.settings.data_dir / "rules")
        self._generator = make_generator(self.settings.llm, self._llm_tools, chat_model)
        self.judge: Judge = load_judge(self.settings.answer.model_file, self.settings.answer.threshold)
        self.ranker: LogisticModel | None = load_model(self.settings.answer.ranker_file)
        self.necessity: TermNecessity | None = TermNecessity.load(self.settings.answer.necessity_file)
        self.kinds: KindModel | None = load_kinds(self.settings.answer.kinds_file)
        self.verdicts: VerdictModel | None = load_verdicts(self.settings.answer.verdict_file)
        self._observer: Callable[[Found], None] | None = None
        self.helpdesk = Helpdesk(self.settings)
        desk = self.settings.helpdesk
        self.curated = CuratedMatcher(self.helpdesk.curated, emb, desk.curated_similarity, desk.curated_gap_similarity,
                                      self._topic)

    # ---- knowledge -------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        return self.store.ingest(paths, progress)

    def ensure_bundled(self, progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        """Index the bundled notices (no work when they are unchanged)."""
        return self.store.ingest([self.settings.notices_dir], progress)

    def notices(self) -> list[NoticeMeta]:
        return self.store.notices()

    # ---- questions -------------------------------------------------------------------------
    def _derived(self) -> Derived:
        """What is built from the notices indexed now; built again when the store's version changes."""
        with self._lock:
            version = self.store.version  # read once, before the notices: a change during the build is seen next time
            if self._derived_version != version or self._built is None:
                self._built = self._build(self.store.notices())
                self._derived_version = version
            return self._built

    def _build(self, notices: list[NoticeMeta]) -> Derived:
        texts = self._notice_texts.sync(self.store.listing(), self._passage_texts)
        scope = ScopeResolver(notices, texts, self.gazetteer, self.vocab)
        support = Support(self.tokenizer, self.vocab, self.gazetteer, texts, self._notice_texts.grams(), self.necessity)
        answerer = ExtractiveAnswerer(
            support, {n.notice_id: n for n in notices},
            self.settings.answer.max_quotes, self.settings.answer.per_notice_limit, self.judge, self.ranker,
            names=lambda notice_id: scope.own_surfaces([notice_id]), verdicts=self.verdicts,
        )
        answerer.on_found = self._observer
        places = [p for n in notices for p in (n.province, n.city, n.district, *n.places) if p]
        english = EnglishReader(self.vocab, self.gazetteer, places)
        grams = support.grams
        speller = Speller(grams.count, self.vocab.words, self.gazetteer.surfaces(), [g for g in grams.vocab if len(g) == 1],
                          self.tokenizer.in_dictionary, self.tokenizer.log_probability)
        shorthand = Shorthand(self.vocab.shorthand, self.tokenizer.in_dictionary)
        return Derived(scope, answerer, QueryReader(scope, support, self.vocab, english, self.kinds, speller, shorthand))

    def _passage_texts(self, notice_id: str) -> list[str]:
        return [p.text for p in self.store.notice_passages(notice_id)]

    def use(
        self, judge: Judge | None = None, ranker: LogisticModel | None = None,
        observer: Callable[[Found], None] | None = None, kinds: KindModel | None | bool = True,
        necessity: TermNecessity | None | bool = True, verdicts: VerdictModel | None | bool = True,
    ) -> None:
        """Answer with another judge (None: keep this one) and sentence ranker (None: the hand-made
        score), and show each question's candidates to ``observer`` (for training both:
        ``python -m eval train-answerability``). ``kinds``: another question-kind classifier, None for
        the cue rules alone, True to keep this one (for measuring it on left-out notices);
        ``necessity``: likewise, the question words' necessity (None: their rarity alone);
        ``verdicts``: likewise, the yes/no verdict model (None: the word list)."""
        with self._lock:
            self.judge = judge or self.judge
            self.ranker = ranker
            if kinds is not True:
                self.kinds = kinds or None
            if necessity is not True:
                self.necessity = necessity or None
            if verdicts is not True:
                self.verdicts = verdicts or None
            self._observer = observer
            self._derived_version = -1

    def support(self) -> Support:
        """What judges whether text supports a question, over the notices indexed now."""
        return self._derived().answerer.support

    def scope(self, question: str, notice: str | None = None) -> Scope:
        return self._derived().resolver.resolve(question, notice)

    def ask(
        self, question: str, notice: str | None = None, mode: Mode = "hybrid", history: list[str] | None = None,
        generate: bool = True,
    ) -> Answer:
        """Answer one question. ``history`` holds the applicant's earlier questions, oldest first:
        a follow-up that names no notice ("那纸质材料呢？") stays with the notice they were about.
        With a language model configured (and ``generate``), its answer replaces the extractive one if
        it passes verification; ``generate=False`` is for checks that need no model's words."""
        query, answer = self._extractive(question, notice, mode, history)
        if not generate or self._generator is None or not wants_model(answer, self._personal(query)):
            return answer
        *_, final = self._generate(query, answer, mode)
        assert isinstance(final, Answer)  # the stream ends with the Answer
        return final

    def read(self, question: str, notice: str | None = None, history: list[str] | None = None) -> Query:
        """The question read once, in its conversation (``history``: the applicant's earlier questions,
        oldest first) and within ``notice`` when one is chosen."""
        return self._derived().reader.read(_clip(question, self.settings.answer.max_question_chars), history or [], notice)

    def _extractive(
        self, question: str, notice: str | None, mode: Mode, history: list[str] | None
    ) -> tuple[Query, Answer]:
        started = time.perf_counter()
        query = self.read(question, notice, history)
        if not query.read:
            text = EMPTY_QUESTION if not query.notes else ONLY_INSTRUCTIONS
            return query, Answer(question=query.asked, text=text, abstained=True, abstain_reason="没有可回答的问题",
                                 trace=query.notes)
        if (assessed := self._assess(query)) is not None:
            assessed.trace[:0] = query.notes
            if _undecided(assessed):
                assessed = _with_statement(assessed, self._from_notices(query, mode, started, notes=False))
            return query, assessed.model_copy(update={"question": query.asked})
        return query, self._from_notices(query, mode, started)

    def _from_notices(self, query: Query, mode: Mode, started: float, notes: bool = True) -> Answer:
        """The answer the notices give: scoped, retrieved, chosen and judged. ``notes``: the trace
        starts with what reading changed."""
        scope = query.scope
        hits = [] if scope.out_of_coverage else self.retriever.search(
            query.search, scope.notice_ids or None, mode=mode, intents=[i.value for i in query.kinds])
        pool = self._pool(scope, every=not scope.named and not query.topic)
        answer = self._derived().answerer.answer(query, hits, pool)
        if (curated := self._curated(query.text, scope, not answer.abstained)) is not None:
            answer = curated.model_copy(update={"trace": answer.trace + curated.trace})
        kind = query.kinds[0].value if query.kinds else "other"
        trace = (query.notes if notes else []) + answer.trace
        answer = answer.model_copy(update={"question": query.asked, "trace": trace, "kind": kind})
        answer.trace.append(f"用时 {1000 * (time.perf_counter() - started):.0f} ms")
        return answer

    def stream(
        self, question: str, notice: str | None = None, mode: Mode = "hybrid", history: list[str] | None = None
    ) -> Iterator[str | Answer]:
        """The answer as it is written: text pieces to append, then the final :class:`Answer`, whose
        text is authoritative (a page shows the pieces as they come and then the final text).
        With a language model, the pieces are its verified sentences as it writes them."""
        query, answer = self._extractive(question, notice, mode, history)
        if self._generator is not None and wants_model(answer, self._personal(query)):
            yield from self._generate(query, answer, mode)
            return
        yield from answer.text.splitlines(keepends=True)
        yield answer

    def _generate(self, query: Query, extractive: Answer, mode: Mode) -> Iterator[str | Answer]:
        """The model's answer to the question ``extractive`` answered, within the same scope."""
        started, scope = time.perf_counter(), extractive.scope
        assert scope is not None and self._generator is not None  # callers check wants_model and the generator
        resolver = self._derived().resolver
        request = Request(question=query.read, history=query.earlier, extractive=extractive,
                          notices={n.notice_id: n for n in self.notices()}, personal=self._personal(query))

        def retrieve(query: str) -> list:
            return self.retriever.search(resolver.search_query(query, scope), scope.notice_ids or None, mode=mode,
                                         intents=[i.value for i in read_intents(query, self.kinds)])

        for event in self._generator.stream(request, retrieve, self._tool_assessment):
            if isinstance(event, Answer):
                event.trace.append(f"模型用时 {1000 * (time.perf_counter() - started):.0f} ms")
            yield event

    def _personal(self, query: Query) -> bool:
        """The question states facts about the applicant: the model is offered the eligibility tool."""
        return self.eligibility().states_facts(query.read)

    def _llm_tools(self) -> list:
        return [self.eligibility().tool(self.notices())]

    def _tool_assessment(self, question: str, assessment) -> Answer:
        """The Answer for an assessment the model asked the eligibility tool for."""
        return Answer(
            question=question, text=self.eligibility().render(assessment), direct=assessment.summary,
            citations=self._assessment_citations(assessment), assessment=assessment.model_dump(mode="json"),
            trace=[f"资格评估：{assessment.verdict}"],
        )

    def _assess(self, query: Query) -> Answer | None:
        """A personal "can I apply?" question (or a reply adding facts to one) gets an assessment.

        The applicant's profile is rebuilt from the earlier turns, so facts said before still count.
        """
        service, notices, previous, question = self.eligibility(), self.notices(), None, query.read
        for turn in query.earlier:
            if service.wants(turn, previous):
                previous = service.handle(turn, previous, notices)[1]
        if not service.wants(question, previous, asks_fact=query.kind in NOTICE_KINDS):
            return None
        assessment, _ = service.handle(question, previous, notices)
        return Answer(
            question=question, text=service.render(assessment), direct=assessment.summary,
            citations=self._assessment_citations(assessment), assessment=assessment.model_dump(mode="json"),
            trace=[f"资格评估：{assessment.verdict}"],
        )

    def eligibility(self) -> EligibilityService:
        with self._lock:
            if self._eligibility is None:
                waiting = [p.pending() for p in self.rule_proposals.all() if p.status == "proposed"]
                self._eligibility = EligibilityService(self.settings.rules_dir, pending=waiting,
                                                       approved_dir=self.rule_proposals.approved_dir)
            return self._eligibility

    # ---- rule proposals (issue 13) -----------------------------------------------------------
    def propose_rules(self, notice_id: str) -> RuleProposal | None:
        """Propose the rule data of an indexed notice for review (kept in ``data_dir/rules``)."""
        meta = self.store.notice(notice_id)
        if meta is None:
            return None
        with self._lock:
            if self._proposer is None:
                self._proposer = RuleProposer.build(self.settings.rules_dir, self.settings.vocab_file)
            proposer = self._proposer
        proposal = proposer.propose(meta, self.store.notice_passages(notice_id))
        return self._rules_changed(self.rule_proposals.offer(proposal))

    def approve_rules(self, notice_id: str, reviewer: str = "", leave_out: Iterable[str] = (),
                      round: int | None = None) -> RuleProposal:
        """Approve a notice's proposed rules: the assessment uses them from the next question on."""
        return self._rules_changed(self.rule_proposals.approve(notice_id, reviewer, leave_out, round))

    def withdraw_rules(self, notice_id: str) -> RuleProposal:
        return self._rules_changed(self.rule_proposals.withdraw(notice_id))

    def _rules_changed(self, proposal: RuleProposal) -> RuleProposal:
        """The rule book is read again on next use (an approval added or withdrew a notice's rules)."""
        with self._lock:
            self._eligibility = None
        return proposal

    def _assessment_citations(self, assessment) -> list[Citation]:
        """The notice sentences an assessment rests on, as citations to the passages holding them."""
        pending = assessment.pending.sources if assessment.pending else []  # a notice not yet reviewed: quoted
        quotes = [(s.notice_id, s.quote) for s in [*(s for r in assessment.reasons for s in r.sources), *pending]
                  if s.kind == "notice" and s.notice_id and s.quote]
        citations: list[Citation] = []
        for notice_id, quote in dict.fromkeys(quotes):
            anchor = compact(max(quote.split("……"), key=len))[:30]  # …… marks words the quote leaves out
            passage = next((p for p in self.store.notice_passages(notice_id) if anchor in compact(p.text)), None)
            meta = self.store.notice(notice_id)
            if passage and meta and passage.id not in {c.passage_id for c in citations}:
                citations.append(Citation(n=len(citations) + 1, passage_id=passage.id, notice_id=notice_id,
                                          notice_title=meta.title, section=passage.section_label,
                                          page=passage.page, quote=quote))
        return citations

    def _topic(self, question: str) -> str:
        """What a question asks: read as the pipeline reads it, without the words naming its notice."""
        derived = self._derived()
        return derived.resolver.topic(derived.reader.clean(question)[0] or question)

    def topic_vectors(self, questions: list[str]) -> list[list[float]]:
        """Embeddings of what each question asks (the gap report groups by them)."""
        return [self.store.embeddings.embed_query(self._topic(q)) for q in questions]

    def _curated(self, question: str, scope: Scope, answered: bool) -> Answer | None:
        """The helpdesk's curated answer to this question, when one is in scope, current and close enough."""
        notices = self.store.notice_map()
        found = self.curated.match(question, scope, notices, answered)
        if found is None:
            return None
        item, similarity = found
        return curated_answer(question, item, similarity, scope, notices[item.notice_id],
                              self.store.get_passages(item.passage_ids))

    def _pool(self, scope: Scope, every: bool = False) -> list:
        """Every passage of the notices in scope, when the question names one or two notices; of all
        notices (``every``) when it names none and says nothing but the kind of answer ("多少钱？"):
        each notice's answer is then a candidate, and the applicant is asked which one is meant (up to
        ``EVERY_NOTICE_POOL`` notices)."""
        if every:
            notices = sorted(n.notice_id for n in self.notices())
            return self._passages_of(notices) if len(notices) <= EVERY_NOTICE_POOL else []
        if not scope.named or not 0 < len(scope.notice_ids) <= 2:
            return []
        return self._passages_of(sorted(scope.notice_ids))

    def _passages_of(self, notice_ids: list[str]) -> list:
        return [p for nid in notice_ids for p in self.store.notice_passages(nid)]


def _undecided(assessed: Answer) -> bool:
    """The assessment could not reach a verdict: it asks the applicant for more."""
    return (assessed.assessment or {}).get("verdict") == "needs_info"


def _with_statement(assessed: Answer, stated: Answer) -> Answer:
    """An undecided assessment led by what the notices state on the question ("取得工程师后多久
    可以申报高工？" has its answer in the notice, whatever the applicant's own dates are), when the
    answerer's judge gives that answer; the assessment and what it still needs follow."""
    if stated.abstained:
        return assessed
    return stated.model_copy(update={
        "text": f"{stated.text}\n\n{assessed.text}", "citations": stated.citations + assessed.citations,
        "assessment": assessed.assessment, "trace": assessed.trace + stated.trace,
    })


def _clip(question: str, limit: int) -> str:
    """Very long input is cut; the question an applicant means is in its first sentences."""
    question = question.strip()
    return question if len(question) <= limit else question[:limit]
