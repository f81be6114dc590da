"""Reading the structure of Chinese official documents: headings, tables, attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import dropwhile

from assistant.ingest.clean import is_date_line

_NUM = "一二三四五六七八九十百零〇"
_HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{_NUM}\d]+[章编]")),
    (1, re.compile(rf"^[{_NUM}]+\s*[、.．]")),
    (1, re.compile(rf"^第[{_NUM}\d]+条")),
    (2, re.compile(rf"^[（(]\s*[{_NUM}]+\s*[）)]")),
    (3, re.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
]
# A question of a notice written as questions and answers (政策问答: "问3：评审表送到哪里？" or
# "十四、问：…？" then "答：…"): innermost, whatever it is numbered; its whole question is its label,
# and its answer a part of its own (``is_question``).
_QUESTION = re.compile(rf"^(?:(?:[（(]\s*[{_NUM}\d]+\s*[）)]|[{_NUM}]+\s*[、.．]|\d{{1,3}}\s*[、.．])\s*)?"
                       r"(?:问|Q)\s*\d{0,3}\s*[：:、.．]\s*(?=\S)", re.I)
QUESTION_RANK = 6
_MARKER = re.compile(rf"^(?:[（(]\s*[{_NUM}\d]+\s*[）)]|[{_NUM}]+\s*[、.．]|\d{{1,2}}\s*[、.．]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*$|^附\s*件\s*\d+\s*[:：]")
_ORG_END = re.compile(r"(办公室|人民政府|局|厅|委员会|中心|协会|学会|学院|集团|公司|部)$")
_TITLE_CUT = re.compile(r"[。；：:，,]")
MAX_LABEL = 24
MAX_QUESTION_LABEL = 40
SHORT_TITLE = 12  # characters: a run-in title before a comma is no longer than this


@dataclass(frozen=True)
class Line:
    page: int
    text: str


def heading_rank(line: str) -> int | None:
    """Rank of a numbered heading (0 outermost), or None for body text."""
    if is_question(line):
        return QUESTION_RANK
    for rank, pattern in _HEADINGS:
        if pattern.match(line):
            return rank
    return None


def heading_marker(line: str) -> str | None:
    """The numbering that opens a heading line ("（三）", "一、", "1.", "第二条"), or None for body text."""
    for _, pattern in _HEADINGS:
        if m := pattern.match(line):
            return m.group()
    return None


_RUN_IN_END = re.compile(r"[。；：:，,;]")


def is_inline_paragraph(line: str) -> bool:
    """A numbered paragraph that states its facts on the numbered line: body text, not a heading.

    A heading is short and ends at a full stop or colon ("（一）网上申报。申报人于…", "（二）申报条件：")
    or is a short title before a comma ("2. 资历要求，…"); "（三）申报职称评审费300元/人，由申报人…"
    carries a fact (a number) before its comma, and a long clause or line is a sentence.
    """
    rest = _MARKER.sub("", line.strip(), count=1)
    stop = _RUN_IN_END.search(rest)
    if stop is None:
        return len(rest) > MAX_LABEL
    clause = rest[: stop.start()]
    if stop.group(0) not in "，,；;":
        return len(clause) > MAX_LABEL
    return len(clause) > SHORT_TITLE or bool(re.search(r"\d", clause))


def is_plain_title(line: str, following: str) -> bool:
    """A short unnumbered line such as 申报材料装订要求 / 评审填报须知 that opens a part.

    It must be followed by a numbered heading or by a body paragraph (not a signature or a date).
    """
    if len(line) > 16 or len(line) < 4 or "\t" in line:
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff《》“”]+", line) or _ORG_END.search(line):
        return False
    if heading_rank(following) is not None:
        return True
    return len(following) > 20 and not is_org_line(following) and not is_date_line(following)


def is_attachment_start(line: str) -> bool:
    return bool(_ATTACHMENT.match(line.strip()))


def is_table_row(line: str) -> bool:
    return "\t" in line


def is_org_line(line: str) -> bool:
    return bool(_ORG_END.search(line.strip())) and len(line.strip()) <= 40


def is_question(line: str) -> bool:
    """A question of a notice written as questions and answers ("问3：评审表送到哪里？")."""
    return bool(_QUESTION.match(line.strip()))


def is_own_question(sentence: str) -> bool:
    """A notice's own question, whole ("问3：评审表送到哪里？"): it is read with the answer after it."""
    return is_question(sentence) and sentence.rstrip().endswith(("？", "?"))


def answer_part(quote: str) -> str:
    """A quote without the notice's own question it opens with (its lines up to the answer):
    "问5：今年可以破格申报吗？" allows nothing, the answer after it may deny."""
    lines = quote.split("\n")
    if not is_own_question(lines[0]):
        return quote
    rest = list(dropwhile(lambda line: line.rstrip().endswith(("？", "?")), lines))
    return "\n".join(rest) or quote


def heading_label(line: str) -> str:
    """The marker and title of a heading line, cut at the first sentence punctuation; a question's
    label is the question."""
    head = line.strip() if is_question(line) else _TITLE_CUT.split(line.strip(), maxsplit=1)[0].strip()
    limit = MAX_QUESTION_LABEL if is_question(line) else MAX_LABEL
    return head if len(head) <= limit else head[:limit] + "…"


def table_cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def fill_merged_cells(rows: list[list[str]]) -> list[list[str]]:
    """Fill empty cells left by merged table cells with the value above.

    The last column (remarks) is only filled inside a group, i.e. when the row's first cell is empty.
    """
    filled: list[list[str]] = []
    width = max((len(r) for r in rows), default=0)
    prev = [""] * width
    for row in rows:
        row = row + [""] * (width - len(row))
        if not any(row):
            continue
        in_group = row[0] == ""
        out = []
        for i, cell in enumerate(row):
            last = i == width - 1
            out.append(cell or (prev[i] if (not last or in_group) else ""))
        filled.append(out)
        prev = out
    return filled
