"""The vocabulary's series lookup: short names inside everyday words are not series."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from assistant.text.vocab import load_vocabulary

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, series", [
    ("湖州电子信息专业中级职称", ["电子信息"]),
    ("电子专业中级能报吗", ["电子信息"]),
    ("电子版材料发到哪个邮箱？", []),
    ("电子邮箱是多少", []),
    ("南通冶金职称电子申报时间", ["冶金工程"]),
    ("交通运输中级", ["交通运输工程"]),
    ("交通费能报销吗", []),
])
def test_series_named(text: str, series: list[str]) -> None:
    assert load_vocabulary(Settings().vocab_file).find_series(text) == series
