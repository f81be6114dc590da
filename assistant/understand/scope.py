"""Which notices a question is about: the region, year, series or 文号 it names.

A question that names something the knowledge base does not hold (another city, another year) is
marked out of coverage, so that no other notice's facts answer it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.ingest.coverage import stated_exclusion
from assistant.models import Exclusion, NoticeMeta, Scope
from assistant.text.normalize import compact, longest_first, normalize
from assistant.text.patterns import DOC_NUMBER_TAIL, YEAR_MENTION, asked_rounds, years_asked
from assistant.text.regions import Gazetteer, Region
from assistant.text.vocab import Vocabulary

# A worker's skill grade (高级工, 技师) is no professional level; a title that starts like one
# (高级工程师, 高级工艺美术师: a title ending in 师 within a few characters) is.
_SKILL_GRADES = re.compile(r"[初中高]级工(?![^，,、。；？?\s]{0,5}师)|高级技师|预备技师|技师")
# A title the applicant already holds ("取得中级职称后…", "取得助理会计师或助理经济师职称后", "取得副教授后",
# "讲师任职满2年") is not the level asked about, nor the level a sentence stating it is about.
_HELD_TITLE = re.compile(r"(?:取得|具有|具备|持有|现任|已评)[^，,。？?]{0,16}?(?:职称|资格|职务|后|以来)"
                         r"|[^，,。？?\s申报评]{1,6}?任职满")


def level_text(q: str) -> str:
    """The text without the words that name a level but not the one it is about: skill grades
    (高级工, 技师) and a title already held."""
    return _HELD_TITLE.sub(" ", _SKILL_GRADES.sub(" ", q))


SLOTS = ("doc", "place", "year", "series", "level")


class Frame(BaseModel):
    """The words of a question that say which notice it is about, by kind (slot).

    A follow-up fills the slots it names and keeps the others from before: "那高级呢？" changes the
    level only, "那丹阳市的呢？" the place only."""

    slots: dict[str, list[str]] = Field(default_factory=dict, description="slot → the surfaces named")

    def words(self, only: tuple[str, ...] = SLOTS) -> list[str]:
        return [w for slot in SLOTS if slot in only for w in self.slots.get(slot, [])]

    def names(self, *slots: str) -> bool:
        return any(self.slots.get(s) for s in slots)

    def over(self, earlier: Frame) -> Frame:
        """This frame's slots, and the earlier frame's for the slots this one leaves empty."""
        return Frame(slots={s: self.slots.get(s) or earlier.slots[s] for s in SLOTS if self.slots.get(s) or earlier.slots.get(s)})

    def without(self, slot: str) -> Frame:
        return Frame(slots={s: v for s, v in self.slots.items() if s != slot})


class ScopeResolver:
    def __init__(
        self, notices: list[NoticeMeta], texts: dict[str, str], gazetteer: Gazetteer, vocab: Vocabulary
    ) -> None:
        """``texts``: each notice's text, compacted (:func:`compact`)."""
        self.notices = {n.notice_id: n for n in notices}
        self.texts = texts
        self.gazetteer = gazetteer
        self.vocab = vocab
        # notices grouped by their place and by their issuer's names (few groups, many notices), so
        # that a question's place or name is compared once per group, not once per notice
        lineages = {nid: _notice_chain(n) for nid, n in self.notices.items()}
        self._chain_of = {nid: tuple(sorted(chain.items())) for nid, chain in lineages.items()}
        self._chains = {key: dict(key) for key in set(self._chain_of.values())}
        self._names = _own_names(self._issuer_names(), texts)
        self._name_tuple = {nid: tuple(names) for nid, names in self._names.items()}
        self._name_lists = set(self._name_tuple.values())
        self._own: dict[str, frozenset[str]] = {}  # notice id -> its own words (own_surfaces)
        self._rounds = {nid: asked_rounds(text) for nid, text in texts.items()}  # the rounds a notice speaks of

    def _issuer_names(self) -> dict[str, list[str]]:
        """Each notice's issuers' own names (read once per distinct issuer: many notices share one)."""
        words = name_words(self.vocab)
        by_issuer: dict[str, list[str]] = {}
        for n in self.notices.values():
            issuer = n.issuer or ""
            if issuer not in by_issuer:
                by_issuer[issuer] = issuer_names(issuer, self.gazetteer, self.vocab, words)
        return {nid: by_issuer[n.issuer or ""] for nid, n in self.notices.items()}

    def resolve(self, question: str, notice: str | None = None) -> Scope:
        if notice and notice in self.notices:
            return Scope(notice_ids=[notice], named=True, reasons=[f"指定通知：{notice}"])
        q = normalize(question)
        ids = list(self.notices)
        reasons: list[str] = []
        steps = (self._by_doc_number, self._by_issuer, self._by_region, self._by_year, self._by_series, self._by_level)
        named = False
        for step in steps:
            result = step(q, ids)
            if result is None:
                continue
            kept, why, missing = result
            named = True
            if not kept:
                if step == self._by_level and (excluded := self._stated_exclusions(q, ids)):
                    ids = list(dict.fromkeys(e.notice_id for e in excluded))
                    return Scope(notice_ids=ids, named=True, reasons=reasons + [f"{why}（通知写明不含）"], excluded=excluded)
                return Scope(notice_ids=[], named=True, reasons=reasons + [why], out_of_coverage=missing)
            ids = kept
            reasons.append(why)
        return Scope(notice_ids=ids, named=named, reasons=reasons)

    def frame(self, question: str) -> Frame:
        """The 文号, places, years, series and levels a question names."""
        q = normalize(question)
        found = {
            "doc": DOC_NUMBER_TAIL.findall(q),
            "place": [m.surface for m in self.gazetteer.find(q)],
            "year": [m.group(0) for m in YEAR_MENTION.finditer(q)],
            "series": [s for s, _ in self.vocab.series_mentions(q)],
            "level": [s for s, _ in self.vocab.level_mentions(level_text(q)) if len(s) >= 2],
        }
        return Frame(slots={slot: list(dict.fromkeys(words)) for slot, words in found.items() if words})

    def topic(self, question: str) -> str:
        """The question without any word that only says which notice it is about (文号, place, year,
        series, level): what is asked, for grouping questions by meaning across notices."""
        q = normalize(question)
        for word in sorted(self.frame(q).words(), key=len, reverse=True):
            q = q.replace(word, "")
        return q.strip() or normalize(question)

    def search_query(self, question: str, scope: Scope) -> str:
        """The question without the words that only say which notice it is about.

        Inside the scoped notices, "南通 2024 冶金工程 中级" matches the title paragraph best and
        says nothing about which section answers; places below the notice's own (丹阳 in 镇江's
        notice) and series not in its title stay, since they pick out table rows and sections.
        """
        if not scope.named or not scope.notice_ids:
            return question
        q = normalize(question)
        own = self.naming(q, scope.notice_ids)
        for surface in longest_first(own):
            q = q.replace(surface, " ")
        stripped = re.sub(r"\s+", " ", q).strip()
        return stripped if len(stripped) >= 4 else question

    def own_surfaces(self, ids: list[str]) -> set[str]:
        """The words that name these notices: their places, series, levels, round year and issuer, and
        the issuing office's place (a city's office forwarding its province's notice names the city)."""
        own: set[str] = set()
        for nid in ids:
            if nid not in self._own:
                self._own[nid] = self._own_of(self.notices[nid])
            own |= self._own[nid]
        return own

    def naming(self, text: str, ids: list[str]) -> set[str]:
        """The words of ``text`` that name these notices: their own words (:meth:`own_surfaces`) and the
        short forms the text gives their issuers' names (念青职院 for 念青职业技术学院)."""
        return self.own_surfaces(ids) | self.name_mentions(text, ids)

    def name_mentions(self, text: str, ids: list[str]) -> set[str]:
        """How ``text`` writes the names of these notices' issuers: from a name's first characters on,
        as long as each next character comes later in the name. A short form keeps the name's
        characters in their order and starts with its first three (念青职院, 湘江动力集团, 云岭科大),
        so what it leaves of the name is a word naming the notice, not a word the answer must hold (职院)."""
        compacted = compact(text)
        names = {name for nid in ids for name in self._names.get(nid, [])}
        return {_short_form(name, compacted[at:]) for name in names if (at := compacted.find(name[:NAME_PREFIX])) >= 0}

    def _own_of(self, n: NoticeMeta) -> frozenset[str]:
        own: set[str] = set()
        for name in (n.province, n.city, n.district):
            for region in self.gazetteer.by_name(name) if name else []:
                own |= {region.name, region.short} - {""}
        for region in self.gazetteer.resolve(self.gazetteer.find(n.issuer or "")):
            own |= {region.name, region.short} - {""}  # the issuing office's: 赣州 of 赣州市人社局 forwarding the province's
        own |= {s for s, canon in self.vocab.series_surfaces() if canon in n.series}
        if len(set(n.levels)) < len(self.vocab.levels):  # a notice for every level: the level picks a row
            own |= {s for s, canon in self.vocab.level_surfaces() if canon in n.levels and len(s) == 2}
        if n.year:
            own |= {f"{n.year}年度", f"{n.year}年"}
        own |= set(self._names.get(n.notice_id, []))
        return frozenset(own)

    # Each step returns None when the question names nothing of its kind, else
    # (notices kept, why, what is missing when none are kept).
    def _by_doc_number(self, q: str, ids: list[str]):
        m = DOC_NUMBER_TAIL.search(q)
        if not m:
            return None
        kept = [i for i in ids if (self.notices[i].doc_number or "").endswith(m.group(0))]
        return (kept, f"文号 {m.group(0)}", f"文号为{m.group(0)}的通知") if kept else None

    def _by_issuer(self, q: str, ids: list[str]):
        """The notices whose issuer the question names by its own name (云岭科技大学, 湘江动力集团 for
        湖南湘江动力装备集团有限公司): the name's first three characters are enough, a short form
        often drops the rest. A name no notice has narrows nothing (it may be any word)."""
        text = compact(q)
        named = {names for names in self._name_lists if any(_names_in(name, text) for name in names)}
        kept = [i for i in ids if self._name_tuple.get(i) in named]
        if not kept:
            return None
        names = "、".join(dict.fromkeys(n for i in kept for n in self._names[i] if _names_in(n, text)))
        return kept, f"发文单位：{names}", ""

    def _by_region(self, q: str, ids: list[str]):
        regions = self.gazetteer.resolve(self.gazetteer.find(q))
        if not regions:
            return None
        chains: list[dict[str, str]] = [{r.level: r.name for r in self.gazetteer.lineage(region)} for region in regions]
        on_chain = {key for key, lineage in self._chains.items() if any(_same_chain(c, lineage) for c in chains)}
        kept = [i for i in ids if self._chain_of[i] in on_chain]
        names = "、".join(dict.fromkeys(r.name for r in regions))
        return kept, f"地区：{names}", f"{names}的职称通知"

    def _by_year(self, q: str, ids: list[str]):
        years = years_asked(q)
        if not years:
            return None
        rounds = asked_rounds(q)
        kept = [i for i in ids if any(self._has_year(i, y, strict=y in rounds) for y in years)]
        label = "、".join(str(y) for y in sorted(years))
        return kept, f"年份：{label}", f"{label}年度的相关通知"

    def _has_year(self, nid: str, year: int, strict: bool = False) -> bool:
        """"2024年度" names a round: the notice's own, or one it speaks of ("2024年度网上申报时间为…",
        the answerer then takes only a sentence naming it). A bare "2023年" may be any date it states."""
        if self.notices[nid].year == year or self.notices[nid].year is None:
            return True
        return year in self._rounds.get(nid, set()) or (not strict and f"{year}年" in self.texts.get(nid, ""))

    def _by_series(self, q: str, ids: list[str]):
        """Narrow to notices of the series named. When the question also names a place whose
        notices never mention that series (南通 建设工程 when 南通's notice is 冶金), it is not covered.
        In the places named, the notices for the series (or for every series), when some are: asked
        about 档案系列 in 太原, the notice for 档案 is meant, not the 经济 notice that mentions 人事档案.
        Without a place, every notice naming it may answer (a multi-series table names 数字经济 as
        well as a notice for it does), and so with a name that means several series (教师)."""
        named = self.vocab.series_mentions(q)
        if not named:
            return None
        kept = [i for i in ids if all(self._mentions(i, canon, surface) for surface, canon in named)]
        label = "、".join(dict.fromkeys(canon for _, canon in named))
        regional = len(ids) < len(self.notices)
        if not kept:
            distinctive = [s for s, _ in named if len(s) >= 3 or s.endswith(("工程", "专业", "系列"))]
            return ([], f"专业：{label}", f"所问地区{label}专业的通知") if regional and distinctive else None
        if regional and not self._covers_all_places(q, kept):
            return None
        own = [i for i in kept if all(self._for_series(i, canon) for _, canon in named)]
        ambiguous = any(surface in self.vocab.series_readings for surface, _ in named)  # 教师: which?
        if own and not ambiguous and self.gazetteer.find(q) and self._covers_all_places(q, own):
            kept = own  # in the place asked about, the notice for the series is meant
        return kept, f"专业：{label}", ""

    def _for_series(self, nid: str, canonical: str) -> bool:
        """The notice is for the series, or for every series (none read: a general notice)."""
        series = self.notices[nid].series
        return not series or canonical in series

    def _by_level(self, q: str, ids: list[str]):
        """A level the notices in scope are not for (高级 asked of a 中级-only notice)."""
        named = self._levels_asked(q)
        if not named or len(ids) == len(self.notices):
            return None
        kept = [i for i in ids if not self.notices[i].levels or any(lv in self.notices[i].levels for lv in named)]
        label = "、".join(dict.fromkeys(named))
        return (kept, f"级别：{label}", f"所问地区{label}的通知") if kept != ids or not kept else None

    def _levels_asked(self, q: str) -> list[str]:
        return [lv for s, levels in self.vocab.level_mentions(level_text(q)) if len(s) >= 2 for lv in levels]

    def _stated_exclusions(self, q: str, ids: list[str]) -> list[Exclusion]:
        """The notices in scope that state they leave out a level the question names: they answer
        "能评正高级吗？" with that sentence, where a notice that never names the level says nothing."""
        return [Exclusion(notice_id=i, level=lv, sentence=sentence) for i in ids for lv in dict.fromkeys(self._levels_asked(q))
                if (sentence := stated_exclusion(self.texts.get(i, ""), lv, self.vocab))]

    def _mentions(self, nid: str, canonical: str, surface: str) -> bool:
        """The notice is for this series, or names it: a 专业 of a whole series (工程's) with its 工程
        (农业工程 also as 农业、林业工程, never 农业 alone), another series by its name (新闻 in a table row)."""
        if canonical in self.notices[nid].series:
            return True
        text = self.texts.get(nid, "")
        core = re.sub(r"(工程|专业|系列)$", "", compact(surface))
        if core == compact(surface) or len(core) < 2:
            return compact(surface) in text or compact(canonical) in text
        if not any(canonical in family.members for family in self.vocab.series_families.values()):
            return core in text or compact(canonical) in text
        return re.search(re.escape(core) + r"[^。；，,]{0,12}?工程", text) is not None

    def _covers_all_places(self, q: str, kept: list[str]) -> bool:
        """Every place the question names still has a notice (comparisons name two)."""
        for region in self.gazetteer.resolve(self.gazetteer.find(q)):
            chain: dict[str, str] = {r.level: r.name for r in self.gazetteer.lineage(region)}
            if not any(_same_chain(chain, self._chains[self._chain_of[i]]) for i in kept):
                return False
        return True


NAME_PREFIX = 3  # characters of an issuer's own name a question must give (湘江动 of 湘江动力装备集团)
_ISSUER_SPLIT = re.compile(r"[、，,；;\s]+")


def issuer_names(issuer: str, gazetteer: Gazetteer, vocab: Vocabulary, words: list[str] | None = None) -> list[str]:
    """Each issuing body's own name: its words without place names and without the words for what
    kind of body it is (南通市人社局 has none; 云岭科技大学人事处 is 云岭科技大学). ``words``:
    :func:`name_words` of the vocabulary, when the caller holds them."""
    words = name_words(vocab) if words is None else words
    names = []
    for body in _ISSUER_SPLIT.split(compact(issuer)):
        for match in sorted(gazetteer.find(body), key=lambda m: -len(m.surface)):
            body = body.replace(match.surface, "")
        name = _strip_kinds(body, vocab.organisation_words)
        if len(_strip_words(name, words)) >= 2:
            names.append(name)
    return list(dict.fromkeys(names))


def _strip_kinds(body: str, kinds: list[str]) -> str:
    """The body without kind words at its end (湘江动力装备集团有限公司 → 湘江动力装备集团)."""
    ordered = sorted(kinds, key=len, reverse=True)
    while body and (kind := next((k for k in ordered if body.endswith(k)), None)):
        body = body[: -len(kind)]
    return body


def name_words(vocab: Vocabulary) -> list[str]:
    """Series, level and generic words, longest first: no part of an issuer's own name."""
    words = [s for s, _ in vocab.series_surfaces()] + [s for s, _ in vocab.level_surfaces()] + vocab.generic_words
    return sorted(set(words), key=lambda w: (-len(w), w))  # the same order in every process


def _strip_words(name: str, words: list[str]) -> str:
    """What of a name is not one of ``words`` (a committee's 冶金工程专业中级职称 has nothing)."""
    for word in words:
        name = name.replace(word, "")
    return name


def _own_names(names: dict[str, list[str]], texts: dict[str, str]) -> dict[str, list[str]]:
    """The names that pick out their issuer's notices: a name whose first characters another notice's
    text also holds (专业技 of 专业技术人员职称工作领导小组, in every notice) names nothing in particular."""
    holders = {name: {nid for nid, text in texts.items() if name[:NAME_PREFIX] in text}
               for name in {n for ns in names.values() for n in ns}}
    issued = {name: {nid for nid, ns in names.items() if name in ns} for name in holders}
    return {nid: [n for n in ns if holders[n] <= issued[n]] for nid, ns in names.items()}


def _short_form(name: str, text: str) -> str:
    """The start of ``text`` whose characters are, in order, characters of ``name``."""
    at, end = 0, 0
    for k, ch in enumerate(text):
        found = name.find(ch, at)
        if found < 0:
            break
        at, end = found + 1, k + 1
    return text[:end]


def _names_in(name: str, text: str) -> bool:
    return name[:NAME_PREFIX] in text


def _notice_chain(n: NoticeMeta) -> dict[str, str]:
    chain = {"province": n.province, "city": n.city, "county": n.district}
    return {k: v for k, v in chain.items() if v}


def _same_chain(a: dict[str, str], b: dict[str, str]) -> bool:
    """Two places lie on one line of the hierarchy (one contains the other, or they are equal)."""
    shared = [level for level in ("province", "city", "county") if level in a and level in b]
    return bool(shared) and all(a[level] == b[level] for level in shared)


__all__ = ["Frame", "ScopeResolver", "Region"]
