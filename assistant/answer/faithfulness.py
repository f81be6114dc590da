"""Judge-free faithfulness: every checkable fact in an answer must occur in a passage it cites.

``unfaithful_facts(answer_text, cited_texts)`` extracts the facts an applicant would act on — dates,
amounts of money, phone numbers, e-mail addresses, counts (3份, 五个工作日, 90学时) and street
addresses (…路69号, 410房间) — from the answer, and returns those that no cited text supports.
No model, no network: facts are compared in a canonical form, so ``2024年7月20日`` in an answer is
supported by ``2024年6月1日至7月20日`` in a passage (the year carries over inside a range), ``三份`` by
``3份``, and ``0513-52889999`` by ``电话：0513-52889999-6035``.

Text is compared after Unicode NFKC and whitespace removal, as the scorer does (FORMAT.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.ingest.facts import sentence_facts
from assistant.text.numerals import CN_NUMERAL_CHARS, cn_number
from assistant.text.patterns import (
    ADDRESS_CORE,
    AMOUNT,
    COUNT_FACT,
    DATE,
    EMAIL,
    PHONE,
    WEBSITE,
    date_parts,
    header_units,
)
from assistant.text.sentences import split_sentences

_WS = re.compile(r"\s+")
_DASH = "-－—–~～"
_YUAN = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_CN_AMOUNT = re.compile(rf"(?P<nums>[{CN_NUMERAL_CHARS}两]+)(?P<unit>亿元|万元|元)")
_PERCENT = re.compile(rf"(?P<n>\d+(?:\.\d+)?)%|百分之(?P<cn>[{CN_NUMERAL_CHARS}]+)")
_CLOCK = re.compile(r"(?<![\d.])(?P<h>[01]?\d|2[0-3])(?:[:：](?P<m>[0-5]\d)|(?:点|时)(?!间|期|段|效|限)(?:(?P<m2>[0-5]?\d)分|(?P<half>半))?)")
# 60分, 12学分, 十二学分; not 十分 (very) nor 3分钟
_SCORE = re.compile(rf"(?<![第\d.])(?:(?P<n>\d+(?:\.\d+)?)(?P<unit>学分|分)(?![钟之])|(?P<cn>[{CN_NUMERAL_CHARS}两]+)学分)")


# a contact person's name: 联系人：薛银平, 联系人是王老师 (not 联系人及电话)
_NAME = re.compile(r"联系人(?:[:：]|为|是)\s*(?!电话|及|和|的|方式|姓名|信息)(?P<name>[\u4e00-\u9fff]{2,3})")
_AFTER_NAME = "电联手座邮地"  # the start of the next field when no mark separates it (张三电话)


@dataclass(frozen=True)
class Fact:
    kind: str  # date, amount, phone, email, count, address, url, percent, time, score, name
    surface: str  # as written in the answer
    key: tuple


def norm(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


# ------------------------------------------------------------------------------------- extraction


def _dates(text: str) -> tuple[list[Fact], list[tuple[int, int]]]:
    """Dates with their spans; a month-day date right after a full date inherits its year (ranges)."""
    facts, spans = [], []
    year, last_end = None, -100
    for m in DATE.finditer(text):
        y, month, day, part = date_parts(m)
        if y is None and month and m.start() - last_end <= 3:
            y_inherited: int | None = year
        else:
            y_inherited = None
        if y:
            year = y
        last_end = m.end()
        facts.append(Fact("date", m.group(0), (y, month, day, part, y_inherited)))
        spans.append(m.span())
    return facts, spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def extract_facts(text: str) -> list[Fact]:
    """Every checkable fact in ``text`` (NFKC, whitespace removed first), in order of kind."""
    t = norm(text)
    facts: list[Fact] = []
    emails = [(m.span(), Fact("email", m.group(0), (m.group(0).lower(),))) for m in EMAIL.finditer(t)]
    t = _blank(t, [s for s, _ in emails])
    facts += [f for _, f in emails]
    urls = list(WEBSITE.finditer(t))
    facts += [Fact("url", m.group(0), (m.group(0).lower().rstrip("./"),)) for m in urls]
    t = _blank(t, [m.span() for m in urls])
    dates, spans = _dates(t)
    facts += dates
    rest = _blank(t, spans)
    found, rest = _amounts(rest)
    facts += found
    found, rest = _percents_times_scores(rest)
    facts += found
    facts += _names(rest)
    addresses = list(ADDRESS_CORE.finditer(rest))
    facts += [Fact("address", m.group(0), (m.group(0),)) for m in addresses]
    rest = _blank(rest, [m.span() for m in addresses])
    phones = list(PHONE.finditer(rest))
    facts += [Fact("phone", m.group(0), (re.sub(r"\D", "", m.group(0)),)) for m in phones]
    rest = _blank(rest, [m.span() for m in phones])
    for m in COUNT_FACT.finditer(rest):
        n = cn_number(m.group("n"))
        if n is None or (m.group("unit") == "年" and n >= 1000):
            continue
        unit = {"个工作日": "工作日", "个月": "月"}.get(m.group("unit"), m.group("unit"))
        facts.append(Fact("count", m.group(0), (n, unit)))
    return facts


def _names(text: str) -> list[Fact]:
    names = []
    for m in _NAME.finditer(text):
        name = m.group("name")
        name = name[:-1] if len(name) == 3 and name[-1] in _AFTER_NAME else name
        names.append(Fact("name", name, (name,)))
    return names


def _amounts(text: str) -> tuple[list[Fact], str]:
    """Sums of money, as values in 元 (300万元 is not 300元; 三百五十元 is 350元)."""
    facts, spans = [], []
    for m in AMOUNT.finditer(text):
        nums = [float(x) for x in re.split(r"\s*[/、]\s*", m.group("nums"))]
        facts.append(Fact("amount", m.group("nums") + m.group("unit"), _yuan(nums, m.group("unit"))))
        spans.append(m.span())
    text = _blank(text, spans)
    for m in _CN_AMOUNT.finditer(text):
        n = cn_number(m.group("nums").replace("两", "二"))
        if n is not None:
            facts.append(Fact("amount", m.group(0), _yuan([float(n)], m.group("unit"))))
            spans.append(m.span())
    return facts, _blank(text, spans)


def _yuan(nums: list[float], unit: str) -> tuple:
    return (tuple(sorted({round(n * _YUAN[unit], 2) for n in nums})), "元")


def _percents_times_scores(text: str) -> tuple[list[Fact], str]:
    """Percentages (60% = 百分之六十), clock times (9:00 = 9点, 14时30分) and scores or credits (60分, 12学分)."""
    facts, spans = [], []
    for m in _PERCENT.finditer(text):
        value = float(m.group("n")) if m.group("n") else cn_number(m.group("cn"))
        if value is not None:
            facts.append(Fact("percent", m.group(0), (float(value),)))
            spans.append(m.span())
    text = _blank(text, spans)
    for m in _CLOCK.finditer(text):
        minute = 30 if m.group("half") else int(m.group("m") or m.group("m2") or 0)
        facts.append(Fact("time", m.group(0), (int(m.group("h")), minute)))
        spans.append(m.span())
    text = _blank(text, spans)
    for m in _SCORE.finditer(text):
        n = float(m.group("n")) if m.group("n") else cn_number(m.group("cn").replace("两", "二"))
        if n is not None:
            facts.append(Fact("score", m.group(0), (float(n), m.group("unit") or "学分")))
            spans.append(m.span())
    return facts, _blank(text, spans)


# ------------------------------------------------------------------------------------- support


def _date_supported(key: tuple, pool: list[tuple]) -> bool:
    """Same month (and day or 月底-style part when the answer gives one); the year, when the answer
    gives one, written in the passage or carried over from the start of a range."""
    y, m, d, part, _ = key
    for py, pm, pd, ppart, pinh in pool:
        if m is not None:
            if pm != m:
                continue
            if (d is not None or part is not None) and (pd, ppart) != (d, part):
                continue
        if y is None or y in {py, pinh}:
            return True
    return False


def _supported(fact: Fact, cited: str, pool: dict[str, list[tuple]]) -> bool:
    if fact.kind == "date":
        return _date_supported(fact.key, pool["date"])
    if fact.kind == "amount":  # values in 元: the unit counts
        have = {n for pnums, _ in pool["amount"] for n in pnums}
        return set(fact.key[0]) <= have
    if fact.kind in ("percent", "time", "score"):
        return fact.key in set(pool[fact.kind])
    if fact.kind == "url":
        return fact.key[0] in cited.lower()
    if fact.kind == "phone":
        digits = fact.key[0]
        return any(digits in k[0] for k in pool["phone"]) or digits in re.sub(rf"[{_DASH}]", "", cited)
    if fact.kind == "email":
        return fact.key[0] in cited.lower()
    if fact.kind == "count":  # 3份 = 三份; or written so in the passage (第二十五次 holds 二十五次)
        return fact.key in set(pool["count"]) or _verbatim_count(fact.surface, cited)
    return fact.surface in cited  # address, name


def _verbatim_count(surface: str, cited: str) -> bool:
    return re.search(rf"(?<![\d零〇一二两三四五六七八九十]){re.escape(surface)}", cited) is not None


def unfaithful_facts(answer_text: str, cited_texts: list[str]) -> list[str]:
    """The facts of ``answer_text`` (dates, amounts, phones, e-mails, counts, addresses) that occur in
    none of ``cited_texts``, as written in the answer, each once, in the order found."""
    facts = extract_facts(answer_text)
    if not facts:
        return []
    cited_texts = [header_units(t) for t in cited_texts]  # "职称评审（元/人）：560" gives 560元/人
    joined = "\n".join(norm(t) for t in cited_texts)
    pool: dict[str, list[tuple]] = {"date": [], "amount": [], "phone": [], "count": [], "percent": [], "time": [],
                                    "score": []}
    for text in cited_texts:
        for f in extract_facts(text):
            if f.kind in pool:
                pool[f.kind].append(f.key)
    missing: list[str] = []
    for fact in facts:
        if not _supported(fact, joined, pool) and fact.surface not in missing:
            missing.append(fact.surface)
    return missing


# ------------------------------------------------------------------------------------- attachment

# what a fact is about must be this close to another fact's subject, and this much closer than to
# any subject the same value has, before the answer is said to attach the value to the wrong thing
ATTACHED = 0.6
CLOSER = 0.2
_ATTACHABLE = {"date", "amount", "count", "percent", "time", "score", "phone"}
_NOT_WORD = re.compile(r"[^\w]|_")


def misattached_facts(sentence: str, cited_texts: list[str]) -> list[str]:
    """Facts of ``sentence`` that the cited texts give, but about something else than the sentence
    says: "简介表交1份" where the passage has 简介表 一式20份 and another form 1份. What a fact is
    about is the words before it back to the fact before it (a table row: its key and column), on
    both sides; a fact whose words are too few to tell is left alone."""
    pool = [pair for text in cited_texts for s in split_sentences(text) for pair in _with_context(s)]
    wrong: list[str] = []
    for fact, context in _with_context(sentence):
        if fact.kind in _ATTACHABLE and _attached_elsewhere(fact, context, pool) and fact.surface not in wrong:
            wrong.append(fact.surface)
    return wrong


def _with_context(sentence: str) -> list[tuple[Fact, str]]:
    """Each fact of a sentence with the words it is about: from the end of the fact before it."""
    out, start = [], 0
    for typed in sentence_facts(sentence):
        at = sentence.find(typed.text, start)
        context = typed.subject if "｜" in sentence or at < 0 else sentence[start:at]
        start = at + len(typed.text) if at >= 0 else start
        out += [(fact, context) for fact in extract_facts(typed.text)]
    return out


def _attached_elsewhere(fact: Fact, subject: str, pool: list[tuple[Fact, str]]) -> bool:
    same = [_about(subject, s) for f, s in pool if f.kind == fact.kind and _same_value(fact, f)]
    other = [_about(subject, s) for f, s in pool if f.kind == fact.kind and not _same_value(fact, f)]
    best_other = max(other, default=0.0)  # a value no cited passage gives is unsupported, not misattached
    return bool(same) and best_other >= ATTACHED and best_other > max(same) + CLOSER


def _same_value(a: Fact, b: Fact) -> bool:
    if a.kind == "date":
        return _date_supported(a.key, [b.key])
    if a.kind == "amount":
        return set(a.key[0]) <= set(b.key[0])
    return a.key == b.key


def _about(answer_subject: str, passage_subject: str) -> float:
    """Share of the answer subject's character pairs in the passage fact's subject (0 when the
    answer's is too short to tell: fewer than 3 pairs)."""
    words = _NOT_WORD.sub("", answer_subject)
    pairs = {words[i:i + 2] for i in range(len(words) - 1)}
    if len(pairs) < 3:
        return 0.0
    other = _NOT_WORD.sub("", passage_subject)
    return sum(p in other for p in pairs) / len(pairs)
