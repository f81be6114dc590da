"""The helpdesk's stores run against both databases it supports: SQLite (the default, a file in
the data folder) and a shared Postgres server (what replicas configure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.helpdesk import Helpdesk
from assistant.settings import Settings


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None for the default (SQLite under the data folder), or a fresh database on a real Postgres."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").database()


@pytest.fixture
def desk(tmp_path: Path, database_url: str | None) -> Helpdesk:
    helpdesk = {"database_url": database_url} if database_url else {}
    return Helpdesk(Settings(data_dir=tmp_path / "data", helpdesk=helpdesk))
