"""A question read once into a typed :class:`~assistant.models.Query`.

Reading cleans the applicant's words (simplified characters, no planted instructions or
pleasantries, short names read in full (``shorthand.py``), homophone slips read back
(``spelling.py``), English put in Chinese terms, no alternative the question rules out), reads them
in their conversation (``conversation.py``), resolves the notices they are about (``scope.py``), the
kinds of fact they ask for (``kinds.py``) and the words an answer must cover. Retrieval, the answerer and the language model take the
result; none of them reads the question again.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.support import Support
from assistant.models import Ask, Query, Scope
from assistant.text.instructions import strip_instructions, strip_pleasantries
from assistant.text.normalize import to_simplified
from assistant.text.vocab import Vocabulary
from assistant.understand.conversation import ConversationReader
from assistant.understand.english import EnglishReader, is_english
from assistant.understand.intent import asked_side, clauses_of
from assistant.understand.kinds import KindModel, read_intents
from assistant.understand.negation import drop_ruled_out, excepted_words
from assistant.understand.scope import ScopeResolver
from assistant.understand.shorthand import Shorthand
from assistant.understand.spelling import Speller


class QueryReader:
    def __init__(self, resolver: ScopeResolver, support: Support, vocab: Vocabulary, english: EnglishReader,
                 kinds: KindModel | None, speller: Speller | None = None, shorthand: Shorthand | None = None) -> None:
        self.speller = speller
        self.shorthand = shorthand
        self.resolver = resolver
        self.support = support
        self.vocab = vocab
        self.english = english
        self.kinds = kinds

    def clean(self, question: str) -> tuple[str, list[str], list[str]]:
        """The question's own words as every stage reads them, and what was changed (for the trace):
        simplified characters, no instructions, short names read in full (高会 → 高级会计师), slips of the
        input method read back (申保 → 申报), Chinese terms, no alternative it rules out ("纸质材料（不是
        网上申报）"); and what it sets aside (除了评审费还要交什么钱: 评审费), which stays in its words: it says
        what kind of fact is asked, and the answer often stands beside it ("证书复印件，学信网学历证明")."""
        question, orders = strip_instructions(to_simplified(question.strip()))
        question = strip_pleasantries(question, self.vocab.pleasantries)
        notes = [f"忽略了问题中的指令：{'；'.join(orders)}"] if orders else []
        if self.shorthand is not None:
            question, full = self.shorthand.expand(question)
            if full:
                notes.append(f"按全称理解：{'、'.join(f'{a}→{b}' for a, b in full)}")
        if self.speller is not None:
            question, fixes = self.speller.correct(question)
            if fixes:
                notes.append(f"按同音字理解：{'、'.join(f'{a}→{b}' for a, b in fixes)}")
        if question and is_english(question):
            question = self.english.to_chinese(question)
            notes.append(f"英文问题按中文检索：{question}")
        question, ruled = drop_ruled_out(question, self.vocab.alternatives)
        if ruled:
            notes.append(f"问题排除了：{'、'.join(ruled)}（按其余部分回答）")
        if excepted := excepted_words(question):
            notes.append(f"问题除去了：{'、'.join(excepted)}（不以它作答）")
        return question, notes, excepted

    def read(self, asked: str, history: Sequence[str] = (), notice: str | None = None) -> Query:
        """``asked`` read after the applicant's earlier questions (``history``, oldest first) and
        within ``notice`` when one is chosen."""
        read, notes, excepted = self.clean(asked)
        earlier = [self.clean(h)[0] for h in history]
        if not read:
            return Query(asked=asked, read=read, notes=notes, earlier=earlier)
        reading = ConversationReader(self.resolver, self.support).read(read, earlier, notice)
        scope = self.resolver.resolve(reading.text, notice)
        if reading.inherited:
            scope.reasons.insert(0, f"沿用上文：{'、'.join(reading.inherited)}")
        terms = self._terms(reading.text, scope)
        kind = self.kinds.predict(reading.asks) if self.kinds is not None else ""
        return Query(
            asked=asked, read=read, notes=notes, earlier=earlier, text=reading.text, asks=reading.asks, kind=kind,
            kinds=read_intents(reading.asks, self.kinds, kind), topic=reading.topic, context=reading.context,
            scope=scope, terms=terms, search=self.resolver.search_query(reading.text, scope),
            parts=self._parts(reading.asks, terms) if reading.asks == reading.question else [],
            side=asked_side(reading.asks), excepted=excepted,
        )

    def _parts(self, asks: str, terms: dict[str, float]) -> list[Ask]:
        """Each ask of a question of several (two clauses that each ask count as two), read on its
        own: its kinds and the words it holds. An ask that names nothing of its own ("述职答辩是哪天、
        在哪里？", "评审费多少？怎么交？") is about what the ask before it names: Chinese leaves the
        shared subject out.
        Not for a follow-up that borrows the ask before it ("那纸质材料呢？（网上申报几号截止？）"): that
        is one ask in two turns' words."""
        parts = clauses_of(asks)
        if len(parts) < 2:
            return []
        read: list[Ask] = []
        for part in parts:
            held = {t: w for t, w in terms.items() if self.support.holds(t, part)}
            read.append(Ask(text=part, kinds=read_intents(part, self.kinds), terms=held or (read[-1].terms if read else {}),
                            side=asked_side(part)))
        return read

    def _terms(self, text: str, scope: Scope) -> dict[str, float]:
        """The words an answer must cover. The words naming the notices in scope (their places,
        series, round year, issuer, and the short form the question gives the issuer's name) say which
        notice, not which part of it; their titles' words weigh less."""
        if not scope.named:
            return self.support.content_terms(text)
        notices = self.resolver.notices
        titles = [notices[n].title for n in scope.notice_ids if n in notices]
        return self.support.content_terms(text, self.resolver.naming(text, scope.notice_ids), titles)
