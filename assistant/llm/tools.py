"""Tool calls the model makes: only offered tools, only with facts the applicant stated."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import ToolCall
from langchain_core.tools import BaseTool

from assistant.answer.faithfulness import norm
from assistant.text.numerals import numbers_in

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


class ToolCallRejected(ValueError):
    """The model asked for a tool that was not offered, or filled it with facts nobody stated."""


def unstated_numbers(args: dict, said: str) -> list[str]:
    """Numbers in the tool's arguments (years, dates) that the applicant never wrote."""
    stated = numbers_in(norm(said))
    out = []
    for key, value in args.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, bool) or v is None:
                continue
            nums = [float(v)] if isinstance(v, int | float) else [float(x) for x in _DIGITS.findall(str(v))]
            out += [f"{key}={v}" for n in nums if n not in stated][:1]
    return out


def run_tool(call: ToolCall, tools: Sequence[BaseTool], said: str):
    """Run the model's call and return the tool's artifact (content_and_artifact tools)."""
    tool = next((t for t in tools if t.name == call["name"]), None)
    if tool is None:
        raise ToolCallRejected(f"模型调用了未提供的工具 {call['name']}")
    invented = unstated_numbers(call["args"], said)
    if invented:
        raise ToolCallRejected(f"工具参数中有申报人没有说过的数字：{'、'.join(invented)}")
    message = tool.invoke({**call, "type": "tool_call"})
    return message.artifact
