"""Request size limits: the JSON API's bodies, and the page's event calls (which carry the chat
history); gradio's file uploads have their own ``max_file_size``."""

from __future__ import annotations

import json


class BodyLimit:
    """ASGI middleware: a request under one of ``limits``' path prefixes whose body is larger than
    that prefix's byte limit gets 413, whether it declares its length or streams it in chunks."""

    def __init__(self, app, limits: dict[str, int]) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope, receive, send) -> None:
        limit = next((n for prefix, n in self.limits.items() if scope.get("path", "").startswith(prefix)), None)
        if scope["type"] != "http" or limit is None:
            return await self.app(scope, receive, send)
        await self._limited(limit, scope, receive, send)

    async def _limited(self, max_bytes: int, scope, receive, send) -> None:
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            return await _refuse(send, max_bytes)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _refuse(send, max_bytes)


async def _refuse(send, max_bytes: int) -> None:
    body = json.dumps({"detail": f"请求太大：最多 {max_bytes // 1024} KB。"}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
