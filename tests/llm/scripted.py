"""A scripted chat model for unit tests: replies are queued, requests are recorded.

Like simonw/llm's ``MockModel.enqueue``: each call takes the next reply (text, or an AIMessage with
tool calls); streaming cuts the text into small chunks so sentence-by-sentence release is exercised.
A reply may be a callable of the request's messages, to write an answer from the passages given; an
AIMessage's ``response_metadata`` (``finish_reason``) comes on a last chunk; an empty text streams no
chunk at all, as a server whose context overflowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

Reply = str | AIMessage | Exception | Callable[[list[BaseMessage]], str]


class ScriptedChatModel(BaseChatModel):
    replies: list[Any] = Field(default_factory=list)
    requests: list[list[BaseMessage]] = Field(default_factory=list)
    tools_offered: list[list[str]] = Field(default_factory=list)
    tool_choices: list[Any] = Field(default_factory=list)
    chunk_chars: int = 3

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def enqueue(self, *replies: Reply) -> ScriptedChatModel:
        self.replies.extend(replies)
        return self

    def bind_tools(self, tools, **kwargs):
        self.tools_offered.append([t.name for t in tools])
        self.tool_choices.append(kwargs.get("tool_choice"))
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.requests.append(list(messages))
        if not self.replies:
            raise AssertionError("the scripted model was asked more often than scripted")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            reply = reply(messages)
        return reply if isinstance(reply, AIMessage) else AIMessage(content=reply)

    def _generate(self, messages, stop=None, run_manager: CallbackManagerForLLMRun | None = None, **kw) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(self, messages, stop=None, run_manager=None, **kw) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages)
        if message.tool_calls:
            chunks = [{"name": c["name"], "args": json.dumps(c["args"], ensure_ascii=False),
                       "id": c["id"], "index": i} for i, c in enumerate(message.tool_calls)]
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))
            return
        text = message.text
        for i in range(0, len(text), self.chunk_chars):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text[i:i + self.chunk_chars]))
        if message.response_metadata:  # e.g. finish_reason "length", on a last empty chunk as servers send it
            yield ChatGenerationChunk(message=AIMessageChunk(content="", response_metadata=message.response_metadata))
