"""The model's context as a budget: the prompt, the tool schema and the answer must fit in it.

A server that overflows answers an empty completion (llama.cpp) or an error, so the prompt is sized
before it is sent: passages are dropped from the end (the least relevant) until the estimate fits
``context_tokens - max_tokens``. The estimate is deliberately high for an unknown tokenizer: Chinese
runs about 0.6–1.0 tokens a character in Qwen, Llama 3 and Gemma vocabularies (1.1 is counted), and
other text about 3–4 characters a token (3 is counted), plus a few tokens of framing per message.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence

from langchain_core.messages import BaseMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
CJK_TOKENS = 1.1  # per Chinese character or full-width mark
OTHER_CHARS = 3.0  # other characters per token
MESSAGE_TOKENS = 8  # role markers and separators of one chat message


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return math.ceil(cjk * CJK_TOKENS + (len(text) - cjk) / OTHER_CHARS)


def prompt_tokens(messages: Sequence[BaseMessage], tools: Sequence[BaseTool] = ()) -> int:
    """The estimated size of a request: its messages and the JSON schema of the tools offered."""
    schema = json.dumps([convert_to_openai_tool(t) for t in tools], ensure_ascii=False) if tools else ""
    return sum(estimate_tokens(m.text) + MESSAGE_TOKENS for m in messages) + estimate_tokens(schema)


class Overflow(ValueError):
    """Even the most relevant passage alone does not fit the model's context."""
