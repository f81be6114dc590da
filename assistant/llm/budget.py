"""The model's context as a budget: the prompt, the tool schema and the answer must fit in it.

A server that overflows answers an empty completion (llama.cpp) or an error, so the prompt is sized
before it is sent: passages are dropped from the end (the least relevant) until the estimate fits
``context_tokens - max_tokens``. The estimate is deliberately high for an unknown tokenizer: Chinese
runs about 0.6–1.0 tokens a character in Qwen, Llama 3 and Gemma vocabularies (1.1 is counted), and
other text about 3–4 characters a token (3 is counted), plus a few tokens of framing per message.
When the server exposes its tokenizer (llama.cpp's ``/tokenize``, vLLM's ``/tokenize``,
llama-cpp-python's ``/extras/tokenize/count``), :class:`ServerTokens` counts with the model's own.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import httpx
from langchain_core.messages import BaseMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
CJK_TOKENS = 1.1  # per Chinese character or full-width mark
OTHER_CHARS = 3.0  # other characters per token
MESSAGE_TOKENS = 8  # role markers and separators of one chat message
# Where servers count tokens (path below the server root, field holding the text): llama-cpp-python,
# then llama.cpp and vLLM (each reads its own field of the one body and ignores the other's).
TOKENIZE = (("extras/tokenize/count", "input"), ("tokenize", "content"))
PROBE_TEXT = "职称评审 tokens"

Count = Callable[[str], int]
log = logging.getLogger(__name__)


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return math.ceil(cjk * CJK_TOKENS + (len(text) - cjk) / OTHER_CHARS)


def prompt_tokens(messages: Sequence[BaseMessage], tools: Sequence[BaseTool] = (), count: Count = estimate_tokens) -> int:
    """The size of a request: its messages and the JSON schema of the tools offered."""
    schema = json.dumps([convert_to_openai_tool(t) for t in tools], ensure_ascii=False) if tools else ""
    return sum(count(m.text) + MESSAGE_TOKENS for m in messages) + (count(schema) if schema else 0)


class ServerTokens:
    """Token counts from the model server's own tokenizer, found by asking once; the estimate when
    the server has none (a hosted API), or when a count fails (it is never worse than not knowing)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout_s: float = 2.0) -> None:
        self.root = re.sub(r"/v1/?$", "", base_url.rstrip("/")) + "/"
        self.model, self.timeout_s = model, timeout_s
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.endpoint: tuple[str, str] | None = None
        self.probed = False
        self.count = lru_cache(maxsize=256)(self._count)

    def _count(self, text: str) -> int:
        if not self.probed:
            self.probed, self.endpoint = True, self._find()
        if self.endpoint is not None:
            try:
                return self._ask(self.endpoint, text)
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("token count from the server failed (%s); using the estimate", type(exc).__name__)
        return estimate_tokens(text)

    def _find(self) -> tuple[str, str] | None:
        for endpoint in TOKENIZE:
            try:
                self._ask(endpoint, PROBE_TEXT)
                log.info("counting prompt tokens with the server's %s", endpoint[0])
                return endpoint
            except (httpx.HTTPError, ValueError):
                continue
        return None

    def _ask(self, endpoint: tuple[str, str], text: str) -> int:
        path, field = endpoint
        body = {field: text, "prompt": text, "model": self.model, "add_special": False}
        reply = httpx.post(self.root + path, json=body, headers=self.headers, timeout=self.timeout_s)
        reply.raise_for_status()
        return _tokens_in(reply.json())


def _tokens_in(body: object) -> int:
    """The count a tokenize reply gives: ``{"count": n}`` or ``{"tokens": [...]}``."""
    if isinstance(body, dict) and isinstance(body.get("count"), int):
        return body["count"]
    if isinstance(body, dict) and isinstance(body.get("tokens"), list):
        return len(body["tokens"])
    raise ValueError("not a tokenize reply")


class Overflow(ValueError):
    """Even the most relevant passage alone does not fit the model's context."""
