"""Turn a notice file (PDF, DOCX, HTML, TXT/MD) into cleaned text, page by page.

Every problem with the input file is reported as :class:`LoadError`, whose message says in
Chinese what is wrong with which file and what to do about it.

Tables follow one convention for every format: one line per row, cells separated by "\\t",
header row first; an empty cell is a merged cell that continues the value above.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant import pdftables
from assistant.models import LoadedDocument, LoadedPage
from assistant.textclean import clean_text, join_broken_lines, join_pdf_pages


class LoadError(Exception):
    """A file that cannot be loaded; ``str(err)`` is a message for the person who uploaded it.

    ``LoadError(path, reason, advice)`` builds the message; ``LoadError(message)`` takes a
    ready-made one.
    """

    def __init__(self, path: Path | str, reason: str | None = None, advice: str = "") -> None:
        self.path = str(path) if reason is not None else ""
        self.reason = reason if reason is not None else str(path)
        self.advice = advice
        if reason is None:
            super().__init__(self.reason)
        else:
            super().__init__(f"无法读取文件“{Path(path).name}”：{reason}。{advice}")


FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt", ".md": "txt"}
_SUPPORTED = "目前支持 PDF、Word（.docx）、网页（.html/.htm）和文本（.txt/.md）文件"
_ADVICE_BY_EXT = {
    ".doc": "旧版 Word（.doc）格式请用 Word 打开后“另存为”.docx 再上传",
    ".wps": "WPS 文档请另存为 .docx 或 PDF 后再上传",
    ".xls": "表格文件请另存为 PDF，或把内容复制到文本文件后再上传",
    ".xlsx": "表格文件请另存为 PDF，或把内容复制到文本文件后再上传",
    ".csv": "表格文件请另存为 PDF，或把内容复制到文本文件后再上传",
    ".png": "图片中的文字需要先进行OCR文字识别，转成文本或带文字层的PDF后再上传",
    ".jpg": "图片中的文字需要先进行OCR文字识别，转成文本或带文字层的PDF后再上传",
    ".jpeg": "图片中的文字需要先进行OCR文字识别，转成文本或带文字层的PDF后再上传",
}
_MIN_CHARS_PER_PAGE = 20
_HTML_TAG = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|p|div|table|br|span|h[1-6]|title|meta)\b", re.I)


def load_document(path: Path | str) -> LoadedDocument:
    """Load a supported file into cleaned pages; raises :class:`LoadError` for any bad input."""
    path = Path(path)
    fmt = _format_of(path)
    data = _read_bytes(path)
    _check_content(path, fmt, data)
    pages = _LOADERS[fmt](path, data)
    if not any(p.text.strip() for p in pages):
        raise LoadError(path, "文件中没有提取到任何文字", "请确认文件内容完整后再上传")
    return LoadedDocument(path=str(path), fmt=fmt, pages=pages)


# ---------------------------------------------------------------- checks shared by all formats


def _format_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in FORMATS:
        return FORMATS[ext]
    name = f"“{ext}”格式" if ext else "没有扩展名"
    advice = _ADVICE_BY_EXT.get(ext, "请转换为 PDF 或 .docx 后再上传")
    raise LoadError(path, f"不支持{name}的文件（{_SUPPORTED}）", advice)


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(path, "文件不存在", "请检查文件路径后重试") from None
    except OSError as err:
        raise LoadError(path, f"文件无法打开（{err.strerror or err}）", "请检查文件是否被占用或权限是否正确") from None
    if not data.strip():
        what = "文件是空的" if not data else "文件只包含空白字符，没有正文"
        raise LoadError(path, what, "请确认上传了正确的文件")
    return data


def sniff(data: bytes) -> str:
    """What the bytes really are: pdf, zip, ole (old Office), image, text or binary."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    return "text" if decode_text(data) is not None else "binary"


_KIND_NAMES = {
    "pdf": "PDF 文件",
    "zip": "压缩包或 Office 文档",
    "ole": "旧版 Office 文档（.doc/.xls）或加密文档",
    "image": "图片",
    "text": "纯文本",
    "binary": "无法识别的二进制数据",
}


def _check_content(path: Path, fmt: str, data: bytes) -> None:
    """Refuse a file whose extension says something other than its content."""
    kind = sniff(data)
    expected = {"pdf": {"pdf"}, "docx": {"zip"}, "html": {"text"}, "txt": {"text"}}[fmt]
    if kind in expected:
        return
    ext = path.suffix.lower()
    if kind == "binary" and fmt in ("txt", "html"):
        raise LoadError(path, "无法识别文本的编码（不是 UTF-8 或 GB18030）", "请用记事本等工具另存为 UTF-8 编码后再上传")
    if kind == "binary" and fmt == "pdf":
        raise LoadError(path, "PDF 文件已损坏（缺少PDF文件头）", "请重新下载或重新导出 PDF 后再上传")
    reason = f"文件扩展名是“{ext}”，但内容实际是{_KIND_NAMES[kind]}"
    raise LoadError(path, reason, "请确认文件类型，改为正确的扩展名或重新导出后再上传")


def decode_text(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GB18030; None if it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _looks_like_text(text) else None
    return None


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return "\x00" not in text and controls <= len(text) * 0.01


# ---------------------------------------------------------------- text, markdown and HTML


def _load_txt(path: Path, data: bytes) -> list[LoadedPage]:
    return [LoadedPage(number=1, text=join_broken_lines(clean_text(_text_or_fail(path, data))))]


def _text_or_fail(path: Path, data: bytes) -> str:
    text = decode_text(data)
    if text is None:
        raise LoadError(path, "无法识别文本的编码（不是 UTF-8 或 GB18030）", "请用记事本等工具另存为 UTF-8 编码后再上传")
    if not text.strip():
        raise LoadError(path, "文件只包含空白字符，没有正文", "请确认上传了正确的文件")
    return text


_DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template", "head", "iframe", "svg")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
    "aside", "blockquote", "pre", "address", "dl", "dt", "dd", "hr", "figure", "figcaption", "form", "caption",
)  # fmt: skip


def _load_html(path: Path, data: bytes) -> list[LoadedPage]:
    text = _text_or_fail(path, data)
    if not _HTML_TAG.search(text):
        reason = f"文件扩展名是“{path.suffix.lower()}”，但内容不是 HTML 网页"
        raise LoadError(path, reason, "纯文本请保存为 .txt 后再上传")
    try:
        body = html_to_text(text)
    except Exception:  # html.parser is lenient; this guards against pathological markup
        raise LoadError(path, "网页内容无法解析", "请在浏览器中打开后另存为 PDF 或纯文本再上传") from None
    return [LoadedPage(number=1, text=clean_text(body))]


def html_to_text(html: str) -> str:
    """Visible text of a page: block elements on their own lines, tables as tab-separated rows."""
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(list(_DROP_TAGS)):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, Doctype))):
        node.extract()
    for node in soup.find_all(string=True):
        if not node.find_parent(("pre", "textarea")):
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for table in reversed(soup.find_all("table")):
        table.replace_with("\n" + "\n".join(html_table_rows(table)) + "\n")
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (line.strip(" ") for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line.strip())


def html_table_rows(table) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    """Rows of one table (header rows first), merged cells left empty after their first cell."""
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    order = {"thead": 0, "tfoot": 2}
    trs.sort(key=lambda tr: order.get(tr.parent.name, 1))
    pending: dict[int, int] = {}
    grid = []
    for tr in trs:
        tds = tr.find_all(["td", "th"], recursive=False)
        cells = [(_cell_text(td), _span(td, "colspan"), _span(td, "rowspan")) for td in tds]
        grid.append(_place_cells(cells, pending))
    width = max((len(row) for row in grid), default=0)
    rows = ["\t".join(row + [""] * (width - len(row))) for row in grid]
    return [row for row in rows if row.strip()]


def _cell_text(cell) -> str:  # noqa: ANN001 - a bs4 Tag
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True)).strip()


def _span(cell, attr: str) -> int:  # noqa: ANN001 - a bs4 Tag
    try:
        return max(1, min(int(str(cell.get(attr, "1")).strip() or 1), 100))
    except ValueError:
        return 1


def _place_cells(cells: list[tuple[str, int, int]], pending: dict[int, int]) -> list[str]:
    """Lay one row's cells on the column grid; ``pending`` counts rows still covered by a rowspan."""
    out: list[str] = []
    queue = list(cells)
    col = 0
    while queue or any(c >= col and n > 0 for c, n in pending.items()):
        if pending.get(col, 0) > 0 or not queue:
            pending[col] = max(0, pending.get(col, 0) - 1)
            out.append("")
            col += 1
            continue
        text, colspan, rowspan = queue.pop(0)
        for offset in range(colspan):
            out.append("" if offset else text)
            if rowspan > 1:
                pending[col + offset] = rowspan - 1
        col += colspan
    return out


# ---------------------------------------------------------------- DOCX


def _load_docx(path: Path, data: bytes) -> list[LoadedPage]:
    _check_docx_zip(path, data)
    try:
        from docx import Document

        body = Document(io.BytesIO(data)).element.body
        lines = list(_docx_blocks(body))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors … on broken files
        raise LoadError(path, "Word 文档已损坏，无法打开", "请用 Word 打开确认后重新保存为 .docx 再上传") from None
    return [LoadedPage(number=1, text=clean_text("\n".join(lines)))]


def _check_docx_zip(path: Path, data: bytes) -> None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise LoadError(path, "Word 文档已损坏或不完整", "请重新下载或用 Word 重新保存为 .docx 后再上传") from None
    if "word/document.xml" in names:
        return
    if any(n.startswith("xl/") for n in names):
        kind = "Excel 表格"
    elif any(n.startswith("ppt/") for n in names):
        kind = "PowerPoint 演示文稿"
    else:
        kind = "普通压缩包"
    reason = f"文件扩展名是“.docx”，但内容实际是{kind}"
    raise LoadError(path, reason, "请上传 Word 文档，或将内容另存为 PDF 后再上传")


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx_blocks(container) -> Iterator[str]:  # noqa: ANN001 - an lxml element
    """Paragraph texts and table rows in body order."""
    for child in container.iterchildren():
        if child.tag == _w("p"):
            yield _docx_paragraph_text(child)
        elif child.tag == _w("tbl"):
            yield from _docx_table_rows(child)
        elif child.tag == _w("sdt"):
            for content in child.iterchildren(_w("sdtContent")):
                yield from _docx_blocks(content)


def _docx_paragraph_text(p) -> str:  # noqa: ANN001 - an lxml element
    """Text of a paragraph; tabs and breaks inside it become spaces (a tab would mean a table)."""
    parts = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        parts.append((node.text or "") if node.tag == _w("t") else " ")
    return "".join(parts)


def _docx_table_rows(tbl) -> Iterator[str]:  # noqa: ANN001 - an lxml element
    """One line per row; a merged cell's text appears once, the cells it covers stay empty."""
    for tr in tbl.iterchildren(_w("tr")):
        cells = [""] * _docx_int(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
        for tc in tr.iterchildren(_w("tc")):
            span = _docx_int(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}"), 1)
            vmerge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
            continues = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
            text = "" if continues else " ".join(_docx_paragraph_text(p) for p in tc.iter(_w("p")))
            cells += [text.strip()] + [""] * (span - 1)
        if any(cells):
            yield "\t".join(cells)


def _docx_int(node, default: int) -> int:  # noqa: ANN001 - an lxml element or None
    try:
        return max(0, int(node.get(_w("val")))) if node is not None else default
    except (TypeError, ValueError):
        return default


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


def _load_pdf(path: Path, data: bytes) -> list[LoadedPage]:
    with _quiet_pypdf():
        reader = _open_pdf(path, data)
        try:
            lines = [_page_lines(page, n) for n, page in enumerate(reader.pages, start=1)]
        except LoadError:
            raise
        except Exception:  # pypdf raises many kinds of errors on damaged content streams
            raise LoadError(path, "PDF 文件已损坏，无法读取页面内容", "请重新下载或重新导出 PDF 后再上传") from None
    _check_has_text(path, lines)
    return pdf_pages(_from_left_margin(lines))


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


def _page_lines(page, number: int) -> list[_Line]:  # noqa: ANN001 - a pypdf PageObject
    """Visual lines of a page with positions; plain extraction when positions are unavailable."""
    try:
        frags = _page_frags(page)
    except Exception:  # positions come from pypdf internals; fall back to its public text
        frags = None
    if frags is None:
        text = page.extract_text() or ""
        return [_Line(number, 0.0, [], raw=ln) for ln in text.split("\n") if ln.strip()]
    tables = _ruled_tables(page)
    inside = [(y, f) for y, f in frags if any(t.contains(f.x0 + 1, y + 0.3 * f.size) for t in tables)]
    rows = [_Line(number, top, [], raw="\t".join(cells))
            for t in tables
            for top, cells in pdftables.table_rows(t, [(f.x0 + 1, y + 0.3 * f.size, f.text) for y, f in inside])]
    outside = [(y, f) for y, f in frags if not any(t.contains(f.x0 + 1, y + 0.3 * f.size) for t in tables)]
    return sorted(_group_lines(outside, number) + rows, key=lambda ln: -ln.y)


def _ruled_tables(page) -> list[pdftables.RuledTable]:  # noqa: ANN001 - a pypdf PageObject
    """Bordered tables drawn on the page (none when its drawing cannot be read)."""
    from pypdf.generic import ContentStream

    try:
        contents = page.get_contents()
        if contents is None:
            return []
        return pdftables.find_tables(pdftables.segments(ContentStream(contents, page.pdf, "bytes").operations))
    except Exception:  # a drawing we cannot parse only costs the table structure
        return []


def _page_frags(page) -> list[tuple[float, _Frag]] | None:  # noqa: ANN001 - a pypdf PageObject
    """(y, fragment) for every text run in page coordinates; None when positions are unreliable.

    Uses pypdf's layout-mode machinery (private API, pypdf pinned <8; any failure falls back to
    plain extraction). Same loop as ``text_show_operations`` minus its per-page left alignment,
    which would shift the tab stops on a page whose lines all start indented.
    """
    from pypdf._text_extraction._layout_mode import _fixed_width_page as fwp
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return []
    fonts = page._layout_mode_fonts()
    if not all(font.interpretable for font in fonts.values()):
        return None  # layout mode would drop this text; plain extraction keeps it
    state, groups = TextStateManager(), []
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    for operands, op in ops:
        if op in (b"BT", b"q"):
            groups += fwp.recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)[0]
        elif op == b"Tf":
            fwp.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    return [
        (g["ty"] * g["flip_sort"], _Frag(g["tx"], g["displaced_tx"], g["font_size"], g["text"]))
        for g in groups
        if g["text"].strip()
    ]


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
    cleaned = [clean_text("\n".join(lines)).split("\n") for lines in per_page]
    paragraphs: list[list[str]] = [[] for _ in pages]
    for number, text in join_pdf_pages(cleaned):
        paragraphs[number - 1].append(text)
    return [LoadedPage(number=n, text="\n".join(paras)) for n, paras in enumerate(paragraphs, start=1)]


_LOADERS: dict[str, Callable[[Path, bytes], list[LoadedPage]]] = {
    "pdf": _load_pdf,
    "docx": _load_docx,
    "html": _load_html,
    "txt": _load_txt,
}
