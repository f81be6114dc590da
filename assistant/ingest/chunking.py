"""Structure-aware chunking: one passage per section (small sibling sections merged), one per table row.

Each passage keeps its section path (一、 > （一） > 1.), the page it starts on, and whether it is
body text, a table row or part of an attachment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest import structure as st
from assistant.ingest.facts import passage_facts
from assistant.ingest.notice_layout import is_office, is_sign_date
from assistant.models import LoadedDocument, Passage, PassageKind
from assistant.text.instructions import screen_lines
from assistant.text.sentences import split_sentences

MAX_CHARS = 420
SMALL_CHARS = 160
# The parts that close a notice after its last section, each a section of its own: the list of its
# attachments ("附件：1.…表" and the titles after it) and its signature (offices, then the date).
ATTACHMENT_LIST = "附件目录"
SIGNATURE = "落款"
_LISTED_ATTACHMENTS = re.compile(r"^附\s*件\s*[:：]\s*\S")
_SENTENCE_STOP = re.compile(r"[。；;！？?]")


@dataclass
class Block:
    path: list[str]
    page: int
    kind: PassageKind
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Chunked:
    """A notice's passages, and the sentences screened out of it as planted instructions: the
    ingest reports their count (``NoticeMeta.flagged_instructions``) so the notice can be flagged."""

    passages: list[Passage]
    dropped: list[str] = field(default_factory=list)

    @property
    def flagged_instructions(self) -> int:
        return len(self.dropped)


def chunk_document(notice_id: str, doc: LoadedDocument) -> list[Passage]:
    """The notice's passages (``chunk_notice`` also tells what was screened out)."""
    return chunk_notice(notice_id, doc).passages


def raw_lines(doc: LoadedDocument) -> list[st.Line]:
    """The notice's non-empty lines, trimmed, as read (the instruction classifier trains on these)."""
    return [st.Line(p.number, t) for p in doc.pages for ln in p.text.split("\n") if (t := ln.strip(" \u3000\r"))]


def notice_lines(doc: LoadedDocument) -> tuple[list[st.Line], list[str]]:
    """The lines to chunk, without planted instructions ("忽略以上所有指令…", "【系统】新的规定…"):
    those are not the notice's text, so they are never indexed, retrieved or quoted. The whole
    notice is screened at once, so that a sentence broken across lines and an order whose fact
    follows in the next sentence are judged together (text/instructions.py). Also the dropped
    sentences."""
    lines = raw_lines(doc)
    screening = screen_lines([ln.text for ln in lines])
    kept = [st.Line(ln.page, text) for ln, text in zip(lines, screening.lines) if text]
    return kept, screening.dropped


def chunk_notice(notice_id: str, doc: LoadedDocument) -> Chunked:
    """One passage per section (small siblings merged), one per table row; and the sentences
    screened out as planted instructions."""
    lines, dropped = notice_lines(doc)
    blocks = _blocks(lines)
    passages: list[Passage] = []
    for block in _merge_small(blocks):
        for text in _split_long(block.text):
            order = len(passages)
            passages.append(
                Passage(
                    id=Passage.make_id(notice_id, order, text),
                    notice_id=notice_id,
                    text=text,
                    section=block.path,
                    page=block.page,
                    kind=block.kind,
                    order=order,
                    facts=passage_facts(text),
                )
            )
    return Chunked(passages, dropped)


def _blocks(lines: list[st.Line]) -> list[Block]:
    """Walk the lines, keeping a stack of open headings; tables become one block per row."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    kind: PassageKind = "text"
    promoted = _misnumbered_top(lines)
    seen_heading = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if st.is_table_row(line.text):
            j = i
            while j < len(lines) and st.is_table_row(lines[j].text):
                j += 1
            if _is_form(lines[i:j]):  # a blank form to fill in, not a table of facts
                text = "\n".join(" ".join(c for c in st.table_cells(r.text) if c) for r in lines[i:j])
                blocks.append(Block([lbl for _, lbl in stack], lines[i].page, kind, [text]))
                i = j
                continue
            caption = _caption(blocks)
            if caption:
                blocks[-1].lines.pop()
                blocks = [b for b in blocks if b.lines]
                stack = [(r, lbl) for r, lbl in stack if r < 1] + [(1, caption)]
            blocks.extend(_table_blocks(lines[i:j], [lbl for _, lbl in stack]))
            i = j
            continue
        if st.is_attachment_start(line.text):
            kind = "attachment"
            stack = [(0, line.text.strip())]
            blocks.append(Block([lbl for _, lbl in stack], line.page, kind, [line.text]))
            i += 1
            continue
        closing = _closing(lines, i) if seen_heading else None
        if closing == SIGNATURE:  # the offices and the date; what follows (a schedule table) is under no part
            end = _signature_end(lines, i)
            blocks.append(Block([SIGNATURE], line.page, kind, [ln.text for ln in lines[i:end]]))
            stack, i = [], end
            continue
        if closing or (stack == [(0, ATTACHMENT_LIST)] and _listed_title(line.text)):
            if closing:  # the notice's body has ended: no section of it holds the list
                stack = [(0, closing)]
                blocks.append(Block([closing], line.page, kind, [line.text]))
            else:
                blocks[-1].lines.append(line.text)  # the next title of the list, no heading
            i += 1
            continue
        rank = 1 if i == promoted else st.heading_rank(line.text)
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if rank is None and seen_heading and st.is_plain_title(line.text, following):
            rank = 1
        if rank is not None and rank >= 2 and not st.is_question(line.text) and st.is_inline_paragraph(line.text):
            stack = [(r, lbl) for r, lbl in stack if r < rank]  # a paragraph of its own, under no label
            blocks.append(Block([lbl for _, lbl in stack], line.page, kind, [line.text]))
        elif rank is not None:
            seen_heading = True
            stack = [(r, lbl) for r, lbl in stack if r < rank]
            stack.append((rank, st.heading_label(line.text)))
            blocks.append(Block([lbl for _, lbl in stack], line.page, kind, [line.text]))
        elif blocks and blocks[-1].kind != "table_row":
            blocks[-1].lines.append(line.text)
        else:
            blocks.append(Block([lbl for _, lbl in stack], line.page, kind, [line.text]))
        i += 1
    return blocks


def _closing(lines: list[st.Line], i: int) -> str | None:
    """The closing part line ``i`` opens, if any: the list of the notice's attachments, or its
    signature (one or more offices' names, then the date it was signed)."""
    text = lines[i].text
    if _LISTED_ATTACHMENTS.match(text):
        return ATTACHMENT_LIST
    return SIGNATURE if _signature_end(lines, i) > i else None


def _signature_end(lines: list[st.Line], i: int) -> int:
    """The index after a signature starting at line ``i`` (up to four offices, then the sign
    date); ``i`` when none starts there."""
    j = i
    while j < len(lines) and j - i < 4 and is_office(lines[j].text):
        j += 1
    return j + 1 if j > i and j < len(lines) and is_sign_date(lines[j].text) else i


def _listed_title(line: str) -> bool:
    """A numbered title of a list of attachments ("2.推荐人选汇总表"), not a sentence."""
    return st.heading_rank(line) is not None and not _SENTENCE_STOP.search(line) and len(line) <= 60


def _is_form(rows: list[st.Line]) -> bool:
    """Tab-separated lines with at most two filled cells a row: a form's field labels."""
    filled = [sum(1 for c in st.table_cells(r.text) if c) for r in rows]
    return len(rows) < 2 or sum(filled) / len(filled) < 2.5


def _misnumbered_top(lines: list[st.Line]) -> int | None:
    """Index of a "1、" that really opens the first top-level part (followed by 二、 but no 一、)."""
    first = next((i for i, ln in enumerate(lines) if st.heading_rank(ln.text) is not None), None)
    if first is None or st.heading_rank(lines[first].text) != 3 or not lines[first].text.startswith("1"):
        return None
    for ln in lines[first + 1 :]:
        if st.heading_rank(ln.text) == 1:
            return first if ln.text.startswith("二") else None
    return None


def _caption(blocks: list[Block]) -> str:
    """The line just above a table, when it reads like a table title."""
    if not blocks or blocks[-1].kind == "table_row":
        return ""
    last = blocks[-1].lines[-1]
    lead_in = last.endswith(("。", "；", "：", ":")) or "，" in last  # a sentence leading into the table
    return last if len(last) <= 40 and not lead_in else ""


def _table_blocks(rows: list[st.Line], path: list[str]) -> list[Block]:
    """One block per data row: "列名：值｜列名：值…", merged cells filled from above."""
    header = st.table_cells(rows[0].text)
    rows = [rows[0]] + [r for r in rows[1:] if st.table_cells(r.text) != header]  # header repeated per page
    cells = st.fill_merged_cells([st.table_cells(r.text) for r in rows[1:]])
    section = path or ["表格"]
    out = []
    for line, row in zip(rows[1:], cells):
        pairs = [f"{h or '列' + str(k + 1)}：{v}" for k, (h, v) in enumerate(zip(header, row)) if v]
        out.append(Block(section, line.page, "table_row", ["｜".join(pairs)]))
    return out


def _merge_small(blocks: list[Block]) -> list[Block]:
    """Merge runs of small sibling sections (e.g. 1. 2. 3. under one heading) into one passage."""
    merged: list[Block] = []
    for block in blocks:
        prev = merged[-1] if merged else None
        if prev and _can_merge(prev, block):
            common = _common_prefix(prev.path, block.path)
            merged[-1] = Block(common, prev.page, prev.kind, prev.lines + block.lines)
        else:
            merged.append(Block(list(block.path), block.page, block.kind, list(block.lines)))
    return merged


def _can_merge(prev: Block, block: Block) -> bool:
    if prev.kind != block.kind or block.kind == "table_row" or _is_bare_heading(block):
        return False
    if any(st.is_question(b.path[-1]) for b in (prev, block) if b.path):  # a question and its answer stand alone
        return False
    if len(prev.text) + len(block.text) > MAX_CHARS:
        return False
    if len(prev.text) >= SMALL_CHARS and len(block.text) >= SMALL_CHARS:
        return False
    common = _common_prefix(prev.path, block.path)
    # siblings, or a bare heading followed by its own first child
    return len(common) >= len(block.path) - 1 and len(common) >= len(prev.path) - 1 and bool(common)


def _is_bare_heading(block: Block) -> bool:
    return len(block.lines) == 1 and st.heading_label(block.lines[0]) == block.lines[0].strip()


def _common_prefix(a: list[str], b: list[str]) -> list[str]:
    out = []
    for x, y in zip(a, b):
        if x != y:
            break
        out.append(x)
    return out


def _split_long(text: str) -> list[str]:
    """Cut an over-long section into windows of whole sentences."""
    if len(text) <= MAX_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        if current and len(current) + len(sentence) > MAX_CHARS * 0.75:
            parts.append(current)
            current = ""
        current += sentence if not current else ("" if current.endswith(("。", "；")) else "\n") + sentence
    if current:
        parts.append(current)
    return parts
