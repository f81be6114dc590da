"""``parse_profile(text, previous) -> Profile``: what an applicant says about themself, read without an LLM.

Deterministic: words from ``knowledge/rules/lexicon.yaml`` and the series of
``knowledge/vocabulary.yaml``, dates and years by pattern, places with the gazetteer mapped to a
notice (the notices' metadata when given, else the rule files' regions). Facts from earlier turns
are kept unless the applicant now says otherwise (:func:`assistant.eligibility.profile.merged`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from assistant.eligibility.lexicon import Lexicon, clause_of, find_spans, has_any, mask, normalize, pairs
from assistant.eligibility.locate import NoticePlace, match_notice, places_from_meta, places_from_rules
from assistant.eligibility.parse_dates import find_dates
from assistant.eligibility.parse_titles import date_for, title_mentions
from assistant.eligibility.profile import Profile, merged
from assistant.eligibility.rulebook import DEFAULT_RULES_DIR, RuleBook, load_rules
from assistant.models import NoticeMeta
from assistant.settings import PROJECT_ROOT
from assistant.text.patterns import YEARS_SPAN
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary

_YEARS = YEARS_SPAN
_WORK = [
    re.compile(r"(?:工作|从事[^,，。;；]{0,12}?工作|干技术|做技术|干了|搞了|工龄)(?:了|过|已经|已|有|满|共)*\s*" + _YEARS),
    re.compile(_YEARS + r"(?:的)?(?:工作经验|工作经历|工龄|技术工作|的工作|工作)"),
    re.compile(r"毕业(?:已经|已|有|了|快|满)*\s*" + _YEARS),
]
_IN_TITLE = re.compile(r"任(?:现)?职(?:已经|已|有|满)*\s*" + _YEARS)
_GRADUATION = re.compile(r"毕业|取得学位|拿到学位|拿到毕业证")
_HELD = re.compile(r"取得|获得|评上|评的|拿到|拿的|考取|聘任")
_CE_TOTAL = [re.compile(r"继续教育[^,，。;；!?]*?(\d+(?:\.\d+)?)\s*(?:个)?\s*(?:学时|课时|小时)"),
             re.compile(r"继续教育学时\D{0,4}(\d+(?:\.\d+)?)")]
_CE_PROFESSIONAL = re.compile(r"专业(?:科目|课程|课)\D{0,6}?(\d+(?:\.\d+)?)\s*(?:个)?\s*(?:学时|课时|小时)")
_CE_SHORT = re.compile(r"继续教育[^,，。;；]*?(没满|不够|未满|还差|没完成|没有完成|没修满|不满)")
_CE_DONE = re.compile(r"继续教育[^,，。;；]*?(都满|满了|已满|够了|都够|达标|完成了|都完成|修满)")
_SKILL_YEARS = re.compile(r"(?:证书|证|资格)?(?:已经|已|有|满|都)*\s*" + _YEARS)


@dataclass(frozen=True)
class Turn:
    text: str
    today: date
    previous: Profile | None
    places: tuple[NoticePlace, ...]


class ProfileParser:
    """Reads a self-description into a :class:`Profile`. Build once (:meth:`build`), use for every turn."""

    def __init__(self, lexicon: Lexicon, ranks: dict[str, int], series: list[tuple[str, str]],
                 gazetteer: Gazetteer, places: list[NoticePlace]) -> None:
        self.lex, self.ranks, self.series, self.gazetteer, self.places = lexicon, ranks, series, gazetteer, places

    @classmethod
    def build(cls, book: RuleBook, rules_dir: Path = DEFAULT_RULES_DIR, vocab_file: Path | None = None,
              regions_file: Path | None = None) -> ProfileParser:
        vocab = load_vocabulary(vocab_file or PROJECT_ROOT / "knowledge" / "vocabulary.yaml")
        series = pairs(vocab.series) + pairs(book.series_aliases)
        return cls(Lexicon.load(Path(rules_dir) / "lexicon.yaml"), book.baseline.education_ranks, series,
                   Gazetteer.load(regions_file), places_from_rules(book))

    def parse(self, text: str, previous: Profile | None = None, notices: Iterable[NoticeMeta] = (),
              today: date | None = None) -> Profile:
        places = places_from_meta(notices) + [p for p in self.places if p.notice_id not in {n.notice_id for n in notices}]
        turn = Turn(normalize(text), today or date.today(), previous, tuple(places))
        facts: dict = {}
        for step in (self._education, self._titles, self._employment, self._exclusions, self._training,
                     self._skills, self._special, self._series):
            facts.update(step(turn))
        facts.update(self._place(turn, facts.get("series") or (previous.series if previous else None)))
        return merged(previous, Profile.model_validate(facts))

    # ---- education -----------------------------------------------------------------------------
    @cached_property
    def _negated_education(self) -> str:
        """An education said not to be held ("没有本科文凭", "不是本科"): no education the applicant has."""
        surfaces = sorted({s for s, _ in pairs(self.lex.education)}, key=len, reverse=True)
        return rf"{_NOT_HELD}\s*(?:全日制|第一)?\s*(?:{'|'.join(map(re.escape, surfaces))})"

    def _education(self, turn: Turn) -> dict:
        lex, text = self.lex, turn.text
        facts: dict = {}
        schools = [re.escape(s) for v in lex.technical_school.values() for s in v]
        blank = mask(text, [*lex.education_masks, *schools, self._negated_education])
        levels = list(dict.fromkeys(s.value for s in find_spans(blank, pairs(lex.education))))
        if levels:
            best = max(levels, key=self.ranks.__getitem__)
            facts["education"] = best
            if not has_any(text, lex.progression):
                facts["education_also"] = [e for e in levels if e != best]
        if school := find_spans(text, pairs(lex.technical_school)):
            facts["technical_school"] = school[0].value
        if has_any(text, lex.professional_degree):
            facts["engineering_professional_degree"] = True
        return facts | self._foreign(text)

    def _foreign(self, text: str) -> dict:
        if not has_any(text, self.lex.foreign_degree):
            return {}
        if has_any(text, self.lex.foreign_not_certified):
            return {"foreign_degree": True, "foreign_degree_certified": False}
        return {"foreign_degree": True} | ({"foreign_degree_certified": True}
                                           if has_any(text, self.lex.foreign_certified) else {})

    # ---- titles, dates and years ---------------------------------------------------------------
    def _titles(self, turn: Turn) -> dict:
        text, lex = turn.text, self.lex
        dates = find_dates(text, turn.today)
        mentions = title_mentions(text, find_spans(mask(text, lex.title_masks), pairs(lex.titles)))
        facts: dict = {}
        used: set[int] = set()
        if targets := [m for m in mentions if m.role == "target"]:
            facts["target_title"] = targets[-1].span.value
        if held := [m for m in mentions if m.role == "current"]:
            mine = max(held, key=lambda m: list(lex.titles)[::-1].index(m.span.value))
            facts["current_title"] = mine.span.value
            if mine.years is not None:
                facts["years_in_title"] = mine.years
            if found := date_for(text, mine, dates, used):
                facts["current_title_date"] = found.value
                used.add(found.start)
        if has_any(text, lex.no_title):
            facts["has_title"] = False
        return facts | self._years(text, facts) | self._graduation(text, dates, used) | \
            self._bare_date(turn, dates, used, facts, mentions)

    def _years(self, text: str, facts: dict) -> dict:
        out = {}
        if "years_in_title" not in facts and (m := _IN_TITLE.search(text)):
            out["years_in_title"] = _years_of(m)
        if m := next((m for p in _WORK if (m := p.search(text))), None):
            out["work_years"] = _years_of(m)
        return out

    def _graduation(self, text: str, dates: list, used: set[int]) -> dict:
        for anchor in _GRADUATION.finditer(text):
            start, end = clause_of(text, anchor.start())
            near = [d for d in dates if start <= d.start < anchor.start() and d.start not in used]
            near = near[-1:] or [d for d in dates if anchor.end() <= d.start < end and d.start not in used][:1]
            if near:
                used.add(near[0].start)
                return {"education_date": near[0].value}
        return {}

    def _bare_date(self, turn: Turn, dates: list, used: set[int], facts: dict, mentions: list) -> dict:
        """A date said without a title is when the current title was obtained: an answer to that
        question, or a correction of it when said with 取得/评/拿 (2019年12月31日取得的)."""
        prev, text = turn.previous, turn.text
        if "current_title_date" in facts or not (facts.get("current_title") or (prev and prev.current_title)):
            return {}
        targets = [clause_of(text, m.span.start) for m in mentions if m.role == "target"]
        free = [d for d in dates if d.start not in used and not any(s <= d.start < e for s, e in targets)]
        held = [d for d in free if _HELD.search(text[slice(*clause_of(text, d.start))])]
        if prev and prev.current_title_date:
            free = held
        free = held or [d for d in free if "-" in d.value]
        return {"current_title_date": free[0].value} if free else {}

    # ---- employment and exclusions -------------------------------------------------------------
    def _employment(self, turn: Turn) -> dict:
        text, lex = turn.text, self.lex
        facts: dict = {}
        employers = find_spans(text, [(s, name) for name, surfaces in lex.employers.items() for s in surfaces])
        if employers:
            facts["employer_type"] = employers[0].value
        if has_any(text, lex.not_in_service):
            facts["in_service"] = False
        elif has_any(text, lex.freelance):
            facts["freelance"] = True
        elif (employers or has_any(text, lex.in_service)) and not has_any(text, lex.retired):
            facts["in_service"] = True
        return facts

    def _exclusions(self, turn: Turn) -> dict:
        text, lex, facts = turn.text, self.lex, {}
        if has_any(text, lex.not_civil_servant):
            facts["civil_servant"] = False
        elif has_any(text, lex.civil_servant) and not has_any(text, lex.government_transfer):
            facts["civil_servant"] = True
        if has_any(text, lex.not_retired):
            facts["retired"] = False
        elif has_any(text, lex.retiring_this_year):
            facts["retiring_this_year"] = True
        elif has_any(text, lex.retired):
            facts["retired"] = True
        return facts | self._discipline(text)

    def _discipline(self, text: str) -> dict:
        lex = self.lex
        kinds = find_spans(text, [(k, k) for k in lex.discipline_kinds])
        kind = {"discipline_kind": kinds[0].value} if kinds else {}
        if has_any(text, lex.no_discipline):
            return {"discipline_in_effect": False}
        if has_any(text, lex.discipline_over):
            return {"discipline_in_effect": False} | kind
        if kinds or has_any(text, lex.discipline):
            return {"discipline_in_effect": True} | kind
        return {}

    # ---- continuing education, skills, special situations --------------------------------------
    def _training(self, turn: Turn) -> dict:
        text, facts = turn.text, {}
        professional = _CE_PROFESSIONAL.search(text)
        if professional:
            facts["ce_professional_hours"] = float(professional.group(1))
        total = next((m for p in _CE_TOTAL if (m := p.search(text))), None)
        if total and not (professional and total.start(1) == professional.start(1)):
            facts["ce_hours_per_year"] = float(total.group(1))
        if _CE_SHORT.search(text):
            facts["ce_complete"] = False
        elif _CE_DONE.search(text):
            facts["ce_complete"] = True
        return facts

    def _skills(self, turn: Turn) -> dict:
        blank = mask(turn.text, self.lex.high_skill_masks)
        found = find_spans(blank, pairs(self.lex.high_skill))
        if not found:
            return {}
        facts: dict = {"high_skill_cert": max(found, key=lambda s: s.value == "高级技师").value}
        if m := _SKILL_YEARS.match(blank, found[0].end):
            facts["high_skill_years"] = _years_of(m)
        return facts

    def _special(self, turn: Turn) -> dict:
        text, lex = turn.text, self.lex
        flags = {"overseas_returnee": lex.overseas_returnee, "high_level_talent": lex.high_level_talent,
                 "government_transfer": lex.government_transfer, "military_transfer": lex.military_transfer,
                 "first_application": lex.first_application, "aid_xinjiang": lex.aid_xinjiang,
                 "field_changed": lex.field_changed}
        facts: dict = {k: True for k, words in flags.items() if has_any(text, words)}
        if years := _years_near(text, lex.aid_xinjiang):
            facts["aid_years"] = years
        if has_any(text, lex.fanghuiju):
            facts["fanghuiju_years"] = _years_near(text, lex.fanghuiju) or 1
            if has_any(text, lex.excellent):
                facts["fanghuiju_excellent"] = True
        return facts

    def _series(self, turn: Turn) -> dict:
        found = find_spans(mask(turn.text, self.lex.title_masks), self.series)
        return {"series": found[0].value} if found else {}

    # ---- place → notice ------------------------------------------------------------------------
    def _place(self, turn: Turn, series: str | None) -> dict:
        regions = self.gazetteer.resolve(self.gazetteer.find(turn.text))
        if not regions:
            return {}
        names = [r.name for region in regions for r in self.gazetteer.lineage(region)]
        named_district = any(r.level == "county" for r in regions)
        notice = match_notice(names, turn.places, series, named_district)
        facts = {"region": regions[0].name}
        return facts | {"notice_id": notice} if notice else facts


def _years_of(m: re.Match[str]) -> float:
    return float(m.group(1)) + (0.5 if m.group(2) == "年半" else 0)


def _years_near(text: str, words: list[str]) -> float | None:
    """Years said in the same clause as one of the words (连续3年参加访惠聚, 援疆2年)."""
    for word in words:
        for hit in re.finditer(re.escape(word), text):
            start, end = clause_of(text, hit.start())
            if m := re.search(_YEARS, text[start:end]):
                return _years_of(m)
    return None


@lru_cache(maxsize=1)
def default_parser() -> ProfileParser:
    """The parser over the bundled rules and vocabulary (built on first use, not at import)."""
    return ProfileParser.build(load_rules(DEFAULT_RULES_DIR), DEFAULT_RULES_DIR)


def parse_profile(text: str, previous: Profile | None = None, notices: Iterable[NoticeMeta] = (),
                  today: date | None = None) -> Profile:
    """What the applicant said, merged with the facts of earlier turns."""
    return default_parser().parse(text, previous, notices, today)


_NOT_HELD = r"(?:没有|没|不是|无|未)(?:取得|获得|读过|读|上过|拿到)?(?:过)?"  # before an education: one not held
_ABILITY = re.compile(r"(?:能(?!源|力)|可以|可否|能否|够|符合|有资格|有没有资格|具备|行不行|达到|有没有机会)"
                      r"[^,，。;；?？]{0,15}?(?:报|申报|评|申请|参评|参加评审|晋升|升|认定|考)"
                      r"|(?:想|打算|准备)要?(?:申报|报|评|考|申请|冲)")
_ASK = re.compile(r"[吗么嘛呢?？]|能不能|可不可以|够不够|行不行|是否|能否|可否|有没有")
_FIRST_PERSON = re.compile(r"我|本人|俺|咱")
_GENERAL = re.compile(r"几年|多少年|多久|什么时候|啥时候|何时|哪天|几月|截止|多少钱|费用|评审费|缴费|交费|汇款|材料|论文|"
                      r"业绩|地址|电话|邮箱|怎么报|如何|流程|哪里|网上|纸质|装订|符合(?:正常|常规)申报条件")
_STRONG = ("current_title", "current_title_date", "years_in_title", "work_years", "has_title",
           "technical_school", "high_skill_cert")


def speaks_of_self(text: str) -> bool:
    """The text speaks of the asker (我, 本人 …)."""
    return bool(_FIRST_PERSON.search(normalize(text)))


def is_assessment_question(text: str, parser: ProfileParser | None = None) -> bool:
    """A question about the asker's own eligibility ("我…能报…吗", "本科，助工5年，能申报工程师吗").

    Stated titles, dates or years make it one; otherwise it must ask (吗, 能不能 …), speak of the
    asker (我, or their education) and not be about the notices' contents (fees, dates, materials …)."""
    norm = normalize(text)
    if not _ABILITY.search(norm):
        return False
    stated = (parser or default_parser()).parse(norm, today=date.today()).stated()
    if any(k in stated for k in _STRONG):
        return True
    personal = bool(_FIRST_PERSON.search(norm)) or "education" in stated
    return personal and bool(_ASK.search(norm)) and not _GENERAL.search(norm)
