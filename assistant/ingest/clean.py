"""Cleaning of notice text as received, and re-joining of PDF lines into paragraphs.

Pure functions, no state. Table rows are lines containing "\\t" (one cell per tab-separated
field, an empty field continues the cell above); nothing here ever joins or splits them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from assistant.ingest.chrome import is_info_line
from assistant.ingest.plaintables import tabulate
from assistant.text.patterns import DATE_LINE

# Han ideographs; with CJK punctuation, full-width forms and curly quotes / dashes, Chinese text.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = _HAN + "\u3000-\u303f\uff00-\uffef\u2014-\u2026"
_ALNUM = "A-Za-z0-9"

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\\\(|\\\))*\)")
_ANGLE_URL = re.compile(r"<((?:https?|ftp)://[^<>]{1,400}?)>")
_MD_ESCAPE = re.compile(r"\\([\\()\[\]*_#.\-+!`{}<>|~])")
_BOLD = re.compile(r"\*\*(?=\S)([^\n]*?\S)\*\*")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACE_CJK_ANY = re.compile(rf"(?<=[{CJK}]) +(?=[{CJK}{_ALNUM}])")
_SPACE_ALNUM_CJK = re.compile(rf"(?<=[{_ALNUM}]) +(?=[{CJK}])")
# Between two words of two or more Han characters, an ideographic space or a run of spaces is a
# separator the writer typed (联系人：张媛  黄悠悠, two issuers side by side), not a stray space;
# letter-spaced titles (关  于) have one-character runs and are squeezed as before.
_IDEOGRAPHIC_GAP = re.compile(rf"(?<=[{_HAN}]{{2}})[ \u00a0]*\u3000[ \u3000\u00a0]*(?=[{_HAN}]{{2}})")
_KEPT_GAP = re.compile(rf"(?<=[{_HAN}]{{2}})(?: {{2,}}| *\u3000 *)(?=[{_HAN}]{{2}})")

_CN_NUM = "一二三四五六七八九十百零〇"
_NUMBERED = (
    rf"[{_CN_NUM}]+[、.．]"
    rf"|[（(][{_CN_NUM}]+[)）]"
    r"|\d{1,3}[、.．](?!\d)"
    r"|[（(]\d{1,3}[)）]"
    r"|\d{1,3}[)）]"
    rf"|第[{_CN_NUM}\d]+[条章节部分]"
    r"|[①-⑳]"
)
_MARKER = rf"(?:{_NUMBERED})(?![。，、；：）)])|附件|附表|附：|注：|备注"
_LIST_START = re.compile(rf"^(?:{_MARKER})")
_MD_BULLET = re.compile(rf"^[ \u3000]*[-*+•][ \u3000]+(?=(?:{_MARKER}))", re.M)

_SENTENCE_END = tuple("。！？；：!?;:")
_CONTINUES = tuple("，、（(《“‘—-/")
_TITLE_TAIL = re.compile(r"(?:通知|通告|公告|决定|意见|办法|方案|细则|规定|函)$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$"
    r"|^第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)
_SHORT = 0.7  # a line narrower than this share of a full line did not wrap


def to_halfwidth(text: str) -> str:
    """Full-width ASCII letters and digits to half-width, ideographic space to a space — except
    one between two Han words, kept (and alone) for ``squeeze_spaces`` to read as a separator."""
    return "\u3000".join(map(_halfwidth, _IDEOGRAPHIC_GAP.split(text)))


def _halfwidth(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\u3000" or ch == "\u00a0":
            out.append(" ")
        elif 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def strip_markup(text: str) -> str:
    """Remove the markdown and word-processor residue found in notices as received."""
    text = _BOOKMARK.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _ANGLE_URL.sub(lambda m: re.sub(r"\s+", "", m.group(1)), text)
    text = _BOLD.sub(r"\1", text)
    text = text.replace("**", "")
    text = _MD_ESCAPE.sub(r"\1", text)
    return _MD_BULLET.sub("", text)


def squeeze_spaces(line: str) -> str:
    """Drop spaces next to CJK text (``2024 年度`` → ``2024年度``); keep them inside latin runs, and
    keep one where two or an ideographic one stood between two Han words (``张媛  黄悠悠``)."""
    return " ".join(_squeeze_run(part) for part in _KEPT_GAP.split(line))


def _squeeze_run(text: str) -> str:
    text = _SPACE_CJK_ANY.sub("", text)
    return _SPACE_ALNUM_CJK.sub("", text)


def clean_text(raw: str) -> str:
    """Clean text of any format: markup, widths, stray spaces, trailing blanks; tabs are kept, and
    tables drawn in text become tab rows (``plaintables``)."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ZERO_WIDTH.sub("", text)
    text = strip_markup(to_halfwidth(text))
    lines = [squeeze_spaces(line.strip(" ")) for line in tabulate(text.split("\n"))]
    lines = _drop_blank_inside_tables(lines)
    text = "\n".join(line if line.strip() else "" for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _drop_blank_inside_tables(lines: list[str]) -> list[str]:
    """Blank lines between two table rows would split the table; drop them."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip() and out and "\t" in out[-1]:
            nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
            if "\t" in nxt:
                continue
        out.append(line)
    return out


# ---------------------------------------------------------------- PDF line joining


def display_width(line: str) -> int:
    """Width in half-width cells: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def is_page_number(line: str) -> bool:
    """``7``, ``- 3 -``, ``第 3 页``, ``3/5``, ``Page 3 of 5``."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def starts_block(line: str) -> bool:
    """A heading or list item: 一、 （一） (一) 1. 1、 (1) （1） 第X条 附件 …"""
    return bool(_LIST_START.match(line.strip()))


def is_date_line(line: str) -> bool:
    """A line that is only a date, as under a signature: ``2024年3月13日``, ``年  月  日``."""
    return bool(DATE_LINE.match(line))


def _ends_paragraph(prev: str, full: int) -> bool:
    """A one-line paragraph that did not wrap: clearly narrower than a full line, not cut at a comma.

    (Inside a longer paragraph a short line is a hard break in the middle of a sentence, as in
    ``……论`` / ``文等材料……``, and is joined.)
    """
    return display_width(prev) < _SHORT * full and not prev.endswith(_CONTINUES)


def is_title(text: str) -> bool:
    """A notice title such as ``关于做好我市2024年度职称评审工作的通知``."""
    return text.startswith("关于") and bool(_TITLE_TAIL.search(text)) and not re.search("[，。；]", text)


def should_join(prev: str, line: str, full: int, paragraph: str = "") -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``prev`` (``full``: line width)."""
    paragraph = paragraph or prev
    if "\t" in prev or "\t" in line or not prev or not line:
        return False
    if prev.endswith(_SENTENCE_END) or starts_block(line) or is_title(paragraph):
        return False
    if is_date_line(prev) or is_date_line(line):
        return False
    if paragraph.startswith("关于") and _TITLE_TAIL.search(line):
        return True  # the second line of a title set in a large font
    return paragraph != prev or not _ends_paragraph(prev, full)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Header/footer lines: the same text (digits ignored) first on most pages, or last on most pages.

    Top and bottom are counted apart: a document's first line (宜昌市教育局, its header) that is also
    the last line of another page (the same office signing it) is neither a header nor a footer."""
    if len(pages) < 2:
        return set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        lines = [ln for ln in lines if ln.strip() and not is_page_number(ln)]
        for counts, line in ((tops, lines[:1]), (bottoms, lines[-1:])):
            if line and "\t" not in line[0] and not line[0].endswith(_SENTENCE_END):
                counts[_digits_blind(line[0])] += 1
    need = max(2, math.ceil(0.6 * len(pages)))
    return {key for counts in (tops, bottoms) for key, n in counts.items() if n >= need}


def _digits_blind(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and running headers/footers from each page's lines."""
    running = _running_lines(pages)
    out = []
    for lines in pages:
        kept = [ln for ln in lines if ln.strip() and not is_page_number(ln)]
        kept = [ln for ln in kept if "\t" in ln or _digits_blind(ln) not in running]
        out.append(kept)
    return out


def join_pdf_pages(pages: list[list[str]]) -> list[tuple[int, str]]:
    """Join wrapped lines of a PDF, across page breaks too; returns (1-based page, paragraph).

    A paragraph is reported on the page where it starts. Page numbers and running
    headers/footers are removed first; table rows (lines with tabs) are kept as they are.
    """
    pages = _strip_page_furniture(pages)
    full = _full_width([ln for lines in pages for ln in lines if "\t" not in ln])
    out: list[tuple[int, str]] = []
    last = ""
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            if out and should_join(last, line, full, out[-1][1]):
                out[-1] = (out[-1][0], _glue(out[-1][1], line))
            else:
                out.append((number, line))
            last = line
    return out


def _full_width(lines: list[str]) -> int:
    """Width of a full (wrapped) line: the 90th percentile, robust to a few over-long lines."""
    widths = sorted(display_width(ln) for ln in lines)
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0


def _glue(prev: str, line: str) -> str:
    """Join two wrapped pieces; a space only between two latin words (never inside a URL)."""
    last = prev.rsplit(" ", 1)[-1]
    in_url = any(mark in last for mark in ("/", "@", ".", "_"))
    if not in_url and re.search(r"[A-Za-z]$", prev) and re.match(r"[A-Za-z]", line):
        return f"{prev} {line}"
    return prev + line


def join_pdf_lines(lines: list[str]) -> list[str]:
    """Join wrapped PDF lines of one stream into paragraphs (see :func:`join_pdf_pages`)."""
    return [text for _, text in join_pdf_pages([lines])]


def join_broken_lines(text: str) -> str:
    """Re-join paragraphs of a text file that a copy from a web page or PDF broke mid-sentence.

    A long line (≥ 30 characters) that does not end a sentence is joined to the next non-empty
    line unless that line starts a new block (a heading, list item, table row) — so "…项目（工程）设"
    and "计说明书…" become one sentence again, while headings and signatures stay apart.
    """
    lines = text.split("\n")
    out: list[str] = []
    pending_join = False
    for line in lines:
        stripped = line.strip()
        if pending_join and stripped:
            if "\t" not in line and not starts_block(stripped) and not _LABEL_START.match(stripped) \
                    and re.match(r"[\u4e00-\u9fff（(“《]", stripped):
                out[-1] = out[-1].rstrip() + stripped
                pending_join = _broken(out[-1])
                continue
            pending_join = False
        if pending_join and not stripped:
            continue
        out.append(line)
        pending_join = _broken(stripped) and "\t" not in line
    return "\n".join(out)


_LABEL_START = re.compile(r"^[^，。；：:\t]{1,10}[：:]")
_CLOSING_WORDS = ("通知", "公告", "通告", "印发", "表", "办法", "意见", "如下", "单位", "号")


def _broken(line: str) -> bool:
    """A line cut in the middle of a word: long, ending on a Chinese character, no closing word; not
    a page's info line ("发布时间：… 来源：市档案局业务指导处"), which is whole however it ends."""
    return (len(line) >= 30 and bool(re.search(r"[\u4e00-\u9fff]$", line)) and not line.endswith(_CLOSING_WORDS)
            and not is_info_line(line))
