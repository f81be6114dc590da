"""Chinese place names (行政区划) in notices and questions.

A :class:`Gazetteer` built from ``knowledge/regions.csv`` (see ``knowledge/REGIONS.md``) finds the
provinces, prefectures and counties a text names, so that a notice's region metadata can be filled
and a question scoped: "丹阳市机械工程什么时候申报" is about 丹阳市 → 镇江市 → 江苏省.

What a mention is:

* a full name (江苏省, 伊犁哈萨克自治州, 海门区) — except that two-character names (和县, 应县) and
  generic ones (城区, 郊区, 新城区 …) count only right after a mention of their province or city
  ("阳泉市城区", "马鞍山市和县"), or, for the two-character ones, at the start of a clause;
* a short form from the CSV (江苏, 新疆, 南通, 丹阳): the build already left it empty where it is a
  common word (:data:`STOPLIST`); a short form directly followed by 路/街/大道 is a street
  (南京路), and compounds in :data:`NOT_PLACES` (孙中山, 大理石) are skipped whole.

Matching is a longest-match scan from the left, so mentions never overlap.  A surface that names
several regions (朝阳区, 鼓楼区, 通州) comes back ``ambiguous`` with all its ``candidates``;
:func:`resolve` picks among them using the other places the same text names.  A bare short form
shared by a province and a prefecture (吉林, 海南) means the province.  Traditional characters are
read as simplified (蘇州 → 苏州) when ``zhconv`` is installed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple, cast

from pydantic import BaseModel, Field

Level = Literal["province", "city", "county"]
LEVEL_RANK: dict[str, int] = {"province": 0, "city": 1, "county": 2}

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "regions.csv"

# Short forms that are not used as region names on their own: ordinary words (资源, 合作, 延长,
# 会同, 振兴, 路桥, 建安 …), generic geography (江南, 江北, 城关, 河口, 东海, 太湖 …), and
# character pairs that arise across word boundaries in notice prose (市中 in 南通市中级, 新和 in
# 创新和, 政和 in 行政和, 称多 in 职称多少, 定日 in 规定日期, 高要 in 提高要求 …).  The full
# names (长安区, 会同县 …) still match.  scripts/build_regions.py blanks these in the CSV, and the
# Gazetteer ignores them should a CSV still carry one.
STOPLIST: frozenset[str] = frozenset(
    # words named in the project brief, and 开发区/高新区-style stems
    "城区 郊区 矿区 新区 市中 和平 长安 新华 永安 开发 高新 东方 江南 河东 经开 园区 工业园"
    # ordinary words (jieba's dictionary ranks them as frequent non-place words)
    " 资源 合作 武功 平原 比如 南部 解放 前进 港口 中原 公安 友好 通道 共和 城中 古城 南湖 河口"
    " 友谊 平安 中方 江北 凤凰 安定 商城 延长 江山 光明 新兴 运河 甘泉 万年 东风 红旗 西夏 光泽"
    " 新建 南岸 东海 城北 城南 城东 城西 会同 工农 大名 龙门 新城 富裕 清水 恒山 高明 前锋 复兴"
    " 长子 清新 宏伟 平定 芙蓉 洞口 太和 路桥 温泉 天山 石门 向阳 振兴 三元 故城 新河 石狮 大方"
    " 互助 天桥 威信 莲花 安宁 太湖 西山 平和 河西 沿河 牡丹 名山 滨海 东坡 海港 石柱 泰来 白云"
    " 沙河 大城 全州 桃源 建华 三门 大观 建安 永和 二七 南山 台前 江城 东至 长寿 石棉 丰满 石龙"
    " 江海 双桥 北湖 月湖 文峰 高台 银海 九龙 龙井 二道 上街 兴隆 无为 民权 小店 同心 龙山 宝塔"
    " 元宝 平房 南城 青山 万安 太白 白玉 灯塔 木兰 大关 天涯 清河 七星 海棠 博爱 青龙 盐湖 同仁"
    " 回民 钟楼 鼓楼 江岸 山城 马尾 三江 方正 弥勒 黑水 安居 龙凤 东山 大通 南关 白杨 南沙 麒麟"
    " 海盐 两江 高密 新民 钟山 灵台 富民 清流 水城 湖滨 紫金 老城 金川 江口 爱民 白河 临江 惠民"
    " 新星 城关 桥东 桥西 同德 仁和 阳明 天台 新干 和康 新安 个旧 高安 同安 金水 万全 和顺 兴和"
    " 路北 路南 治多 定安 成安 达日 从江 曾都 全南 任城 新都 新会 大英 天长 天全 来安 定结 和龙"
    " 大化 新市 西和 子长 和安 政和 天等 道外 道里 定日 中江 市北 市南 高要 会理 资中 称多 和政"
    " 民和 新和 南和 大新 大东 上高 于都 会东 长白 来宾 白银 大厂 兴安 平山 长海 太平 大安 上思"
    " 上党 中宁 兴业 民乐 阳春 磐石 梨树 古塔 铜鼓 大悟 万载 大田 天心 天元 天柱 金牛 海伦 康乐"
    " 双塔 白塔 鸡冠 石鼓 嘉禾 集贤 永年 开化"
    .split()
)

# Full names that are also ordinary words: like two-character names they count only right after
# their province or city (阳泉市城区, 西安市新城区).
GENERIC_FULL_NAMES: frozenset[str] = frozenset(
    "城区 郊区 矿区 东区 西区 南区 北区 中区 新城区 老城区 新市区 市中区 城中区 城东区 城西区 城北区".split()
)

# Compounds that contain a region name but are not a mention of it; matched and skipped whole.
NOT_PLACES: frozenset[str] = frozenset(
    "孙中山 中山大学 中山装 中山陵 中山路 中山公园 大理石 大理岩 阿里巴巴 阿里云 三明治 长治久安"
    " 四平八稳 吉林大学 江南大学 长安大学 华山南路 东海岸 海南岛".split()
)
# 吉林大学 (长春) and 海南岛 would match correctly as 吉林/海南 anyway; they are listed so that a
# university or island is not read as a place the text is *about*.

# A short form is not read where its first character ends, or its last character starts, one of
# these frequent words: 认定|海外 is not 定海, 结合|江苏 not 合江, 顺利|通过 not 利通, 其中|卫生
# not 中卫, 确保|定期 not 保定, 新|平台 not 新平.
BOUNDARY_WORDS: frozenset[str] = frozenset(
    "认定 规定 确定 决定 评定 核定 鉴定 指定 制定 拟定 特定 一定 稳定 审定 法定 约定 限定 界定"
    " 选定 判定 设定 确保 社保 担保 医保 环保 符合 结合 综合 适合 配合 联合 整合 组合 融合 提高"
    " 最高 较高 更高 创新 更新 最新 重新 顺利 福利 权利 便利 有利 专利 交通 普通 沟通 开通 流通"
    " 其中 集中 高中 初中 证明 说明 表明 声明 完成 形成 组成 构成 例如 比如 假如 以上 线上 网上"
    " 每天 当天 今天 管理 办理 处理 合理 代理 助理 社会 协会 学会 机会 大会 安全 工资 投资 加大"
    " 扩大 重大 强化 优化 文化 深化 按照 参照 对照 关于 对于 属于 由于 位于 地方"
    " 安排 安装 安置 平台 平均 平等 平衡 全部 全面 全体 全额 津贴 通过 通知 通讯 通信 门诊 门户"
    " 卫生 卫星 定期 定点 定向 海外 青年 政府 政策 政治 发展 要求 思想 党课 党员 党委 林业 化学"
    " 化工 山区 乡村 区域 阳光 东路 西路 南路 北路".split()
)

STREET_SUFFIXES = ("路", "街", "大道", "大街", "巷")
STREET_INFIXES = "东西南北中"
# after a two-character name at a clause start, these make it part of a longer word (应县级 …)
WORD_CONTINUERS = frozenset("级域城区乡镇委长直属政")


class Region(BaseModel):
    """One administrative division: province, prefecture (city) or county."""

    code: str = Field(description="6-digit 行政区划代码 (adcode)")
    name: str = Field(description="full name: 江苏省, 伊犁哈萨克自治州, 海门区")
    short: str = Field(default="", description="form matched on its own; '' when none is safe")
    level: Level
    parent: str | None = Field(default=None, description="code of the parent region")

    @property
    def ancestor_codes(self) -> tuple[str, ...]:
        """Codes of the province and city above this region (never itself)."""
        if self.level == "province":
            return ()
        province = self.code[:2] + "0000"
        return tuple(dict.fromkeys(c for c in (province, self.parent) if c and c != self.code))


class RegionMatch(BaseModel):
    """A mention of a region in a text: ``text[start:end] == surface``."""

    region: Region = Field(description="the region named; the first candidate when ambiguous")
    surface: str = Field(description="the text as written")
    start: int
    end: int
    ambiguous: bool = Field(description="the surface names several regions")
    candidates: list[Region] = Field(default_factory=list, description="regions the surface names")


class _Entry(NamedTuple):
    regions: tuple[Region, ...]  # () for a NOT_PLACES compound
    weak: bool  # counts only after its province/city (or, two-character names, at a clause start)
    short: bool  # a short form (streets: 南京路 is not 南京)


class Gazetteer:
    """Regions by code and by name, with a matcher over text.  Build with :meth:`load`."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code: dict[str, Region] = {r.code: r for r in regions}
        self._entries: dict[str, _Entry] = _build_entries(self._by_code.values())
        self._names: dict[str, list[Region]] = {}
        for r in self._by_code.values():  # full names first, then short forms
            self._names.setdefault(r.name, []).append(r)
        for r in self._by_code.values():
            if r.short and r not in self._names.setdefault(r.short, []):
                self._names[r.short].append(r)
        lengths: dict[str, set[int]] = {}
        for surface in self._entries:
            lengths.setdefault(surface[0], set()).add(len(surface))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the regions CSV (default: ``knowledge/regions.csv`` next to this package)."""
        path = Path(path) if path is not None else DEFAULT_PATH
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return cls(
            Region(
                code=r["code"],
                name=r["name"],
                short=r["short"],
                level=cast(Level, r["level"]),  # validated by pydantic
                parent=r["parent_code"] or None,
            )
            for r in rows
        )

    # -- lookups ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def surfaces(self) -> list[str]:
        """Every name and short form a region is found by."""
        return list(self._entries)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Region:
        """The region with this adcode (6 digits; a 12-digit code is cut to 6)."""
        return self._by_code[code[:6]]

    def lineage(self, region: Region) -> list[Region]:
        """[province, city, county] from the top down, as far as they exist (北京市 → 朝阳区)."""
        chain = [region]
        while chain[-1].parent and chain[-1].parent in self._by_code:
            chain.append(self._by_code[chain[-1].parent])
        return chain[::-1]

    def by_name(self, surface: str) -> list[Region]:
        """Every region whose full name or short form is ``surface`` (吉林 → 吉林省, 吉林市).

        Unlike :meth:`find` this is a plain lookup: no stoplist, no context rules.  Traditional
        characters are accepted (蘇州 → 苏州市).
        """
        return list(self._names.get(surface.strip().translate(self._trad_table), ()))

    # -- matching --------------------------------------------------------------------------------

    def find(self, text: str) -> list[RegionMatch]:
        """Region mentions in text order; longest match first, never overlapping."""
        norm = text.translate(self._trad_table)
        matches: list[RegionMatch] = []
        i, n = 0, len(norm)
        while i < n:
            hit = self._match_at(norm, i, matches[-1] if matches else None)
            if hit is None:
                i += 1
                continue
            length, regions = hit
            if regions and self._overlapped(norm, i, length, matches[-1] if matches else None):
                i += 1
                continue
            if regions:
                matches.append(_make_match(text, i, i + length, regions))
            i += length
        return matches

    def _overlapped(self, text: str, i: int, length: int, previous: RegionMatch | None) -> bool:
        """A longer name, as find() would take it there, starts inside this one and runs past its end:
        the characters belong to it (会宁 of 委员会宁夏回族自治区, where two issuers' names are run together)."""
        for j in range(i + 1, i + length):
            hit = self._match_at(text, j, previous)
            if hit is not None and hit[1] and hit[0] > length and j + hit[0] > i + length:
                return True
        return False

    def resolve(self, matches: Sequence[RegionMatch]) -> list[Region]:
        """Same as the module-level :func:`resolve`."""
        return resolve(matches)

    def _match_at(
        self, text: str, i: int, previous: RegionMatch | None
    ) -> tuple[int, tuple[Region, ...]] | None:
        for length in self._lengths.get(text[i], ()):
            if i + length > len(text):
                continue
            entry = self._entries.get(text[i : i + length])
            if entry is None:
                continue
            if not entry.regions:  # NOT_PLACES compound: consume it
                return length, ()
            if entry.short and _not_a_name_here(text, i, i + length):
                continue
            if entry.weak:
                regions = _weak_candidates(text, i, length, entry.regions, previous)
                if not regions:
                    continue
                return length, regions
            under = _under_previous(i, entry.regions, previous)  # 北京|朝阳区: Beijing's first
            return length, under + tuple(r for r in entry.regions if r not in under)
        return None

    @cached_property
    def _trad_table(self) -> dict[int, str]:
        return _traditional_table(self._entries)


# -- building the index ----------------------------------------------------------------------------


def _build_entries(regions: Iterable[Region]) -> dict[str, _Entry]:
    full: dict[str, list[Region]] = {}
    short: dict[str, list[Region]] = {}
    for r in regions:
        full.setdefault(r.name, []).append(r)
        if r.short and r.short not in STOPLIST and len(r.short) >= 2:
            short.setdefault(r.short, []).append(r)
    entries: dict[str, _Entry] = {}
    for surface, rs in short.items():
        top = min(LEVEL_RANK[r.level] for r in rs)  # 吉林, 海南: the province
        kept = tuple(sorted((r for r in rs if LEVEL_RANK[r.level] == top), key=lambda r: r.code))
        entries[surface] = _Entry(kept, weak=False, short=True)
    for surface, rs in full.items():  # a full name wins over a short form spelled the same
        weak = len(surface) <= 2 or surface in GENERIC_FULL_NAMES
        entries[surface] = _Entry(tuple(sorted(rs, key=lambda r: r.code)), weak=weak, short=False)
    for surface in NOT_PLACES:
        entries[surface] = _Entry((), weak=False, short=False)
    return entries


def _traditional_table(entries: dict[str, _Entry]) -> dict[int, str]:
    """Traditional → simplified for the characters used in region names (蘇→苏, 臺→台)."""
    try:
        import zhconv
    except ImportError:  # optional: without it, traditional text simply does not match
        return {}
    chars = {ch for surface in entries for ch in surface}
    table: dict[int, str] = {}
    for ch in chars:
        for variant in ("zh-hant", "zh-tw", "zh-hk"):
            trad = zhconv.convert(ch, variant)
            if len(trad) == 1 and trad != ch and trad not in chars:
                table[ord(trad)] = ch
    return table


# -- matching helpers ------------------------------------------------------------------------------


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _not_a_name_here(text: str, start: int, end: int) -> bool:
    """A short form inside a frequent word (认定|海外) or naming a street (南京路, 北京东路)."""
    if text[max(start - 1, 0) : start + 1] in BOUNDARY_WORDS:
        return True
    if text[end - 1 : end + 1] in BOUNDARY_WORDS:
        return True
    rest = text[end : end + 3]
    if rest[:1] and rest[0] in STREET_INFIXES:
        rest = rest[1:]
    return rest.startswith(STREET_SUFFIXES)


def _weak_candidates(
    text: str, i: int, length: int, regions: tuple[Region, ...], previous: RegionMatch | None
) -> tuple[Region, ...]:
    """The regions a weak surface may stand for here (see module docstring); () for none."""
    under = _under_previous(i, regions, previous)
    if under:
        return under
    surface = text[i : i + length]
    if surface in GENERIC_FULL_NAMES:
        return ()
    before = text[i - 1] if i > 0 else ""
    after = text[i + length] if i + length < len(text) else ""
    if _is_han(before) or after in WORD_CONTINUERS:
        return ()
    return regions


def _under_previous(
    i: int, regions: tuple[Region, ...], previous: RegionMatch | None
) -> tuple[Region, ...]:
    """Those of ``regions`` under the mention that ends right at ``i`` (南京|鼓楼区); () if none."""
    if previous is None or previous.end != i:
        return ()
    above = {c.code for c in previous.candidates}
    return tuple(r for r in regions if above.intersection(r.ancestor_codes))


def _make_match(text: str, start: int, end: int, regions: tuple[Region, ...]) -> RegionMatch:
    return RegionMatch(
        region=regions[0],
        surface=text[start:end],
        start=start,
        end=end,
        ambiguous=len(regions) > 1,
        candidates=list(regions),
    )


def resolve(matches: Sequence[RegionMatch]) -> list[Region]:
    """The regions a list of matches names, ambiguous ones narrowed by the text's other mentions.

    An ambiguous match keeps the candidates under the mention written right before it (北京朝阳区);
    failing that, those whose province or city is named (or implied: 海门 → 南通) by an
    unambiguous match of the same text; failing that, all its candidates.  The result is in text
    order without repeats.
    """
    out: dict[str, Region] = {}
    for candidates in _resolve_each(matches):
        for c in candidates:
            out.setdefault(c.code, c)
    return list(out.values())


def _resolve_each(matches: Sequence[RegionMatch]) -> list[tuple[Region, ...]]:
    known: set[str] = set()
    for m in matches:
        if not m.ambiguous:
            known.add(m.region.code)
            known.update(m.region.ancestor_codes)
    out = []
    for k, m in enumerate(matches):
        candidates = tuple(m.candidates or [m.region])
        if m.ambiguous:
            candidates = (
                _under_previous(m.start, candidates, matches[k - 1] if k else None)
                or tuple(c for c in candidates if known.intersection(c.ancestor_codes))
                or candidates
            )
        out.append(candidates)
    return out
