"""Request limits and sanitation, before any validation: size, encoding, and the characters and numbers
no field may hold. The JSON API's bodies and the page's event calls (which carry the chat history)
are read whole (up to their limit) and checked here; gradio's file uploads have their own
``max_file_size``.

Why before validation: pydantic and gradio quote a bad value in their errors, and a lone surrogate
(``"\\ud800"``) cannot even be written back out as UTF-8, which turned a wrong character into a 500
with the applicant's text in the traceback. Here every refusal is a 4xx with a Chinese message that
names the field, never the value.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from assistant.web.logs import LOGGER, REQUEST_ID

_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
_BODY_METHODS = {"POST", "PUT", "PATCH"}


@dataclass(frozen=True)
class Refusal:
    """Why a body is refused: the HTTP status, a message for the client, a short kind for the log."""

    status: int
    detail: str
    kind: str


class _NonFinite(str):
    """Stands in for NaN/Infinity while parsing, so the walk can name the field that held it."""


def _constant(name: str) -> _NonFinite:
    return _NonFinite(name)


def _number(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)  # 1e400 parses to inf


def inspect_json(body: bytes, max_depth: int) -> Refusal | None:
    """None when ``body`` is UTF-8 JSON with finite numbers, no NUL, no lone surrogate, and nesting of
    at most ``max_depth``; else the refusal to send."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        return Refusal(400, f"请求正文不是有效的 UTF-8 编码（第 {err.start + 1} 个字节有误）：请以 UTF-8 发送 JSON。",
                       "utf8")
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_number)
    except RecursionError:
        return _too_deep(max_depth)
    except json.JSONDecodeError as err:
        return Refusal(400, f"请求正文不是有效的 JSON（第 {err.lineno} 行第 {err.colno} 列附近）。", "json")
    return _walk(value, max_depth)


def _too_deep(max_depth: int) -> Refusal:
    return Refusal(422, f"请求的 JSON 嵌套太深：最多 {max_depth} 层。", "depth")


def _walk(value: Any, max_depth: int) -> Refusal | None:
    """Every string (keys too) and number, iteratively: a deep body cannot exhaust the stack here."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, (dict, list)) and depth > max_depth:
            return _too_deep(max_depth)
        if isinstance(item, dict):
            for key, child in item.items():
                where = _join(path, key)
                if refusal := _check_text(key, where):
                    return refusal
                stack.append((child, depth + 1, where))
        elif isinstance(item, list):
            stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(item))
        elif isinstance(item, _NonFinite):
            return Refusal(422, f"字段 {path or '（正文）'} 的数字不能是 NaN 或 ±Infinity：请填写有限的数值，或省略该字段。",
                           "non_finite")
        elif isinstance(item, str) and (refusal := _check_text(item, path)):
            return refusal
    return None


def _join(path: str, key: str) -> str:
    shown = key if key.isascii() and key.isidentifier() and len(key) <= 40 else "…"
    return f"{path}.{shown}" if path else shown


def _check_text(text: str, path: str) -> Refusal | None:
    found = _BAD_CHAR.search(text)
    if found is None:
        return None
    field = path or "（正文）"
    if found.group() == "\x00":
        return Refusal(422, f"字段 {field} 含有空字符（\\u0000）：请删除后再提交。", "nul")
    return Refusal(422, f"字段 {field} 含有无效的 Unicode 字符（不成对的代理项，如 \\ud800）：请检查文本的编码后再提交。",
                   "surrogate")


class RequestGuard:
    """ASGI middleware for the paths in ``limits`` (prefix → byte limit): a body over its limit gets
    413, whether it declares its length or streams it in chunks; a body that is not clean JSON gets
    the :class:`Refusal` of :func:`inspect_json`. A clean body is handed on unchanged."""

    def __init__(self, app, limits: dict[str, int], max_depth: int = 32) -> None:
        self.app, self.limits, self.max_depth = app, limits, max_depth
        self.logger = logging.getLogger(LOGGER)

    async def __call__(self, scope, receive, send) -> None:
        limit = next((n for prefix, n in self.limits.items() if scope.get("path", "").startswith(prefix)), None)
        if scope["type"] != "http" or limit is None:
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._refuse(scope, send, _too_large(limit))
        if scope.get("method") not in _BODY_METHODS:
            return await self.app(scope, receive, send)
        body = await _read(receive, limit)
        if body is _GONE:
            return None  # the client went away before sending its whole body
        if body is None:
            return await self._refuse(scope, send, _too_large(limit))
        refusal = inspect_json(body, self.max_depth) if body.strip() else None
        if refusal is not None:
            return await self._refuse(scope, send, refusal)
        await self.app(scope, _replay(body, receive), send)

    async def _refuse(self, scope, send, refusal: Refusal) -> None:
        self.logger.warning("rid=%s refused %s: %s", scope.get(REQUEST_ID, "-"), refusal.status, refusal.kind,
                            extra={"dedup": f"refused {refusal.kind}"})
        body = json.dumps({"detail": refusal.detail}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": refusal.status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8")]})
        await send({"type": "http.response.body", "body": body})


def _too_large(max_bytes: int) -> Refusal:
    return Refusal(413, f"请求太大：最多 {max_bytes // 1024} KB。", "size")


_GONE = b"\x00gone"  # a marker object (compared by identity): the client disconnected


async def _read(receive, max_bytes: int) -> bytes | None:
    """The whole body, or None as soon as it passes ``max_bytes`` (the rest is never buffered)."""
    chunks: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return _GONE
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > max_bytes:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes, receive) -> Callable[[], Awaitable[dict]]:
    """A ``receive`` that gives the buffered body once, then waits on the real one (for disconnects)."""
    given = False

    async def replayed() -> dict:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
