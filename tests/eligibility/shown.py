"""What applicants must never be shown (issue 13, part 4): internal identifiers in a text."""

from __future__ import annotations

import html
import re

# rule ids (baseline.engineer.bachelor, excluded.civil_servant), notice ids (000_0c0ecf8262729fd8,
# 101_huzhou_dianzi) with or without a file extension, and the § of a file-and-section reference
IDENTIFIER = re.compile(r"\b(?:[a-z]+_?[a-z]*\.[a-z_.]+[a-z]|\d{3}_[0-9a-z_]+(?:\.(?:txt|pdf|docx|html?))?)\b|§")


def leaks(text: str) -> list[str]:
    """The internal identifiers in ``text``: rule ids, notice ids, file names (none for applicants)."""
    return sorted(set(IDENTIFIER.findall(text)))


def visible(markup: str) -> str:
    """The text of HTML as a reader sees it: tags (and the links' targets in them) left out."""
    return html.unescape(re.sub(r"<[^>]*>", " ", markup))
