"""The helpdesk's database: ratings, asked questions, handoffs and curated answers.

SQLite in the data folder by default; any SQLAlchemy URL (a shared Postgres for replicas) through
``ASSISTANT_HELPDESK__DATABASE_URL``. Nothing is created until something is written: opening a
:class:`HelpdeskDB` makes no file, and reading an absent SQLite file reads nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)

metadata = MetaData()

ratings = Table(
    "ratings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False, index=True),
    Column("level", Integer, nullable=False),
    Column("tags", JSON, nullable=False, default=list),
    Column("reason", Text, nullable=False, default=""),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Boolean, nullable=False),
    Column("notice", String(200)),
    Column("citations", JSON, nullable=False, default=list),
    Column("origin", String(20), nullable=False, default="page"),
)

asked = Table(
    "asked", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False, index=True),
    Column("question", Text, nullable=False),
    Column("notices", JSON, nullable=False, default=list),
    Column("kind", String(40), nullable=False, default="other"),
    Column("abstained", Boolean, nullable=False),
    Column("confidence", Float),
    Column("curated", Integer),
)

handoffs = Table(
    "handoffs", metadata,
    Column("token", String(64), primary_key=True),
    Column("created_at", String(32), nullable=False, index=True),
    Column("status", String(16), nullable=False, default="open"),
    Column("conversation", JSON, nullable=False),
    Column("notice", String(200)),
    Column("reply", Text),
    Column("replied_at", String(32)),
    Column("replied_by", String(100)),
)

curated = Table(
    "curated", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
    Column("author", String(100), nullable=False),
    Column("review_date", String(10), nullable=False),
    Column("notice_id", String(200), nullable=False, index=True),
    Column("notice_sha256", String(64), nullable=False),
    Column("variants", JSON, nullable=False),
    Column("answer", Text, nullable=False),
    Column("passage_ids", JSON, nullable=False, default=list),
    Column("quotes", JSON, nullable=False, default=list),
    Column("retired", Boolean, nullable=False, default=False),
)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


class HelpdeskDB:
    """One engine per URL; the tables are made on the first write."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._created = False

    @property
    def path(self) -> Path | None:
        """The SQLite file, when the database is one."""
        prefix = "sqlite:///"
        return Path(self.url[len(prefix):]) if self.url.startswith(prefix) else None

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                if self.path is not None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._engine = create_engine(self.url, future=True, pool_pre_ping=True)
                if self.path is not None:
                    event.listen(self._engine, "connect", _sqlite_pragmas)
            if not self._created:
                metadata.create_all(self._engine)
                self._created = True
            return self._engine

    def exists(self) -> bool:
        """Anything to read: an SQLite file that is there, or any server database."""
        return self.path is None or self.path.exists()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine().begin() as con:
            yield con

    @contextmanager
    def read(self) -> Iterator[Connection | None]:
        """A connection, or None when there is no database yet (nothing to read)."""
        if not self.exists():
            yield None
            return
        with self.engine().connect() as con:
            yield con


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the page's threads read while one writes; a busy writer is waited for."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
