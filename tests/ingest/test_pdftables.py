"""Bordered PDF tables: ruling lines become the grid, text runs land in their cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import pdftables as pt
from assistant.ingest.loaders import load_document

ROOT = Path(__file__).resolve().parents[2]
BORDERED = ROOT / "eval" / "holdout" / "pdf" / "102_shunde_jianshe.pdf"
TWO_TABLES = ROOT / "eval" / "corpus" / "docs" / "231_jilin_gongyimeishu_gaoji.pdf"


def _grid_ops() -> list:
    """A 3-column, 3-row grid drawn with m/l under a cm that shifts it by (10, 20); column 0 of
    rows 2–3 is one merged cell (no rule between them there)."""
    ops = [([1, 0, 0, 1, 10, 20], b"cm")]
    for x in (0, 50, 100, 150):
        ops += [([x, 0], b"m"), ([x, 90], b"l")]
    ops += [([0, 90], b"m"), ([150, 90], b"l"), ([0, 60], b"m"), ([150, 60], b"l")]
    ops += [([50, 30], b"m"), ([150, 30], b"l")]  # row edge only under columns 1–2
    ops += [([0, 0, 150, 0.3], b"re")]  # the bottom edge as a thin rectangle
    return ops


@pytest.mark.unit
def test_segments_follow_the_transformation_matrix() -> None:
    segs = pt.segments(_grid_ops())
    assert any(s.vertical and s.x0 == 10 and s.y1 == 110 for s in segs)
    assert any(s.horizontal and s.y0 == pytest.approx(20.15) for s in segs)


@pytest.mark.unit
def test_merged_cell_text_stays_in_its_first_row() -> None:
    [table] = pt.find_tables(pt.segments(_grid_ops()))
    assert len(table.xs) == 4 and len(table.ys) == 4
    runs = [(12, 100, "序号"), (62, 100, "地点"), (112, 100, "时间"),
            (12, 75, "建筑"), (12, 45, "工程"), (62, 75, "甲镇"), (112, 75, "6月"),
            (62, 45, "乙镇"), (112, 45, "7月")]
    rows = [cells for _, cells in pt.table_rows(table, runs)]
    assert rows == [["序号", "地点", "时间"], ["建筑工程", "甲镇", "6月"], ["", "乙镇", "7月"]]


@pytest.mark.unit
def test_a_table_takes_no_text_of_another_on_its_page() -> None:
    [table] = pt.find_tables(pt.segments(_grid_ops()))
    above = [(12, 300, "阶段"), (62, 300, "时间"), (12, 200, "网上申报")]  # another table's cells, higher up
    below = [(12, 5, "备注")]
    runs = [*above, (12, 100, "序号"), (62, 100, "地点"), (112, 100, "时间"), *below]
    assert [cells for _, cells in pt.table_rows(table, runs)] == [["序号", "地点", "时间"]]


@pytest.mark.unit
def test_two_bordered_tables_on_one_page_keep_their_own_rows() -> None:
    """The corpus notice 231 draws its schedule and its fee table on one page (LibreOffice PDF)."""
    rows = [ln for ln in load_document(TWO_TABLES).text.split("\n") if "\t" in ln]
    assert "个人网上申报（副高级）\t9月8日至9月26日\t申报人" in rows
    assert "高级工艺美术师（副高级）\t每人380元\t—\t每人120元\t破格申报人员另交面试答辩费150元" in rows
    assert "级别\t评审费\t面试答辩费\t作品展评费\t备注" in rows


@pytest.mark.unit
def test_page_without_rules_has_no_table() -> None:
    assert pt.find_tables(pt.segments([([0, 0], b"m"), ([100, 0], b"l")])) == []


@pytest.mark.unit
def test_bordered_pdf_table_comes_back_as_tab_rows() -> None:
    text = load_document(BORDERED).text
    rows = [ln for ln in text.split("\n") if "\t" in ln]
    assert any(ln.startswith("1\t建筑工程（建筑施工、建筑结构、建筑设计）\t") for ln in rows)
    assert any("\t杏坛镇、均安镇\t初级\t6月17日-8月2日\t" in ln for ln in rows)
