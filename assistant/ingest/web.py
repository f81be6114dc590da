"""The notice inside a web page: trafilatura finds the main content, our own reading keeps its structure.

trafilatura (main-content extraction) knows a page's body from its navigation, sidebars and footer,
but it drops the headline (it keeps it as metadata), sometimes a paragraph of links (附件), and it
flattens a page laid out with tables. So it only says *where* the notice is: the page is read by
:func:`assistant.ingest.loaders.html_to_text` (headings, paragraphs, tables as TAB rows), and the lines
from the headline to the last line trafilatura kept are the notice. When the extraction found too
little of the page's text (a layout it does not know), the whole page is kept; page chrome is then
removed line by line either way (:mod:`assistant.ingest.chrome`).
"""

from __future__ import annotations

import re
import unicodedata

MIN_ANCHOR = 6
"""Characters a line needs to anchor the extraction's start or end (a short line occurs anywhere)."""

MIN_SHARE = 0.5
"""Share of the page's text the extraction must keep to be trusted: below it the body was lost."""

LEAD = 12
"""Characters of the extraction's beginning a page line must start with to be its first line (the site's
name at the top of a page also occurs in the notice's signature, so occurring somewhere is not enough)."""

HEADLINE_ABOVE = 6
"""Lines above the extraction's first line searched for the page's headline."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def main_span(html: str, lines: list[str]) -> tuple[int, int] | None:
    """(first, last) index of the notice among the page's ``lines``; None when extraction failed."""
    extracted, title = _extract(html)
    if not extracted:
        return None
    flat = _norm(extracted).replace("|", "")  # trafilatura's table cells are |-separated
    inside = [i for i, line in enumerate(lines) if len(n := _norm(line)) >= MIN_ANCHOR and n in flat]
    first = next((i for i in inside if flat.startswith(_norm(lines[i])[:LEAD])), None)
    if first is None:
        return None
    start, end = _headline(lines, first, title), _attachments(lines, inside[-1])
    kept = sum(len(_norm(line)) for line in lines[start : end + 1])
    if kept < MIN_SHARE * len(flat):
        return None
    return start, end


def _extract(html: str) -> tuple[str, str]:
    """The main content's text and the page's title, as trafilatura sees them ("" when it finds none)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, include_tables=True, include_links=False, include_images=False,
                                            include_comments=False, deduplicate=False, with_metadata=True)
    except Exception:  # a page trafilatura cannot parse is read whole
        return "", ""
    if found is None or isinstance(found, dict):
        return "", ""
    return found.text or "", found.title or ""


_ATTACHMENT = re.compile(r"^附\s*件|\.(?:docx?|xlsx?|wps|et|pdf|zip|rar)\s*$", re.I)


def _attachments(lines: list[str], end: int) -> int:
    """Index of the last attachment link right below ``end`` (trafilatura drops lines of links)."""
    while end + 1 < len(lines) and _ATTACHMENT.search(lines[end + 1].strip()):
        end += 1
    return end


def _headline(lines: list[str], start: int, title: str) -> int:
    """Index of the headline just above ``start`` (the page title starts with it), else ``start``."""
    norm_title = _norm(title)
    for i in range(start - 1, max(-1, start - 1 - HEADLINE_ABOVE), -1):
        line = _norm(lines[i])
        if len(line) >= MIN_ANCHOR and norm_title.startswith(line):
            return i
    return start
