"""Chinese numerals as numbers: the one parser every stage uses.

Digit by digit (二〇二五 → 2025), positional (十二 → 12, 一百零五 → 105, 三千五百 → 3500,
一万二千 → 12000), or Arabic digits. ``cn2an`` would do the same but raises on the partial runs
that regular expressions cut out of running text; here a run that is no numeral gives ``None``.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "十百千万"
CN_NUMERAL = re.compile(f"[{CN_NUMERAL_CHARS}]+")


def cn_number(text: str) -> int | None:
    """Arabic digits or a Chinese numeral as an int; None when ``text`` is neither."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        return None
    if not any(ch in _UNITS or ch == "万" for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    high, wan, low = text.partition("万")
    if not wan:
        return _below_wan(text)
    upper = _below_wan(high) if high else 1
    lower = _below_wan(low) if low else 0
    return None if upper is None or lower is None else upper * 10000 + lower


def _below_wan(text: str) -> int | None:
    """十二 → 12, 一百零五 → 105: digit-unit pairs, units falling; a digit after a digit is no numeral."""
    total, digit, last_unit = 0, None, 10000
    for ch in text:
        if ch in DIGITS:
            if digit:
                return None
            digit = DIGITS[ch]
        elif ch in _UNITS and _UNITS[ch] < last_unit:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit, last_unit = None, _UNITS[ch]
        else:
            return None
    return total + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Every number written in the text, in Arabic digits or Chinese numerals."""
    found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)}
    return found | {float(n) for x in CN_NUMERAL.findall(text) if (n := cn_number(x)) is not None}
