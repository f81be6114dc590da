"""Notice metadata read from the text itself: title, issuer, 文号, date, region, year, series, levels."""

from __future__ import annotations

import re
from collections import Counter

from assistant.ingest import structure as st
from assistant.ingest.clean import is_date_line
from assistant.models import LoadedDocument, NoticeMeta
from assistant.text.patterns import DATE, DOC_NUMBER, PUBLISHED, YEAR_IN_TITLE, iso_date
from assistant.text.regions import Gazetteer, Region
from assistant.text.vocab import Vocabulary

_TITLE_END = re.compile(r"(通知|公告|通告|意见|办法|方案)$")
_CITY_MARKERS = ("全市", "我市", "本市", "市各有关", "市直")
HEAD_LINES = 12


def extract_metadata(
    notice_id: str, file_name: str, doc: LoadedDocument, gazetteer: Gazetteer, vocab: Vocabulary
) -> NoticeMeta:
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    title, title_end = _title(lines, fallback=notice_id)
    head = lines[:title_end]
    issuer = _issuer(head, lines) or _committee(doc.text)
    doc_number = _doc_number(head)
    date = _issue_date(lines)
    province, city, district = _region(title, issuer or "", doc_number or "", doc.text, gazetteer)
    return NoticeMeta(
        notice_id=notice_id,
        file_name=file_name,
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        issue_date=date,
        province=province,
        city=city,
        district=district,
        places=_places(doc.text, gazetteer),
        year=_year(title, doc_number, date),
        series=vocab.find_series(title),
        levels=_levels(title + _intro(lines), vocab),
        fmt=doc.fmt,
        pages=len(doc.pages),
    )


def _title(lines: list[str], fallback: str) -> tuple[str, int]:
    """The 关于…的通知 line (possibly wrapped over 2–3 lines) and the index just after it."""
    for i, line in enumerate(lines[:HEAD_LINES + 10]):
        if "关于" not in line or line.startswith(("根据", "按照", "为")):
            continue
        title, end = line, i + 1
        while not _TITLE_END.search(title) and end < min(i + 3, len(lines)):
            title, end = title + lines[end], end + 1
        if _TITLE_END.search(title) and len(title) <= 120:
            return title, end
    first = next((ln for ln in lines[:HEAD_LINES] if 6 <= len(ln) <= 80), fallback)
    return first, 1


def _issuer(head: list[str], lines: list[str]) -> str | None:
    """Issuing offices: header lines above the title, else the signature above the closing date."""
    orgs = [ln for ln in head if st.is_org_line(ln) and not DOC_NUMBER.search(ln)]
    if not orgs:
        orgs = _signature(lines)
    if not orgs:
        source = next((m.group(1) for ln in lines[:HEAD_LINES] if (m := re.search(r"来源[:：]\s*(\S+)", ln))), None)
        return source if source and st.is_org_line(source) else None
    return "、".join(dict.fromkeys(orgs))


def _committee(text: str) -> str | None:
    """The 评审委员会 applications are sent to, when a notice names no issuing office."""
    found = re.findall(r"(?:报送|选择|提交)[“\"]?([\u4e00-\u9fff（）()]{4,40}?评审委员会)", text)
    return found[-1] if found else None


def _signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if is_date_line(line) and i > len(lines) // 3:
            return _org_above(lines[max(0, i - 3) : i])
    return []


def _org_above(above: list[str]) -> list[str]:
    """The office name in the lines just above a closing date (it may wrap over two lines)."""
    if not above or not st.is_org_line(above[-1]):
        return []
    name = above[-1]
    if len(above) >= 2 and not st.is_org_line(above[-2]) and len(above[-2]) <= 24 \
            and re.search(r"[\u4e00-\u9fff]$", above[-2]) and not re.search(r"(表|书|附件)$", above[-2]):
        name = above[-2] + name
    return [name]


def _doc_number(head: list[str]) -> str | None:
    for line in head:
        if m := DOC_NUMBER.search(line):
            return re.sub(r"\s+", "", m.group(0))
    return None


def _issue_date(lines: list[str]) -> str | None:
    for line in lines:
        if m := PUBLISHED.search(line):
            return iso_date(m)
    for line in lines:
        if is_date_line(line) or re.search(r"\d日\s*(印发|发布)$", line):
            for m in DATE.finditer(line):
                if found := iso_date(m):
                    return found
    return None


def _year(title: str, doc_number: str | None, date: str | None) -> int | None:
    if m := YEAR_IN_TITLE.search(title):
        return int(m.group(1))
    if doc_number and (m := re.search(r"[12]\d{3}", doc_number)):
        return int(m.group(0))
    return int(date[:4]) if date else None


def _intro(lines: list[str]) -> str:
    """The sentence that says what the notice is about ("现将…中、初级…评审工作…通知如下")."""
    return next((ln for ln in lines[:HEAD_LINES + 10] if re.search(r"通知如下|通知要求如下|有关事项如下", ln)), "")


def _levels(title: str, vocab: Vocabulary) -> list[str]:
    text = re.sub(r"中[、，]?初级|初[、，]?中级", "中级初级", title)
    text = re.sub(r"正[、，]?副高级", "正高级副高级", text)
    return vocab.find_levels(text)


def _region(
    title: str, issuer: str, doc_number: str, body: str, gazetteer: Gazetteer
) -> tuple[str | None, str | None, str | None]:
    """Province, city and district the notice governs.

    The title and issuer decide when they name a place. A notice for 全市/我市 without a city in its
    title takes the city its body names most; a province-level notice (自治区/省) stays province-wide.
    """
    head = f"{title}\n{issuer}\n{doc_number}"
    regions = [r for r in gazetteer.resolve(gazetteer.find(head))]
    levels = {r.level: r for r in reversed(regions)}
    if "county" in levels:
        chain = gazetteer.lineage(levels["county"])
    elif "city" in levels:
        chain = gazetteer.lineage(levels["city"])
    elif "province" in levels:
        chain = gazetteer.lineage(levels["province"])
    else:
        chain = []
    names = {r.level: r.name for r in chain}
    if "city" not in names and not ("province" in names and not any(m in head for m in _CITY_MARKERS)):
        city = _most_named(body, gazetteer, "city")
        if city and (not chain or gazetteer.lineage(city)[0].name == names.get("province")):
            names.update({r.level: r.name for r in gazetteer.lineage(city)})
    if "province" not in names:
        province = _most_named(body, gazetteer, "province")
        if province:
            names["province"] = province.name
    return names.get("province"), names.get("city"), names.get("county")


def _most_named(body: str, gazetteer: Gazetteer, level: str) -> Region | None:
    counts: Counter[str] = Counter()
    for region in gazetteer.resolve(gazetteer.find(body)):
        for r in gazetteer.lineage(region):
            if r.level == level:
                counts[r.code] += 1
    if not counts:
        return None
    return gazetteer.get(counts.most_common(1)[0][0])


def _places(body: str, gazetteer: Gazetteer) -> list[str]:
    found = [r.name for r in gazetteer.resolve(gazetteer.find(body)) if r.level == "county"]
    return list(dict.fromkeys(found))
