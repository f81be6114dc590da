"""Typed data that flows through the pipeline: documents, passages, answers.

Everything a user sees as a citation is a :class:`Passage`; every answer is an
:class:`Answer` that records which passages it cites and whether it abstained.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

from assistant.text.patterns import Side
from assistant.understand.intent import Intent

DocFormat = Literal["pdf", "docx", "html", "txt"]
YesNo = Literal["yes", "no"]  # a yes/no question's verdict


class LoadedPage(BaseModel):
    """Cleaned text of one page (TXT/HTML/DOCX files are a single page)."""

    number: int = Field(description="1-based page number in the source file")
    text: str


class LoadedDocument(BaseModel):
    """A notice file turned into cleaned text, before chunking."""

    path: str
    fmt: DocFormat
    pages: list[LoadedPage]
    page_info: dict[str, str] = Field(
        default_factory=dict,
        description="a web page's own line under its headline, removed from the text as chrome: "
                    "published (its timestamp) and source (来源), for the notice's metadata",
    )

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


class FieldSource(BaseModel):
    """Where a metadata field was read: the text it came from and how sure the reading is."""

    text: str = Field(description="the line or sentence the value was read from, as written")
    confidence: float = Field(ge=0.0, le=1.0, description="1: stated where such a field is stated (a header, "
                              "a signature); lower for a fallback (a page's source line, the body's most-named city)")
    rule: str = Field(default="", description="which reading found it: header, signature, title, page …")


class NoticeMeta(BaseModel):
    """What a notice is about; extracted from its text, used for scoping and citations."""

    notice_id: str = Field(description="stable id: the file name without its extension")
    file_name: str
    title: str
    issuer: str | None = None
    doc_number: str | None = Field(default=None, description="文号, e.g. X职称办〔2024〕11号")
    issue_date: str | None = Field(default=None, description="ISO date the notice was issued")
    province: str | None = None
    city: str | None = None
    district: str | None = None
    places: list[str] = Field(default_factory=list, description="other places the notice names (counties …)")
    year: int | None = Field(default=None, description="year of the evaluation round")
    series: list[str] = Field(default_factory=list, description="职称系列 / 专业 named in the title")
    levels: list[str] = Field(default_factory=list, description="初级 / 中级 / 副高级 / 正高级 …")
    fmt: str = "txt"
    sha256: str = ""
    pages: int = 1
    flagged_instructions: int = Field(
        default=0, description="sentences screened out at ingest as planted instructions (ingest.chunking.Chunked)"
    )
    sources: dict[str, FieldSource] = Field(
        default_factory=dict, description="per field (title, issuer, doc_number, issue_date, year, province, city, "
        "district, series, levels): the text it was read from and its confidence; empty in manifests stored before"
    )

    @property
    def region_label(self) -> str:
        parts = [p for p in (self.province, self.city, self.district) if p]
        return " ".join(dict.fromkeys(parts)) or "未识别地区"

    def label(self) -> str:
        """One line a person can recognise the notice by."""
        bits = [self.region_label]
        if self.year:
            bits.append(f"{self.year}年度")
        if self.series:
            bits.append("、".join(self.series))
        if self.levels:
            bits.append("/".join(self.levels))
        return " ".join(bits)


PassageKind = Literal["text", "table_row", "attachment"]
FactKind = Literal[
    "date", "date_range", "duration", "amount", "count", "phone", "email", "address", "office", "website", "person", "platform",
    "published", "signed", "registration",
]


class Fact(BaseModel):
    """A typed fact of a passage, with what it is about (``ingest/facts.py``)."""

    kind: FactKind
    text: str = Field(description="as written: 2024年6月1日至7月20日, 300元/人, 一式两份")
    subject: str = Field(description="what it belongs to: the words before it in its clause, or a table row's key and column")
    sentence: str = Field(description="the sentence (or table row) it stands in")


class Passage(BaseModel):
    """A chunk of a notice, the unit of retrieval and citation."""

    id: str = Field(description="content hash: stable across re-ingests of the same text")
    notice_id: str
    text: str = Field(description="the passage text as quoted to the user")
    section: list[str] = Field(default_factory=list, description="section path, outermost first")
    page: int = 1
    kind: PassageKind = "text"
    order: int = Field(default=0, description="position of the passage in its notice")
    facts: list[Fact] = Field(default_factory=list, description="its typed facts, read at ingest")

    @staticmethod
    def make_id(notice_id: str, order: int, text: str) -> str:
        digest = hashlib.sha256(f"{notice_id}\n{order}\n{text}".encode()).hexdigest()
        return digest[:20]

    @property
    def section_label(self) -> str:
        return " > ".join(self.section) if self.section else "正文"


class ScoredPassage(BaseModel):
    """A passage as retrieved for one question, with how it was found."""

    passage: Passage
    score: float
    lexical_rank: int | None = None
    vector_rank: int | None = None
    similarity: float | None = Field(default=None, description="the cosine of the question's and the passage's e5 "
                                     "vectors, when dense retrieval found it")

    @property
    def found_by(self) -> list[str]:
        found = []
        if self.lexical_rank is not None:
            found.append("lexical")
        if self.vector_rank is not None:
            found.append("vector")
        return found


class Citation(BaseModel):
    """A numbered reference from an answer to the passage that supports it."""

    n: int
    passage_id: str
    notice_id: str
    notice_title: str
    section: str
    page: int
    quote: str
    kind: Literal["notice", "curated"] = Field(default="notice", description="curated: a helpdesk's curated answer")

    def line(self) -> str:
        """The citation as a line under an answer: [n] “quote” ——《title》section，第p页."""
        page = f"，第{self.page}页" if self.page else ""
        return f"[{self.n}] “{self.quote}” ——《{self.notice_title}》{self.section}{page}"


class Exclusion(BaseModel):
    """A notice's own sentence saying that a level a question asks about is not part of it."""

    notice_id: str
    level: str = Field(description="the level asked about (正高级)")
    sentence: str = Field(description="the notice's sentence, compacted")


class Scope(BaseModel):
    """Which notices a question is about, and why."""

    notice_ids: list[str] = Field(description="notices the answer may draw on")
    reasons: list[str] = Field(default_factory=list, description="what in the question decided it")
    named: bool = Field(default=False, description="the question names a region, year, series or notice")
    out_of_coverage: str | None = Field(
        default=None, description="set when the question is about something the knowledge base lacks"
    )
    excluded: list[Exclusion] = Field(
        default_factory=list, description="the notices in scope state that they leave out the level asked about"
    )


class Ask(BaseModel):
    """One ask of a question of several ("评审费多少？" of "评审费多少？纸质材料交到哪里？")."""

    text: str
    kinds: list[Intent] = Field(default_factory=list, description="the kinds of fact this ask wants, the main one first")
    terms: dict[str, float] = Field(default_factory=dict, description="the question's words this ask holds, by weight")
    side: Side = Field(default="now", description="of a corrected value, the one this ask wants (``Query.side``)")


class Query(BaseModel):
    """A question read once (``understand/query.py``): every stage after reading receives this, and
    none reads the applicant's words again. With nothing left to answer (greetings, instructions
    only), ``read`` is empty and so is the rest."""

    asked: str = Field(description="as the applicant typed it (cut at the question limit)")
    read: str = Field(description="simplified characters, no instructions or pleasantries, English put in "
                      "Chinese terms, no alternative it rules out")
    notes: list[str] = Field(default_factory=list, description="what reading changed (for the trace)")
    earlier: list[str] = Field(default_factory=list, description="the applicant's earlier questions, read alike")
    text: str = Field(default="", description="standalone in its conversation: inherited notice words and topic, then the question")
    asks: str = Field(default="", description="the wording that says which kind of fact is wanted; a follow-up's holds the "
                      "question it follows (那纸质材料呢？ after 网上申报几号截止)")
    kind: str = Field(default="", description="the kind of fact the trained classifier reads (deadline, count, yesno, "
                      "eligibility … ``understand.kinds.KINDS``); empty without one")
    kinds: list[Intent] = Field(default_factory=list, description="the kinds of fact asked for, the main one first")
    topic: list[str] = Field(default_factory=list, description="its content words, without those naming its notice")
    context: list[str] = Field(default_factory=list, description="the earlier turn's topic: which passage, not which sentence")
    scope: Scope = Field(default_factory=lambda: Scope(notice_ids=[]))
    terms: dict[str, float] = Field(default_factory=dict, description="the words an answer must cover, by weight "
                                    "(not those naming the notices in scope)")
    search: str = Field(default="", description="what retrieval looks for: the text without the words naming its notice")
    parts: list[Ask] = Field(default_factory=list, description="a question of several asks: each ask (none for one)")
    excepted: list[str] = Field(default_factory=list, description="what the question sets aside as known (除了评审费还要"
                                "交什么钱: 评审费): no fact about it is the answer")
    side: Side = Field(default="now", description="of a value a notice corrected, the one asked for: in force (now), "
                       "the one it replaced (then: 原定哪天), or both")

    @property
    def follow_up(self) -> bool:
        """Read with the turns before it: it borrowed their wording or their topic."""
        return self.asks != self.text or bool(self.context)


class LLMOutcome(BaseModel):
    """What the language model contributed to an answer, when one is configured."""

    model: str = Field(description="the model asked")
    used: bool = Field(description="the text shown is the model's (it passed verification)")
    tool: str | None = Field(default=None, description="the tool the model called, if any")
    standalone: str | None = Field(default=None, description="the follow-up as condensed for retrieval")
    problems: list[str] = Field(default_factory=list, description="why the model's answer was not shown")
    passages_dropped: int = Field(default=0, description="passages left out after the server answered nothing "
                                  "(its chat template made the prompt longer than counted) and it was asked again")


class Decision(BaseModel):
    """Why an answer was given or withheld: what the answerer found, and what the judge made of it."""

    features: dict[str, float] = Field(default_factory=dict, description="the measured features of the best answer")
    probability: float | None = Field(default=None, description="the judge's probability that the answer is right")
    threshold: float | None = Field(default=None, description="answers need at least this probability")
    answered: bool = Field(description="the answer was given")
    reasons: list[str] = Field(default_factory=list, description="hand-written gates the answer fails (features)")
    judge: str = Field(default="model", description="model, gates (no trained model) or always (training runs)")


class Answer(BaseModel):
    """What the assistant says, with the evidence for it."""

    question: str
    text: str = Field(description="the whole reply shown to the user: direct answer, quotes, sources")
    direct: str = Field(default="", description="the short direct answer alone")
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    abstain_reason: str | None = None
    scope: Scope | None = None
    passages: list[ScoredPassage] = Field(default_factory=list, description="what retrieval returned")
    trace: list[str] = Field(default_factory=list, description="how the answer was reached")
    assessment: dict | None = Field(
        default=None, description="for a personal eligibility question: the assessment (verdict, reasons)"
    )
    llm: LLMOutcome | None = Field(default=None, description="set when a language model was asked")
    confidence: float | None = Field(default=None, description="the judge's probability that the answer is right")
    kind: str | None = Field(default=None, description="the kind of fact asked (deadline, fee, place …), as read")
    decision: Decision | None = Field(default=None, description="how the judge decided (absent for logical abstentions)")
    verdict: YesNo | None = Field(
        default=None, description="a yes/no question's verdict as the answer states it; None when it states none"
    )
    clarify: list[str] = Field(
        default_factory=list,
        description="the question names no notice and these could answer it: names to choose from "
        "(asked back as a follow-up, each resolves to its notice)",
    )


IngestStatus = Literal["added", "updated", "unchanged", "removed", "duplicate", "error"]


class IngestResult(BaseModel):
    """The outcome of ingesting one file."""

    path: str
    status: IngestStatus
    notice_id: str | None = None
    chunks: int = 0
    message: str = ""
