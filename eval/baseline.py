"""The baseline: the retrieval-QA pipeline a user first builds from the LangChain docs.

* load each notice (the project's own loaders, so both systems read the same text; a PDF gives one
  document per page, like ``PyPDFLoader``);
* split with ``RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=50,
  separators=["\\n\\n", "\\n", "。", "，", ""])``. ``langchain-text-splitters`` is not installed in
  this environment, so :func:`recursive_split` re-implements that class's algorithm (separator
  choice, ``keep_separator=True`` at the start of the next piece, merge with overlap, strip);
* a separate, temporary Chroma collection (``langchain_chroma.Chroma``) with the same embedding
  model as the assistant (``make_embeddings`` with the default settings and cache);
* ``similarity_search_with_score(question, k=10)`` over every notice — no scoping, no BM25;
* answer: the one sentence of the top ``ANSWER_CHUNKS`` (4, LangChain's default ``k``) chunks that
  is most similar to the question by character bigrams (cosine of the bigram sets; ties: the
  higher-ranked chunk), cited as [1].

It never abstains by default (``similarity_floor=None``); given a floor it abstains when the best
chunk's cosine similarity is below it. The report uses the default, so its abstention accuracy is 0:
that is the behaviour of the pipeline from the docs, and no floor would do better here (the top
chunk scores 0.80–0.96, median 0.92, for answerable and unanswerable questions alike).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from assistant.index.store import SUPPORTED, notice_id_for
from assistant.ingest.loaders import load_document
from assistant.models import Answer, Citation, Passage, ScoredPassage

SEPARATORS = ["\n\n", "\n", "。", "，", ""]
CHUNK_SIZE = 300
CHUNK_OVERLAP = 50
SEARCH_K = 10
ANSWER_CHUNKS = 4
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
_WS = re.compile(r"\s+")


# ------------------------------------------------------------------------------ the splitter


def recursive_split(
    text: str, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP, separators: list[str] | None = None
) -> list[str]:
    """LangChain's ``RecursiveCharacterTextSplitter.split_text`` (keep_separator=True, strip_whitespace)."""
    return _split(text, list(separators or SEPARATORS), chunk_size, chunk_overlap)


def _split(text: str, separators: list[str], size: int, overlap: int) -> list[str]:
    separator, rest = separators[-1], []
    for i, sep in enumerate(separators):
        if sep == "":
            separator = sep
            break
        if sep in text:
            separator, rest = sep, separators[i + 1:]
            break
    chunks: list[str] = []
    good: list[str] = []
    for piece in _split_keep(text, separator):
        if len(piece) < size:
            good.append(piece)
            continue
        if good:
            chunks += _merge(good, size, overlap)
            good = []
        chunks += _split(piece, rest, size, overlap) if rest else [piece]
    if good:
        chunks += _merge(good, size, overlap)
    return chunks


def _split_keep(text: str, separator: str) -> list[str]:
    """Split keeping each separator at the start of the piece after it (LangChain's default)."""
    if not separator:
        return list(text)
    parts = re.split(f"({re.escape(separator)})", text)
    pieces = [parts[0]] + [parts[i] + parts[i + 1] for i in range(1, len(parts) - 1, 2)]
    return [p for p in pieces if p]


def _merge(splits: list[str], size: int, overlap: int) -> list[str]:
    docs: list[str] = []
    current: list[str] = []
    total = 0
    for piece in splits:
        if total + len(piece) > size and current:
            joined = "".join(current).strip()
            if joined:
                docs.append(joined)
            while total > overlap or (total + len(piece) > size and total > 0):
                total -= len(current[0])
                current = current[1:]
        current.append(piece)
        total += len(piece)
    joined = "".join(current).strip()
    if joined:
        docs.append(joined)
    return docs


# ------------------------------------------------------------------------------ the pipeline


def notice_files(paths: list[Path]) -> list[Path]:
    """One file per notice (the most structured format wins, as the assistant's store does)."""
    files: dict[str, Path] = {}
    for path in paths:
        candidates = sorted(path.iterdir()) if path.is_dir() else [path]
        for f in candidates:
            suffix = f.suffix.lower()
            if suffix not in SUPPORTED:
                continue
            stem = notice_id_for(f)
            if stem not in files or SUPPORTED[suffix] > SUPPORTED[files[stem].suffix.lower()]:
                files[stem] = f
    return [files[k] for k in sorted(files)]


class LangChainBaseline:
    name = "baseline"
    supports_history = False  # the docs pipeline asks every question on its own

    def __init__(self, embeddings, workdir: Path, similarity_floor: float | None = None) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        client = chromadb.PersistentClient(
            path=str(workdir / "baseline-chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.db = Chroma(
            collection_name="langchain_baseline", embedding_function=embeddings, client=client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        self.similarity_floor = similarity_floor
        self.chunks: dict[str, Passage] = {}
        self.titles: dict[str, str] = {}

    def index(self, paths: list[Path]) -> int:
        """Load, split and embed every notice under ``paths``; returns the number of chunks."""
        texts, metas, ids = [], [], []
        for path in notice_files(paths):
            doc = load_document(path)
            nid = notice_id_for(path)
            self.titles[nid] = next((ln.strip() for ln in doc.text.splitlines() if ln.strip()), nid)
            for page in doc.pages:
                for chunk in recursive_split(page.text):
                    pid = Passage.make_id(nid, len(ids), chunk)
                    self.chunks[pid] = Passage(id=pid, notice_id=nid, text=chunk, page=page.number, order=len(ids))
                    texts.append(chunk)
                    metas.append({"notice_id": nid, "page": page.number})
                    ids.append(pid)
        for start in range(0, len(texts), 64):
            self.db.add_texts(texts[start:start + 64], metadatas=metas[start:start + 64], ids=ids[start:start + 64])
        return len(texts)

    def ask(self, question: str, history: list | None = None) -> Answer:
        started = time.perf_counter()
        found = self.db.similarity_search_with_score(question, k=SEARCH_K)
        hits = [
            ScoredPassage(passage=self.chunks[doc.id], score=1.0 - float(dist), vector_rank=rank)
            for rank, (doc, dist) in enumerate(found, 1) if doc.id in self.chunks
        ]
        trace = [f"检索 {len(hits)} 段（Chroma 相似度，未限定通知）"]
        if not hits or (self.similarity_floor is not None and hits[0].score < self.similarity_floor):
            return Answer(question=question, text="未找到相关内容。", abstained=True, abstain_reason="相似度低于阈值",
                          passages=hits, trace=trace)
        sentence, hit = best_sentence(question, hits[:ANSWER_CHUNKS])
        p = hit.passage
        citation = Citation(n=1, passage_id=p.id, notice_id=p.notice_id, notice_title=self.titles.get(p.notice_id, ""),
                            section="", page=p.page, quote=sentence)
        trace.append(f"用时 {1000 * (time.perf_counter() - started):.0f} ms")
        return Answer(question=question, text=f"{sentence} [1]", direct=sentence, citations=[citation],
                      passages=hits, trace=trace)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 4]


def bigrams(text: str) -> set[str]:
    t = _WS.sub("", text.lower())
    return {t[i:i + 2] for i in range(len(t) - 1)}


def best_sentence(question: str, hits: list[ScoredPassage]) -> tuple[str, ScoredPassage]:
    """The sentence most similar to the question by character bigrams (cosine of the bigram sets);
    ties go to the earlier one."""
    q = bigrams(question)
    best: tuple[float, str, ScoredPassage] | None = None
    for hit in hits:
        for s in sentences(hit.passage.text) or [hit.passage.text]:
            b = bigrams(s)
            overlap = len(q & b) / ((len(q) * len(b)) ** 0.5 or 1)
            if best is None or overlap > best[0]:
                best = (overlap, s, hit)
    assert best is not None
    return best[1], best[2]
