"""What a notice covers: the region it governs, its series and its levels.

* region: the jurisdiction of the notice's title, issuers and 文号 (county over city over province).
  A notice that forwards another (关于转发《…》的通知) governs what the forwarded one does: the place
  its title and issuers name (全省 stays province-wide), not the forwarding office's county. A notice
  whose issuers are no provincial office and that is not for 全省 takes, when it names no city, the
  city its text names most (an enterprise's or a university's notice is for its city);
* series: the vocabulary's series named in the title, else in the opening sentence, else in the
  section on who may apply or which 专业; a whole series (工程系列) only when none of its 专业 is named;
  a name that means several series (教师) read by the notice's words (教授 and 学院: 高校教师);
* levels: the title's (高级职称 is 副高级 and 正高级, 中、初级 both), less those the body only names
  to exclude ("正高级…按省…执行，不在本次评审范围") or that a "只评审…" sentence leaves out; a
  title that names none: every level the body names other than to exclude it.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.ingest.notice_layout import Found, NoticeLayout
from assistant.text.patterns import DEFERRAL
from assistant.text.regions import Gazetteer, Region
from assistant.text.vocab import Vocabulary, find_surfaces

_FORWARDED = re.compile(r"转发(?P<by>[^《]{0,40})《(?P<inner>.+)》")
_FORWARD_BODY = re.compile(r"(?:现将|将)([^《。；：]{2,80})《")
_PROVINCE_WIDE = re.compile(r"全省|全区|全自治区|省级|自治区")
_SCOPE_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．][^。；]{0,14}(?:范围|对象|专业|层级)")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_PARENTHETICAL = re.compile(r"[（(][^（）()]{0,60}[）)]")
_EXCLUDED = re.compile(
    rf"不在(?:本次|此次|本年度|本通知)?[^。；]{{0,8}}范围|{DEFERRAL.pattern}"
    r"|按(?:省|国家|上级|自治区)[^。；]{0,30}(?:执行|办理|申报|报送)|由(?:省|国家|上级|自治区|县|区|各)[^。；，]{0,20}(?:组织|认定|负责)"
    r"|直接认定|以考代评|考核确定|实行(?:全国)?(?:统一)?考试|不(?:再)?(?:进行|组织)[^。；]{0,6}评审"
)
_REQUIRED = re.compile(r"取得|具有|具备|持有|聘任|任职满|任教满|后从事")
_ONLY = re.compile(r"(?:只|仅)(?:评审|受理|组织|开展)")
_QUOTED = re.compile(r"《[^》]*》")
_SENTENCES = re.compile(r"[。；;\n]")


# ---- region ----------------------------------------------------------------------------------------


def read_region(title: str, issuers: list[str], doc_number: str, layout: NoticeLayout,
                gazetteer: Gazetteer) -> dict[str, Found | None]:
    if (scope := _forwarded_scope(title, layout)) and (chain := _chain(scope, gazetteer)):
        return _levels_found(chain, scope, 0.8, "forwarded notice")
    head = "\n".join([title, *issuers, doc_number])
    chain = _chain(head, gazetteer)
    found = _levels_found(chain, head, 0.9, "title and issuers")
    if "city" not in chain and not _province_wide(chain, title, issuers, layout.intro):
        city = _most_named(layout.text, gazetteer, "city")
        if city and (not chain or gazetteer.lineage(city)[0].name == chain.get("province")):
            more: dict[str, str] = {r.level: r.name for r in gazetteer.lineage(city)}
            found |= _levels_found(more, f"most named in the text: {city.name}", 0.6, "text")
    if found["province"] is None and (province := _most_named(layout.text, gazetteer, "province")):
        found["province"] = Found(province.name, f"most named in the text: {province.name}", 0.5, "text")
    return found


def _forwarded_scope(title: str, layout: NoticeLayout) -> str | None:
    """The forwarded notice's title and issuers: what a 转发 notice governs."""
    m = _FORWARDED.search(title)
    if not m:
        return None
    body = next((b.group(1) for ln in layout.body[:3] if (b := _FORWARD_BODY.search(ln))), "")
    return f"{m.group('by')}\n{m.group('inner')}\n{body}"


def _chain(text: str, gazetteer: Gazetteer) -> dict[str, str]:
    """{level: name} of the most specific place the text names, with the places above it."""
    regions = gazetteer.resolve(gazetteer.find(text))
    first = {r.level: r for r in reversed(regions)}
    for level in ("county", "city", "province"):
        if level in first:
            return {r.level: r.name for r in gazetteer.lineage(first[level])}
    return {}


def _levels_found(chain: dict[str, str], text: str, confidence: float, rule: str) -> dict[str, Found | None]:
    keys = {"province": "province", "city": "city", "district": "county"}
    return {k: Found(chain[lv], text, confidence, rule) if lv in chain else None for k, lv in keys.items()}


def _province_wide(chain: dict[str, str], title: str, issuers: list[str], intro: str) -> bool:
    """A provincial office issued it, or it is for 全省."""
    province = chain.get("province")
    if not province or "city" in chain:
        return False
    return any(i.startswith(province) for i in issuers) or bool(_PROVINCE_WIDE.search(title))


def _most_named(text: str, gazetteer: Gazetteer, level: str) -> Region | None:
    counts: Counter[str] = Counter()
    for region in gazetteer.resolve(gazetteer.find(text)):
        for r in gazetteer.lineage(region):
            if r.level == level:
                counts[r.code] += 1
    return gazetteer.get(counts.most_common(1)[0][0]) if counts else None


# ---- series ----------------------------------------------------------------------------------------


def read_series(title: str, layout: NoticeLayout, vocab: Vocabulary, issuers: list[str]) -> Found[list[str]] | None:
    context = "\n".join([layout.text, *issuers])
    readings = ((title, 0.9, "title"), (layout.intro, 0.7, "opening sentence"),
                (_scope_section(layout), 0.6, "scope section"))
    for text, confidence, rule in readings:
        if found := series_in(text, vocab, context):
            return Found(found, text, confidence, rule)
    return None


def series_in(text: str, vocab: Vocabulary, context: str) -> list[str]:
    """The series a text names (parentheticals left out: 数字经济（电子信息…）工程 is 数字经济工程)."""
    text = _PARENTHETICAL.sub("", text)
    found = [canon for _, canon in vocab.series_mentions(text, context)]
    blockers = [(w, "") for w in vocab.not_series]
    for family, fam in vocab.series_families.items():
        named = [c for _, c in find_surfaces(text, sorted([(n, family) for n in fam.names] + blockers,
                                                          key=lambda p: -len(p[0]))) if c]
        if named and not set(found) & set(fam.members):
            found.append(family)
    return list(dict.fromkeys(found))


def _scope_section(layout: NoticeLayout) -> str:
    """The first lines of the section on who may apply, or which 专业 (二、申报专业)."""
    body = layout.body
    for i, line in enumerate(body):
        if _SCOPE_HEADING.match(line):
            rest = [ln for ln in body[i + 1 : i + 4]]
            cut = next((k for k, ln in enumerate(rest) if _TOP_HEADING.match(ln)), len(rest))
            return "\n".join([line, *rest[:cut]])
    return ""


# ---- levels ----------------------------------------------------------------------------------------


def read_levels(title: str, layout: NoticeLayout, vocab: Vocabulary) -> Found[list[str]] | None:
    sentences = [s for ln in layout.body for s in _SENTENCES.split(ln) if s.strip()]
    named = levels_in(title, vocab, in_title=True)
    if named:
        opening = levels_in(_QUOTED.sub("", layout.intro), vocab)  # "现将…中、初级…评审工作通知如下"
        named = list(dict.fromkeys(named + opening))
        return Found(_narrowed(named, sentences, vocab) or named, title, 0.9, "title")
    tables = [row for row in layout.lines if "\t" in row]
    positive = covering(sentences + tables, vocab)
    if positive:
        return Found(positive, "\n".join(layout.body)[:300], 0.6, "body")
    return None


def stated_exclusion(text: str, level: str, vocab: Vocabulary) -> str | None:
    """The notice's sentence saying it leaves ``level`` out: one naming the level to exclude it
    ("正高级…按省…执行，不在本次评审范围") and naming it nowhere else, or a "只评审…" one naming only
    other levels. A table's cells are apart: the text may be compacted, its lines run together."""
    sentences = [s.strip() for s in re.split(r"[。；;\n|｜]", text) if s.strip()]
    if level in covering(sentences, vocab):
        return None  # named to cover it somewhere: what excludes it is an exception (…除外), not the rule
    for sentence in sentences:
        named = levels_in(sentence, vocab)
        if (level in named and _EXCLUDED.search(sentence)) or (_ONLY.search(sentence) and named and level not in named):
            return sentence
    return None


def levels_in(text: str, vocab: Vocabulary, in_title: bool = False) -> list[str]:
    """Levels named: words naming several first (中、初级; in a title, 高级职称 names both senior
    levels), then levels and titles (讲师, 高级教师), each the longest that fits."""
    return list(dict.fromkeys(lv for _, levels in vocab.level_mentions(text, ranks=True, in_title=in_title) for lv in levels))


def covering(sentences: list[str], vocab: Vocabulary) -> list[str]:
    """Levels the sentences name to cover them (not to exclude them, not as a title already held)."""
    return list(dict.fromkeys(lv for s in sentences if not _EXCLUDED.search(s) for lv in covered_in(s, vocab)))


def covered_in(sentence: str, vocab: Vocabulary) -> list[str]:
    """Levels a sentence says the notice covers: not those an applicant must already hold
    ("申报一级教师，须取得二级教师职称后任教满4年" covers 一级教师 only)."""
    clauses = [c for c in re.split(r"[，,]", sentence) if not _REQUIRED.search(c)]
    return [lv for c in clauses for lv in levels_in(c, vocab)]


def _narrowed(named: list[str], sentences: list[str], vocab: Vocabulary) -> list[str]:
    """The title's levels less those the body names only to exclude, or leaves out of "只评审…"."""
    positive = set(covering(sentences, vocab))
    excluded = {lv for s in sentences if _EXCLUDED.search(s) for lv in levels_in(s, vocab)} - positive
    only = [set(levels_in(s, vocab)) for s in sentences if _ONLY.search(s) and levels_in(s, vocab)]
    kept = [lv for lv in named if lv not in excluded]
    if only and (restricted := [lv for lv in kept if lv in set.union(*only)]):
        return restricted
    return kept
