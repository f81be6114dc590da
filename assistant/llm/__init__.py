"""Generated answers from a language model, verified against the passages they cite.

Off unless ``ASSISTANT_LLM_BASE_URL`` and ``ASSISTANT_LLM_MODEL`` are set (:func:`make_generator`
returns None); the extractive answer stays the default and the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from langchain_core.tools import BaseTool

from assistant.llm.backend import make_chat_model
from assistant.llm.budget import Count, ServerTokens, estimate_tokens
from assistant.llm.generate import Generator, Request, wants_model
from assistant.llm.prompts import Prompts
from assistant.settings import LLMSettings

__all__ = ["Generator", "Request", "make_generator", "wants_model"]


def make_generator(settings: LLMSettings, tools: Callable[[], Sequence[BaseTool]] = lambda: (),
                   chat=None) -> Generator | None:
    """The generator for ``settings`` (or over ``chat``, a chat model given directly, e.g. a fake)."""
    chat = chat if chat is not None else make_chat_model(settings)
    if chat is None:
        return None
    return Generator(chat, settings.model or type(chat).__name__, Prompts.load(), settings, tools, _counter(settings))


def _counter(settings: LLMSettings) -> Count:
    """The server's tokenizer when it has one and the settings allow asking; else the estimate."""
    if not (settings.server_tokenizer and settings.base_url):
        return estimate_tokens
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return ServerTokens(settings.base_url, settings.model or "", key).count
