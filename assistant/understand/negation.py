"""An alternative the applicant rules out: "纸质材料（不是网上申报）", "中级职称（不是副高）".

The ruled-out words name another alternative of something the question names outside them (纸质 and
网上 are two channels, 中级 and 副高级 two levels, 经济 and 会计 two series): the question asks about the
one it names. Read as written, the ruled-out words would count as asked for, and the sentence about
网上申报 would match the question as well as the one about 纸质材料. Such a span is left out of the
question as the pipeline reads it. A negation with nothing of its kind to contrast with ("（非破格）
需要答辩吗") is kept: what it rules out is what the question is about.

What the applicant sets aside as already known (:func:`excepted_words`): "除了评审费还要交什么钱" asks
for the other charges, and the 评审费 is the one fact it does not want.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A bracketed negation, or one set off by commas: "（不是网上申报）", "(非会计)", "，不是副高，".
_RULED_OUT = re.compile(
    r"[（(]\s*(?:而不是|不是|并非|而非|非)\s*([^（）()]{1,16}?)\s*[）)]"
    r"|[，,]\s*(?:而不是|不是|并非|而非)\s*([^，,。；;？?！!（）()]{1,16}?)(?=[，,。；;？?！!]|$)"
)

Alternatives = Callable[[str], dict[str, set[str]]]


def drop_ruled_out(question: str, alternatives: Alternatives) -> tuple[str, list[str]]:
    """The question without the spans ruling out an alternative it names otherwise, and those spans'
    words. ``alternatives`` says which alternative of each contrast family a text names."""
    ruled: list[str] = []
    kept = question
    for match in reversed(list(_RULED_OUT.finditer(question))):
        words = match.group(1) or match.group(2)
        rest = kept[: match.start()] + kept[match.end():]
        if _contrasts(alternatives(words), alternatives(rest)):
            kept, ruled = rest, [words, *ruled]
    return kept, ruled


# What the question sets aside as already known: 除了X(以外/之外)，还/另/也/再… asks for what is not X.
# (除了X, or 除X外: 除夕 is no 除.)
_EXCEPT = re.compile(
    r"(?:除[了去]\s*(?P<x>[^，,。；;？?！!\s]{1,16}?)\s*(?:以外|之外|外)?|除\s*(?P<y>[^，,。；;？?！!\s]{1,16}?)\s*(?:以外|之外|外))"
    r"\s*[，,]?\s*(?=还|另|也|再|其他|其它|别的)"
)


def excepted_words(question: str) -> list[str]:
    """What the question sets aside as known (除了评审费还要交什么钱: 评审费)."""
    return [m.group("x") or m.group("y") for m in _EXCEPT.finditer(question)]


def without_ruled_out(question: str) -> str:
    """The question without any span ruling something out, whether or not it names an alternative of
    the same family elsewhere: what it asks about (实验技术人员（不是副教授） asks no 副高级)."""
    return _RULED_OUT.sub("", question)


def _contrasts(ruled: dict[str, set[str]], rest: dict[str, set[str]]) -> bool:
    """Every family the ruled-out words name, the rest of the question names with another alternative."""
    return bool(ruled) and all(rest.get(family, set()) - alts for family, alts in ruled.items())
