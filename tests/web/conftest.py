"""The real page in a real browser: ``python app.py`` in a subprocess (its own data directory, an admin
password, the session's embedding cache) and Debian's Chromium driven by Playwright.

Screenshots of every tab at 1280 px and 390 px go to ``var/screenshots/`` (or
``$ASSISTANT_SCREENSHOTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PYTHON, ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ADMIN_PASSWORD = "测试-admin-密码"
WIDTHS = (1280, 390)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("ASSISTANT_SCREENSHOTS", ROOT / "var" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def server_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-data")


@pytest.fixture
def feedback_rows(server_data: Path):
    """The ratings the server has stored so far, read from its database."""
    from assistant.helpdesk.db import HelpdeskDB, sqlite_url
    from assistant.helpdesk.ratings import RatingStore

    store = RatingStore(HelpdeskDB(sqlite_url(server_data / "helpdesk.sqlite3")))
    return lambda: [f.model_dump() for f in store.all()]


@pytest.fixture(scope="session")
def server(server_data: Path, cli_env) -> Iterator[str]:
    """``python app.py`` on a free port; yields its base URL."""
    port = _free_port()
    env = cli_env(data_dir=server_data, admin_password=ADMIN_PASSWORD, web__port=port)
    with running_apps([(server_data, port, env)]) as (url,):
        yield url


@contextmanager
def running_apps(apps: list[tuple[Path, int, dict[str, str]]]) -> Iterator[list[str]]:
    """``python app.py`` once per (data folder, port, environment), all started at once, each logging
    to ``server.log`` in its data folder; their base URLs, until the block ends."""
    procs = []
    for data, _, env in apps:
        data.mkdir(parents=True, exist_ok=True)
        with (data / "server.log").open("w") as log:
            procs.append(subprocess.Popen([PYTHON, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    try:
        for proc, (data, port, _) in zip(procs, apps):
            _wait_until_up(proc, port, data / "server.log")
        yield [f"http://127.0.0.1:{port}" for _, port, _ in apps]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_until_up(proc: subprocess.Popen, port: int, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"app.py did not start within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make setup` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def page(request, browser, server, screenshots: Path):
    """A fresh browser tab on the page; a failing test leaves a screenshot named after it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.goto(server + "/", wait_until="load")
    pg.wait_for_selector("#question textarea")
    yield pg
    if getattr(request.node, "failed_call", False):
        pg.screenshot(path=str(screenshots / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()
