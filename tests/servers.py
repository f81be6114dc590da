"""Real servers for the tests, started on loopback in a temporary folder and stopped after.

* :class:`PostgresServer` — a throwaway cluster (``initdb`` + ``pg_ctl``), for the shared SQL
  database replicas use. Debian's ``postgresql`` package provides the binaries; run as root, the
  cluster belongs to the ``postgres`` user, since Postgres refuses to run as root.
* :class:`ChromaServer` — ``chroma run`` (the CLI the chromadb package installs beside Python),
  for the store in server mode; each test takes a fresh database of it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from itertools import count
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on the PATH, or Debian's /usr/lib/postgresql/N/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


class PostgresServer:
    """One cluster per test session; :meth:`database` makes a fresh, empty database per test."""

    def __init__(self, binaries: Path) -> None:
        # its own folder under /tmp: pytest's are private to the user running the tests (root here)
        self.folder, self.binaries = Path(tempfile.mkdtemp(prefix="postgres-")), binaries
        self.port = free_port()
        self._names = count(1)
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self._as_user, str(self.binaries / tool), *args], capture_output=True, text=True,
                              timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> PostgresServer:
        if self._as_user:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "start")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def chroma_cli() -> Path | None:
    """The ``chroma`` command of this Python's environment, else one on the PATH."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.is_file():
        return beside
    found = shutil.which("chroma")
    return Path(found) if found else None


class ChromaServer:
    """One ``chroma run`` per test session on loopback; :meth:`database` makes a fresh database per test."""

    def __init__(self, cli: Path) -> None:
        self.folder, self.cli = Path(tempfile.mkdtemp(prefix="chroma-")), cli
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._names = count(1)
        self._proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> ChromaServer:
        log = (self.folder / "server.log").open("w")
        self._proc = subprocess.Popen([str(self.cli), "run", "--path", str(self.folder / "db"), "--host", "127.0.0.1",
                                       "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while not self._beats():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"chroma run did not start: {self.log()[-2000:]}")
            time.sleep(0.2)
        return self

    def _beats(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def database(self) -> str:
        """A new empty database in the default tenant; its name."""
        import chromadb
        from chromadb.config import Settings

        name = f"test_{next(self._names)}"
        admin = chromadb.AdminClient(Settings(chroma_api_impl="chromadb.api.fastapi.FastAPI", anonymized_telemetry=False,
                                              chroma_server_host="127.0.0.1", chroma_server_http_port=self.port))
        admin.create_database(name)
        return name
