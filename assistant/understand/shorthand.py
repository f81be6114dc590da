"""Short names applicants give titles and schooling, read as the names notices use.

An applicant asks about 高会 or 高工 and a 大专 degree; notices write 高级会计师, 高级工程师 and 大学专科.
Read as written, the short name names no series or level (the scope cannot tell which notice is
meant) and no sentence holds it (an answer covering it is never found). The vocabulary lists the
short names (``shorthand``). One is read as its full name only where it stands as a word of its
own: where a dictionary word runs across either of its ends (提高工作 holds 高工 inside 提高 and
工作), the characters belong to that word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LONGEST_WORD = 4  # the longest dictionary word looked for across a short name's ends


class Shorthand:
    """``names``: short name → full name; ``is_word(word)``: the dictionary has it."""

    def __init__(self, names: Mapping[str, str], is_word: Callable[[str], bool]) -> None:
        self.names = sorted(names.items(), key=lambda item: -len(item[0]))  # 正高工 before 高工
        self.is_word = is_word

    def expand(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The text with its short names read as full names, and each (short, full) read, in the
        order they stand in the text."""
        read: list[tuple[int, str, str]] = []
        for short, full in self.names:
            start = text.find(short)
            while start >= 0:
                end = start + len(short)
                if self._stands_alone(text, start, end):
                    text = text[:start] + full + text[end:]
                    read.append((start, short, full))
                    end = start + len(full)
                start = text.find(short, end)
        return text, [(short, full) for _, short, full in sorted(read)]

    def _stands_alone(self, text: str, start: int, end: int) -> bool:
        """No dictionary word of two or more characters crosses the span's start or its end."""
        return not any(self._word_across(text, edge) for edge in (start, end))

    def _word_across(self, text: str, edge: int) -> bool:
        for left in range(max(0, edge - LONGEST_WORD + 1), edge):
            for right in range(edge + 1, min(len(text), left + LONGEST_WORD) + 1):
                if self.is_word(text[left:right]):
                    return True
        return False
