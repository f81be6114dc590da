"""Issue 12, hole 6 (login): lockout after N failures per client with an async wait (no worker thread
sleeps), logout, session expiry, and the feedback export only behind the login."""

from __future__ import annotations

import asyncio
import inspect
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from assistant.helpdesk.ratings import rating_of
from assistant.settings import WebSettings
from assistant.web.admin import AdminTab
from assistant.web.context import WebContext
from assistant.web.server import create_app
from tests.clock import Clock

PASSWORD = "正确-password"


def _request(host: str = "10.0.0.1") -> SimpleNamespace:
    return SimpleNamespace(client=SimpleNamespace(host=host))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def admin(bundled, tmp_path: Path, clock: Clock) -> AdminTab:
    """An admin tab with a password, quick settings and a controllable clock."""
    from assistant.web.ratelimit import RateLimits
    from assistant.web.sessions import AdminSessions

    ctx = WebContext.of(bundled.assistant)
    web = WebSettings(admin_password=PASSWORD, admin_max_failures=3, admin_lockout_s=300, admin_failure_delay_s=0.3,
                      admin_session_idle_s=600, admin_session_max_s=3600, export_link_s=60)
    ctx.sessions, ctx.limits = AdminSessions(web, clock=clock), RateLimits(web, clock=clock)
    tab = AdminTab(ctx)
    tab._password = PASSWORD
    return tab


def _run(coroutine):
    """Run a coroutine on its own loop in a thread (Playwright's sync API may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _login(tab: AdminTab, password: str, host: str = "10.0.0.1"):
    return _run(tab.login(password, _request(host)))


@pytest.mark.integration
def test_login_waits_asynchronously_and_does_not_hold_a_thread(admin: AdminTab) -> None:
    assert inspect.iscoroutinefunction(admin.login)

    async def four_wrong() -> float:
        began = time.perf_counter()
        await asyncio.gather(*(admin.login("wrong", _request(f"10.0.1.{i}")) for i in range(4)))
        return time.perf_counter() - began

    # four clients' 0.3 s waits overlap on one event loop: a sleeping thread each would take 1.2 s here
    assert _run(four_wrong()) < 0.9


@pytest.mark.integration
def test_lockout_after_too_many_failures_per_client(admin: AdminTab, clock: Clock) -> None:
    for _ in range(2):
        assert _login(admin, "wrong")[0] is None
    last = _login(admin, "wrong")
    assert last[0] is None and "次数过多" in last[-1]
    refused = _login(admin, PASSWORD)  # even the right password, while locked out
    assert refused[0] is None and "次数过多" in refused[-1]
    assert _login(admin, PASSWORD, host="10.0.0.2")[0]  # another client is not locked out
    clock.now += 301
    assert _login(admin, PASSWORD)[0]


@pytest.mark.integration
def test_logout_and_expiry_end_the_session(admin: AdminTab, clock: Clock) -> None:
    token = _login(admin, PASSWORD)[0]
    admin._require(token, _request())  # logged in
    with pytest.raises(gr.Error):
        admin._require(token, _request("10.9.9.9"))  # the token is no bearer token for another client
    admin.logout(token)
    with pytest.raises(gr.Error):
        admin._require(token, _request())
    token = _login(admin, PASSWORD)[0]
    clock.now += 599
    admin._require(token, _request())  # used: stays alive
    clock.now += 599
    admin._require(token, _request())
    clock.now += 601  # idle too long
    with pytest.raises(gr.Error):
        admin._require(token, _request())
    token = _login(admin, PASSWORD)[0]
    for _ in range(8):  # kept busy, it still ends after admin_session_max_s
        clock.now += 500
        try:
            admin._require(token, _request())
        except gr.Error:
            break
    else:
        pytest.fail("a session outlived admin_session_max_s")


@pytest.mark.integration
def test_feedback_export_only_behind_the_login(admin: AdminTab, bundled) -> None:
    answer = bundled.assistant.ask("南通冶金工程中级职称评审费多少？")
    admin.ctx.helpdesk.ratings.record(rating_of(answer, 2, reason="导出测试"))
    app = TestClient(create_app(admin.ctx))  # TestClient's client host is "testclient"
    temp_before = set(Path(tempfile.gettempdir()).glob("feedback-*"))
    with pytest.raises(gr.Error):
        admin.export_feedback(None, _request("testclient"))
    token = _login(admin, PASSWORD, host="testclient")[0]
    shown = admin.export_feedback(token, _request("testclient"))["value"]
    link = shown[shown.index("(") + 1:shown.index(")")]
    assert link.startswith("/admin/export/")
    assert set(Path(tempfile.gettempdir()).glob("feedback-*")) == temp_before  # nothing left in a temp folder
    assert app.get("/admin/export/guessed").status_code == 403
    r = app.get(link)
    assert r.status_code == 200 and "导出测试" in r.text
    assert r.headers["content-disposition"].startswith("attachment") and r.headers["cache-control"] == "no-store"
    assert app.get(link).status_code == 403  # one use
    other = admin.export_feedback(token, _request("testclient"))["value"]
    admin.logout(token)
    assert app.get(other[other.index("(") + 1:other.index(")")]).status_code == 403  # logout ends its links
