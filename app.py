"""The product on the embedded defaults: local Chroma, the bundled notices, no LLM unless configured.

Run ``python app.py`` (or ``make run``) and open http://127.0.0.1:7860 — the applicant chat, the
helpdesk copilot, the assessment form and (with ``ASSISTANT_ADMIN_PASSWORD`` set) the knowledge admin
tab; the JSON API is under ``/api`` (OpenAPI at ``/api/openapi.json``).
"""

from __future__ import annotations

import os

from assistant.index.chroma import StoreUnavailableError
from assistant.index.store import ModelMismatchError
from assistant.models import IngestResult
from assistant.pipeline import Assistant
from assistant.web.context import WebContext
from assistant.web.server import create_app


def _report(result: IngestResult) -> None:
    print(f"{result.status:<9} {os.path.basename(result.path)}", flush=True)
    if result.status == "error":
        print(f"  {result.message}", flush=True)


def make_app(assistant: Assistant | None = None):
    """The ASGI app over an assistant whose notices (bundled and uploaded) are indexed."""
    ctx = WebContext.of(assistant or Assistant())
    ctx.library.sync(_report)
    return create_app(ctx)


def main() -> None:
    import uvicorn

    assistant = Assistant()
    try:
        app = make_app(assistant)
    except (ModelMismatchError, StoreUnavailableError) as err:  # another model's index, or no server: say what to do
        raise SystemExit(f"错误：{err}") from None
    web = assistant.settings.web
    print(f"职称政策助手已启动：http://{web.host}:{web.port}", flush=True)
    # X-Forwarded-For is believed only from ASSISTANT_WEB__TRUSTED_PROXIES (create_app), not uvicorn's 127.0.0.1 default
    uvicorn.run(app, host=web.host, port=web.port, log_level="warning", proxy_headers=False)


if __name__ == "__main__":
    main()
