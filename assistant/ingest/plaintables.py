"""Tables drawn in plain text, made into the table rows every loader gives (cells joined by tabs).

Notices copied from web pages and e-mails draw their schedules and fee tables with characters:
columns aligned by runs of spaces, or ruled with box-drawing characters or markdown pipes. Read as
text, a row's cells run together ("个人网上申报8月11日至9月5日网上申报人") and the row above a
table reads as a heading. As tab rows, chunking reads them as every other table: one passage a row,
each value under its column's name.

A cell's text that wraps onto the next line of the drawing is joined back to its cell: in a ruled
table, the lines between two rules are one row; otherwise a line that leaves its first column and
most others empty continues the row above it (one that fills most columns is a row of its own, its
empty first cell merged with the one above, as in every table).
"""

from __future__ import annotations

import re
import unicodedata

_BARS = "│┃║|"
_RULE_CHARS = "─━═┄┅┈┉-=+:" "┌┐└┘├┤┬┴┼╭╮╯╰╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫" + _BARS
_RULE = re.compile(rf"^[\s{re.escape(_RULE_CHARS)}]*[─━═\-][\s{re.escape(_RULE_CHARS)}]*$")
_GAP = re.compile(r" {2,}")
MIN_ROWS = 3  # a header and two rows: fewer aligned lines are a signature block or a form
TOLERANCE = 2  # display columns a cell may start off its column


def tabulate(lines: list[str]) -> list[str]:
    """The lines with every table drawn in text made into tab-separated rows."""
    return _aligned(_ruled(lines))


# ---- ruled tables (box drawing, markdown pipes) ------------------------------------------------
def _is_ruled_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s[0] in _BARS and s[-1] in _BARS and len(_cells_between_bars(s)) >= 2


def _is_rule(line: str) -> bool:
    return len(line.strip()) >= 3 and bool(_RULE.match(line))


def _cells_between_bars(line: str) -> list[str]:
    return [c.strip() for c in re.split(rf"[{_BARS}]", line.strip())[1:-1]]


def _ruled(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_is_ruled_row(lines[j]) or _is_rule(lines[j])):
            j += 1
        block = lines[i:j]
        if sum(_is_ruled_row(ln) for ln in block) >= 2:
            out.extend("\t".join(row) for row in _ruled_rows(block))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _ruled_rows(block: list[str]) -> list[list[str]]:
    """Rows of a ruled table: between two rules one row when rules part the body rows."""
    groups: list[list[list[str]]] = [[]]
    for line in block:
        if _is_rule(line):
            groups.append([])
        else:
            groups[-1].append(_cells_between_bars(line))
    groups = [g for g in groups if g]
    if len(groups) > 2 or all(len(g) == 1 for g in groups):  # rules between rows: a group is a row
        return [_joined(g) for g in groups]
    return _continued([cells for g in groups for cells in g])


# ---- tables aligned by spaces ------------------------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _spans(line: str) -> list[tuple[int, str]]:
    """Each cell of a line split at runs of two or more spaces, with its display column."""
    if "\t" in line or not line.strip():
        return []
    out, pos = [], 0
    for part in _GAP.split(line.rstrip()):
        start = line.index(part, pos) if part else pos
        if part.strip():
            out.append((_width(line[:start]) + len(part) - len(part.lstrip(" ")), part.strip()))
        pos = start + len(part)
    return out


def _column(start: int, columns: list[int]) -> int | None:
    best = min(range(len(columns)), key=lambda k: abs(columns[k] - start))
    return best if abs(columns[best] - start) <= TOLERANCE else None


def _fits(spans: list[tuple[int, str]], columns: list[int]) -> bool:
    """Every cell starts at a column of the header's, and the line is a row (two cells or more) or
    a cell's wrapped text (its first column empty); a line of text alone ends the table."""
    if not spans or any(_column(s, columns) is None for s, _ in spans):
        return False
    return len(spans) >= 2 or _column(spans[0][0], columns) != 0


def _aligned(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = _spans(lines[i])
        columns = [s for s, _ in header]
        j = i + 1
        if len(header) >= 2:
            while j < len(lines) and _fits(_spans(lines[j]), columns):
                j += 1
        rows = [_placed(_spans(ln), columns) for ln in lines[i:j]]
        if sum(sum(1 for c in r if c) >= 2 for r in rows) >= MIN_ROWS:
            out.extend("\t".join(r) for r in [rows[0], *_continued(rows[1:])])
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _placed(spans: list[tuple[int, str]], columns: list[int]) -> list[str]:
    row = [""] * len(columns)
    for start, text in spans:
        k = _column(start, columns)
        if k is not None:
            row[k] = _glue(row[k], text)
    return row


# ---- rows ------------------------------------------------------------------------------------
def _continued(rows: list[list[str]]) -> list[list[str]]:
    """A line leaving its first cell and most others empty continues the row above it."""
    out: list[list[str]] = []
    for row in rows:
        filled = sum(1 for c in row if c)
        if out and not row[0] and filled * 2 < len(row):
            out[-1] = [_glue(a, b) for a, b in zip(out[-1], row)]
        else:
            out.append(list(row))
    return out


def _joined(lines: list[list[str]]) -> list[str]:
    width = max(len(cells) for cells in lines)
    row = [""] * width
    for cells in lines:
        for k, cell in enumerate(cells):
            row[k] = _glue(row[k], cell)
    return row


def _glue(a: str, b: str) -> str:
    """A cell's text and its next line: latin words keep a space between them, Chinese none."""
    if not a or not b:
        return a or b
    return f"{a} {b}" if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum() else a + b
