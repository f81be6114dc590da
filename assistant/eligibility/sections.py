"""A notice's sentences as the rule proposer reads them, each with the section it stands in.

A passage keeps the headings open where it starts (``Passage.section``); one that merged sibling
sections holds further headings in its lines. Walking each passage's lines with that path as the
starting stack gives every sentence its own section, written as the rule files write it: 一(三),
三(一)1, 申报材料装订要求 1; 引言 before the first heading. Attachments (forms, tables to fill in)
state no rules and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ingest import structure as st
from assistant.models import Passage, PassageKind
from assistant.text.sentences import split_sentences

PREAMBLE = "引言"
TITLE = "标题"
_CN = "一二三四五六七八九十"
_NUMBERED = re.compile(r"^[（(]?\s*[\d一二三四五六七八九十百零〇]+")

Stack = tuple[tuple[int, str], ...]  # (rank, marker), outermost first


@dataclass(frozen=True)
class NoticeSentence:
    text: str = ""
    path: tuple[str, ...] = ()
    kind: PassageKind = "text"
    lead: str = ""  # for a list item: the heading that introduces the list ("（四）下列人员不得申报：")

    @property
    def section(self) -> str:
        return section_label(self.path)

    @property
    def body(self) -> str:
        """The sentence without the numbering of the heading it opens with ("（三）公务员…" → "公务员…")."""
        marker = st.heading_marker(self.text)
        return self.text[len(marker):].strip() if marker else self.text


def notice_sentences(passages: Iterable[Passage]) -> list[NoticeSentence]:
    """Every sentence of the notice's body in order, with its section."""
    ordered = [p for p in sorted(passages, key=lambda p: p.order) if p.kind != "attachment"]
    promoted = promoted_top(ordered)
    out: list[NoticeSentence] = []
    heads: dict[tuple[str, ...], str] = {}  # section → the text of its heading line
    for passage in ordered:
        stack = _seed(passage.section, promoted)
        for line in passage.text.split("\n"):
            before, stack = stack, _enter(stack, line.strip(), promoted)
            path = tuple(marker for _, marker in stack)
            if stack != before:
                heads[path] = NoticeSentence(line.strip()).body
            lead = heads.get(path[:-1], "") if path[:-1] != path else ""
            lead = lead if lead.endswith(("：", ":")) else ""
            out += [NoticeSentence(s, path, passage.kind, lead) for s in split_sentences(line)]
    return out


def section_label(path: Iterable[str]) -> str:
    """一(三)1 from ("一", "(三)", "1"); an unnumbered title is followed by a space."""
    label = ""
    for marker in path:
        label += marker if _NUMBERED.match(marker) else f"{marker} "
    return label.strip() or PREAMBLE


def promoted_top(passages: list[Passage]) -> set[str]:
    """The "1、" that opens the first top-level part of a notice numbered 1、 二、 三、 (as the chunker
    reads it: followed by 二、 but no 一、)."""
    tops = [p.section[0] for p in passages if p.section]
    if not tops or st.heading_rank(tops[0]) != 3 or not tops[0].startswith("1"):
        return set()
    ranked = [t for t in tops if st.heading_rank(t) == 1]
    return {tops[0]} if ranked and ranked[0].startswith("二") else set()


def _rank(label: str, promoted: set[str]) -> int:
    if label in promoted:
        return 1
    rank = st.heading_rank(label)
    return 1 if rank is None else rank


def _marker(label: str, rank: int) -> str:
    """The numbering of a heading as the rule files write it: 一, (三), 1; a title stays whole."""
    found = st.heading_marker(label)
    if not found:
        return label.strip()
    marker = re.sub(r"[、.．\s]", "", found).replace("（", "(").replace("）", ")")
    if rank == 1 and marker.isdigit() and 0 < int(marker) <= len(_CN):
        return _CN[int(marker) - 1]  # a misnumbered top-level part (1、 for 一、)
    return marker


def _push(stack: Stack, label: str, promoted: set[str]) -> Stack:
    rank = _rank(label, promoted)
    kept = tuple(entry for entry in stack if entry[0] < rank)
    return (*kept, (rank, _marker(label, rank)))


def _seed(section: list[str], promoted: set[str]) -> Stack:
    stack: Stack = ()
    for label in section:
        stack = _push(stack, label, promoted)
    return stack


def _enter(stack: Stack, line: str, promoted: set[str]) -> Stack:
    """The stack after a line: a heading line closes the headings at or below its rank."""
    if st.heading_rank(line) is None:
        return stack
    label = st.heading_label(line)
    rank = _rank(label, promoted)
    if stack and stack[-1] == (rank, _marker(label, rank)):
        return stack  # the passage's own first heading, already on the stack
    return _push(stack, label, promoted)
