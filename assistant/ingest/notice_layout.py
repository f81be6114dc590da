"""Where a notice's parts are: its headline, page line, salutation, body and signature.

Notices come as official documents (offices above the title, 文号, title, salutation, body, the
offices and date that sign it, attachments), as web pages (site name and navigation, headline, a
"发布时间：… 来源：… 浏览次数：…" line, body, page footer) and as news reports (headline, a dateline
"2025-07-30 08:12 来源：洛阳日报", a story that says who issued the notice). The metadata readers
(``ingest/metadata.py``, ``ingest/coverage.py``) find each field in the part where it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from assistant.ingest import structure as st
from assistant.ingest.clean import starts_block
from assistant.models import FieldSource
from assistant.text.patterns import DATE, DOC_NUMBER, FULL_DATE, SIGN_DATE_LINE, iso_date

# A page's publication line starts here, also when a loader glued it to the headline.
_INFO_START = re.compile(r"(?:发布日期|发布时间|更新时间|时间|日期)[:：]\s*\d{4}\s*[-/.年]")
# The end of that line: a view count or a font-size switch; the body follows on a glued line.
_INFO_END = re.compile(r"(?:(?:浏览次数|浏览量|点击数|点击量|阅读次数|阅读量|访问量)[:：]?\s*\d+|【字体[^】]{0,12}】"
                       r"|字号[:：]?\s*[\[【]?[大中小\s]+[\]】]?)+")
_INFO_FIELD = re.compile(r"\s*(?:信息来源|来源|作者|字号|编辑|发布者|责任编辑)")
# A news dateline: the date (and time) first, then the source or the author.
_DATELINE = re.compile(r"^\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*"
                       r"(?:来源|作者|发布者|信息来源|编辑)")
# Page chrome after the body: print/close/share buttons, links to the neighbouring pages.
_CHROME_START = re.compile(r"【打印(?:本页|此页)?】|【关闭(?:窗口|本页)?】|分享到[:：]?|上一篇[:：]|下一篇[:：]|上一条[:：]"
                           r"|下一条[:：]|相关(?:新闻|文章|链接)[:：]|责任编辑[:：]|【责任编辑")
_CHROME_LINE = re.compile(r"\||首页|当前位置|现在的位置|位置[:：]|设为首页|加入收藏|无障碍|版权所有|ICP|公网安备|网站标识码"
                          r"|主办单位|承办单位|网站地图|联系我们|^通知公告$|^工作动态$|^政策文件$|^【字体|^字号[:：]|^(?:信息)?来源[:：]")
# An office's name: how the names of issuing offices end (局, 委员会, 办公室, 人事处, 考试院 …).
_OFFICE_END = re.compile(r"(?:办公室|人民政府|政府|局|厅|委员会|委|中心|协会|学会|大学|学院|学校|集团|公司|部|处|科|院|所|站|办"
                         r"|领导小组|评审委员会)$")
_SOURCE = re.compile(r"(?:信息)?来源[:：]\s*([\u4e00-\u9fff（）()]{2,40}?)(?=作者|记者|责任编辑|编辑|浏览|点击|阅读|发布者|字号"
                     r"|【|[^\u4e00-\u9fff（）()]|$)")
_SALUTATION = re.compile(r"[:：]$")
_TITLE_WORD = re.compile(r"(?:通知|公告|公示|通告|决定|意见|办法|方案|简章|通报|细则|指南|说明)$")
_SENTENCE = re.compile(r"[。；;！!？?]")
_ATTACHMENT_BODY = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*$|^附件\s*\d+\s*$")
_ISSUED = re.compile(r"(?:日|\d)\s*(?:印发|发布|制发)\s*$")
HEAD_LINES = 25
T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A field's value as read, with the text it was read from, how sure the reading is, and which."""

    value: T
    text: str
    confidence: float
    rule: str

    def source(self) -> FieldSource:
        return FieldSource(text=self.text[:300], confidence=self.confidence, rule=self.rule)


@dataclass(frozen=True)
class PageInfo:
    """A web page's publication line (or a news dateline): its date and the source it names."""

    index: int
    line: str
    date: str | None
    source: str | None


def logical_lines(text: str) -> list[str]:
    """Non-empty lines, with a page's publication line and its chrome cut out of lines they were
    glued to ("…的通知发布时间：2025-04-07来源：…浏览次数：5128各区、县卫生健康局，…")."""
    out: list[str] = []
    for raw in text.split("\n"):
        out += [part.strip() for part in _split_glued(raw.strip()) if part.strip()]
    return out


def _split_glued(line: str) -> list[str]:
    if "\t" in line:
        return [line]
    parts, rest = [], line
    if (m := _INFO_START.search(rest)) and m.start() > 0:
        parts.append(rest[: m.start()])
        rest = rest[m.start():]
    end = _INFO_END.search(rest) if _INFO_START.match(rest) else None
    if end and end.end() < len(rest) and not _INFO_FIELD.match(rest[end.end():]):
        parts.append(rest[: end.end()])
        rest = rest[end.end():]
    if (chrome := _CHROME_START.search(rest)) and chrome.start() > 0:
        parts += [rest[: chrome.start()], rest[chrome.start():]]
        return parts
    return [*parts, rest]


def is_chrome(line: str) -> bool:
    return bool(_CHROME_LINE.search(line) or _CHROME_START.match(line))


def is_office(line: str) -> bool:
    """A line that is an office's name (湖北省人事考试院, 云岭科技大学人事处), not a sentence."""
    line = line.strip()
    return 3 <= len(line) <= 40 and bool(_OFFICE_END.search(line)) and not re.search(r"[，。；：:、\d]", line) \
        and not starts_block(line)


def is_salutation(line: str) -> bool:
    """各学院（部）、各有关单位： / 各代理单位及个人： — the addressees, never a title (nor the opening
    sentence "根据…，现将…通知如下：")."""
    return bool(_SALUTATION.search(line)) and len(line) <= 100 and not _SENTENCE.search(line) \
        and "如下" not in line and not re.match(r"根据|按照|为了?|经|现将|现就|依据", line)


def is_page_info(line: str) -> bool:
    """A web page's publication line (its date with the source or a view count: "发布时间：2025-11-21
    17:05　来源：…") or a news dateline; not a schedule's "时间：2025年9月1日至…"."""
    return bool(_INFO_START.match(line) and (_SOURCE.search(line) or _INFO_END.search(line)) or _DATELINE.match(line))


def is_sign_date(line: str) -> bool:
    return bool(SIGN_DATE_LINE.match(line))


def first_iso_date(text: str) -> str | None:
    for m in DATE.finditer(text):
        if found := iso_date(m):
            return found
    return None


class NoticeLayout:
    """The lines of a notice and where its parts are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = logical_lines(text)

    @cached_property
    def info(self) -> PageInfo | None:
        for i, line in enumerate(self.lines[:HEAD_LINES]):
            if _INFO_START.match(line) or _DATELINE.match(line):
                source = m.group(1) if (m := _SOURCE.search(line)) else None
                date = first_iso_date(line[:40])
                return PageInfo(i, line, date, source if source and st.is_org_line(source) else None)
        return None

    @cached_property
    def title_span(self) -> tuple[int, int, str] | None:
        """(first line, line after it, rule) of the headline; None when nothing reads as one."""
        head = self.lines[:HEAD_LINES]
        for finder in (self._about_title, self._headline_before_info, self._titled_line):
            if found := finder(head):
                return found
        return None

    def _about_title(self, head: list[str]) -> tuple[int, int, str] | None:
        """The 关于…的通知 line, possibly wrapped over two or three lines."""
        for i, line in enumerate(head):
            if not line.startswith("关于") or _SENTENCE.search(line) or is_salutation(line):
                continue
            end, title = i + 1, line
            while not _TITLE_WORD.search(title) and end < min(i + 3, len(head)) and not self._stops(head[end]):
                title, end = title + head[end], end + 1
            if _TITLE_WORD.search(title) and len(title) <= 150:
                return i, end, "title"
        return None

    def _stops(self, line: str) -> bool:
        return is_salutation(line) or starts_block(line) or bool(_INFO_START.match(line)) or is_chrome(line)

    def _headline_before_info(self, head: list[str]) -> tuple[int, int, str] | None:
        """A web page's or news report's headline: the line just above its publication line."""
        if self.info is None or self.info.index == 0:
            return None
        i = self.info.index - 1
        line = head[i]
        if 6 <= len(line) <= 80 and not is_chrome(line) and not _SENTENCE.search(line):
            return i, i + 1, "headline"
        return None

    def _titled_line(self, head: list[str]) -> tuple[int, int, str] | None:
        """A short line ending in a title word (…受理公告, …的公示) that is not a salutation."""
        for i, line in enumerate(head):
            if 6 <= len(line) <= 80 and _TITLE_WORD.search(line) and not _SENTENCE.search(line) \
                    and not is_chrome(line) and not starts_block(line) and "，" not in line:
                return i, i + 1, "title line"
        return None

    @property
    def title_start(self) -> int:
        return self.title_span[0] if self.title_span else 0

    @property
    def title_end(self) -> int:
        return self.title_span[1] if self.title_span else 0

    @cached_property
    def body_start(self) -> int:
        """The first body line: after the title, the page line, a 文号 and the salutation."""
        i = max(self.title_end, self.info.index + 1 if self.info else 0)
        while i < len(self.lines) and (self._doc_number_line(self.lines[i]) or is_salutation(self.lines[i])
                                       or is_chrome(self.lines[i])):
            i += 1
        return i

    @staticmethod
    def _doc_number_line(line: str) -> bool:
        m = DOC_NUMBER.search(line)
        return m is not None and len(line) - len(m.group(0)) <= 4

    @cached_property
    def header(self) -> list[str]:
        """The lines above the title (for a web page, its chrome: none of them is the notice's)."""
        if self.info is not None and self.info.index >= self.title_start:
            return []
        return [ln for ln in self.lines[: self.title_start] if not is_chrome(ln)]

    @cached_property
    def signature_at(self) -> int | None:
        """Index of the signature's date: the first line after the body's start that is one full date,
        or that ends an office's name with one ("云岭科技大学人事处 2025年8月20日")."""
        for i in range(self.body_start, len(self.lines)):
            line = self.lines[i]
            if is_sign_date(line) or self._signed_end(line):
                return i
        return None

    @staticmethod
    def _signed_end(line: str) -> bool:
        """The line ends with an office's name and a date ("…024-22875630沈阳市卫生健康委员会2025年4月7日")."""
        dates = list(FULL_DATE.finditer(line))
        if not dates or dates[-1].end() != len(line.rstrip()):
            return False
        run = re.findall(r"[\u4e00-\u9fff（）()]+$", line[: dates[-1].start()].rstrip())
        return bool(run) and is_office(run[0][-40:])

    @cached_property
    def body(self) -> list[str]:
        """The body: from after the salutation to the signature (or the attachments)."""
        at = self.signature_at
        end = len(self.lines) if at is None else at if is_sign_date(self.lines[at]) else at + 1  # a glued line
        lines = self.lines[self.body_start : end]
        cut = next((k for k, ln in enumerate(lines) if _ATTACHMENT_BODY.match(ln)), len(lines))
        return [ln for ln in lines[:cut] if not is_chrome(ln)]

    @cached_property
    def intro(self) -> str:
        """The sentence that says what the notice is about (up to "通知如下")."""
        first = next((ln for ln in self.body if not starts_block(ln)), "")
        return re.split(r"(?:通知|有关事项|事项)(?:要求)?如下", first)[0]

    def issued_line(self) -> tuple[str, str] | None:
        """The 印发 line under a document ("市职称办 2024年3月13日印发"): (line, ISO date)."""
        for line in self.lines[self.body_start :]:
            if _ISSUED.search(line) and (date := first_iso_date(line)):
                return line, date
        return None
