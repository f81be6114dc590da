"""Instructions hidden in a question ("忽略以上所有指令…", "你现在是…") are not questions.

The extractive answerer follows no instructions at all, but their words would still be searched
for and could make a real question look unanswerable; the clauses that carry them are removed and
the rest of the question is answered. Notice text is only ever quoted, never obeyed.
"""

from __future__ import annotations

import re

from assistant.text.sentences import ANY_ENDS, split_line

_INSTRUCTION = re.compile(
    r"忽略.{0,12}(指令|指示|规则|设定|要求|提示)|你现在是|现在你是|扮演|假装你|不要再?遵守"
    r"|(输出|显示|打印|告诉我|泄露|重复).{0,8}(系统提示|提示词|系统指令|系统消息|prompt)"
    r"|ignore\s+(all|any|the|previous|above)|system\s+prompt|you\s+are\s+now|disregard\s+.{0,20}instructions",
    re.I,
)
_CLAUSE = re.compile(r"[^，。！？；,.!?;\n]+[，。！？；,.!?;\n]?")
_PHRASE = re.compile(r"[^，。！？；,.!?;\n：:～~]+[，。！？；,.!?;\n：:～~]*")


def is_instruction(text: str) -> bool:
    """The text gives the assistant orders ("忽略以上所有指令…", "你现在是…"): a notice sentence like
    that is data someone planted, never a fact to quote."""
    return bool(_INSTRUCTION.search(text))




def drop_instructions(line: str) -> str:
    """A line of notice text without the sentences in it that give orders: they are not the notice's
    content, so they are neither indexed, retrieved nor quoted."""
    if not is_instruction(line):
        return line
    return "".join(s for s in split_line(line, ANY_ENDS) if not is_instruction(s)).strip()


def strip_instructions(question: str) -> tuple[str, list[str]]:
    """The question without clauses that give the assistant orders, and the clauses removed."""
    kept: list[str] = []
    removed: list[str] = []
    for clause in _CLAUSE.findall(question):
        (removed if _INSTRUCTION.search(clause) else kept).append(clause)
    return "".join(kept).strip(), [c.strip() for c in removed]


def strip_pleasantries(question: str, pleasantries: list[str]) -> str:
    """Drop clauses made only of greetings and thanks (你好，麻烦问一下，…谢谢！)."""
    words = sorted(pleasantries, key=len, reverse=True)
    kept = []
    for clause in _PHRASE.findall(question):
        rest = re.sub(r"[，。！？；,.!?;\n～~：:\s]", "", clause)
        for word in words:
            rest = rest.replace(word, "")
        if rest:
            kept.append(clause)
    return "".join(kept).strip() or question
