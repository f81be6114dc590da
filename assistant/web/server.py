"""One ASGI app: the JSON API and notice pages first, the gradio page mounted at ``/``.

Every request passes, outermost first: uvicorn's ``ProxyHeadersMiddleware`` only when
``web.trusted_proxies`` is set (the client named by a trusted proxy's ``X-Forwarded-For``),
:class:`AccessLog` (request id, route, status, time; any exception becomes a plain 500 and a summary
line), :class:`SecurityHeaders` (CSP, no framing, nosniff), :class:`RateLimitMiddleware` (429 for a
client over its budget of questions or assessments), :class:`RequestGuard` (size, encoding, NUL,
lone surrogates, NaN/Infinity, nesting depth of the API's bodies and the page's event calls).
"""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from assistant.web.api import add_api
from assistant.web.context import WebContext
from assistant.web.headers import SecurityHeaders
from assistant.web.limits import RequestGuard
from assistant.web.logs import AccessLog, configure_logging, quiet_gradio_tracebacks
from assistant.web.page import CSS, build_page
from assistant.web.ratelimit import RateLimitMiddleware

API_DESCRIPTION = """职称政策助手的 JSON 接口，供客服系统调用。

* `POST /api/ask`：回答一个问题，返回答案、编号出处、是否拒答（通知未写明）和检索到的段落；
* `POST /api/ask/stream`：同上，NDJSON 流式返回；
* `POST /api/assess`：个人申报资格评估（输入不记录日志）；
* `GET /api/notices`：已收录的通知。

每个客户端每分钟的提问（两个 ask 接口合计）与评估次数有上限；超出时返回 429，`Retry-After` 头给出需等待的秒数。
"""


def create_app(ctx: WebContext) -> FastAPI:
    app = FastAPI(title="职称政策助手 API", version="1.0", description=API_DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    configure_logging()
    quiet_gradio_tracebacks()
    add_api(app, ctx)
    web = ctx.settings.web
    app.add_middleware(RequestGuard, max_depth=web.max_json_depth, limits={  # added first: innermost
        "/api/": web.max_request_kb * 1024,
        **{f"/gradio_api/{route}/": web.max_event_kb * 1024 for route in ("queue", "run", "call")},
    })
    app.add_middleware(RateLimitMiddleware, limits=ctx.limits)  # before the body is read
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog, enabled=web.access_log)
    if web.trusted_proxies:  # added last: outermost, so that every layer and handler sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=web.trusted_proxies)
    page = build_page(ctx)
    page.queue(default_concurrency_limit=8, max_size=200)
    return gr.mount_gradio_app(
        app, page, path="/", css=CSS, max_file_size=f"{ctx.settings.max_file_mb:g}mb",
        allowed_paths=[], show_error=True, footer_links=[], enable_monitoring=False, mcp_server=False,
        ssr_mode=False, pwa=False,
    )
