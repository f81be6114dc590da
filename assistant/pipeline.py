"""The assistant as one object: knowledge store, retrieval, scoping and the answerer wired together."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.answer import ExtractiveAnswerer
from assistant.embeddings import make_embeddings
from assistant.english import EnglishReader, is_english
from assistant.guard import strip_instructions
from assistant.intent import classify
from assistant.models import Answer, IngestResult, NoticeMeta, Scope
from assistant.regions import Gazetteer
from assistant.retrieve import Mode, Retriever
from assistant.scope import ScopeResolver
from assistant.settings import Settings
from assistant.store import KnowledgeStore
from assistant.support import Support
from assistant.textnorm import Tokenizer, to_simplified
from assistant.vocab import load_vocabulary


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings=None) -> None:
        self.settings = settings or Settings()
        self.vocab = load_vocabulary(self.settings.vocab_file)
        self.gazetteer = Gazetteer.load(self.settings.regions_file)
        self.tokenizer = Tokenizer(
            user_words=self.vocab.tokenizer_words + list(self.vocab.series), stopwords=["的", "了", "吗", "呢"]
        )
        emb = embeddings or make_embeddings(self.settings.embedding, self.settings.cache_dir)
        self.store = KnowledgeStore(self.settings, emb, self.gazetteer, self.vocab)
        self.retriever = Retriever(self.store, self.tokenizer, self.settings.retrieval, self.vocab)
        self._derived_version = -1
        self._lock = threading.Lock()
        self._scope: ScopeResolver | None = None
        self._answerer: ExtractiveAnswerer | None = None

    # ---- knowledge -------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        return self.store.ingest(paths, progress)

    def ensure_bundled(self, progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
        """Index the bundled notices (no work when they are unchanged)."""
        return self.store.ingest([self.settings.notices_dir], progress)

    def notices(self) -> list[NoticeMeta]:
        return self.store.notices()

    # ---- questions -------------------------------------------------------------------------
    def _derived(self) -> tuple[ScopeResolver, ExtractiveAnswerer]:
        with self._lock:
            if self._derived_version != self.store.version or self._scope is None:
                notices = self.store.notices()
                texts = _notice_texts(self.store)
                self._scope = ScopeResolver(notices, texts, self.gazetteer, self.vocab)
                support = Support(self.tokenizer, self.vocab, self.gazetteer, texts)
                self._answerer = ExtractiveAnswerer(
                    support, {n.notice_id: n for n in notices},
                    self.settings.answer.max_quotes, self.settings.answer.per_notice_limit,
                )
                places = [p for n in notices for p in (n.province, n.city, n.district, *n.places) if p]
                self._english = EnglishReader(self.vocab, self.gazetteer, places)
                self._derived_version = self.store.version
            return self._scope, self._answerer  # type: ignore[return-value]

    def scope(self, question: str, notice: str | None = None) -> Scope:
        return self._derived()[0].resolve(question, notice)

    def ask(self, question: str, notice: str | None = None, mode: Mode = "hybrid") -> Answer:
        started = time.perf_counter()
        question = _clip(question, self.settings.answer.max_question_chars)
        if not question.strip():
            return Answer(question=question, text="请输入您的问题，例如：某市某专业中级职称的网上申报时间、评审费或纸质材料报送地址。",
                          abstained=True, abstain_reason="空问题")
        scope_resolver, answerer = self._derived()
        asked = question
        question, orders = strip_instructions(to_simplified(question))
        if orders and not question:
            return Answer(question=asked, abstained=True, abstain_reason="问题中只有指令",
                          text="我只回答与职称评审通知有关的问题，例如申报时间、评审费、材料要求和报送地址。",
                          trace=[f"忽略了问题中的指令：{'；'.join(orders)}"])
        if is_english(question):
            question = self._english.to_chinese(question)
        scope = scope_resolver.resolve(question, notice)
        query = scope_resolver.search_query(question, scope)
        intents = [i.value for i in classify(question)]
        hits = [] if scope.out_of_coverage else self.retriever.search(
            query, scope.notice_ids or None, mode=mode, intents=intents)
        pool = self._pool(scope)
        own = scope_resolver.own_surfaces(scope.notice_ids) if scope.named else set()
        answer = answerer.answer(question, scope, hits, pool, own)
        if orders:
            answer.trace.insert(0, f"忽略了问题中的指令：{'；'.join(orders)}")
        if asked != question:
            answer = answer.model_copy(update={"question": asked})
            answer.trace.insert(0, f"英文问题按中文检索：{question}")
        answer.trace.append(f"用时 {1000 * (time.perf_counter() - started):.0f} ms")
        return answer


    def _pool(self, scope: Scope) -> list:
        """Every passage of the notices in scope, when the question names one or two notices."""
        if not scope.named or not 0 < len(scope.notice_ids) <= 2:
            return []
        wanted = set(scope.notice_ids)
        return [p for p in self.store.passages().values() if p.notice_id in wanted]


def _notice_texts(store: KnowledgeStore) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for p in store.passages().values():
        texts.setdefault(p.notice_id, []).append(p.text)
    return {nid: "\n".join(parts) for nid, parts in texts.items()}


def _clip(question: str, limit: int) -> str:
    """Very long input is cut; the question an applicant means is in its first sentences."""
    question = question.strip()
    return question if len(question) <= limit else question[:limit]
