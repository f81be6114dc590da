"""Splitting text into sentences: the one splitter for notices, questions and a model's answers.

A sentence ends at 。！？； (and, for text typed by people or models, at !?;) outside brackets and
quotes, so that "（一式两份。）" or "《…；…》" stay inside their sentence. Table rows (cells joined
by ｜) and lines are never joined.
"""

from __future__ import annotations

import re

NOTICE_ENDS = "。！？；"
ANY_ENDS = "。！？；!?;"
_OPEN, _CLOSE = "（(《“", "）)》”"
CITATION_AFTER = re.compile(r"(?:[ \t]*[\[［]\d{1,3}[\]］])+")


def sentence_ends(line: str, ends: str = NOTICE_ENDS) -> list[int]:
    """Offsets just after each end mark that closes a sentence (outside brackets) in one line."""
    out, depth = [], 0
    for i, ch in enumerate(line):
        depth += ch in _OPEN
        depth -= ch in _CLOSE and depth > 0
        if ch in ends and depth == 0:
            out.append(i + 1)
    return out


def split_line(line: str, ends: str = NOTICE_ENDS) -> list[str]:
    """The sentences of one line, stripped, empty ones dropped."""
    cuts = [0, *sentence_ends(line, ends), len(line)]
    return [s for a, b in zip(cuts, cuts[1:]) if (s := line[a:b].strip())]


def split_sentences(text: str, ends: str = NOTICE_ENDS) -> list[str]:
    """Sentences and clauses a quote can be made of; table rows and list lines stay whole."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out.extend([line] if "｜" in line else split_line(line, ends))
    return out


def complete_sentences(text: str, final: bool) -> tuple[list[str], str]:
    """Sentences of text being written (a model's answer), each with the [n] markers after its end
    mark, and the unfinished rest. While the text still grows (``final`` false), a sentence counts
    as complete only once a character after it shows that no further marker follows."""
    sentences, start = [], 0
    for end in _ends_with_newlines(text):
        marks = CITATION_AFTER.match(text, end)
        stop = marks.end() if marks else end
        if not final and (stop == len(text) or text[stop] in "[［ \t" or text[stop].isdigit()):
            break
        sentences.append(text[start:stop])
        start = stop
    rest = text[start:]
    if final and rest:
        sentences, rest = [*sentences, rest], ""
    return sentences, rest


def _ends_with_newlines(text: str) -> list[int]:
    """End offsets over the whole text: end marks outside brackets, and every line break (a run of
    end marks and breaks ends one sentence)."""
    ends, offset = [], 0
    for line in text.split("\n"):
        ends += [offset + e for e in sentence_ends(line, ANY_ENDS)]
        offset += len(line) + 1
        if offset <= len(text):
            ends.append(offset)
    merged: list[int] = []
    for e in ends:
        if merged and text[merged[-1]:e].strip(ANY_ENDS + "\n") == "":
            merged[-1] = e
        else:
            merged.append(e)
    return merged
