"""Security headers on every response: a Content-Security-Policy the gradio page works under, no
framing by other sites, and no content sniffing.

gradio's page needs inline scripts (its config is an inline ``<script>``) and inline styles, and
loads everything else from this origin; so scripts are ``'self' 'unsafe-inline'`` and no other host
is allowed anywhere. The OpenAPI browser at ``/api/docs`` loads Swagger UI from jsDelivr and gets
that one host added. A response that sets its own policy (a notice's original file: ``sandbox``)
keeps it.
"""

from __future__ import annotations

PAGE_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
DOCS_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
    "img-src 'self' data: https://fastapi.tiangolo.com",
    "object-src 'none'",
    "frame-ancestors 'none'",
])
DOWNLOAD_CSP = "default-src 'none'; sandbox"  # an original file is data, never a page that runs
DOCS_PATH = "/api/docs"
_FIXED = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
          (b"referrer-policy", b"same-origin")]


class SecurityHeaders:
    """ASGI middleware: adds the headers above to every HTTP response (replacing any the app set for
    framing and sniffing; keeping a Content-Security-Policy the app chose itself)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = (DOCS_CSP if scope.get("path") == DOCS_PATH else PAGE_CSP).encode()

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_security_headers(message.get("headers", []), policy)}
            await send(message)

        await self.app(scope, receive, sending)


def with_security_headers(headers, policy: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with the fixed security headers set, and ``policy`` unless a CSP is already there."""
    names = {name for name, _ in _FIXED}
    kept = [(k, v) for k, v in headers if k.lower() not in names]
    if not any(k.lower() == b"content-security-policy" for k, _ in kept):
        kept.append((b"content-security-policy", policy))
    return [*kept, *_FIXED]
