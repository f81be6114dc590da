"""The shapes of facts in notice text, in one place: dates, date ranges, durations, amounts, counts
with units, phones, e-mails, addresses and offices, years, 文号.

Every stage uses these: the question reader (what kind of fact a sentence gives), the answerer
(which span to show), metadata (the notice's date, year and 文号), scope (years and 文号 a question
names), eligibility (dates an applicant writes), and the faithfulness check of a model's answer
(the same fact in the answer and in the passage). Values are read in ``faithfulness`` and
``eligibility``; here are only the patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.text.numerals import CN_DIGIT_CHARS, CN_NUMERAL_CHARS, cn_number

# ---- dates -------------------------------------------------------------------------------------
YEAR = r"[12]\d{3}"
_M = _D = r"\d{1,2}"
_PARTS = r"中下旬|上旬|中旬|下旬|底|初|末|中"  # of a month: 11月底, 6月上旬
_DEADLINE_PARTS = r"底|初|上旬|中旬|下旬|中下旬"
_CN_DATE = (rf"(?P<cy>[{CN_DIGIT_CHARS}]{{4}})\s*年\s*(?P<cm>十[一二]?|[一二三四五六七八九])\s*月"
            rf"\s*(?P<cd>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日")

# A date as notices write it, its parts named: 2024-06-01 / 2024.6.1 / 2024/6/1; [2024年]6月1日|号;
# 6月底 / 6月上旬; 6月; 2024年 (not 2024年度 … 6月, which is read as a month); 二〇二五年三月十八日.
DATE = re.compile(
    rf"(?P<ny>{YEAR})\s*[-/.]\s*(?P<nm>{_M})\s*[-/.]\s*(?P<nd>{_D})(?!\d)"
    rf"|{_CN_DATE}"
    rf"|(?:(?P<y>{YEAR})\s*年\s*)?(?P<m>{_M})\s*月\s*(?:(?P<d>{_D})\s*[日号]|(?P<part>{_PARTS}))?"
    rf"|(?P<yo>{YEAR})\s*年(?!\s*\d{{1,2}}\s*月)"
)
# A date precise enough to answer "when": a day or a part of a month.
DAY_DATE_SRC = rf"(?:{YEAR}\s*年\s*)?{_M}\s*月\s*(?:{_D}\s*日|{_DEADLINE_PARTS})|{YEAR}-{_M}-{_D}"
DAY_DATE = re.compile(DAY_DATE_SRC)
# The hour a day's date may carry (9月30日17:00, 8月1日下午3点, 10月20日12时): part of the date's span.
CLOCK = r"\s*(?:上午|下午|晚上)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|[时点](?:\s*\d{1,2}\s*分|半)?)"
# A weekday in brackets after a day (11月20日（星期四）, 8月1日（星期五）14:30): part of the date's span.
_WEEKDAY = r"(?:\s*[（(](?:星期|周)[一二三四五六日天][)）])?"
# A range's end may leave out its month (11月8日至9日) or be an hour of the same day.
DATE_RANGE = re.compile(
    rf"(?:{DAY_DATE_SRC})(?:{CLOCK})?{_WEEKDAY}\s*(?:至|到|—+|－|-+|~|～)\s*"
    rf"(?:(?:{DAY_DATE_SRC}|{_D}\s*日)(?:{CLOCK})?{_WEEKDAY}|\d{{1,2}}\s*[:：]\s*\d{{2}})"
    rf"|(?:{DAY_DATE_SRC})(?:{_WEEKDAY}{CLOCK})?(?:前|之前|以前)?"
)
# Hours of a day without a date (工作日上午9:00—12:00，下午14:30—17:30): opening hours.
# Opening hours may also be days of the week (每周二、周四; 周一至周五).
HOURS = re.compile(r"(?:上午|下午|晚上)?\s*\d{1,2}\s*[:：]\s*\d{2}\s*(?:至|到|—+|－|-+|~|～)\s*\d{1,2}\s*[:：]\s*\d{2}"
                   r"|每?(?:周|星期)[一二三四五六日天](?:\s*(?:[、和及至到]|—+|－|-+|~|～)\s*(?:周|星期)?[一二三四五六日天])*")
# A time, place or decision the notice leaves to a later notice (具体时间另行通知): no value of its own.
DEFERRAL = re.compile(r"另行(?:通知|组织|安排|发文|部署)")
# A line that is only a date (a signature's date; 年 月 日 blanks of a form count too).
DATE_LINE = re.compile(r"^\s*(?:\d{4}|[×xX]{4})?\s*年\s*(?:\d{1,2}|[×xX]{2})?\s*月\s*(?:\d{1,2}|[×xX]{2})?\s*日\s*$")
# A web page's publication line: 时间: 2023-05-15 13:12 / 发布日期：2023-05-15.
PUBLISHED = re.compile(rf"(?:时间|日期|发布)[:：]\s*(?P<ny>{YEAR})-(?P<nm>{_M})-(?P<nd>{_D})")
# A full date in any form a notice is signed with: 2024年3月13日, 二〇二五年六月二十日, 2019.7.1,
# 2025-06-09, 2025/6/9, optionally with its weekday: 2025年6月9日（星期一）.
_FULL_DATE = (rf"{YEAR}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]|{re.sub(r'[?]P<[a-z]+>', '?:', _CN_DATE)}"
              rf"|{YEAR}\s*[-/.]\s*{_M}\s*[-/.]\s*{_D}(?!\d)")
_WEEKDAY = r"(?:\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?)?"
FULL_DATE = re.compile(rf"(?:{_FULL_DATE}){_WEEKDAY}")
# A line that is one full date (a signature's): the forms above, nothing else.
SIGN_DATE_LINE = re.compile(rf"^\s*(?:{_FULL_DATE}){_WEEKDAY}\s*$")
# A notice's signature (落款): the issuer's name, then the date it was signed, ending the sentence:
# "云岭科技大学人事处 2025年8月20日", "湖南湘江动力装备集团有限公司 二〇二五年九月十二日".
_ISSUER = (r"[\u4e00-\u9fff（）()]{2,40}?(?:处|厅|局|中心|委员会|办公室|公司|大学|学院|学校|医院|协会|学会|集团"
           r"|政府|部|院|站|所|会|室|科)")
SIGNED = re.compile(rf"{_ISSUER}\s*(?P<date>{YEAR}\s*年\s*{_M}\s*月\s*{_D}\s*日|{re.sub(r'[?]P<[a-z]+>', '?:', _CN_DATE)})\s*$")
# A website's registration number (ICP备, 公安备案): digits that are neither a phone nor a count.
REGISTRATION = re.compile(r"(?:ICP\s*[备证]?|公网安备|公安备案|公安机关备案|备案号|网站标识码)[^，。；\s｜\d]{0,4}?\s*[:：]?\s*"
                          r"[A-Za-z\-]*\d[\dA-Za-z\-]*号?", re.I)
# Dates as an applicant writes them about themselves: 2019.7.15, 2019年7月, 2019.7, 2019年底, 今年,
# 19年取得 (a two-digit year only before an event word).
_EVENT = r"(?=\s*(?:取得|获得|评|拿|考|毕业|入职|参加工作|就|初|底|末))"
APPLICANT_DATES = [
    re.compile(r"(?P<y>\d{4})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*[日号]?"),
    re.compile(r"(?<![\d.])(?P<y>\d{4}|\d{2})\s*年\s*(?P<m>\d{1,2})\s*月份?"),
    re.compile(r"(?P<y>\d{4})\s*[./-]\s*(?P<m>\d{1,2})(?![\d])"),
    re.compile(r"(?P<y>\d{4})\s*年(?P<part>底|初|末)?"),
    re.compile(r"(?P<rel>今年|去年|前年)(?:\s*(?P<m>\d{1,2})\s*月份?)?"),
    re.compile(r"(?<![\d.])(?P<y>\d{2})\s*年" + _EVENT),
]

# ---- years and document numbers -----------------------------------------------------------------
YEAR_MENTION = re.compile(rf"(?<!\d)({YEAR})\s*年")
ROUND_YEAR = re.compile(rf"(?<!\d)({YEAR})\s*年度")
# A year of the asker's own history, not a round nor a date of any notice: "我2019年6月取得中级",
# "1985年出生的老师", "2024年没评上", "2024年度未通过".
_ASKER_EVENT = r"(?:取得|毕业|评上|评的|评了|拿到|拿的|获得|参加工作|开始参加工作|入职|出生|生人|生的)"
_ASKER_FAILED = r"(?:没有?|未)\s*(?:评上|通过|评过|过|取得|拿到)"
_OWN_HISTORY_SRC = (rf"度?\s*(?:\d{{1,2}}\s*月份?(?:\s*\d{{1,2}}\s*[日号])?)?\s*(?:就|才|刚|已经?)?\s*"
                    rf"(?:{_ASKER_EVENT}|{_ASKER_FAILED})")
_OWN_HISTORY = re.compile(_OWN_HISTORY_SRC)
# A year of the asker's own record, not a round: 2024年度考核 (the annual appraisal).
_OWN_RECORD_SRC = r"\s*(?:年度)?\s*(?:考核|考评)"
_OWN_RECORD = re.compile(_OWN_RECORD_SRC)
# A year named as a round in looser words, as the answerer contrasts sentences by it ("2024年度已通过
# 认定的人员", "2025年会计中级"); not a date's year (2025年3月10日), a year a rule holds from or until
# (2023年起, 2023年度及以后年度, 2022年以前), one end of a span (2022年—2024年), nor a year of the
# applicant's own history (我2019年取得中级): a sentence about the 2024 round does not answer a question
# about the 2025 one, whatever dates it gives.
ROUND_NAMED = re.compile(
    rf"(?<![\d—\-－~～至到、])({YEAR})\s*年(?!度?\s*(?:[\d〇一二三四五六七八九十]|起|以来|以后|以前|之后|之前|后|前|开始|"
    rf"至|到|底|末|初|内|以内|及|（含|\(含|[—\-－~～、])|{_OWN_HISTORY_SRC})")


def years_asked(question: str) -> set[int]:
    """The years a question names but those of the asker's own history (``_OWN_HISTORY``)."""
    return {int(m.group(1)) for m in YEAR_MENTION.finditer(question) if not _OWN_HISTORY.match(question, m.end())}


# Rounds named by where they stand to the round in force: 今年/本年度 is the notice's own; an applicant
# asking of 去年/上年度 or 前年 means the rounds before it. Not the asker's own history or appraisal
# (今年刚取得中级, 去年考核基本称职), nor 今年 inside another word (至今年限, 如今年轻).
_RELATIVE = {"今年度": 0, "今年": 0, "本年度": 0, "去年": 1, "上年度": 1, "上一年度": 1, "前年": 2}
_RELATIVE_ROUND = re.compile(
    rf"(?<![至如迄当现])(上一年度|上年度|本年度|今年度|今年|去年|前年)(?![限轻龄纪]|{_OWN_HISTORY_SRC}|{_OWN_RECORD_SRC})")


def relative_rounds(text: str, year: int, asked: bool = False) -> set[int]:
    """The rounds a text names relative to the one in force (``year``, its notice's): a notice's
    own words name only its own (本年度); an applicant (``asked``) may ask of earlier ones too."""
    found = {_RELATIVE[m.group(1)] for m in _RELATIVE_ROUND.finditer(text)}
    return {year - back for back in found if asked or back == 0}


YEAR_IN_TITLE = re.compile(rf"({YEAR})\s*年度?")


def asked_rounds(question: str) -> set[int]:
    """The rounds a question asks about: "2024年度…" ("2024年度考核基本称职" is the asker's appraisal,
    "2024年度没评上" their history)."""
    return {int(m.group(1)) for m in ROUND_YEAR.finditer(question)
            if not _OWN_RECORD.match(question, m.end()) and not _OWN_HISTORY.match(question, m.end())}


DOC_NUMBER = re.compile(rf"[\u4e00-\u9fffA-Za-z]{{1,14}}\s*[〔［\[]{YEAR}[〕］\]]\s*\d{{1,4}}\s*号")
DOC_NUMBER_TAIL = re.compile(r"〔\d{4}〕\d+号")

# ---- durations, amounts and counts --------------------------------------------------------------
_SMALL_CN = "一二两三四五六七八九十"
DURATION = re.compile(
    rf"(?<!\d)(?:\d{{1,3}}|[{_SMALL_CN}]+)\s*(?:个工作日|工作日|天|日内|个月|分钟|个小时|小时|周(?!岁))"
    rf"|(?<!\d)(?:\d{{1,2}}|[{_SMALL_CN}])\s*年(?!度|\d)"
)
# An applicant's years: 5年, 3年半, 5年多 (the value is read by eligibility).
YEARS_SPAN = r"(\d+(?:\.\d+)?)\s*(年半|多年|年多|年)"
APPLICANT_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:个)?\s*(?P<unit>年半|多年|年多|年)|(?P<half>半年)")
# 300元, 300元/人, 320/160元, 1.5万元
# never begun inside a number or an hour ("18:00、180元" holds the amount 180元, not "00、180元")
AMOUNT = re.compile(r"(?<![\d.])(?<!\d[:：])(?P<nums>\d+(?:\.\d+)?(?:\s*[/、]\s*\d+(?:\.\d+)?)*)\s*(?P<unit>万元|元)(?:\s*/\s*[人件篇次])?")
COUNT_UNITS = ("个工作日", "工作日", "个月", "小时", "学时", "篇", "份", "次", "年", "天", "人", "字", "页", "项",
               "册", "本", "张", "名", "位", "周", "岁", "件", "个", "类")
# The count an answer states, for checking it against a passage (the faithfulness check).
_NOT_A_COUNT_BEFORE = "第哪每这那同某几\\d" + CN_DIGIT_CHARS + "十."
COUNT_FACT = re.compile(
    rf"(?<![{_NOT_A_COUNT_BEFORE}])(?P<n>\d+|[{CN_NUMERAL_CHARS}]+)(?P<unit>{'|'.join(COUNT_UNITS)})"
)
# A count that answers "how many" in a notice sentence: 一式两份, 2-3篇, 90学时, 5个工作日, 三年; in
# tens of thousands (6.3万名); a score or credits (60分, 25学分: not 15分钟); a share of a body
# (三分之二以上, 过半数).
COUNT = re.compile(
    rf"(?:一式)?[\d{_SMALL_CN}百千]+(?:\s*[-—至]\s*[\d{_SMALL_CN}百千]+)?\s*"
    r"(?:份|篇|次|册|本|张|学时|字|个工作日|工作日|天|个月|项|类|个|人|位|名)"
    r"|\d+(?:\.\d+)?\s*万\s*(?:名|人|个|项|份|篇|次)|\d+\s*(?:学分|分(?![钟之]))"
    rf"|[{_SMALL_CN}]分之[{_SMALL_CN}]+|过半数"
    rf"|(?<!\d)(?:\d{{1,2}}|[{_SMALL_CN}])\s*年(?!度|\d)"
)

# ---- contacts and places ------------------------------------------------------------------------
_DASHES = "-－—–~～"
# An extension: after its number (0931-8467000转8316) or alone (病案管理科：分机8316). A short service line:
# 123xx (12333 人社, 12345 政务服务) and 95xxx/96xxx, never an amount or a count (96000元).
_EXTENSION = r"(?:转|分机)\s*\d{3,5}"
_SERVICE_LINE = r"(?:123\d{2}|9[56]\d{3})(?!\s*[元万人份年月日号个次])"
PHONE = re.compile(  # never inside an identifier (000_0c0ecf8262729fd8) or a longer number
    rf"(?<![0-9A-Za-z_.])(?:0\d{{2,3}}\s*[{_DASHES}]?\s*\d{{7,8}}(?:\s*[{_DASHES}]\s*\d{{1,5}}|{_EXTENSION})?"
    rf"|1[3-9]\d{{9}}|\d{{7,8}}|{_SERVICE_LINE})(?![0-9A-Za-z_.])|分机\s*\d{{3,5}}(?!\d)"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A street address with its number (甲16号 too) and building, or a building/room: the span an answer
# shows. A building runs on through its block, floor and area ("综合楼B座212室", "行政楼2楼203室", "一楼B区")
# to the room, window or office it names ("3楼第二会议室", "二楼人社综合窗口12号", "三楼职称办"); a bracket
# after a street number is kept only whole; a table's label ("地址及房间：") is no address.
_SUBUNIT = r"[A-Za-z\d一二三四五六七八九十]+(?:座|栋|幢|单元|层|楼|区)"
_ROOM = (r"[A-Za-z]?\d+号?(?:室|房间|窗口)"
         r"|(?:第[一二三四五六七八九十\d]+|[\u4e00-\u9fff]{1,6}?[A-Za-z]?\d*)(?:会议室|报告厅|厅|室|窗口(?:[A-Za-z]?\d+号)?|办(?![\u4e00-\u9fff]))"
         r"|[A-Za-z\d]+")
# a bracket naming the rooms or windows meant ("职称受理窗口（7号、8号窗口）") belongs to the place
_ROOM_BRACKET = r"（[^（）]{0,12}(?:窗口|室|号)）"
ADDRESS = re.compile(
    r"[\u4e00-\u9fff\w]{2,}(?:路|街|大道|道|巷|村|镇)\s*[甲乙丙丁]?\d+\s*号(?:[\u4e00-\u9fff\w]|（[^（）]*）|\([^()]*\))*"
    rf"|[\u4e00-\u9fffA-Za-z\d]+(?:大厦|大楼|房间|楼)(?:{_SUBUNIT})*(?:{_ROOM})?(?:{_ROOM_BRACKET})?(?![:：])"
)
# What leads into an address inside one run of characters ("答辩地点在", "报送地点为", "请到",
# "评审会在"): the words before a place, not the place. The hand-in words are :data:`OFFICE`'s; 至
# leads in only after a word (至善楼 is a name).
_HAND_IN_TO = r"送至|报至|交至|寄至|发至|送到|交到|报到|寄到|设在"
_ADDRESS_LEAD_IN = re.compile(rf".*?(?:地点|地址|位置)(?:设在|定在|设|在|为|是)?|.*?(?:{_HAND_IN_TO}|前往|到|在)|.+?至"
                              r"|.*?(?:调整|更改|改|变更|确定|原定|定)为")


def place_start(span: str, place: re.Pattern[str] | None = None) -> int:
    """Where the place begins in an :data:`ADDRESS` span (or another ``place`` pattern's): after the
    words leading into it ("答辩地点" then "原定为"), as long as a place is left after them."""
    start = 0
    while (lead := _ADDRESS_LEAD_IN.match(span, start)) and lead.end() > start \
            and (place or ADDRESS).match(span, lead.end()):
        start = lead.end()
    return start


def addresses(text: str) -> list[str]:
    """Each address in ``text`` without the words leading into it."""
    return [m.group(0)[place_start(m.group(0)):] for m in ADDRESS.finditer(text)]


# The checkable core of an address: street and number, or a room.
ADDRESS_CORE = re.compile(r"[\u4e00-\u9fff]{2}(?:大道|大街|路|街|巷|弄)[甲乙丙丁]?\d+号|[A-Za-z\d]*\d+(?:房间|室)")
# A receiving office named instead of a street address ("报送至市人社局专技科", "到区评审服务站申报"):
# the body after a hand-in word, ending in a word for an office, with an optional sub-unit.
_OFFICE_END = r"(?:服务站|服务中心|服务大厅|受理点|受理窗口|办公室|中心|大厅|窗口|局|厅)"
OFFICE_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,16}}?{_OFFICE_END}(?:[\u4e00-\u9fff]{{1,6}}?(?:科|处|室|窗口))?")
OFFICE = re.compile(rf"(?:{_HAND_IN_TO}|到|至|受理单位[:：｜|]?)\s*({OFFICE_NAME.pattern})")
# A unit named as the one that handles something ("报送市农业农村局人事科", "交护理部", "经病案管理科",
# "咨询：专业技术人员管理处"): the words after a hand-in or referring word or a label's colon, up to a
# word for an administrative unit and its numbered window ("公共法律服务中心3号窗口"), a bracket inside
# it kept ("县（市、区）人社局职称股"). A degree or a discipline (本科, 专科, 学科), a whole (全部, 内部)
# and a verb ending in 办 (举办, 代办, 怎么办) name no unit, nor does a unit word going on into
# another word (处理, 办公, 部门, 科研).
_UNIT_END = r"(?:办公室|服务中心|中心|窗口|(?<![本专学])科|处|(?<![全内干外局])部|股|(?<![举代么承主协])办)"
_UNIT_CHAR = r"(?![报送交向到至由经找给请于在及或与的可须应需])[\u4e00-\u9fff]|（[^（）]{1,6}）"
UNIT = re.compile(rf"(?:{_HAND_IN_TO}|报送|交给|提交|联系|咨询|[交报送由经向找到至：:｜|])\s*((?:{_UNIT_CHAR}){{1,14}}{_UNIT_END}"
                  r"(?:[A-Za-z]?\d+号?窗口)?)"
                  r"(?![理事公分门长级位室法署研技学目])")
# A table cell naming the body that handles something: its header says 单位, 机构, 部门 or 受理点
# ("受理单位机构：镇江市职工技术协会"); the value is the span.
ORG_CELL = re.compile(r"(?:^|[｜|])\s*[^｜|：:\n]{0,8}(?:单位|机构|部门|受理点)[^｜|：:\n]{0,4}[：:]\s*([^｜|\n]+)")
# A person to contact: the names after 联系人 / 经办人 / 姓名 ("联系人：张媛、黄悠悠", "联系人：张媛  黄悠悠",
# a table's 姓名 cell; a transcribed name's parts joined by a middle dot, 阿依努尔·买买提), or a surname
# and 老师 / 女士 / 先生 after an office, a colon or a space ("人事处师资科林老师", "职称科 孟女士"). A word
# labelling another contact detail (联系人：张媛 电话：…) is no second name.
_NAME = r"(?:[\u4e00-\u9fff]{1,8}[·•・][\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})?|[\u4e00-\u9fff]{2,3})"
_DETAIL_LABEL = r"电话|手机|座机|传真|地址|邮箱|联系"
PERSON = re.compile(rf"(?:联系人|经办人|姓名)\s*[:：｜|]\s*{_NAME}(?:(?:[、和及]|\s+)(?!{_DETAIL_LABEL}){_NAME})*(?![\u4e00-\u9fff])"
                    r"|(?<=[科处室:：\s])[\u4e00-\u9fff](?:老师|女士|先生)")
PERSON_LABEL = re.compile(r"^(?:联系人|经办人|姓名)\s*[:：｜|]\s*")
PLACE = re.compile(f"{ADDRESS.pattern}|{OFFICE.pattern}")
SENT_TO = re.compile(f"{EMAIL.pattern}|{PLACE.pattern}")


def date_parts(m: re.Match[str]) -> tuple[int | None, int | None, int | None, str | None]:
    """(year, month, day, part of month) of a :data:`DATE` or :data:`PUBLISHED` match; None where not written."""
    g = m.groupdict()

    def first(*names: str) -> int | None:
        value = next((g[n] for n in names if g.get(n)), None)
        return cn_number(value) if value else None

    return first("ny", "cy", "y", "yo"), first("nm", "cm", "m"), first("nd", "cd", "d"), g.get("part")


def iso_date(m: re.Match[str]) -> str | None:
    """The ISO date of a :data:`DATE` (or :data:`PUBLISHED`) match that gives year, month and day."""
    year, month, day, _ = date_parts(m)
    if year and month and day and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# ---- page chrome --------------------------------------------------------------------------------
_CHROME_MARK = "□"


# A table column that names its unit in its header ("职称评审（元/人）：560", "数量（份）：3"): the value
# is read with that unit ("560元/人"), as the notice means it.
_HEADER_UNIT = re.compile(
    r"[（(]\s*(?P<unit>[^（）()：:｜\d]{1,5}?)\s*[）)]\s*[:：]\s*(?P<n>\d+(?:\.\d+)?)\s*(?=[｜|；;，,。\n]|$)"
)  # the value is the whole cell: "（正高级）：9月15日" is a date, not 9 of a unit


def header_units(text: str) -> str:
    """The text with each value of a column whose header names a unit written with that unit."""
    return _HEADER_UNIT.sub(lambda m: f"：{m['n']}{m['unit']}", text)


Side = Literal["now", "then", "both"]


@lru_cache(maxsize=8192)
def mask_chrome(text: str, side: Side = "now") -> str:
    """The text with what only looks like a fact blanked out (same length, so positions hold): a
    page's publication time, a signature's date and a site's registration number are never a
    deadline or a phone number, whatever the question asks; nor is a value a correction replaces,
    unless the question asks what it was (``side`` "then": the replacing value is blanked instead;
    "both": neither)."""
    spans = [m.span() for m in REGISTRATION.finditer(text)]
    spans += [(m.start("ny"), m.end("nd")) for m in PUBLISHED.finditer(text)]
    spans += [m.span("date") for m in SIGNED.finditer(text)]
    spans += superseded(text) if side == "now" else replacing(text) if side == "then" else []
    for a, b in spans:
        text = text[:a] + _CHROME_MARK * (b - a) + text[b:]
    return text


def superseded(text: str) -> list[tuple[int, int]]:
    """The spans of values a correction in the same text replaces: "原定为7月31日，现调整为8月22日"
    (the clause after 原定/原为/原来/原通知), "由一式2份更正为一式3份" (after 由), "“一式2份”有误，应为
    “一式3份”", a table row's 原定时间 cell beside its 调整后时间 one. Without a change beside it an old
    value is left: it may be the only one given."""
    if not (_CHANGED.search(text) or _NEW_CELL.search(text)):
        return []
    spans = [m.span() for m in _OLD_CLAUSE.finditer(text)] + [m.span(1) for m in _FROM_OLD.finditer(text)]
    spans += [m.span(1) for m in _WRONG_OLD.finditer(text)]
    if _NEW_CELL.search(text):
        spans += [m.span() for m in _OLD_CELL.finditer(text)]
    return spans


def replacing(text: str) -> list[tuple[int, int]]:
    """The spans of the values a correction in the text puts in place of old ones: the clause after
    调整为 / 改为 / 应为, a table row's 调整后 cell (what :func:`superseded` keeps)."""
    if not superseded(text):
        return []
    spans = [m.span() for m in _NEW_CLAUSE.finditer(text)]
    return spans + [m.span() for m in _NEW_CELL_VALUE.finditer(text)]


_CHANGED = re.compile(r"(?:调整|变更|更正|更改|延长|延期|推迟|提前|顺延)(?:后|为|至|到)|改为|有误[，,]?\s*应为")
# 仍为原定的…, 仍按原通知…: a value said to stand is no old one
_OLD_CLAUSE = re.compile(r"(?<!仍)(?<!仍为)(?<!仍按)(?<!按照)(?<!不变，)原(?:定|为|来|通知)(?![^，,；;。｜\n]*(?:不变|继续))[^，,；;。｜\n]*")
_FROM_OLD = re.compile(r"由([^，,；;。｜\n]{1,30}?)(?:(?:调整|变更|更正|更改|延长|推迟|提前)(?:为|至|到)|改为)")
_WRONG_OLD = re.compile(r"“([^”]{1,30})”\s*(?:有误|错误)")
_OLD_CELL = re.compile(r"(?:^|(?<=｜))原[^｜：:\n]{0,8}[：:][^｜\n]*")
_NEW_CLAUSE = re.compile(rf"(?:{_CHANGED.pattern})[^，,；;。｜\n]*")
_NEW_CELL_VALUE = re.compile(r"(?:^|(?<=｜))(?:(?:调整|变更|更正|更改)后|现)[^｜：:\n]{0,8}[：:][^｜\n]*")
_NEW_CELL = re.compile(r"(?:^|｜)(?:调整|变更|更正|更改)后[^｜：:\n]{0,8}[：:]|(?:^|｜)现[^｜：:\n]{0,8}[：:]")


# ---- shares and committees (the eligibility rule proposer) ---------------------------------------
# A share of a whole: 2/3, 三分之二, 60% (never inside a date such as 2024/6/1).
SHARE = re.compile(
    rf"(?<![\d/])(?P<n>\d{{1,2}})\s*/\s*(?P<d>\d{{1,2}})(?![\d/])"
    rf"|(?P<cd>[{_SMALL_CN}]+)\s*分之\s*(?P<cn>[{_SMALL_CN}]+)"
    r"|(?P<pct>\d{1,3}(?:\.\d+)?)\s*[%％]"
)
# The evaluation committee a notice sends applications to: "…报送中天钢铁集团（南通）有限公司冶金工程中级专业
# 技术资格评审委员会", "评委会选择“无锡市锡山区工程技术中级专业技术资格评审委员会”".
COMMITTEE = re.compile(r"(?:报送|提交至|提交到|报至|送至|提交|选择|向)\s*[“\"]?(?P<name>[\u4e00-\u9fff（）()]{4,40}?评审委员会)")


WEBSITE = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9./?=&_%#:-]+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov\.cn|com\.cn|edu\.cn|org\.cn|cn|com|net|org)(?:/[A-Za-z0-9./?=&_%#-]*)?"
)
"""A web address: with its scheme or www., or a bare domain of the common endings (www.jsrsks.gov.cn)."""

# An online system, platform or site by its name, where an applicant registers, files, pays or looks (a
# notice board too: where a list is posted): a quoted name ending in a word for one ("统一缴费平台",
# “江西人事考试网”, “浙里办”APP), a name after the verb of going there (登录重庆市职称评审管理信息系统, 在市人社局
# 网站) or after another such name and 及/和 (在院内OA系统及行政楼一楼公示栏), or a table cell of one (地点：学院
# 人事管理信息系统). A word going on (网上, 网络, 网点) is no site; 所在 is no "at".
_SYSTEM_WORD = r"(?:系统|平台|网站|网(?![上络点页签银格])|小程序|公众号|客户端|APP|App|app|公示栏|公告栏|公开栏|宣传栏)"
_GO_TO = r"登录|登陆|登入|进入|通过|访问|关注|在"
_SYSTEM_NAME = rf"(?:(?!{_GO_TO})[\u4e00-\u9fffA-Za-z]){{2,24}}?"  # from the last verb of going there
PLATFORM = re.compile(
    rf"[“\"「『][^”\"」』\s]{{2,40}}?{_SYSTEM_WORD}[”\"」』]"
    rf"|[“\"「『][^”\"」』\s]{{2,20}}[”\"」』]\s*(?:微信公众号|{_SYSTEM_WORD})"
    rf"|(?:(?<=登录|登陆|登入|进入|通过|访问|关注)|(?<!所在)(?<!存在)(?<=在)|(?<=[统台站网栏号序端Pp][及和、])){_SYSTEM_NAME}{_SYSTEM_WORD}"
    rf"|(?<=[：:])\s*[^｜|：:，。；\n]{{2,30}}?(?:系统|平台|网站)\s*(?=[｜|]|$)"
)
"""A platform's name as written (its quotation marks kept: "统一缴费平台")."""
