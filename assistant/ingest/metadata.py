"""Notice metadata read from the text itself: title, issuer, 文号, date, region, year, series, levels.

Each field is read where notices write it (see ``ingest/notice_layout.py`` for the parts), the
surest place first, and carries the text it came from and a confidence (``NoticeMeta.sources``):

* title: the 关于…的通知 headline (also wrapped, or glued to a page's publication line), else a web
  page's or news report's headline above its publication line, else a short line ending in a title
  word (…受理公告); never the salutation or a list item;
* issuers: the offices above the title and those signing it at the end (several on one line are
  split where the next one's place name starts), else a page's 来源, else the offices a news report
  says issued the notice; a bare 人事处 is given its institution, 市人社局 its city;
* 文号: the number under the header; date: the signature's (any written form, also 二〇二五年六月
  二十日 and 2019.7.1), else the 印发 line's, else the page's publication date;
* round year: the year of the title, else the 年度 of the opening sentence, else the 文号's, else the
  date's (``ingest/coverage.py`` reads region, series and levels).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from assistant.ingest.coverage import read_levels, read_region, read_series
from assistant.ingest.notice_layout import (
    Found,
    NoticeLayout,
    first_iso_date,
    is_chrome,
    is_office,
    is_salutation,
    is_sign_date,
)
from assistant.models import LoadedDocument, NoticeMeta
from assistant.text.patterns import DOC_NUMBER, FULL_DATE, ROUND_YEAR, YEAR_IN_TITLE
from assistant.text.regions import Gazetteer
from assistant.text.vocab import Vocabulary

_BARE_OFFICE = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:处|科|室)$")
_INSTITUTION = re.compile(r"(?<![\u4e00-\u9fff])(?![各本我全该])([\u4e00-\u9fff]{2,12}?(?:大学|学院|集团|公司|医院))")
_SHORT_LEVEL = {"省": "province", "市": "city", "区": "district", "县": "district"}
_NEWS_ISSUED = re.compile(r"([^，。；：“”《》]{3,80}?)(?:联合|共同)?(?:印发|下发|发布|出台)(?:了)?(?:《|通知)")


def extract_metadata(
    notice_id: str, file_name: str, doc: LoadedDocument, gazetteer: Gazetteer, vocab: Vocabulary
) -> NoticeMeta:
    layout = NoticeLayout(doc.text)
    title = read_title(layout) or Found(notice_id, "", 0.0, "file name")
    number, date = read_doc_number(layout), read_date(layout)
    issuers = read_issuers(layout, gazetteer)
    region = read_region(title.value, issuers.value if issuers else [], number.value if number else "",
                         layout, gazetteer)
    if issuers:
        issuers = qualify(issuers, layout.text, region, gazetteer)
    found: dict[str, Found | None] = {
        "title": title, "issuer": issuers, "doc_number": number, "issue_date": date,
        "year": read_year(title.value, layout, number, date), **region,
        "series": read_series(title.value, layout, vocab, issuers.value if issuers else []),
        "levels": read_levels(title.value, layout, vocab),
    }
    return _meta(notice_id, file_name, doc, found, gazetteer)


def _meta(notice_id: str, file_name: str, doc: LoadedDocument, found: dict[str, Found | None],
          gazetteer: Gazetteer) -> NoticeMeta:
    values: dict[str, object] = {k: (f.value if f else None) for k, f in found.items()}
    issuers = found["issuer"].value if found["issuer"] else []
    values |= {"issuer": "、".join(issuers) or None, "series": values["series"] or [], "levels": values["levels"] or []}
    return NoticeMeta.model_validate(values | {
        "notice_id": notice_id, "file_name": file_name, "places": _places(doc.text, gazetteer), "fmt": doc.fmt,
        "pages": len(doc.pages), "sources": {k: f.source() for k, f in found.items() if f},
    })


# ---- title ---------------------------------------------------------------------------------------


def read_title(layout: NoticeLayout) -> Found[str] | None:
    if layout.title_span:
        start, end, rule = layout.title_span
        text = "".join(layout.lines[start:end])
        return Found(text, text, {"title": 0.95, "headline": 0.85}.get(rule, 0.75), rule)
    for line in layout.lines[:12]:
        if 6 <= len(line) <= 80 and not (is_chrome(line) or is_salutation(line) or is_office(line)):
            return Found(line, line, 0.3, "first line")
    return None


# ---- 文号 and date -----------------------------------------------------------------------------------


def read_doc_number(layout: NoticeLayout) -> Found[str] | None:
    """The 文号 of the header: above the title, or between it and the salutation."""
    head = layout.lines[: layout.title_end] + layout.lines[layout.title_end : layout.body_start]
    for line in head:
        if "《" in line or is_chrome(line):
            continue
        if m := DOC_NUMBER.search(line):
            alone = len(line) - len(m.group(0)) <= 4
            return Found(re.sub(r"\s+", "", m.group(0)), line, 0.95 if alone else 0.7, "header")
    return None


def read_date(layout: NoticeLayout) -> Found[str] | None:
    """The signature's date, else the 印发 line's, else the page's publication date."""
    if layout.signature_at is not None:
        line = layout.lines[layout.signature_at]
        dates = [d for m in FULL_DATE.finditer(line) if (d := first_iso_date(m.group(0)))]
        if dates:
            return Found(dates[-1], line, 0.9, "signature")
    if issued := layout.issued_line():
        return Found(issued[1], issued[0], 0.8, "印发")
    if layout.info and layout.info.date:
        return Found(layout.info.date, layout.info.line, 0.6, "page")
    return None


def read_year(title: str, layout: NoticeLayout, number: Found[str] | None,
              date: Found[str] | None) -> Found[int] | None:
    """The round's year: the title's, the opening sentence's 年度, the 文号's, the date's."""
    if m := YEAR_IN_TITLE.search(title):
        return Found(int(m.group(1)), title, 0.95, "title")
    if m := ROUND_YEAR.search(layout.intro):
        return Found(int(m.group(1)), layout.intro, 0.8, "opening sentence")
    if number and (m := re.search(r"[12]\d{3}", number.value)):
        return Found(int(m.group(0)), number.value, 0.6, "文号")
    return Found(int(date.value[:4]), date.text, 0.5, "date") if date else None


# ---- issuers -------------------------------------------------------------------------------------


def read_issuers(layout: NoticeLayout, gazetteer: Gazetteer) -> Found[list[str]] | None:
    header = [name for ln in layout.header if _org(ln) for name in split_offices(ln, gazetteer)]
    signed, sign_text = signature_offices(layout, gazetteer)
    if header or signed:
        names = _merge(header + signed)
        text = " / ".join(x for x in ("\n".join(layout.header), sign_text) if x)
        return Found(names, text, 0.9 if signed else 0.85, "header+signature" if header and signed else
                     "signature" if signed else "header")
    if labelled := _labelled_issuer(layout):
        return labelled
    if layout.info and layout.info.source:
        return Found([layout.info.source], layout.info.line, 0.6, "page source")
    return _news_issuers(layout, gazetteer)


_ISSUER_LABEL = re.compile(r"^(?:实施主体|实施机关|发文机关|发文单位|发布机构|发布单位)\s*[：:]\s*(?P<names>[^\s；;，,。]+)")


def _labelled_issuer(layout: NoticeLayout) -> Found[list[str]] | None:
    """A service guide's (办事指南) issuers, written as a labelled value: "实施主体：山东省人力资源和社会保障厅"
    (several with 、, an aside in brackets left out); not offices addressed (各市人力资源社会保障局)."""
    for line in layout.lines:
        if m := _ISSUER_LABEL.match(line.strip()):
            names = [n for part in m.group("names").split("、") if (n := _PARENTHETICAL_TAIL.sub("", part))]
            if names and all(_org(n) and not n.startswith("各") for n in names):
                return Found(names, line, 0.8, "labelled issuer")
    return None


_PARENTHETICAL_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


def _org(line: str) -> bool:
    return is_office(line) and not DOC_NUMBER.search(line) and not is_chrome(line)


def signature_offices(layout: NoticeLayout, gazetteer: Gazetteer) -> tuple[list[str], str]:
    """The offices signing the notice: the lines above its date, or the name the date ends."""
    at = layout.signature_at
    if at is None:
        return [], ""
    line = layout.lines[at]
    if not is_sign_date(line):
        dates = list(FULL_DATE.finditer(line))
        head = re.findall(r"[\u4e00-\u9fff（）()]+$", line[: dates[-1].start()].rstrip())
        names = split_offices(_office_tail(head[0], gazetteer), gazetteer) if head else []
        return names, line
    above = _lines_above(layout.lines, at)
    return [n for ln in above for n in split_offices(ln, gazetteer)], "\n".join([*above, line])


def _office_tail(run: str, gazetteer: Gazetteer) -> str:
    """The office names that end a run of text glued to them ("平台技术咨询沈阳市卫生健康委员会"): from
    the first place name after which the rest is all offices."""
    for m in gazetteer.find(run):
        if _org(run[m.start :]) or all(_org(n) for n in split_offices(run[m.start :], gazetteer)):
            return run[m.start :]
    return run[-40:]


def _lines_above(lines: list[str], at: int) -> list[str]:
    """Office lines right above the date; a name wrapped over two lines is joined."""
    names: list[str] = []
    k = at - 1
    while k >= max(0, at - 4):
        line = lines[k]
        if _org(line):
            names.insert(0, line)
        elif names and _wrapped_head(line):
            names[0] = line + names[0]
            break
        else:
            break
        k -= 1
    return names


def _wrapped_head(line: str) -> bool:
    return len(line) <= 24 and bool(re.search(r"[\u4e00-\u9fff）)]$", line)) and not re.search(r"(表|书|附件)$", line) \
        and not re.search(r"[:：。；，]", line) and not re.match(r"^\d|^[（(]", line)


def split_offices(line: str, gazetteer: Gazetteer) -> list[str]:
    """Several offices written on one line: split where an office's name ends and a place starts
    ("湖北省卫生健康委员会湖北省人事考试院"), or at spaces between names."""
    parts = [p for p in re.split(r"\s+", line.strip()) if p]
    if len(parts) > 1 and all(is_office(p) for p in parts):
        return [n for p in parts for n in split_offices(p, gazetteer)]
    cuts = [m.start for m in gazetteer.find(line) if m.start > 0 and is_office(line[: m.start])]
    pieces, last = [], 0
    for cut in cuts:
        if is_office(line[last:cut]):
            pieces.append(line[last:cut])
            last = cut
    return [*pieces, line[last:]] if is_office(line[last:]) else [line]


def _merge(names: list[str]) -> list[str]:
    """Each office once (（） and () alike); a name another one ends with (人事处 of 云岭科技大学人事处)
    is that one, and a body one of its offices is named after (兰州市第八人民医院 of the letterhead,
    兰州市第八人民医院人事科 signing) is that office."""
    out: list[str] = []
    for name in (re.sub(r"\s+", "", n) for n in names):
        key = unicodedata.normalize("NFKC", name)
        if any(_same_office(unicodedata.normalize("NFKC", o), key) for o in out):
            continue
        out = [o for o in out if not _same_office(key, unicodedata.normalize("NFKC", o))] + [name]
    return out


def _same_office(name: str, other: str) -> bool:
    """``other`` is ``name`` written shorter: its end (人事处) or the body it belongs to."""
    return name.endswith(other) or name.startswith(other)


def _news_issuers(layout: NoticeLayout, gazetteer: Gazetteer) -> Found[list[str]] | None:
    """A news report's "市农业农村局、市人社局联合印发通知": the offices before the verb."""
    for line in layout.body[:4]:
        for m in _NEWS_ISSUED.finditer(line):
            clause = re.split(r"[，,]", m.group(1))[-1]
            clause = re.sub(r"^(?:日前|近日|近期|今年|目前)", "", clause)
            names = [n for part in re.split(r"[、]", clause) if _org(n := part.strip())]
            if names:
                return Found(names, line, 0.5, "news report")
    return None


def qualify(issuers: Found[list[str]], text: str, region: dict[str, Found | None],
            gazetteer: Gazetteer) -> Found[list[str]]:
    """Full names for offices written short: 市人社局 → 洛阳市人社局; 人事处 → 闽榕大学人事处."""
    institution = _institution(text)
    names = []
    for name in issuers.value:
        place = region.get(_SHORT_LEVEL.get(name[:1], ""))
        if place and not gazetteer.find(name):
            name = str(place.value) + name[1:]
        elif institution and _BARE_OFFICE.match(name) and not gazetteer.find(name):
            name = institution + name
        names.append(name)
    return Found(_merge(names), issuers.text, issuers.confidence, issuers.rule)


def _institution(text: str) -> str | None:
    """The university, company or hospital the text names most: the one a bare 人事处 belongs to."""
    counts = Counter(_INSTITUTION.findall(text))
    return counts.most_common(1)[0][0] if counts else None


def _places(body: str, gazetteer: Gazetteer) -> list[str]:
    found = [r.name for r in gazetteer.resolve(gazetteer.find(body)) if r.level == "county"]
    return list(dict.fromkeys(found))
