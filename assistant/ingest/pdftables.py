"""Tables drawn with ruling lines in a PDF (Word/WPS bordered tables): rebuilt row by row.

Text in such tables wraps inside narrow cells, so reading it line by line interleaves the cells.
The ruling lines give the grid: vertical lines are the column edges, horizontal lines the row
edges. Every text run is put into the cell that contains it; a cell whose lower edge is not drawn
(a merged cell) leaves the rows below it empty, which the chunker fills from above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_THIN = 2.0  # points: a rectangle thinner than this is a drawn line
_SNAP = 2.0  # points: edges closer than this are the same edge


@dataclass
class Segment:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y0 - self.y1) < 0.5 and abs(self.x1 - self.x0) > _THIN

    @property
    def vertical(self) -> bool:
        return abs(self.x0 - self.x1) < 0.5 and abs(self.y1 - self.y0) > _THIN


@dataclass
class RuledTable:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom (descending y)
    rules: list[Segment] = field(default_factory=list)

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - _SNAP <= x <= self.xs[-1] + _SNAP and self.ys[-1] - _SNAP <= y <= self.ys[0] + _SNAP

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of a point; a merged cell answers with the first row it spans."""
        col = next((i for i in range(len(self.xs) - 1) if x < self.xs[i + 1] - 0.5), None)
        if col is None:
            return None
        mid = (self.xs[col] + self.xs[col + 1]) / 2
        drawn = [i for i, edge in enumerate(self.ys) if i in (0, len(self.ys) - 1) or self._ruled(edge, mid)]
        top = next((a for a, b in zip(drawn, drawn[1:]) if y > self.ys[b]), None)
        return None if top is None else (top, col)

    def _ruled(self, y: float, x: float) -> bool:
        return any(abs(s.y0 - y) <= _SNAP and s.x0 - _SNAP <= x <= s.x1 + _SNAP for s in self.rules)


def segments(operations: list, start_ctm: tuple = (1, 0, 0, 1, 0, 0)) -> list[Segment]:
    """Straight lines (m/l) and thin rectangles (re) of a content stream, in page coordinates."""
    ctm, stack, out, point = list(start_ctm), [], [], None
    for operands, op in operations:
        if op == b"q":
            stack.append(ctm[:])
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm" and len(operands) == 6:
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == b"m" and len(operands) == 2:
            point = _apply(ctm, float(operands[0]), float(operands[1]))
        elif op == b"l" and len(operands) == 2 and point:
            end = _apply(ctm, float(operands[0]), float(operands[1]))
            out.append(_segment(point, end))
            point = end
        elif op == b"re" and len(operands) == 4:
            out.extend(_rect_as_line(ctm, *(float(v) for v in operands)))
    return [s for s in out if s.horizontal or s.vertical]


def segments_of(lines: list[dict], rects: list[dict]) -> list[Segment]:
    """Straight lines and thin rectangles as pdfplumber reports them (``x0 y0 x1 y1``, y up)."""
    out = [_segment((ln["x0"], ln["y0"]), (ln["x1"], ln["y1"])) for ln in lines]
    for r in rects:
        out.extend(_rect_as_line([1, 0, 0, 1, 0, 0], r["x0"], r["y0"], r["x1"] - r["x0"], r["y1"] - r["y0"]))
    return [s for s in out if s.horizontal or s.vertical]


def find_tables(segs: list[Segment]) -> list[RuledTable]:
    """Groups of vertical rules sharing a vertical extent, with the horizontal rules between them."""
    verticals = sorted((s for s in segs if s.vertical), key=lambda s: -s.y1)
    tables: list[RuledTable] = []
    for group in _overlapping(verticals):
        xs = _snap(sorted(s.x0 for s in group))
        if len(xs) < 3:
            continue
        top, bottom = max(s.y1 for s in group), min(s.y0 for s in group)
        rules = [s for s in segs if s.horizontal and bottom - _SNAP <= s.y0 <= top + _SNAP
                 and s.x0 < xs[-1] and s.x1 > xs[0]]
        ys = sorted(_snap([s.y0 for s in rules] + [top, bottom]), reverse=True)
        if len(ys) >= 2:
            tables.append(RuledTable(xs, ys, rules))
    return tables


def table_rows(table: RuledTable, runs: list[tuple[float, float, str]]) -> list[tuple[float, list[str]]]:
    """(top y, cells) per row from the text runs (x, y, text) inside the table; empty rows dropped.
    Runs outside it (another table on the page, above or below) are not its text: ``cell_of`` would put
    a run above the table into its first row."""
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for x, y, text in runs:
        where = table.cell_of(x, y) if table.contains(x, y) else None
        if where:
            cells.setdefault(where, []).append((x, y, text))
    rows = []
    for r in range(len(table.ys) - 1):
        row = [_cell_text(cells.get((r, c), [])) for c in range(len(table.xs) - 1)]
        if any(row):
            rows.append((table.ys[r], row))
    return rows


def _cell_text(runs: list[tuple[float, float, str]]) -> str:
    text = ""
    for _, _, piece in sorted(runs, key=lambda r: (-round(r[1], 0), r[0])):
        if text and text[-1].isascii() and text[-1].isalnum() and piece[:1].isascii() and piece[:1].isalpha():
            text += " "
        text += piece.strip()
    return text


def _overlapping(verticals: list[Segment]) -> list[list[Segment]]:
    groups: list[list[Segment]] = []
    for seg in verticals:
        for group in groups:
            if min(seg.y1, max(s.y1 for s in group)) - max(seg.y0, min(s.y0 for s in group)) > _THIN:
                group.append(seg)
                break
        else:
            groups.append([seg])
    return groups


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _segment(a: tuple[float, float], b: tuple[float, float]) -> Segment:
    return Segment(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def _rect_as_line(ctm: list[float], x: float, y: float, w: float, h: float) -> list[Segment]:
    a, b = _apply(ctm, x, y), _apply(ctm, x + w, y + h)
    seg = _segment(a, b)
    if seg.y1 - seg.y0 < _THIN:
        mid = (seg.y0 + seg.y1) / 2
        return [Segment(seg.x0, mid, seg.x1, mid)]
    if seg.x1 - seg.x0 < _THIN:
        mid = (seg.x0 + seg.x1) / 2
        return [Segment(mid, seg.y0, mid, seg.y1)]
    return []


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """m × n for PDF matrices [a b c d e f] (the new cm applies before the current CTM)."""
    return [
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    ]
