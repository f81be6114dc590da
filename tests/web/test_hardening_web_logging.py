"""Issue 12, hole 4 (personal data in the log): access lines without bodies, errors without messages,
a volume guard, refused admin calls without tracebacks, and a whole bad-input run against
``python app.py`` whose log and data directory must not hold a name or ID number from any request."""

from __future__ import annotations

import io
import json
import logging
import random
import string
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.web.admin import AdminTab
from assistant.web.context import WebContext
from assistant.web.server import create_app

LOGGER = "assistant.web"  # the web app's logger (assistant.web.logs)
NAME, ID_NUMBER = "李四海", "110101198001015678"
PERSONAL = f"我叫{NAME}，身份证号{ID_NUMBER}，本科"


@pytest.fixture
def web_log() -> Iterator[io.StringIO]:
    """Everything the ``assistant.web`` loggers write (tracebacks included, if any were logged)."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    yield out
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def client(bundled) -> TestClient:
    return TestClient(create_app(WebContext.of(bundled.assistant)))


@pytest.mark.unit
def test_an_exception_is_summarised_without_its_message() -> None:
    from assistant.web.logs import exception_summary

    try:
        try:
            raise ValueError(PERSONAL)
        except ValueError as inner:
            raise TypeError(f"wrapped {inner}") from inner
    except TypeError as exc:
        summary = exception_summary(exc)
    assert "TypeError ← ValueError" in summary and "test_hardening_web_logging.py" in summary
    assert NAME not in summary and ID_NUMBER not in summary


@pytest.mark.unit
def test_the_volume_guard_cuts_a_burst_and_reports_the_count() -> None:
    from assistant.web.logs import VolumeGuard

    now = [0.0]
    guard = VolumeGuard(burst=3, window_s=60, clock=lambda: now[0])

    def record() -> logging.LogRecord:
        return logging.LogRecord(LOGGER, logging.ERROR, __file__, 1, "boom at %s", ("x",), None)

    passed = [guard.filter(record()) for _ in range(1000)]
    assert sum(passed) == 3
    now[0] = 61
    late = record()
    assert guard.filter(late) and "省略 997 条" in late.msg
    info = logging.LogRecord(LOGGER, logging.INFO, __file__, 1, "served", (), None)
    assert all(guard.filter(info) for _ in range(100))  # ordinary access lines are never cut


@pytest.mark.unit
def test_gradio_event_errors_are_logged_as_a_summary(web_log: io.StringIO, capsys: pytest.CaptureFixture) -> None:
    import gradio.queueing

    from assistant.web.logs import quiet_gradio_tracebacks

    quiet_gradio_tracebacks()
    try:
        raise ValueError(PERSONAL * 100)
    except ValueError:
        gradio.queueing.traceback.print_exc()  # what gradio does with a failed event
    logged = web_log.getvalue() + capsys.readouterr().err
    assert "ValueError" in logged and NAME not in logged and ID_NUMBER not in logged
    assert len(logged) < 1000


@pytest.mark.integration
def test_bad_input_gives_a_4xx_and_the_log_holds_no_personal_data(client, web_log: io.StringIO,
                                                                    capsys: pytest.CaptureFixture) -> None:
    bad = PERSONAL + "\ud800"
    for path, body in (("/api/assess", {"text": bad}), ("/api/ask", {"question": bad}),
                       ("/api/ask/stream", {"question": bad}), ("/api/assess", {"profile": {"target_title": bad}})):
        r = client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
        assert r.status_code == 422, path
    r = client.post("/api/ask", json={"question": 5, "history": [{"role": NAME, "content": ID_NUMBER}]})
    assert r.status_code == 422 and "history" in r.json()["detail"]
    logged = web_log.getvalue() + capsys.readouterr().err
    assert "422" in logged and "/api/ask" in logged
    assert NAME not in logged and ID_NUMBER not in logged


@pytest.mark.integration
def test_access_line_has_id_route_status_and_time_only(client, web_log: io.StringIO) -> None:
    rid = "req-" + "".join(random.choices(string.ascii_lowercase, k=10))  # no digit run: see the next test
    r = client.post("/api/assess", json={"text": PERSONAL}, headers={"x-request-id": rid})
    assert r.status_code == 200 and r.headers["x-request-id"] == rid
    line = next(x for x in web_log.getvalue().splitlines() if rid in x)
    assert "POST /api/assess 200" in line and line.rstrip().endswith("ms")
    assert NAME not in web_log.getvalue() and ID_NUMBER not in web_log.getvalue()
    assert client.get(f"/notice/{ID_NUMBER}").status_code == 404
    assert ID_NUMBER not in web_log.getvalue()  # a path is logged as its route template


@pytest.mark.integration
def test_a_client_request_id_holding_a_long_digit_run_is_replaced(client, web_log: io.StringIO) -> None:
    r = client.post("/api/assess", json={"text": "x"}, headers={"x-request-id": "ab" + ID_NUMBER})
    assert r.status_code == 200 and ID_NUMBER not in r.headers["x-request-id"]
    assert ID_NUMBER not in web_log.getvalue()


@pytest.mark.unit
def test_an_unexpected_exception_becomes_a_plain_500_and_a_summary_line(web_log: io.StringIO,
                                                                        capsys: pytest.CaptureFixture) -> None:
    from fastapi import FastAPI

    from assistant.web.logs import AccessLog, configure_logging

    configure_logging()  # as create_app does: access lines at INFO
    app = FastAPI()

    @app.post("/boom")
    async def boom(body: dict) -> dict:
        raise ValueError(f"cannot handle {body}")

    app.add_middleware(AccessLog)
    r = TestClient(app).post("/boom", json={"text": PERSONAL})
    assert r.status_code == 500 and "X-Request-ID" in r.json()["detail"] and r.headers["x-request-id"]
    logged = web_log.getvalue() + capsys.readouterr().err
    assert "ValueError" in logged and "POST /boom 500" in logged
    assert NAME not in logged and ID_NUMBER not in logged and "Traceback" not in logged


@pytest.mark.integration
def test_a_failing_stream_ends_with_an_error_line(client, bundled, monkeypatch: pytest.MonkeyPatch,
                                                  web_log: io.StringIO) -> None:
    def failing(question, notice=None, history=None, **kw):
        yield "正在"
        raise RuntimeError(f"bad input {question}")

    monkeypatch.setattr(bundled.assistant, "stream", failing)
    with client.stream("POST", "/api/ask/stream", json={"question": PERSONAL}) as r:
        events = [json.loads(line) for line in r.iter_lines() if line]
    assert events[0] == {"delta": "正在"} and "error" in events[-1]
    assert "RuntimeError" in web_log.getvalue() and ID_NUMBER not in web_log.getvalue()


@pytest.mark.integration
def test_a_refused_admin_call_prints_no_traceback(bundled) -> None:
    tab = AdminTab(WebContext.of(bundled.assistant))
    tab._password = "pw"
    with pytest.raises(gr.Error) as refused:
        tab.delete("000_0c0ecf8262729fd8", None)
    assert refused.value.print_exception is False
    with pytest.raises(gr.Error) as refused:
        tab.export_feedback("a-guessed-token", SimpleNamespace(client=SimpleNamespace(host="10.0.0.9")))
    assert refused.value.print_exception is False


# ---------------------------------------------------------------------------- against app.py


def _event_fn(server: str, elem_id: str) -> int:
    """The page's event that takes the chat box as its first input (the send button's)."""
    config = httpx.get(server + "/config", timeout=30).json()
    ids = {c["id"]: c["props"].get("elem_id") for c in config["components"]}
    return next(i for i, d in enumerate(config["dependencies"]) if d["inputs"] and ids.get(d["inputs"][0]) == elem_id)


def _page_event(server: str, fn: int, data: list) -> int:
    """Send one page event (as the browser's gradio client does) and wait for it to finish."""
    session = uuid.uuid4().hex[:11]
    body = json.dumps({"data": data, "fn_index": fn, "session_hash": session, "event_data": None, "trigger_id": None})
    r = httpx.post(server + "/gradio_api/queue/join", content=body, headers={"content-type": "application/json"},
                   timeout=120)
    if r.status_code == 200:
        with httpx.stream("GET", server + f"/gradio_api/queue/data?session_hash={session}", timeout=120) as stream:
            for line in stream.iter_lines():
                if "process_completed" in line or "unexpected_error" in line:
                    break
    return r.status_code


def _bad_bodies() -> list[tuple[str, bytes]]:
    bad_text = json.dumps(PERSONAL + "\ud800")  # the JSON escape of a lone surrogate
    return [
        ("/api/assess", f'{{"text": {bad_text}}}'.encode()),
        ("/api/ask", f'{{"question": {bad_text}}}'.encode()),
        ("/api/ask/stream", f'{{"question": {bad_text}}}'.encode()),
        ("/api/ask", json.dumps({"question": PERSONAL + "\x00"}).encode()),
        ("/api/assess", f'{{"text": "{PERSONAL}", "profile": {{"years_in_title": NaN}}}}'.encode()),
        ("/api/assess", f'{{"text": "{PERSONAL}", "profile": {{"years_in_title": -Infinity}}}}'.encode()),
        ("/api/ask", f'{{"question": "{PERSONAL}"}}'.encode("gbk")),  # not UTF-8
        ("/api/ask", b'{"question": ' + b"[" * 5000 + json.dumps(PERSONAL).encode() + b"]" * 5000 + b"}"),
        ("/api/ask", json.dumps({"question": PERSONAL, "history": [{"role": NAME, "content": 1}]}).encode()),
    ]


def _history(turns: int, content) -> list:
    """A chat of ``turns`` turns as the page's chatbot sends it (or, with a dict content, malformed)."""
    reply = [{"type": "text", "text": "好"}]
    return [m for _ in range(turns) for m in ({"role": "user", "content": content}, {"role": "assistant", "content": reply})]


@pytest.mark.integration
def test_after_every_bad_input_no_name_or_id_is_in_the_log_or_data(server: str, server_data: Path) -> None:
    log_file = server_data / "server.log"
    before = log_file.stat().st_size
    for path, body in _bad_bodies():
        r = httpx.post(server + path, content=body, headers={"content-type": "application/json"}, timeout=60)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
    chunked = httpx.post(server + "/api/ask", content=iter([b'{"question": "' + PERSONAL.encode() * 2000] * 10),
                         headers={"content-type": "application/json"}, timeout=60)
    assert chunked.status_code == 413
    fn = _event_fn(server, "question")
    malformed = _history(8600, {"bad": PERSONAL})  # about 1.8 MB as sent, every message malformed
    assert 1_700_000 < len(json.dumps(malformed)) < 2_000_000
    _page_event(server, fn, [PERSONAL, malformed, "全部地区", "全部通知", None])
    assert _page_event(server, fn, [PERSONAL + "\ud800", [], "全部地区", "全部通知", None]) == 422
    _page_event(server, fn, [PERSONAL, _history(5000, [{"type": "text", "text": PERSONAL}]), "全部地区", "全部通知", None])  # well formed
    admin_fn = _event_fn(server, "admin-delete-id")
    assert _page_event(server, admin_fn, ["000_0c0ecf8262729fd8", None]) == 200  # refused: not logged in

    log = log_file.read_text(encoding="utf-8", errors="replace")
    ours = log_file.read_bytes()[before:].decode("utf-8", errors="replace")
    assert "Traceback" not in ours and "Exception in ASGI application" not in ours
    assert len(ours) < 20_000, "the log grew with the requests' size"
    for needle in (NAME, ID_NUMBER):
        assert needle not in log, needle
        holders = [p for p in server_data.rglob("*") if p.is_file() and p.name != "server.log"
                   and needle.encode() in p.read_bytes()]
        assert not holders, (needle, holders)
