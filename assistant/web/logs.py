"""The web app's log: one access line per request, and errors told without the words that caused them.

Applicants write their names, ID numbers and circumstances into questions and assessments, so
nothing here ever writes a request body, a form value or an exception's message (which often
quotes its input, as pydantic's do). An exception is logged as its type chain and where it was
raised — enough to find the bug, nothing about the person. A burst of the same error (an attacker
repeating one bad request) is cut down to a few lines and a count, so the log cannot be flooded.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
import types
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LOGGER = "assistant.web"
ACCESS = f"{LOGGER}.access"
REQUEST_ID = "assistant.request_id"  # the ASGI scope key where AccessLog leaves the request id
MAX_LINE = 800  # characters: a log line is never a dump, whatever it is given
_HANDLER_NAME = "assistant-web-stderr"
_PROJECT = Path(__file__).resolve().parents[2]


class VolumeGuard(logging.Filter):
    """Passes at most ``burst`` records of one kind per ``window_s``; then reports how many it dropped.

    A record's kind is its ``dedup`` attribute when given (an exception summary, a status code), else
    its logger and message template. Only warnings and worse, and records that carry ``dedup``, are
    counted: ordinary access lines of served requests always pass.
    """

    def __init__(self, burst: int = 5, window_s: float = 60.0, clock=time.monotonic) -> None:
        super().__init__()
        self.burst, self.window_s, self.clock = burst, window_s, clock
        self._seen: dict[tuple, tuple[float, int, int]] = {}  # kind → (window start, passed, dropped)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and not hasattr(record, "dedup"):
            return True
        kind = (record.name, getattr(record, "dedup", None) or record.msg)
        now = self.clock()
        start, passed, dropped = self._seen.get(kind, (now, 0, 0))
        if now - start >= self.window_s:
            if dropped:
                record.msg = f"{record.msg}（此前 {self.window_s:g} 秒内同类记录省略 {dropped} 条）"
            start, passed, dropped = now, 0, 0
        if passed >= self.burst:
            self._seen[kind] = (start, passed, dropped + 1)
            return False
        self._seen[kind] = (start, passed + 1, dropped)
        if len(self._seen) > 10_000:  # many distinct kinds: forget the oldest windows
            self._forget(now)
        return True

    def _forget(self, now: float) -> None:
        for kind in [k for k, (start, _, _) in self._seen.items() if now - start >= self.window_s]:
            del self._seen[kind]


class ShortFormatter(logging.Formatter):
    """One line per record, cut at MAX_LINE, with no traceback text (exc_info is summarised, not printed)."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.msg} [{exception_summary(record.exc_info[1])}]"
            record.exc_info, record.exc_text = None, None
        line = super().format(record).replace("\n", " ")
        return line if len(line) <= MAX_LINE else line[:MAX_LINE] + "…"


def configure_logging(level: int = logging.INFO) -> logging.Logger:
    """The ``assistant.web`` logger on stderr with the volume guard; safe to call more than once.

    It does not propagate, so a host's root handler (or uvicorn's) never sees these records twice.
    """
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level)
    logger.propagate = False
    if not any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(ShortFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.addFilter(VolumeGuard())
        logger.addHandler(handler)
    return logger


def _where(frame: traceback.FrameSummary) -> str:
    parts = Path(frame.filename).parts
    if "site-packages" in parts:  # a library: from its package on
        shown = "/".join(parts[parts.index("site-packages") + 1:])
    else:
        try:
            shown = str(Path(frame.filename).resolve().relative_to(_PROJECT))
        except ValueError:
            shown = "/".join(parts[-2:])
    return f"{shown}:{frame.lineno} {frame.name}"


def _chain(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def exception_summary(exc: BaseException, frames: int = 3) -> str:
    """``TypeError ← ValidationError at assistant/web/api.py:120 ask; …``: types and places, never the message.

    Messages are left out on purpose: a ``UnicodeEncodeError`` or a pydantic error quotes the
    request's text, and that text may be an applicant's name and ID number.
    """
    types_ = " ← ".join(type(e).__name__ for e in _chain(exc))
    stack = traceback.extract_tb(exc.__traceback__)[-frames:] if exc.__traceback__ else []
    where = "; ".join(_where(f) for f in stack)
    return f"{types_} at {where}" if where else types_


def log_exception(where: str, exc: BaseException, logger: logging.Logger | None = None) -> None:
    """An error line without the request's words, de-duplicated by its type and place."""
    summary = exception_summary(exc)
    (logger or logging.getLogger(LOGGER)).error("%s: %s", where, summary, extra={"dedup": summary})


class _SummaryTraceback(types.ModuleType):
    """Stands in for the ``traceback`` module inside gradio: ``print_exc`` logs a summary.

    gradio prints the full traceback of any failed event with ``traceback.print_exc()``, and a failed
    event is often a validation error that quotes the whole input (a 1.8 MB chat history repeated an
    ID number 27,000 times). Everything else is the real module.
    """

    def __init__(self) -> None:
        super().__init__("traceback")

    def print_exc(self, *args: Any, **kwargs: Any) -> None:
        exc = sys.exc_info()[1]
        if exc is not None:
            log_exception("页面事件出错", exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)


_GRADIO_MODULES = ("gradio.queueing", "gradio.routes", "gradio.route_utils", "gradio.utils")


def quiet_gradio_tracebacks() -> None:
    """Make gradio's event errors go through :func:`log_exception` instead of stderr tracebacks.

    This replaces the ``traceback`` name in a few gradio modules (an implementation detail of
    gradio, checked here: a module that no longer has it is left alone), because gradio offers no
    setting for it; ``gr.Error(print_exception=False)`` only covers errors raised on purpose.
    """
    shim = _SummaryTraceback()
    for name in _GRADIO_MODULES:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "traceback", None) is traceback:
            module.traceback = shim  # type: ignore[attr-defined]


_DIGIT_RUN = re.compile(r"\d{6,}")  # an ID card, phone or account number is never shown


def _safe_token(value: str, limit: int = 64) -> bool:
    return (0 < len(value) <= limit and all(c.isascii() and (c.isalnum() or c in "-_.") for c in value)
            and not _DIGIT_RUN.search(value))


def route_of(scope: dict) -> str:
    """The matched route's template (``/notice/{notice_id}``) or, before routing (a refused body) or
    for no route, the path with every segment that is not a short plain token (no long digit runs)
    shown as …: a path can carry whatever a client typed into it."""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str) and template:
        return template
    segments = str(scope.get("path", "")).split("/")[1:]
    return "/" + "/".join(s if _safe_token(s, 40) else "…" for s in segments[:6]) + ("/…" if len(segments) > 6 else "")


class AccessLog:
    """ASGI middleware, outermost: one line per request (id, method, route, status, milliseconds), and
    the last stop for any exception, which becomes a plain 500 and a summary line instead of the
    server's own traceback (which would quote the request).

    The request id is the client's ``X-Request-ID`` when it is a short safe token, else a new one;
    it is sent back in the response so a helpdesk can quote it.
    """

    def __init__(self, app, enabled: bool = True) -> None:
        self.app, self.enabled = app, enabled
        self.logger = logging.getLogger(ACCESS)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = scope[REQUEST_ID] = _request_id(scope)
        began, state = time.perf_counter(), {"status": 0, "done": False}

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                state["done"] = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # noqa: BLE001 - the last stop: logged as a summary, answered with 500
            log_exception(f"rid={rid} {scope.get('method')} {route_of(scope)}", exc)
            if not state["status"]:
                await _plain_500(sending)
        self._line(rid, scope, state, began)

    def _line(self, rid: str, scope: dict, state: dict, began: float) -> None:
        if not self.enabled:
            return
        status, ms = state["status"], (time.perf_counter() - began) * 1000
        extra = {"dedup": f"status {status}"} if status >= 400 or not status else {}
        cut = "" if state["done"] else " (cut)"
        self.logger.info("rid=%s %s %s %s %.0fms%s", rid, scope.get("method"), route_of(scope), status, ms, cut,
                         extra=extra)


def _request_id(scope: dict) -> str:
    given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
    return given if _safe_token(given) else uuid.uuid4().hex[:16]


async def _plain_500(send) -> None:
    body = json.dumps({"detail": "服务器内部错误，请稍后再试；如一再出现，请把响应头中的 X-Request-ID 告诉管理员。"},
                      ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 500,
                "headers": [(b"content-type", b"application/json; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})
