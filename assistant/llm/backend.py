"""The chat model behind generated answers: LangChain ``ChatOpenAI`` at any OpenAI-compatible
endpoint (DeepSeek, Qwen/DashScope, a local vLLM, Ollama or llama.cpp server), or none."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from assistant.settings import LLMSettings

# local servers (vLLM, Ollama, llama.cpp) accept any key, but the client insists on one
NO_KEY = SecretStr("not-needed")


def make_chat_model(settings: LLMSettings) -> BaseChatModel | None:
    """A ChatOpenAI for ``settings``; None when no endpoint and model are configured (the default).

    Creating it opens no connection. Requests time out after ``timeout_s`` and are retried at most
    ``max_retries`` times, so a dead endpoint costs the applicant seconds, not minutes."""
    if not settings.enabled:
        return None
    assert settings.model is not None  # enabled: a model is set
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.base_url, model=settings.model, api_key=settings.api_key or NO_KEY,
        timeout=settings.timeout_s, max_retries=settings.max_retries, temperature=settings.temperature,
        # max_tokens, not the newer max_completion_tokens the client sends: every local server reads it
        extra_body={"max_tokens": settings.max_tokens},
    )
