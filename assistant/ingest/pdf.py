"""PDF files: text with positions (pdfplumber), page furniture removed, tables rebuilt.

Two kinds of tables come back as tab-separated rows: text laid out on tab stops (LibreOffice and
Word text-to-PDF) and bordered tables drawn with ruling lines (see :mod:`assistant.ingest.pdftables`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest import chrome, pdftables
from assistant.ingest.clean import clean_text, join_pdf_pages
from assistant.ingest.errors import LoadError
from assistant.models import LoadedPage

_MIN_CHARS_PER_PAGE = 20

# ---------------------------------------------------------------- PDF


_QUIET_LOCK = threading.Lock()
_quiet = {"users": 0, "level": logging.NOTSET}


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's log messages about damaged files while loading (thread-safe, nestable).

    pypdf reports repairs through the ``pypdf.*`` loggers; ``warnings`` it only uses for
    deprecations, so they are left alone.
    """
    logger = logging.getLogger("pypdf")
    with _QUIET_LOCK:
        if _quiet["users"] == 0:
            _quiet["level"] = logger.level
            logger.setLevel(logging.CRITICAL + 1)
        _quiet["users"] += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet["users"] -= 1
            if _quiet["users"] == 0:
                logger.setLevel(_quiet["level"])


def load_pdf(path: Path, data: bytes) -> list[LoadedPage]:
    """Pages of a PDF: pypdf checks the file (damage, password, pages) and gives plain text where
    positions fail; pdfplumber gives the characters' positions and the table rules."""
    with _quiet_pypdf():
        reader = _open_pdf(path, data)
        try:
            lines = _all_page_lines(reader, data)
        except LoadError:
            raise
        except Exception:  # pypdf and pdfminer raise many kinds of errors on damaged content streams
            raise LoadError(path, "PDF 文件已损坏，无法读取页面内容", "请重新下载或重新导出 PDF 后再上传") from None
    _check_has_text(path, lines)
    return pdf_pages(_from_left_margin(lines))


def _all_page_lines(reader, data: bytes) -> list[list[_Line]]:  # noqa: ANN001 - a pypdf PdfReader
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        if len(plumbed.pages) != len(reader.pages):
            return [_plain_lines(page, n) for n, page in enumerate(reader.pages, start=1)]
        return [_page_lines(page, plumbed.pages[n - 1], n) for n, page in enumerate(reader.pages, start=1)]


def _open_pdf(path: Path, data: bytes):  # noqa: ANN202 - returns a pypdf.PdfReader
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if b"%%EOF" not in data[-2048:]:
        raise LoadError(path, "PDF 文件不完整（文件末尾缺失，可能下载中断）", "请重新下载或重新导出 PDF 后再上传")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _encrypted(path)
        if len(reader.pages) == 0:
            raise LoadError(path, "PDF 文件中没有任何页面", "请确认文件是否完整")
    except DependencyError:
        raise _encrypted(path) from None
    except LoadError:
        raise
    except Exception:
        raise LoadError(path, "PDF 文件已损坏，无法打开", "请重新下载或重新导出 PDF 后再上传") from None
    return reader


def _encrypted(path: Path) -> LoadError:
    reason = "PDF 文件已加密（设置了打开密码）"
    return LoadError(path, reason, "请先用 PDF 阅读器输入密码并另存为不加密的 PDF，再上传")


def _check_has_text(path: Path, pages: list[list[_Line]]) -> None:
    chars = sum(len(re.sub(r"\s", "", line.text)) for lines in pages for line in lines)
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        reason = "PDF 中没有可提取的文字（可能是扫描件或图片）"
        raise LoadError(path, reason, "扫描版PDF没有文本层，请先进行OCR文字识别后再上传")


@dataclass
class _Frag:
    """A run of text drawn on one line: its x extent in points from the left text edge."""

    x0: float
    x1: float
    size: float
    text: str


@dataclass
class _Line:
    """One visual line of a PDF page; ``frags`` sorted left to right (empty when positions are unknown)."""

    page: int
    y: float
    frags: list[_Frag]
    raw: str = ""

    @property
    def x1(self) -> float:
        return self.frags[-1].x1 if self.frags else 0.0

    @property
    def text(self) -> str:
        return self.raw or _join_frags(self.frags)


def _page_lines(page, plumbed, number: int) -> list[_Line]:  # noqa: ANN001 - pypdf and pdfplumber pages
    """Visual lines of a page with positions; pypdf's plain extraction when positions are unavailable."""
    try:
        frags = _page_frags(plumbed)
    except Exception:  # a page pdfminer cannot lay out still has pypdf's text
        frags = None
    if frags is None:
        return _plain_lines(page, number)
    tables = _ruled_tables(plumbed)
    inside = [(y, f) for y, f in frags if any(t.contains(f.x0 + 1, y + 0.3 * f.size) for t in tables)]
    rows = [_Line(number, top, [], raw="\t".join(cells))
            for t in tables
            for top, cells in pdftables.table_rows(t, [(f.x0 + 1, y + 0.3 * f.size, f.text) for y, f in inside])]
    outside = [(y, f) for y, f in frags if not any(t.contains(f.x0 + 1, y + 0.3 * f.size) for t in tables)]
    return sorted(_group_lines(outside, number) + rows, key=lambda ln: -ln.y)


def _plain_lines(page, number: int) -> list[_Line]:  # noqa: ANN001 - a pypdf PageObject
    text = page.extract_text() or ""
    return [_Line(number, 0.0, [], raw=ln) for ln in text.split("\n") if ln.strip()]


def _ruled_tables(plumbed) -> list[pdftables.RuledTable]:  # noqa: ANN001 - a pdfplumber Page
    """Bordered tables drawn on the page (none when its drawing cannot be read)."""
    try:
        return pdftables.find_tables(pdftables.segments_of(plumbed.lines, plumbed.rects))
    except Exception:  # a drawing we cannot read only costs the table structure
        return []


_RUN_GAP = 0.3  # points: characters closer than this belong to one run (a run's characters touch: gap 0)
_UNREADABLE = 0.1  # share of "(cid:N)" characters (a font without a Unicode map) beyond which positions are dropped


def _page_frags(plumbed) -> list[tuple[float, _Frag]] | None:  # noqa: ANN001 - a pdfplumber Page
    """(baseline y, fragment) for every run of characters, in PDF coordinates (y up); None when the
    characters cannot be read as text (then pypdf's plain extraction is used)."""
    chars = [c for c in plumbed.chars if c["upright"] and c["text"].strip()]
    if sum(c["text"].startswith("(cid:") for c in chars) > _UNREADABLE * max(1, len(chars)):
        return None
    chars.sort(key=lambda c: (-round(c["matrix"][5], 1), c["x0"]))
    out: list[tuple[float, _Frag]] = []
    for c in chars:
        y, size = c["matrix"][5], c["size"]
        if out and abs(out[-1][0] - y) <= 0.1 * size and -_RUN_GAP <= c["x0"] - out[-1][1].x1 <= _RUN_GAP:
            out[-1][1].x1, out[-1][1].text = c["x1"], out[-1][1].text + c["text"]
        else:
            out.append((y, _Frag(c["x0"], c["x1"], size, c["text"])))
    return out


def _from_left_margin(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Measure x from the document's left text edge, where the first tab stop interval starts."""
    margin = min((f.x0 for lines in pages for ln in lines for f in ln.frags), default=0.0)
    for lines in pages:
        for line in lines:
            for frag in line.frags:
                frag.x0 -= margin
                frag.x1 -= margin
    return pages


def _group_lines(items: list[tuple[float, _Frag]], number: int) -> list[_Line]:
    """Fragments whose baselines are within 40 % of the font size form one line, top to bottom."""
    lines: list[_Line] = []
    for y, frag in sorted(items, key=lambda it: (-it[0], it[1].x0)):
        if lines and abs(lines[-1].y - y) <= 0.4 * frag.size:
            lines[-1].frags.append(frag)
        else:
            lines.append(_Line(number, y, [frag]))
    for line in lines:
        line.frags.sort(key=lambda f: f.x0)
    return lines


def _join_frags(frags: list[_Frag]) -> str:
    """Fragments of one cell or line: a space where a gap is wider than a quarter em."""
    out = ""
    for prev, frag in zip([None, *frags], frags):
        gap = frag.x0 - prev.x1 if prev else 0.0
        out += (" " if gap > 0.25 * frag.size and not out.endswith(" ") else "") + frag.text
    return out


# ---- tables from positions: tab stops, rows, cells

_TAB_STOPS = (35.433, 36.0)  # LibreOffice default (1.25 cm), Word default (0.5 in)
_ALIGN = 0.35  # points of tolerance when matching a tab stop


@dataclass
class _Grid:
    """How tab-separated text was laid out: tab stop spacing (None: gaps only) and text width."""

    tab: float | None
    right: float


def _stop(x: float, tab: float, tolerance: float = _ALIGN) -> int | None:
    """Index of the tab stop at ``x`` (≥ 1), or None when ``x`` is not on a stop."""
    k = round(x / tab)
    return k if k >= 1 and abs(x - k * tab) <= tolerance else None


def _gap_starts(lines: list[_Line]) -> list[float]:
    """Where text resumes after a gap, or where a line starts right of the margin."""
    starts = [f.x0 for ln in lines for p, f in zip(ln.frags, ln.frags[1:]) if f.x0 - p.x1 > 0.3]
    return starts + [ln.frags[0].x0 for ln in lines if ln.frags[0].x0 > 1.0]


def _detect_grid(pages: list[list[_Line]]) -> _Grid:
    """Find the tab stop spacing most gap starts fall on, refined to the spacing actually used."""
    lines = [ln for lines in pages for ln in lines if ln.frags]
    starts = _gap_starts(lines)
    right = max((ln.x1 for ln in lines), default=0.0)
    best = max(_TAB_STOPS, key=lambda t: sum(_stop(x, t, 1.0) is not None for x in starts))
    ratios = sorted(x / k for x in starts if (k := _stop(x, best, 1.0)))
    if len(ratios) < 5:
        return _Grid(None, right)
    tab = ratios[len(ratios) // 2]
    aligned = sum(_stop(x, tab) is not None for x in starts)
    return _Grid(tab if aligned >= 5 else None, right)


def _tabbed(line: _Line, grid: _Grid) -> str:
    """The line as cells separated by one tab per tab stop crossed ("\\t\\t丹阳市\\t…")."""
    if not line.frags:
        return line.text
    cells: list[list[_Frag]] = [[line.frags[0]]]
    seps: list[int] = []
    for prev, frag in zip(line.frags, line.frags[1:]):
        tabs = _tabs_between(prev.x1, frag, grid)
        if tabs:
            seps.append(tabs)
            cells.append([frag])
        else:
            cells[-1].append(frag)
    out = "\t" * _lead_tabs(line, grid) + _join_frags(cells[0])
    for tabs, cell in zip(seps, cells[1:]):
        out += "\t" * tabs + _join_frags(cell)
    return out


def _lead_tabs(line: _Line, grid: _Grid) -> int:
    return (_stop(line.frags[0].x0, grid.tab) or 0) if grid.tab else 0


def _tabs_between(end: float, frag: _Frag, grid: _Grid) -> int:
    """Tabs between text ending at ``end`` and ``frag``: tab stops crossed, or 1 for a wide gap."""
    gap = frag.x0 - end
    if grid.tab is None:
        return 1 if gap >= 1.5 * frag.size else 0
    k = _stop(frag.x0, grid.tab)
    if gap <= 0.3 or k is None:
        return 0
    return max(1, k - math.floor((end + 0.3) / grid.tab))


def _first_unit_width(line: _Line) -> float:
    """Width of what could not be broken at the start of a line: a latin word or one CJK char."""
    frag = line.frags[0]
    text = frag.text.lstrip() or frag.text
    per_char = (frag.x1 - frag.x0) / max(1, len(frag.text))
    word = re.match(r"[A-Za-z0-9@.:/_%\-]+", text)
    return per_char * (len(word.group(0)) if word else 1)


def _fits_after(prev: _Line, line: _Line, grid: _Grid) -> bool:
    """Could the first word of ``line`` have been set at the end of ``prev``? Then it did not wrap."""
    lead = _lead_tabs(line, grid)
    x = prev.x1
    if lead and grid.tab:
        x = (math.floor((prev.x1 + 0.3) / grid.tab) + lead) * grid.tab
    return x + _first_unit_width(line) <= grid.right + 0.5


def _is_header(lines: list[_Line], i: int, grid: _Grid) -> bool:
    """A table starts at a line of ≥ 3 cells followed by another line with cells."""
    if i + 1 >= len(lines) or not lines[i].frags or not lines[i + 1].frags:
        return False
    return _tabbed(lines[i], grid).count("\t") >= 2 and "\t" in _tabbed(lines[i + 1], grid)


def _take_table(lines: list[_Line], i: int, grid: _Grid) -> tuple[list[tuple[int, str]], int]:
    """Rows of the table whose header is ``lines[i]``; returns them and the index after the table."""
    width = _tabbed(lines[i], grid).count("\t")
    rows: list[tuple[int, str]] = [(lines[i].page, _tabbed(lines[i], grid))]
    prev = lines[i]
    for j in range(i + 1, len(lines)):
        line, text = lines[j], _tabbed(lines[j], grid)
        total = rows[-1][1].count("\t") + text.count("\t")
        if line.frags and total <= width and not _fits_after(prev, line, grid):
            rows[-1] = (rows[-1][0], rows[-1][1] + text)  # the row wrapped onto this line
        elif line.frags and "\t" in text and text.count("\t") <= width:
            rows.append((line.page, text))
        else:
            return _pad(rows, width), j
        prev = line
    return _pad(rows, width), len(lines)


def _pad(rows: list[tuple[int, str]], width: int) -> list[tuple[int, str]]:
    """Give every row the header's number of cells (trailing empty cells are invisible in a PDF)."""
    return [(page, text + "\t" * (width - text.count("\t"))) for page, text in rows]


def reconstruct_lines(pages: list[list[_Line]]) -> list[tuple[int, str]]:
    """(page, text) for every visual line; table rows rebuilt with tabs, joined across wraps."""
    grid = _detect_grid(pages)
    lines = [ln for page in pages for ln in page]
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if _is_header(lines, i, grid):
            rows, i = _take_table(lines, i, grid)
            out.extend(rows)
        else:
            out.append((lines[i].page, lines[i].text))
            i += 1
    return out


def pdf_pages(pages: list[list[_Line]]) -> list[LoadedPage]:
    """Clean each page, join wrapped lines across pages; one LoadedPage per PDF page."""
    per_page: list[list[str]] = [[] for _ in pages]
    for number, text in reconstruct_lines(pages):
        per_page[number - 1].append(text)
    cleaned = [clean_text("\n".join(chrome.drop_chrome(lines))).split("\n") for lines in per_page]
    paragraphs: list[list[str]] = [[] for _ in pages]
    for number, text in join_pdf_pages(cleaned):
        paragraphs[number - 1].append(text)
    return [LoadedPage(number=n, text="\n".join(paras)) for n, paras in enumerate(paragraphs, start=1)]
