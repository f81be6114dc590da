"""What kind of answer a question wants, and the spans in a sentence that give it."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from assistant.text.patterns import (
    ADDRESS,
    AMOUNT,
    CLOCK,
    COUNT,
    DATE_RANGE,
    DAY_DATE_SRC,
    DURATION,
    EMAIL,
    HOURS,
    OFFICE,
    OFFICE_NAME,
    ORG_CELL,
    PERSON,
    PERSON_LABEL,
    PHONE,
    PLACE,
    PLATFORM,
    SENT_TO,
    UNIT,
    WEBSITE,
    Side,
    addresses,
    header_units,
    mask_chrome,
    place_start,
)


class Intent(StrEnum):
    DEADLINE = "deadline"
    FEE = "fee"
    CONTACT = "contact"
    COUNT = "count"
    YESNO = "yesno"
    LIST = "list"
    PLATFORM = "platform"
    OTHER = "other"


# "交到哪里 / 交哪里 / 递交到哪 / 在哪儿交": handing something in, and where. 哪里 alone is not a
# place question (哪里可以查到 asks for a source), nor is 交到 alone (交到什么时候 asks for a date).
_HAND_IN = r"(?:递交|提交|报送|上交|邮寄|快递|寄送|发送|申报|交|送|寄|递|发|报)"
_WHERE = r"(?:哪里|哪儿|哪边|何处|什么地方|什么地址|哪(?![些几一类种天年月日份项样位名次篇本张个家]))"
PLACE_CUE = re.compile(rf"{_HAND_IN}\s*(?:到|往|去|至|给|在)?\s*{_WHERE}|(?:在|去|到|往)?\s*{_WHERE}\s*{_HAND_IN}|地点")
_TO_WHOM = rf"{_HAND_IN}\s*(?:到|往|去|至|给)?\s*哪(?:个|家)"  # 交到哪个单位: a body, not an address
# The question asks which body handles something (哪个单位受理, 受理部门, 交到哪家): a body's name
# answers it, written as a receiving office or in a table's 受理单位 column. 送到哪个地址 and 发到哪个
# 邮箱 ask for an address and an e-mail, not a body.
_ASKS_BODY = re.compile(rf"{_HAND_IN}\s*(?:到|往|去|至|给)?\s*哪家|(?:哪个|哪家|什么)(?:单位|部门|机构|科室|处室)"
                        r"|受理(?:单位|机构|部门)|哪个(?:处|科|股)(?![理长])")
BODY = re.compile(f"{ORG_CELL.pattern}|{UNIT.pattern}|{OFFICE_NAME.pattern}")
# "找谁" and "交给谁" ask who handles it: a unit or a person answers first, though a phone answers too.
_ASKS_WHO = re.compile(r"找谁|交给谁|报给谁")

_CUES: list[tuple[Intent, re.Pattern[str]]] = [
    (Intent.FEE, re.compile(r"费|多少钱|收费|缴费|交费|价格|几块|多少元")),
    (Intent.CONTACT, re.compile(PLACE_CUE.pattern + "|" + _TO_WHOM + r"|电话|联系|地址|邮箱|寄往|什么地方|哪个单位|哪个部门|受理单位|受理机构|找谁|咨询|邮件")),
    (Intent.COUNT, re.compile(r"几份|多少份|几篇|多少篇|几次|多少次|多少字|几个字|几个|多少学时|几学时|几本|几册|几年|多少年|(?<!哪)几天|多少天|多少个|多少人|几个人|几人|几位|多少位|几名|多少名")),
    (Intent.DEADLINE, re.compile(r"什么时候|啥时候|何时|时间|截止|截至|哪天|几号|日期|期限|最晚|最迟|几月|多久|开始|结束|哪几天")),
    (Intent.YESNO, re.compile(r"吗|能否|可否|是否|能不能|可不可以|可以不|行不行|需不需要|要不要|用不用|算不算|有没有")),
    (Intent.LIST, re.compile(r"哪些|有什么|包括什么|包含什么|需要什么|要什么|要准备什么")),
    # which system, site or app one files, pays or looks in: 哪个平台, 什么系统, 网址是
    (Intent.PLATFORM, re.compile(r"(?:哪个|哪一个|哪|什么|啥)\s*(?:系统|平台|网站|网页|app|小程序|公众号)|网址", re.I)),
]

# Denials: 不作 covers 不作为 and 不作（硬性）要求; 不设 (不设破格), 不参加 (申报讲师的不参加测评).
NEGATION_RE = re.compile(r"不得|不能|不可|不需|不予|不再|禁止|严禁|无需|不必|不要|不允许|不作|不设|不参加|不受理|不超过|不属于|除外")

REQUIRED = {
    Intent.FEE: AMOUNT,
    Intent.DEADLINE: re.compile(f"{DAY_DATE_SRC}|" + DURATION.pattern + r"|依据文件时间"),
    Intent.CONTACT: re.compile("|".join([PHONE.pattern, EMAIL.pattern, ADDRESS.pattern, r"联系人|受理单位|协会|局|中心|办公室"])),
    Intent.COUNT: COUNT,
}

# The kinds a direct answer shows the facts of: those a sentence must hold to answer (REQUIRED), and a
# system's or site's name, which answers where one files, pays or looks when the notice names one
# (在哪里公示 is answered by 在本单位公示 too: no sentence must hold a name).
SHOWN = frozenset(REQUIRED) | {Intent.PLATFORM}


def classify(question: str) -> list[Intent]:
    """The intents a question expresses, most specific first (a question may ask two things);
    for two asks ("要交几份？电子版发到哪里？") the first ask's intents come first."""
    found = list(dict.fromkeys(i for part in asks_of(question) for i in _found(part))) or _found(question)
    if Intent.YESNO in found and len(found) > 1 and not re.search(r"吗[？?]?$|是否|能否|可否|能不能|可不可以", question):
        found.remove(Intent.YESNO)
    return found or [Intent.OTHER]


def _found(text: str) -> list[Intent]:
    return [intent for intent, cue in _CUES if cue.search(text)]


def asks_of(question: str) -> list[str]:
    """The separate asks of a question: its parts up to each ？ or ；."""
    return [p for p in re.split(r"(?<=[？?；;])", question) if p.strip(" ？?；;")]


_ASKING = re.compile(r"什么|啥|哪|怎|如何|多少|多久|多长|几|吗|是否|能否|可否|能不能|会不会|有没有|为何|为什么")


def clauses_of(question: str) -> list[str]:
    """The asks of a question, an ask of two clauses that each ask something cut in two at the
    comma between them: "面试答辩在什么时间、什么地方？" asks a time and a place, "代表作要交几篇、多少字？"
    two counts. A clause without a question word stays with the next ("网上申报时，评委会选哪个？")."""
    return [clause for ask in asks_of(question) for clause in _asking_clauses(ask)]


def _asking_clauses(ask: str) -> list[str]:
    pieces = re.split(r"(?<=[、，,])", ask)
    clauses, current = [], ""
    for n, piece in enumerate(pieces):
        current += piece
        if _ASKING.search(current) and any(_ASKING.search(rest) for rest in pieces[n + 1:]):
            clauses.append(current)
            current = ""
    return [*clauses, current] if current else clauses


_ELLIPSIS = re.compile(r"呢\s*[？?]?\s*$")


def is_elliptical(question: str) -> bool:
    """"那纸质材料呢？" / "句容市的呢？": no question word and no kind of answer of its own; it asks
    what the question before it asked."""
    question = question.strip()
    short = len(re.sub(r"[？?。！!\s]", "", question)) <= 8
    return classify(question) == [Intent.OTHER] and not _ASKING.search(question) and (short or bool(_ELLIPSIS.search(question)))


def spans(intent: Intent, sentence: str, side: Side = "now") -> list[str]:
    """The parts of a sentence that answer an intent directly (dates, amounts, phones …); never
    page chrome (a publication time, a signature's date, a registration number), nor the side of a
    correction not asked for (:func:`asked_side`)."""
    return list(_spans(intent, sentence, side))


@lru_cache(maxsize=16384)
def _spans(intent: Intent, sentence: str, side: Side) -> tuple[str, ...]:
    """``spans``, read once per sentence: every candidate of every question asks it again."""
    sentence = mask_chrome(header_units(sentence), side)
    if intent is Intent.DEADLINE:
        found = [m.group(0) for m in DATE_RANGE.finditer(sentence)] or DURATION.findall(sentence)
    elif intent is Intent.FEE:
        found = [m.group(0) for m in AMOUNT.finditer(sentence)]
    elif intent is Intent.CONTACT:
        found = _contact_spans(sentence)
    elif intent is Intent.COUNT:
        found = COUNT.findall(sentence)
    elif intent is Intent.PLATFORM:
        found = _platforms(sentence)
    elif intent is Intent.LIST:
        found = ["列举"] if ("包括" in sentence or sentence.count("、") >= 3) else []
    else:
        found = []
    return tuple(dict.fromkeys(s.strip() for s in found if s.strip()))


def _platforms(sentence: str) -> list[str]:
    """The systems, platforms and sites a sentence names, and its web addresses, in its order; never
    the domain of an e-mail address (126.com of lygsjxw@126.com)."""
    mails = [m.span() for m in EMAIL.finditer(sentence)]
    found = [name for _, name in sorted((m.start(), m.group(0).strip()) for p in (PLATFORM, WEBSITE)
                                        for m in p.finditer(sentence) if not any(a <= m.start() < b for a, b in mails))]
    return [f for f in found if not any(f in g and f != g for g in found)]  # a name inside a longer one: the longer


def _with_hours(sentence: str, found: list[str]) -> list[str]:
    """The spans found and the sentence's opening hours or days outside them (:data:`HOURS`), in the
    sentence's order: what 几点 asks when the notice gives opening hours; no fact for any other
    question (no date, no duration)."""
    at = [(sentence.find(f), f) for f in found]
    taken = [(i, i + len(f)) for i, f in at if i >= 0]
    hours = [(m.start(), m.group(0)) for m in HOURS.finditer(sentence)
             if not any(m.start() < b and a < m.end() for a, b in taken)]
    return [f for _, f in sorted(at + hours, key=lambda p: p[0])]


def _contact_spans(sentence: str) -> list[str]:
    places = addresses(sentence)
    units = _units(sentence) if places else []
    found = EMAIL.findall(sentence) + [_with_unit(sentence, a, units) for a in places]
    found += [] if found else OFFICE.findall(sentence)  # an office only where no address is written
    found += ORG_CELL.findall(sentence)
    found += person_names(sentence)
    emails = "".join(EMAIL.findall(sentence))
    found += [p for p in PHONE.findall(sentence) if p not in emails]
    return found


def _with_unit(sentence: str, address: str, units: list[str]) -> str:
    """An address in brackets after the unit it houses ("交人事科（行政楼2楼203室）") with that unit
    (one of the sentence's ``units``): where to go is the unit at that address."""
    unit = next((u for u in units if f"{u}（{address}）" in sentence), None)
    return f"{unit}（{address}）" if unit else address


_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
_DENIED = re.compile(r"不|无需|无须|勿|禁止")
_UNIT_NAME = re.compile(r"[\u4e00-\u9fff（]{2}")


def _units(sentence: str) -> list[str]:
    """The units a sentence names as handling something (:data:`UNIT`, a receiving office), in order;
    not one its clause says is not the one (申报人不直接向市职称办报送)."""
    masked = mask_chrome(header_units(sentence))
    found = sorted([(m.start(1), m.group(1)) for p in (UNIT, OFFICE) for m in p.finditer(masked)
                    if not _DENIED.search(_CLAUSE_END.split(masked[:m.start()])[-1])])
    return list(dict.fromkeys(u[place_start(u, _UNIT_NAME):] for _, u in found))  # 地点为 is no part of it


def person_names(sentence: str) -> list[str]:
    """The names of people to contact a sentence gives ("联系人：张媛" → 张媛, "师资科林老师" → 林老师)."""
    return [PERSON_LABEL.sub("", m.group(0)) for m in PERSON.finditer(sentence)]


# A date that answers "when": a day, a part of a month, a time limit.
_WHEN_SRC = f"{DAY_DATE_SRC}|依据文件时间|\\d+\\s*(?:个工作日|日|天)内|在[^，。；]{{2,10}}时(?:缴纳|交|提交|报送)"
_WHEN = re.compile(_WHEN_SRC)
# a date, the hours or days something is open, or a length of days before or after an event (答辩日前1个
# 工作日, 考试后3天): never a length alone (每人15分钟)
_DAYS = r"\d{1,3}\s*(?:个工作日|工作日|日|天)"
_WHEN_OR_OPEN = re.compile(f"{_WHEN_SRC}|{HOURS.pattern}|[前后]\\s*{_DAYS}|{_DAYS}\\s*(?:[前后]|[以之][前后])")
# When a period starts (从哪天开始, 什么时候开通) is given by a range (7月18日至9月10日) or by a date
# marked as a start (8月4日开启, 自2026年1月1日起); a date before which something is done (8月20日前)
# is the period's end.
_STARTS_CUE = re.compile(r"(?:开始|启动|开通|开启)(?!前|之前|以前)|(?:哪天|哪一天|几号|何时|什么时候|啥时候)起"
                         r"|从(?:哪天|哪一天|几号|何时|什么时候|啥时候)")
_STARTS = re.compile(rf"(?:{_WHEN_SRC})\s*(?:起|开始|启动|开启|开通|开放)"
                     rf"|(?:{DAY_DATE_SRC})(?:{CLOCK})?\s*(?:至|到|—+|－|-+|~|～)\s*(?:{DAY_DATE_SRC}|\d{{1,2}}\s*[日号])")
_YEAR = re.compile(r"(?<!\d)[12]\d{3}\s*(?:年|[-—至])")
_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}\s*(?:[:：]\s*\d{2}|点)")
_DAY = re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]|[12]\d{3}-\d{1,2}-\d{1,2}")  # a day, not 9月中旬
_SPECIFIC: list[tuple[Intent, re.Pattern[str], re.Pattern[str] | None]] = [
    (Intent.FEE, re.compile(r"多少|几块|金额|标准|几百"), AMOUNT),
    (Intent.FEE, re.compile(r"."), None),  # 怎么交 / 能退吗: about paying, not an amount
    (Intent.CONTACT, _ASKS_BODY, BODY),
    (Intent.CONTACT, re.compile(r"邮箱|邮件|e-?mail", re.I), EMAIL),
    # a person's name: 联系人是谁, 地址和联系人, 经办人叫什么 (not 联系人电话, which asks a phone)
    (Intent.CONTACT, re.compile(r"(?:联系人|经办人)(?:是|叫|姓|和|及|、|[？?，,]|$)|谁\s*(?:是\s*)?(?:联系人|经办人)|叫什么名字|姓名|是谁|哪位"), PERSON),
    (Intent.CONTACT, re.compile(r"电话|手机|号码|分机|热线"), PHONE),
    (Intent.CONTACT, re.compile(r"地址"), ADDRESS),
    (Intent.CONTACT, re.compile(r"(?:电子版|电子文档|电子表格|发送|发|传)\s*(?:到|往|至|给)?\s*" + _WHERE), SENT_TO),
    (Intent.CONTACT, re.compile(PLACE_CUE.pattern + r"|寄往|去哪|在哪里|在哪儿|什么地方"), PLACE),
    (Intent.DEADLINE, re.compile(r"多久|多长时间|(?<!哪)几天|几个工作日|多少天|期限"), DURATION),  # 哪几天 asks for dates
    # The granularity the question names: a year (哪一年, 哪些年度) or a time of day (几点) is
    # answered by one, not by a day's date; a day (哪一天, 具体哪天, 几月几号) by a day's date, not
    # by a part of a month (9月中旬) or a month.
    (Intent.DEADLINE, re.compile(r"哪一?年|哪个年|哪些年|几几年|什么年份"), _YEAR),
    (Intent.DEADLINE, re.compile(r"几点|什么时段|哪个时段"), _TIME_OF_DAY),
    (Intent.DEADLINE, re.compile(r"哪一天|具体[^，,。？?]{0,4}哪天|几月几[号日]|具体日期"), _DAY),
    (Intent.DEADLINE, _STARTS_CUE, _STARTS),
    (Intent.DEADLINE, re.compile(r"什么时候|啥时候|何时|哪天|哪几天|几号|日期|截止|截至|最晚|最迟|几月"), _WHEN),
    # 什么时间 asks when, in words that name no shape of date: a date, the hours or days something is
    # open (什么时间能打通: 9:00—12:00) or days before an event; never a length (答辩每人15分钟)
    (Intent.DEADLINE, re.compile(r"什么时间|啥时间|几时"), _WHEN_OR_OPEN),
]
# A start is a date's role, not a shape of its own: of a question naming it beside a date's granularity
# (几点开始, 从哪一年开始) or beside "when" (什么时候开始), one date is asked, in the first shape named.
_DATE_SHAPES = (_YEAR, _TIME_OF_DAY, _DAY, _WHEN, _WHEN_OR_OPEN)
_DATE_ROLES = (_STARTS, _YEAR, _TIME_OF_DAY, _DAY)
# The unit a "how many" names is the word after 几/多少 (几份, 几页, 多少分？): read from the question,
# not only from a list, so a unit no notice has used yet still has to come back. 几 always takes a
# measure word; 多少 may also take a noun (多少专家), so a character after it is a unit when the
# words of the question's own units say so (份篇次 …) or when nothing follows it in the clause
# (多少分？). Not units: a measure word alone (几个: the noun after it says what is counted), words
# asking for another kind of fact (多少钱 a fee, 几号/几点/几月/几时 a date or time), particles.
_COUNT_UNIT = re.compile(
    r"几\s*(个工作日|工作日|个月|[\u4e00-\u9fff])"
    r"|多少\s*(个工作日|工作日|个月|学时|学分|课时|小时|[份篇次册本张字天年人位名项类场]|[\u4e00-\u9fff](?![\u4e00-\u9fff]))"
)
# A number right after 月 is a day of a month (8月20日), and a four-figure one before 年 a year: neither
# is a length of time nor a count.
_NOT_A_LENGTH = r"(?<![\d月.])(?![12]\d{3}\s*年)"
_NOT_UNITS = set("个钱号点月时呢啊吗呀么的了乎")
_UNIT_ALIASES = {"人": "人|位|名", "位": "人|位|名", "名": "人|位|名", "岁": "周?岁"}


def _count_pattern(question: str) -> re.Pattern[str] | None:
    """几篇 asks for "N篇", 多少人 for "N人/位/名", 多少分 for "N分": the unit the question names
    must come back; a length of time in any unit of its family (几天: N天, N日, N个工作日)."""
    units = (m.group(1) or m.group(2) for m in _COUNT_UNIT.finditer(question))
    unit = next((u for u in units if u not in _NOT_UNITS), None)
    if unit is None:
        return None
    if (family := _UNIT_FAMILY.get(unit, unit)) in _UNIT_PATTERN:  # a length of time: 几天 → "5个工作日" too
        return _UNIT_PATTERN[family]
    return re.compile(rf"{_NOT_A_LENGTH}(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:{_UNIT_ALIASES.get(unit, unit)})")


# A length of time the question measures in a unit of its own (几天, 多少个工作日, 几分钟, 几个月): the
# answer must be in that unit's family (公示几天 → "5个工作日", never "两年").
_DURATION_UNIT = re.compile(r"(?<!哪)(?:几|多少)\s*(个工作日|工作日|个月|分钟|小时|天|日|周|年)")
_UNIT_FAMILY = {"个工作日": "天", "工作日": "天", "日": "天", "个月": "月"}
_UNIT_PATTERN = {unit: re.compile(rf"{_NOT_A_LENGTH}(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百半]+)\s*(?:{words})") for unit, words in {
    "天": "个工作日|工作日|天|日", "月": "个月", "分钟": "分钟", "小时": "小时|个小时", "周": "周|星期", "年": "年(?!度)",
}.items()}


_LENGTHS = (DURATION, *_UNIT_PATTERN.values())


def _duration_pattern(question: str) -> re.Pattern[str] | None:
    m = _DURATION_UNIT.search(question)
    return _UNIT_PATTERN[_UNIT_FAMILY.get(m.group(1), m.group(1))] if m else None


def _unit_pattern(intent: Intent, question: str) -> re.Pattern[str] | None:
    """The unit the question's own words measure in, for a count or a length of time."""
    if intent is Intent.COUNT:
        return _count_pattern(question)
    return _duration_pattern(question) if intent is Intent.DEADLINE else None


@lru_cache(maxsize=1024)
def _named_pattern(intent: Intent, question: str) -> tuple[bool, re.Pattern[str] | None]:
    """Whether the question's own words name what it wants, and the pattern of it (None: named, but
    nothing of a fixed shape, as for 评审费怎么交). A question naming several facts of its kind
    (哪个单位受理？电话多少？, 地址和电话) wants each of them; of one fact named twice, a narrower and
    a wider shape (具体地址在哪里: an address, a place), the first, narrower one."""
    if unit := _unit_pattern(intent, question):
        return True, unit
    named = [pattern for kind, cue, pattern in _SPECIFIC if kind is intent and cue.search(question)]
    if not named or named[0] is None:
        return bool(named), None
    shapes = named_shapes(intent, question)
    return True, shapes[0] if len(shapes) == 1 else re.compile("|".join(f"(?:{p.pattern})" for p in shapes))


def named_shapes(intent: Intent, question: str) -> list[re.Pattern[str]]:
    """The shapes of the facts of this kind the question names, each once (地址和联系人: an address and
    a name); of one fact named twice, a narrower and a wider shape, the first."""
    return list(_named_shapes(intent, question))


@lru_cache(maxsize=1024)
def _named_shapes(intent: Intent, question: str) -> tuple[re.Pattern[str], ...]:
    period = _asks_period(question)
    shapes: list[re.Pattern[str]] = []
    for kind, cue, pattern in _SPECIFIC:
        if kind is intent and pattern is not None and cue.search(question) \
                and not any(_one_fact(pattern, kept) and not (period and {pattern, kept} == {_STARTS, _WHEN})
                            for kept in shapes):
            shapes.append(pattern)
    return tuple(shapes)


@lru_cache(maxsize=1024)
def _asks_period(question: str) -> bool:
    """Both ends of a period are asked (什么时候开始、截止, open and close): its start and its end are
    two dates, read from a sentence that gives its start (an end alone is another step's)."""
    return bool(_STARTS_CUE.search(question) and _PERIOD_END.search(question))


def _one_fact(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    """Two shapes of one fact: a narrower and a wider one (an address, a place), a start and a date, or
    a date's granularity and "when" (截止那天几点关, 哪一年截止: one date, at the granularity named)."""
    return (a.pattern in b.pattern or b.pattern in a.pattern or {a, b} <= {_STARTS, *_DATE_SHAPES} and _STARTS in (a, b)
            or {a, b} <= set(_DATE_SHAPES) and _WHEN in (a, b))


def missing_date_role(intent: Intent, question: str, sentence: str) -> bool:
    """The question names a date's role or granularity (when a period starts, which year, what time of
    day) and the sentence gives none: a date of another role (8月20日前 for 从哪天开始) is no answer.
    Nor is a date marked as a start alone (2026年3月起可下载) for 最晚什么时候: it says when, not by when."""
    if intent is not Intent.DEADLINE:
        return False
    roles = [p for p in _named_shapes(intent, question) if p in _DATE_ROLES]
    text = mask_chrome(header_units(sentence))
    return any(not p.search(text) for p in roles) or (bool(_ENDS_CUE.search(question)) and _starts_only(text))


# By when (最晚, 截止): a question that wants the end of a period, or the last day for something.
# (最晚什么时候能查询 asks when it is available: a start answers that.)
_ENDS_CUE = re.compile(r"截止|截至|(?:之|以)?前(?:要|得|必须|须)|最(?:晚|迟)[^，。？?]{0,8}前")
_PERIOD_END = re.compile(_ENDS_CUE.pattern + r"|结束|关闭")  # the end of a period asked beside its start
_START_MARK = re.compile(rf"(?:{CLOCK})?\s*(?:起|开始|启动|开启|开通|开放)")
_RANGE_TO = re.compile(rf"(?:{DAY_DATE_SRC})(?:{CLOCK})?\s*起?\s*(?:至|到|—+|－|-+|~|～)\s*(?:{DAY_DATE_SRC}|\d{{1,2}}\s*[日号])")


def _starts_only(text: str) -> bool:
    """Every date of the text is marked as a start (7月1日起), none ends a range or a period."""
    dates = list(re.finditer(DAY_DATE_SRC, text))
    return bool(dates) and not _RANGE_TO.search(text) and all(_START_MARK.match(text, d.end()) for d in dates)


def specific_pattern(intent: Intent, question: str) -> re.Pattern[str] | None:
    """The fact the question's own words name (an address for 交到哪里, "N份" for 几份, "N天" for
    几天), or None when they only say the kind of answer (联系 / 时间)."""
    return _named_pattern(intent, question)[1]


def asks_exact(intent: Intent, question: str) -> bool:
    return specific_pattern(intent, question) is not None


def asks_exact_contact(question: str) -> bool:
    """The question asks for an address, phone or e-mail (not just "who handles it")."""
    return asks_exact(Intent.CONTACT, question)


def required_pattern(intent: Intent, question: str) -> re.Pattern[str] | None:
    """What a sentence must contain to answer this question: an e-mail for 邮箱, a date for 哪天 …
    (None: nothing in particular, as for 评审费怎么交)."""
    named, pattern = _named_pattern(intent, question)
    return pattern if named else REQUIRED.get(intent)


def answering_spans(intent: Intent, sentence: str, question: str, side: Side = "now") -> list[str]:
    """The spans of a sentence that give what this question asks (电话 wants the phone number), on
    the ``side`` of a correction it asks for (:func:`asked_side`, read with the question)."""
    wanted = required_pattern(intent, question)
    office = wanted in (PLACE, SENT_TO)  # an office span is written without its 送至
    asks_body = intent is Intent.CONTACT and bool(_ASKS_BODY.search(question) or _ASKS_WHO.search(question))
    units = _units(sentence) if asks_body else []
    bodies = set(ORG_CELL.findall(sentence)) if asks_body else set()
    if (wanted is not None and PERSON.pattern in wanted.pattern) or asks_body and _ASKS_WHO.search(question):
        bodies |= set(person_names(sentence))  # a name is shown without its 联系人：
    masked = mask_chrome(header_units(sentence), side)
    if wanted is not None and intent is Intent.DEADLINE and _asks_period(question) and not _STARTS.search(masked):
        wanted = _STARTS  # no start here: this sentence's end is another step's
    given = [m.group(0) for m in wanted.finditer(masked)] if wanted else []
    found = [s for s in spans(intent, sentence, side)  # a span within what gives the fact: 8月4日 of 8月4日开启
             if not wanted or any(s in g for g in given) or wanted.search(s) or (office and OFFICE_NAME.fullmatch(s))
             or s in bodies]
    if intent is Intent.CONTACT:
        found = _unit_first(units, found)
    if intent is Intent.COUNT and wanted is not None and not found:  # a unit of the question's own (多少分 → 70分)
        found = given
    if wanted in _LENGTHS and not found:  # a length beside dates (公示期为11月10日至14日（5个工作日）)
        found = given
    if wanted is _TIME_OF_DAY or _unshaped_when(intent, wanted) and not found:  # 几点; 什么时间 answered by hours alone
        found = _with_hours(masked, found)
    if wanted is _TIME_OF_DAY and not found:  # 几点 answered by a time alone (系统于17:00关闭)
        found = given
    return found


# Asked what a value was before a correction (原定哪天, 没延期之前, 调整前), or what it is now as well
_ASKS_OLD = re.compile(r"原来|原定|原先|本来|起初|最初|(?:调整|变更|更正|更改|延期|推迟|改)之?前|之前定")
_ASKS_NOW = re.compile(r"现在|目前|如今|(?:调整|变更|更正|更改|延期)后|改到|改成|改为|(?:延期|推迟|延长|延)到")


def asked_side(question: str) -> Side:
    """Which side of a correction in a notice the question asks for: the value in force ("now"), the
    one it replaced ("then"), or both (原定哪几天？现在又改到了哪几天？)."""
    if not _ASKS_OLD.search(question):
        return "now"
    return "both" if _ASKS_NOW.search(question) else "then"


def _unshaped_when(intent: Intent, wanted: re.Pattern[str] | None) -> bool:
    """A "when" in words naming no shape of date (什么时间能打通, service hours): a sentence giving no
    date answers it with the hours or days it is open, where one naming a shape (哪一天) does not."""
    return intent is Intent.DEADLINE and wanted in (REQUIRED[Intent.DEADLINE], _WHEN_OR_OPEN)


def _unit_first(units: list[str], found: list[str]) -> list[str]:
    """The units asked for first, then the other spans; a span within another (人事科 of
    人事科（行政楼2楼203室）) shown as the longer one, in its own place."""
    found = units + [s for s in found if not any(s in u for u in units)]
    return list(dict.fromkeys(max((o for o in found if s in o), key=len) for s in found))


def kind_spans(intent: Intent, sentence: str, question: str, side: Side = "now") -> list[str]:
    """The spans of a sentence of the kind the question asks for: a count only in the unit it
    names (几份 → "2份", never "三年": another unit is another fact); other kinds whole (a 联系人
    is a contact detail even when the question names the phone first)."""
    return answering_spans(intent, sentence, question, side) if intent is Intent.COUNT else spans(intent, sentence)


def has_required(intent: Intent, text: str, question: str = "") -> bool:
    pattern = required_pattern(intent, question) if question else REQUIRED.get(intent)
    return bool(pattern.search(mask_chrome(header_units(text)))) if pattern else True


def polarity(sentence: str) -> bool | None:
    """False when the governing sentence forbids or denies, True when it allows or requires."""
    if NEGATION_RE.search(sentence):
        return False
    if re.search(r"可以|可|须|应当|应|需|允许|视同|即可", sentence):
        return True
    return None
