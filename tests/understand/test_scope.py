"""A question can name its notice by the issuer's own name (a university, a company)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import NoticeMeta
from assistant.text.normalize import compact
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary
from assistant.understand.scope import ScopeResolver, issuer_names, level_text

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(ROOT / "knowledge" / "regions.csv")


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary(ROOT / "knowledge" / "vocabulary.yaml")


def _notice(nid: str, issuer: str, province: str, city: str | None = None) -> NoticeMeta:
    return NoticeMeta(notice_id=nid, file_name=f"{nid}.txt", title="关于开展2025年度职称评审工作的通知",
                      issuer=issuer, province=province, city=city, year=2025)


@pytest.fixture(scope="module")
def resolver(gazetteer, vocab) -> ScopeResolver:
    notices = [
        _notice("uni", "云岭科技大学人事处", "云南省", "昆明市"),
        _notice("firm", "湖南湘江动力装备集团有限公司", "湖南省"),
        _notice("city", "南通市人力资源和社会保障局", "江苏省", "南通市"),
        _notice("other_uni", "闽榕大学人事处", "福建省", "福州市"),
    ]
    return ScopeResolver(notices, {n.notice_id: "" for n in notices}, gazetteer, vocab)


@pytest.mark.parametrize(("issuer", "names"), [
    ("云岭科技大学人事处", ["云岭科技大学"]),
    ("湖南湘江动力装备集团有限公司", ["湘江动力装备集团"]),
    ("南通市人力资源和社会保障局", []),  # a government office: its place and its kind, no name of its own
    ("湖北省卫生健康委员会、湖北省人事考试院", []),
    ("江苏省冶金工程专业中级职称评审委员会", []),  # a committee named by its series and level
])
def test_an_issuers_own_name_is_what_is_left_without_places_and_kinds(issuer, names, gazetteer, vocab):
    assert issuer_names(issuer, gazetteer, vocab) == names


def test_a_question_naming_the_university_is_about_its_notice(resolver):
    scope = resolver.resolve("云岭科技大学今年教师职称个人申报是什么时间？")
    assert scope.notice_ids == ["uni"] and scope.named
    assert any("云岭科技大学" in reason for reason in scope.reasons)


def test_a_short_form_of_a_company_name_is_enough(resolver):
    assert resolver.resolve("湘江动力集团工程师评审费最晚哪天交？").notice_ids == ["firm"]


def test_the_issuers_name_says_which_notice_not_what_is_asked(resolver):
    assert "湘江动力装备集团" in resolver.own_surfaces(["firm"])


@pytest.mark.parametrize(("question", "short"), [
    ("湘江动力集团工程师评审费最晚哪天交？", "湘江动力集团"),  # the name's characters in their order
    ("云岭科大的讲师要交几项代表作？", "云岭科大"),
    ("云岭科技大学2025年教师职称个人申报是什么时间？", "云岭科技大学"),  # the whole name, then a digit
])
def test_a_short_form_of_the_issuers_name_names_the_notice(resolver, question, short):
    """What a short form leaves of the name (集团 after 湘江动力, 科大) is no word the answer must hold."""
    scope = resolver.resolve(question)
    assert resolver.name_mentions(question, scope.notice_ids) == {short}
    assert short in resolver.naming(question, scope.notice_ids)


def test_the_forwarding_offices_place_names_its_notice(gazetteer, vocab):
    """赣州's office forwards the province's notice (the notice is for 江西省): 赣州 in a question says
    which notice, as the province would, and is no word an answer must hold."""
    notices = [_notice("gz", "赣州市人力资源和社会保障局", "江西省")]
    resolver = ScopeResolver(notices, {"gz": ""}, gazetteer, vocab)
    assert {"赣州市", "赣州", "江西省"} <= resolver.own_surfaces(["gz"])


def test_a_generic_word_of_a_name_narrows_nothing(resolver):
    """科技大学 is in 云岭科技大学 but names no one university."""
    assert len(resolver.resolve("科技大学的老师评职称要交什么材料？").notice_ids) == 4


def test_a_name_other_notices_also_use_is_no_name(gazetteer, vocab):
    """A government office's leftover words (专业技术人员职称工作) occur in other notices too."""
    notices = [_notice("a", "镇江市专业技术人员职称工作领导小组办公室", "江苏省", "镇江市"),
               _notice("b", "南通市人力资源和社会保障局", "江苏省", "南通市")]
    texts = {"a": "专业技术人员职称工作…", "b": "各有关单位专业技术人员…"}
    resolver = ScopeResolver(notices, texts, gazetteer, vocab)
    assert len(resolver.resolve("专业技术人员职称怎么申报？").notice_ids) == 2
    assert "专业技术人员职称工作" not in resolver.own_surfaces(["a"])


# ---- a level the notice states it leaves out --------------------------------------------------------

def _levels_resolver(gazetteer, vocab, text: str) -> ScopeResolver:
    notices = [
        NoticeMeta(notice_id="jz", file_name="jz.txt", title="关于做好2025年度荆州市中小学教师职称评审工作的通知",
                   province="湖北省", city="荆州市", year=2025, series=["中小学教师"], levels=["副高级", "中级"]),
        NoticeMeta(notice_id="xy", file_name="xy.txt", title="关于做好2025年度襄阳市中小学教师职称评审工作的通知",
                   province="湖北省", city="襄阳市", year=2025, series=["中小学教师"], levels=["副高级", "中级"]),
    ]
    return ScopeResolver(notices, {"jz": compact(text), "xy": ""}, gazetteer, vocab)


def test_a_level_the_notice_states_it_leaves_out_keeps_the_notice_with_that_sentence(gazetteer, vocab):
    text = "一、评审范围\n本次评审高级教师、一级教师。\n正高级教师按省教育厅通知执行，不在本次评审范围。\n二、评审费\n高级教师每人300元。"
    scope = _levels_resolver(gazetteer, vocab, text).resolve("荆州这次能评正高级教师吗？")
    assert scope.notice_ids == ["jz"] and scope.out_of_coverage is None
    (excluded,) = scope.excluded
    assert excluded.notice_id == "jz" and excluded.level == "正高级" and "不在本次评审范围" in excluded.sentence


def test_a_level_the_notice_never_names_is_not_covered(gazetteer, vocab):
    scope = _levels_resolver(gazetteer, vocab, "本次评审高级教师、一级教师。高级教师每人300元。").resolve("荆州这次能评正高级教师吗？")
    assert scope.notice_ids == [] and scope.out_of_coverage and not scope.excluded


def test_a_title_already_held_is_not_the_level_asked_about(gazetteer, vocab):
    resolver = _levels_resolver(gazetteer, vocab, "本次评审高级教师、一级教师。")
    assert resolver.resolve("荆州取得正高级职称的老师还要参加继续教育吗？").notice_ids == ["jz"]
    assert resolver.resolve("荆州正高级教师怎么申报？").out_of_coverage


def test_a_question_reads_levels_as_a_notice_does(gazetteer, vocab):
    """正高级职称 names 正高级 (not the 高级职称 inside it) and 中初级 names both levels, in a question
    as in the notice a level is read from."""
    resolver = _levels_resolver(gazetteer, vocab, "本次评审高级教师、一级教师。")
    assert resolver.resolve("荆州正高级职称怎么申报？").out_of_coverage
    assert resolver.frame("荆州中初级职称评审费多少？").slots["level"] == ["中初级"]


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("申报高级教师，取得一级教师职称后要任教几年？", "高级教师", "一级教师"),
    ("闽榕大学申报教授，要取得副教授后任职满几年？", "申报教授", "副教授"),
    ("副教授任职满几年可以申报教授？", "申报教授", "副教授"),
    ("申报副教授，须取得讲师职务后任职满5年，或具有博士学位且讲师任职满2年", "申报副教授", "讲师"),
])
def test_a_title_held_is_not_the_level_read(text: str, kept: str, dropped: str) -> None:
    """A title already held, with or without 职称 after it ("取得副教授后", "讲师任职满"), is not the
    level a question or sentence is about; the level applied for stays."""
    read = level_text(text)
    assert kept in read and dropped not in read, read


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("绵阳高级工艺美术师评审费多少钱？", "高级工艺美术师", ""),
    ("高级工程师评审要几份材料？", "高级工程师", ""),
    ("技工院校高级工班、预备技师班毕业生可以申报吗？", "毕业生", "高级工"),
    ("取得高级工证书后能评助理工程师吗？", "助理工程师", "高级工证书"),
])
def test_a_skill_grade_is_no_level_but_a_title_starting_like_one_is(text: str, kept: str, dropped: str) -> None:
    """高级工 and 技师 are a worker's grades, not a level; 高级工艺美术师 (副高级) only starts like one."""
    read = level_text(text)
    assert kept in read and (not dropped or dropped not in read), read


@pytest.mark.parametrize("question", [
    "我2019年取得中级职称，荆州高级教师网上申报什么时候截止？",
    "我2019年6月取得一级教师，荆州高级教师要交几份材料？",
    "荆州1985年出生的老师申报高级教师，还要考普通话吗？",
    "荆州2024年没评上的，今年再申报高级教师要补充什么？",
])
def test_a_year_of_the_askers_own_history_asks_no_round(gazetteer, vocab, question):
    """A year the asker took a title, graduated or was born in is no round the notices must be for."""
    scope = _levels_resolver(gazetteer, vocab, "本次评审高级教师、一级教师。").resolve(question)
    assert scope.notice_ids == ["jz"] and scope.out_of_coverage is None


def test_a_year_asked_as_a_round_still_narrows(gazetteer, vocab):
    scope = _levels_resolver(gazetteer, vocab, "本次评审高级教师、一级教师。").resolve("荆州2019年高级教师网上申报什么时候截止？")
    assert scope.notice_ids == [] and scope.out_of_coverage


def test_a_series_asked_is_the_notice_for_it_not_one_that_mentions_it(gazetteer, vocab):
    """Two notices of one city: asked about 档案系列, the notice for 档案 is meant; the 经济 notice
    that mentions 人事档案 is not. A series no notice is for keeps every notice naming it."""
    notices = [
        NoticeMeta(notice_id="jj", file_name="jj.txt", title="关于开展2025年度太原市经济系列职称评审工作的通知",
                   province="山西省", city="太原市", year=2025, series=["经济"]),
        NoticeMeta(notice_id="da", file_name="da.txt", title="关于转发2025年度全省档案系列职称评审工作通知的通知",
                   province="山西省", city="太原市", year=2025, series=["档案"]),
    ]
    texts = {"jj": "申报人须将档案系列以外的人事档案材料一并报送。经济系列评审费每人200元。", "da": "档案系列评审受理窗口在市政务服务中心。"}
    resolver = ScopeResolver(notices, texts, gazetteer, vocab)
    assert resolver.resolve("太原市档案系列职称纸质材料的受理窗口在哪里？").notice_ids == ["da"]
    assert sorted(resolver.resolve("太原市人事档案要不要交？").notice_ids) == ["da", "jj"]


def test_a_general_notice_is_for_every_series_and_an_ambiguous_name_narrows_nothing(gazetteer, vocab):
    """A city's general notice (no series read) stays beside the province's notice for the series
    asked; 教师 (中小学 or 高校) does not pick one notice over another."""
    notices = [
        NoticeMeta(notice_id="city", file_name="c.txt", title="关于做好2025年度南通市职称评审工作的通知",
                   province="江苏省", city="南通市", year=2025, series=[]),
        NoticeMeta(notice_id="prov", file_name="p.txt", title="关于做好2025年度全省会计系列高级职称评审工作的通知",
                   province="江苏省", year=2025, series=["会计"]),
        NoticeMeta(notice_id="uni", file_name="u.txt", title="关于开展2025年度高校教师专业技术职务评审工作的通知",
                   province="江苏省", city="南通市", year=2025, series=["高校教师"]),
        NoticeMeta(notice_id="school", file_name="s.txt", title="关于做好2025年度南通市中小学教师职称评审工作的通知",
                   province="江苏省", city="南通市", year=2025, series=["中小学教师"]),
    ]
    texts = {"city": "会计系列纸质材料交市政务服务中心。教师系列另行通知。", "prov": "会计系列评审费每人300元。",
             "uni": "教师评审费每人280元。", "school": "教师评审费每人200元。"}
    resolver = ScopeResolver(notices, texts, gazetteer, vocab)
    assert sorted(resolver.resolve("南通会计系列纸质材料交到哪？").notice_ids) == ["city", "prov"]
    assert {"uni", "school"} <= set(resolver.resolve("南通教师职称评审费多少？").notice_ids)


def test_a_series_a_general_notice_names_in_a_table_row_is_covered(gazetteer, vocab):
    """A city's schedule table names 新闻 in a row of the series it receives: asked about 新闻系列
    there, the notice answers. The name must be followed by 工程 only for an engineering 专业 (农业
    alone is no 农业工程)."""
    notices = [NoticeMeta(notice_id="zj", file_name="zj.txt", title="关于做好我市2024年度职称评审工作的通知",
                          province="江苏省", city="镇江市", year=2024, series=[]),
               NoticeMeta(notice_id="nt", file_name="nt.txt", title="关于做好2024年度南通市职称评审工作的通知",
                          province="江苏省", city="南通市", year=2024, series=[])]
    texts = {"zj": "受理专业：思想政治、新闻｜受理单位：市委宣传部。受理专业：农业｜受理单位：市农业农村局。", "nt": ""}
    resolver = ScopeResolver(notices, texts, gazetteer, vocab)
    assert resolver.resolve("镇江思想政治、新闻系列职称由哪个部门受理？").notice_ids == ["zj"]
    assert resolver.resolve("镇江农业工程系列职称由哪个部门受理？").notice_ids == []
