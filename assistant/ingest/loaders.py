"""Turn a notice file (PDF, DOCX, HTML, TXT/MD) into cleaned text, page by page.

Every problem with the input file is reported as :class:`LoadError`, whose message says in
Chinese what is wrong with which file and what to do about it.

Tables follow one convention for every format: one line per row, cells separated by "\\t",
header row first; an empty cell is a merged cell that continues the value above.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from assistant.ingest import chrome
from assistant.ingest.clean import clean_text, join_broken_lines
from assistant.ingest.errors import LoadError
from assistant.ingest.pdf import load_pdf
from assistant.models import DocFormat, LoadedDocument, LoadedPage

FORMATS: dict[str, DocFormat] = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt", ".md": "txt"}
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
_HTML_TAG = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|p|div|table|br|span|h[1-6]|title|meta)\b", re.I)


def load_document(path: Path | str, budget: Budget | None = None) -> LoadedDocument:
    """Load a supported file into cleaned pages; raises :class:`LoadError` for any bad input.

    ``budget`` is the wall-clock allowance of the whole ingest of this file (checked between steps);
    the text is capped at :data:`MAX_TEXT_CHARS` whatever the budget.
    """
    path = Path(path)
    fmt = _format_of(path)
    data = _read_bytes(path)
    _check_content(path, fmt, data)
    pages, info = _LOADERS[fmt](path, data)
    if budget:
        budget.check(path, "读取文件")
    if not any(p.text.strip() for p in pages):
        raise LoadError(path, "文件中没有提取到任何文字", "请确认文件内容完整后再上传")
    check_text_length(path, sum(len(p.text) for p in pages))
    return LoadedDocument(path=str(path), fmt=fmt, pages=pages, page_info=info)


# ---------------------------------------------------------------- limits on the work one file may cost

MAX_TEXT_CHARS = 100_000
"""Longest text a notice may have. Every bundled and evaluation notice is under 20,000 characters;
five times that leaves room for long 公示 lists, and caps the passages to embed at a few hundred, so
one file cannot hold the library for minutes (a 177 KB DOCX of plain text held 150,000 characters)."""

MARKUP_PER_CHAR = 20
"""Raw HTML may be this many times longer than the text cap before it is parsed: a CMS page carries
a few characters of markup per character of text, twenty is generous, and parsing stays bounded."""

MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""Largest total uncompressed size of a ZIP-based file (DOCX). python-docx reads every part into
memory; a 20 MB notice of photos unpacks to about its own size, a bomb to gigabytes."""

MAX_XML_BYTES = 10 * 1024 * 1024
"""Largest total size of the XML parts, which lxml turns into a tree ten or more times their size. A
notice at the text cap is a few MB of WordprocessingML."""

MAX_RATIO = 200
"""Largest compression ratio of a part over 1 MB. Word's XML deflates 5–20 times (a table of empty
cells somewhat more); deflate's ceiling is about 1,000, which is where bombs sit (a 459 KB DOCX
unpacked to 300 MB)."""

MAX_MEMBERS = 2_000
"""Most parts a ZIP-based file may have: a notice has a few dozen, and each part is read."""


class Budget:
    """The wall-clock allowance of one file's ingest: steps call :meth:`check` between them, so a file
    that takes too long is refused with a message instead of holding the library lock for minutes."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._start = clock()

    def elapsed(self) -> float:
        return self._clock() - self._start

    def check(self, path: Path | str, stage: str) -> None:
        """Raise :class:`LoadError` once the allowance is spent (``stage`` says where it ran out)."""
        if self.elapsed() > self.seconds:
            raise LoadError(path, f"处理时间超过 {self.seconds:g} 秒的上限（{stage}时），已停止导入",
                            "文件可能过大或结构异常，请拆分文件或另存为 PDF 后再上传")


def check_text_length(path: Path, chars: int) -> None:
    """Refuse text beyond :data:`MAX_TEXT_CHARS`: it is not one notice, and indexing it costs minutes."""
    if chars > MAX_TEXT_CHARS:
        raise LoadError(path, f"正文超过 {MAX_TEXT_CHARS // 10_000} 万字的上限，不像是一份通知",
                        "请只上传通知本身，或把附件拆成几个文件后再上传")


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP-based file (DOCX, later XLSX) that would unpack to too much, before any part is read.

    The sizes are the ones the archive declares: :mod:`zipfile` never returns more than a part declares
    (it stops there and the CRC check fails), so they bound what reading can cost.
    """
    infos = archive.infolist()
    advice = "文件可能是恶意构造的“压缩炸弹”；如是正常文档，请用 Word 打开后另存为 PDF 再上传"
    if len(infos) > MAX_MEMBERS:
        raise LoadError(path, f"压缩包内有 {len(infos)} 个部件（上限 {MAX_MEMBERS} 个）", advice)
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_UNPACKED_BYTES or xml > MAX_XML_BYTES:
        size, limit = (total, MAX_UNPACKED_BYTES) if total > MAX_UNPACKED_BYTES else (xml, MAX_XML_BYTES)
        raise LoadError(path, f"文件解压后有 {_mb(size)} MB（上限 {_mb(limit)} MB）", advice)
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise LoadError(path, f"文件中的“{info.filename}”压缩比异常（{ratio} 倍，上限 {MAX_RATIO} 倍）", advice)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _capped(path: Path, lines: Iterable[str]) -> list[str]:
    """The lines, refused as soon as they pass the text cap (a huge document is not read to its end)."""
    out: list[str] = []
    chars = 0
    for line in lines:
        chars += len(line) + 1
        check_text_length(path, chars)
        out.append(line)
    return out


# ---------------------------------------------------------------- checks shared by all formats


def _format_of(path: Path) -> DocFormat:
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


_Read = tuple[list[LoadedPage], dict[str, str]]
"""A file's pages, and what its web page's info line said (see :func:`chrome.page_info`)."""


def _load_txt(path: Path, data: bytes) -> _Read:
    text = _text_or_fail(path, data)
    check_text_length(path, len(text) // 2)  # before cleaning, which drops blanks and page furniture
    lines = text.split("\n")  # chrome is found before cleaning, which turns markdown links to text
    body = clean_text("\n".join(chrome.drop_chrome(lines)))
    return [LoadedPage(number=1, text=join_broken_lines(body))], chrome.page_info(lines)


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


def _load_html(path: Path, data: bytes) -> _Read:
    text = _text_or_fail(path, data)
    check_text_length(path, len(text) // MARKUP_PER_CHAR)  # before parsing: markup allowed for
    if not _HTML_TAG.search(text):
        reason = f"文件扩展名是“{path.suffix.lower()}”，但内容不是 HTML 网页"
        raise LoadError(path, reason, "纯文本请保存为 .txt 后再上传")
    try:
        lines = clean_text(html_to_text(text)).split("\n")
    except Exception:  # html.parser is lenient; this guards against pathological markup
        raise LoadError(path, "网页内容无法解析", "请在浏览器中打开后另存为 PDF 或纯文本再上传") from None
    return [LoadedPage(number=1, text="\n".join(notice_lines(text, lines)))], chrome.page_info(lines)


def notice_lines(html: str, lines: list[str]) -> list[str]:
    """The page's lines that are the notice: trafilatura's main-content span, without chrome lines."""
    from assistant.ingest.web import main_span

    span = main_span(html, lines)
    if span:
        lines = lines[span[0] : span[1] + 1]
    return chrome.drop_chrome(lines)


def html_to_text(html: str) -> str:
    """Visible text of a page: block elements on their own lines, tables as tab-separated rows.

    One pass over the parsed tree, which stays as parsed: editing a bs4 tree (``insert_before``,
    ``replace_with``) looks each node up among its siblings, so a page of 20,000 paragraphs took minutes.
    """
    from bs4 import BeautifulSoup

    parts: list[str] = []
    _emit_text(BeautifulSoup(html, "html.parser"), parts, verbatim=False)
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _emit_text(node, out: list[str], verbatim: bool) -> None:  # noqa: ANN001 - a bs4 Tag
    """Append the visible text under ``node``: whitespace collapsed outside ``pre``/``textarea``,
    block elements between line breaks, a table as its rows, scripts, comments and page chrome left out."""
    from bs4 import Tag

    for child in node.children:
        if isinstance(child, Tag):
            if child.name in _DROP_TAGS:
                continue
            if child.name == "table" and is_label_table(child):
                _emit_label_rows(child, out, verbatim)
                continue
            if child.name == "table" and not is_layout_table(child):
                out.append("\n" + "\n".join(html_table_rows(child)) + "\n")
                continue
            block = child.name in _BLOCK_TAGS or child.name in _LAYOUT_TAGS
            out.append("\n" if block else "")
            _emit_text(child, out, verbatim or child.name in ("pre", "textarea"))
            out.append("\n" if block else "")
        elif _shown(child):
            out.append(str(child) if verbatim else re.sub(r"\s+", " ", child))


_LAYOUT_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
_BLOCKS_IN_CELL = ("table", "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article")


def _direct_rows(table) -> list:  # noqa: ANN001 - a bs4 Tag
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def is_label_table(table) -> bool:  # noqa: ANN001 - a bs4 Tag
    """A table of labelled values (a 办事指南's 事项名称 | 技工院校… rows): every row starts with a
    header cell and holds a data cell, and most rows are label/value pairs (a row header before
    several columns' values is a grid's). Read cell by cell, each value after its label, it says
    "咨询电话：0531-…" where a grid would cut label from value."""
    rows = [tr.find_all(["td", "th"], recursive=False) for tr in _direct_rows(table)]
    rows = [cells for cells in rows if cells and not _heading_row(cells)]
    if len(rows) < 2 or not all(cells[0].name == "th" and any(c.name == "td" for c in cells) for cells in rows):
        return False
    return sum(_pairs(cells) for cells in rows) * 3 >= len(rows) * 2  # mostly label, value[, label, value]


def _heading_row(cells: list) -> bool:  # noqa: ANN001 - bs4 Tags
    """A row of one header cell: a heading across the table (基本信息)."""
    return len(cells) == 1 and cells[0].name == "th"


def _pairs(cells: list) -> bool:  # noqa: ANN001 - bs4 Tags
    """Label and value, label and value: not a row header before several columns' values."""
    return len(cells) % 2 == 0 and all(c.name == ("th" if k % 2 == 0 else "td") for k, c in enumerate(cells))


def _emit_label_rows(table, out: list[str], verbatim: bool) -> None:  # noqa: ANN001 - a bs4 Tag
    """Each label with its values on one line ("办理时限：法定办结时限：60个工作日；承诺办结时限：40个工作日"),
    a value holding blocks (a table of materials) going on below its label."""
    for tr in _direct_rows(table):
        previous = None
        cells = tr.find_all(["td", "th"], recursive=False)
        if cells and _heading_row(cells):
            out.append("\n" + _cell_text(cells[0]) + "\n")
            continue
        for cell in cells:
            if cell.name == "th":
                label = _cell_text(cell).rstrip("：:")
                out.append("\n" + label + "：" if label else "\n")
            else:
                out.append("；" if previous == "td" else "")
                _emit_text(cell, out, verbatim)
            previous = cell.name
        out.append("\n")


def is_layout_table(table) -> bool:  # noqa: ANN001 - a bs4 Tag
    """A table that lays out a page rather than holding data: it holds tables or paragraphs, or it has
    one row or one column. Its cells are read as blocks of their own, not as one row of cells."""
    rows = _direct_rows(table)
    if len(rows) <= 1 or all(len(tr.find_all(["td", "th"], recursive=False)) <= 1 for tr in rows):
        return True
    return table.find(_BLOCKS_IN_CELL) is not None


def _visible_strings(node) -> Iterator[str]:  # noqa: ANN001 - a bs4 Tag
    """The visible strings under ``node`` (a table inside it as its rows), for a table cell's text."""
    from bs4 import Tag

    for child in node.children:
        if isinstance(child, Tag):
            if child.name in _DROP_TAGS:
                continue
            if child.name == "table":
                yield "\n".join(html_table_rows(child))
            else:
                yield from _visible_strings(child)
        elif _shown(child):
            yield str(child)


def _shown(node) -> bool:  # noqa: ANN001 - a bs4 PageElement
    """Text a reader sees: a string, CDATA or ruby text; not a comment, doctype, declaration,
    processing instruction, or the text of a script, style sheet or template."""
    from bs4.element import CData, NavigableString, RubyParenthesisString, RubyTextString

    return type(node) in (NavigableString, CData, RubyTextString, RubyParenthesisString)


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
    text = " ".join(part.strip() for part in _visible_strings(cell) if part.strip())
    return re.sub(r"\s+", " ", text).strip()


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


def _load_docx(path: Path, data: bytes) -> _Read:
    _check_docx_zip(path, data)
    try:
        from docx import Document

        body = Document(io.BytesIO(data)).element.body
        lines = _capped(path, _docx_blocks(body))
    except LoadError:
        raise
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors … on broken files
        raise LoadError(path, "Word 文档已损坏，无法打开", "请用 Word 打开确认后重新保存为 .docx 再上传") from None
    text = clean_text("\n".join(chrome.drop_chrome(lines)))
    return [LoadedPage(number=1, text=text)], {}


def _check_docx_zip(path: Path, data: bytes) -> None:
    """A real Word document whose parts unpack to a sane size (checked before python-docx reads them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(path, archive)
            names = set(archive.namelist())
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


def _load_pdf(path: Path, data: bytes) -> _Read:
    return load_pdf(path, data), {}


_LOADERS: dict[str, Callable[[Path, bytes], _Read]] = {
    "pdf": _load_pdf,
    "docx": _load_docx,
    "html": _load_html,
    "txt": _load_txt,
}
