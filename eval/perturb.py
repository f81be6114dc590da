"""Deterministic perturbations of questions, for the robustness columns of the report.

* ``no_city``: every place name of ``knowledge/regions.csv`` (full names, and the short forms the
  file marks as safe) is removed — 南通冶金工程中级… → 冶金工程中级…;
* ``traditional``: the question in traditional characters (zhconv, ``zh-hant``);
* ``typo``: up to two homophone / look-alike swaps from a small fixed table (截止→截至, 材料→材科 …);
* ``noise``: a greeting and a thank-you around the question (你好，麻烦问一下…谢谢), picked by the id;
* ``colloquial``: the asking words as applicants say them (什么时候→啥时候, 报送→交, 哪里→哪儿 …),
  from a small fixed table.

The judge's training (``eval/answerability.py``) asks each of the team's questions once more in one of
``PARAPHRASES``, so that it learns which words a right answer needs rather than the team's way of asking.

The same question always gets the same perturbation. ``changes_label`` says when a perturbed
question can no longer be scored with its original expectations: an unanswerable question about
another city (北京…) may become answerable once the city is gone, so such items are left out of the
``no_city`` column.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import zhconv

REGIONS_CSV = Path(__file__).resolve().parents[1] / "knowledge" / "regions.csv"

# (correct, typo) pairs as applicants type them with a pinyin IME: same sound, another character.
HOMOPHONES: list[tuple[str, str]] = [
    ("截止", "截至"), ("申报", "申抱"), ("材料", "材科"), ("职称", "职程"), ("资历", "资力"),
    ("评审", "评申"), ("纸质", "纸制"), ("缴费", "交费"), ("联系", "连系"), ("地址", "地止"),
    ("学时", "学识"), ("工程", "工成"), ("中级", "中极"), ("初级", "初极"), ("报送", "报宋"),
    ("时间", "时侯"), ("多少", "多小"), ("需要", "须要"), ("装订", "装钉"), ("论文", "论闻"),
    ("继续", "继绪"), ("电话", "电化"), ("邮箱", "油箱"), ("证书", "正书"), ("考核", "考合"),
    ("南通", "南同"), ("连云港", "连云岗"), ("锡山", "西山"), ("镇江", "震江"), ("新疆", "新江"),
    ("丹阳", "单阳"), ("无锡", "无息"), ("冶金", "治金"), ("有色", "有涩"),
]
# (written, spoken) pairs for the words a question asks with; the longer form first.
COLLOQUIAL: list[tuple[str, str]] = [
    ("什么时候", "啥时候"), ("是什么", "是啥"), ("有哪些", "有啥"), ("为什么", "为啥"), ("哪里", "哪儿"),
    ("报送地址", "交的地方"), ("报送地点", "交的地方"), ("是否需要", "要不要"), ("是否可以", "能不能"), ("是否", "是不是"), ("可以", "能"), ("需要", "要"),
    ("报送", "交"), ("提交", "交"), ("递交", "交"), ("如何", "咋"), ("怎样", "咋"), ("请问", ""),
    ("申报", "报"), ("联系电话", "电话"),
]
GREETINGS = ["你好，麻烦问一下，", "您好！请问一下哈，", "老师好，打扰了，想咨询下：", "在吗？问个问题，"]
THANKS = ["谢谢！", "麻烦了，谢谢～", "急，在线等，谢谢", "多谢多谢"]


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern[str]:
    names: set[str] = set()
    with REGIONS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names.add(row["name"])
            if len(row["short"]) >= 2:
                names.add(row["short"])
    ordered = sorted(names, key=len, reverse=True)  # 连云港市 before 连云港
    return re.compile("|".join(map(re.escape, ordered)))


def no_city(question: str, _id: str = "") -> str:
    out = _place_names().sub("", question)
    out = re.sub(r"^[，,、的在\s]+", "", out)
    return re.sub(r"[，,、]{2,}", "，", out).strip() or question


def traditional(question: str, _id: str = "") -> str:
    return zhconv.convert(question, "zh-hant")


def typo(question: str, _id: str = "", limit: int = 2) -> str:
    done = 0
    for right, wrong in HOMOPHONES:
        if done >= limit:
            break
        if right in question:
            question = question.replace(right, wrong, 1)
            done += 1
    return question


def noise(question: str, item_id: str = "") -> str:
    h = zlib.crc32(item_id.encode("utf-8") or question.encode("utf-8"))
    body = question.rstrip("？?。 ")
    end = question[len(body):] or "？"
    return f"{GREETINGS[h % len(GREETINGS)]}{body}{end}{THANKS[(h // 7) % len(THANKS)]}"


def colloquial(question: str, _id: str = "") -> str:
    for written, spoken in COLLOQUIAL:
        question = question.replace(written, spoken, 1)
    return question


PERTURBATIONS: dict[str, Callable[[str, str], str]] = {
    "no_city": no_city,
    "traditional": traditional,
    "typo": typo,
    "noise": noise,
    "colloquial": colloquial,
}
PARAPHRASES: dict[str, Callable[[str, str], str]] = {"typo": typo, "noise": noise, "colloquial": colloquial}


def paraphrase(question: str, item_id: str) -> tuple[str, str]:
    """One of ``PARAPHRASES``, picked by the id (the next when it leaves the question as it is):
    its name and the question so asked; ("", question) when none changes it or it is not Chinese."""
    if not re.search(r"[\u4e00-\u9fff]", question):
        return "", question
    names = list(PARAPHRASES)
    start = zlib.crc32(item_id.encode("utf-8"))
    for k in range(len(names)):
        name = names[(start + k) % len(names)]
        if (out := PARAPHRASES[name](question, item_id)) != question:
            return name, out
    return "", question


def changes_label(name: str, original: str, perturbed: str, answerable: bool) -> bool:
    """True when the item's expectations no longer hold for the perturbed question."""
    return name == "no_city" and not answerable and perturbed != original
