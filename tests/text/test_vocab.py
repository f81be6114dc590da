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
    ("延边州新闻、出版系列职称", ["新闻", "出版"]),  # the national series beyond engineering and health,
    ("社会工作者职称评价", ["社会工作"]),  # everyday words only with 系列/专业 or another of their names
    ("出版专著能代替论文吗", []),
    ("市文化广电旅游体育局", []),
    ("外文材料需附中文翻译", []),
    ("从事社会工作满三年", []),
    ("体育教师", ["中小学教师"]),
    ("在报社工作满5年", []),
    ("我是新闻专业毕业的", []),  # a university major
    ("新闻、宣传系列报道", []),
    ("冶金、机械工程", ["冶金工程", "机械工程"]),
    ("高级兽医师评审费", ["农业"]),  # an agricultural title, not the 医师 of 卫生技术
    ("念青职院申报助理实验师的评审费", ["实验技术"]),  # a title names its series, as 会计师 does
    ("副主任医师评审费", ["卫生技术"]),
    ("缴费后下载财政电子票据", []),
    ("记入职称评审诚信档案", []),
    ("在经济社会各项事业发展中作出突出贡献", []),
    ("拉萨农牧系列中级职称", ["农业"]),  # 西藏 and 内蒙古 name the agricultural series 农牧
])
def test_series_named(text: str, series: list[str]) -> None:
    assert load_vocabulary(Settings().vocab_file).find_series(text) == series


@pytest.mark.parametrize("text, named", [
    ("取得一级教师后申报高级教师", {"level": {"中级", "副高级"}, "series": {"中小学教师"}}),
    ("网上申报截止时间", {"channel": {"网上"}}),
    ("纸质材料报送地点", {"channel": {"纸质"}}),
    ("大学专科学历的须满7年", {"education": {"大专"}}),
    ("正高级会计师", {"level": {"正高级"}, "series": {"会计"}}),
    ("电子版材料", {}),
    ("正高级职称评审费", {"level": {"正高级"}}),  # not the 高级职称 inside it
    ("中初级职称网上申报", {"level": {"中级", "初级"}, "channel": {"网上"}}),  # a word naming two levels
    ("武汉区属单位考核认定人员", {"tier": {"区县"}}),  # which tier of government a unit belongs to
    ("市直单位申报人的纸质材料", {"tier": {"市直"}, "channel": {"纸质"}}),
    ("可在本市直接申报", {}),  # 直接, not 市直
    ("讲师、实验师每人160元", {"level": {"中级"}, "series": {"实验技术"}}),  # the titles of the 实验技术 and 农业 series name their levels
    ("助理实验师每人100元", {"level": {"初级"}, "series": {"实验技术"}}),
    ("申报高级农艺师的须先经初审", {"level": {"副高级"}, "series": {"农业"}}),
])
def test_the_alternatives_a_text_names(text: str, named: dict) -> None:
    assert load_vocabulary(Settings().vocab_file).alternatives(text) == named


@pytest.mark.parametrize("text, context, series", [
    ("教师职称个人申报时间", None, ["中小学教师"]),  # the default reading
    ("大学教师职称个人申报时间", None, ["高校教师"]),  # the text's own cue words
    ("教师职称个人申报时间", "关于开展2025年度高校教师专业技术职务评审工作的通知 云岭科技大学人事处", ["高校教师"]),
    ("教师职称个人申报时间", "关于做好2025年度中小学教师职称评审工作的通知 某市教育局", ["中小学教师"]),
])
def test_a_name_of_several_series_is_read_in_its_context(text: str, context: str | None, series: list[str]) -> None:
    """教师 is 高校教师 in a university's notice and 中小学教师 in an education bureau's: one reading,
    by the cue words of the text or of the notice it is about, for ingest and answers alike."""
    assert load_vocabulary(Settings().vocab_file).find_series(text, context) == series


@pytest.mark.parametrize("text, levels", [
    ("由科主任、护士长和2名高年资医师组成推荐小组", []),  # a post, not the 初级 title 护士
    ("申报护士、主管护师的人员", ["初级", "中级"]),
    ("申报高级记者的须提交代表作5篇", ["正高级"]),
    # a title holding a shorter one is read whole: 正高级讲师 is no 讲师 (中级), 副研究员 no 研究员
    ("申报正高级讲师的须参加答辩", ["正高级"]),
    ("高级讲师、高级实习指导教师评审费每人350元", ["副高级", "副高级"]),
    ("申报研究员须任副研究员满5年", ["正高级", "副高级"]),
    # a level word right before a title qualifies it: 初级经济师 is an 初级 title, not also the 中级 经济师
    ("青岛考区初级经济师合格标准", ["初级"]),
    ("初级会计师和中级会计师", ["初级", "中级"]),
    ("副高级工程师评审费", ["副高级"]),
    ("中、初级经济师考试", ["中级", "初级"]),
    ("取得初级后申报经济师", ["初级", "中级"]),  # not next to each other: two mentions
])
def test_a_post_holding_a_titles_name_names_no_level(text: str, levels: list[str]) -> None:
    vocab = load_vocabulary(Settings().vocab_file)
    assert sorted(lv for _, lvs in vocab.level_mentions(text, ranks=True) for lv in lvs) == sorted(levels)


def test_a_family_name_names_each_of_its_series() -> None:
    """工程系列 is every engineering 专业: a row about it is about another series than 经济 asked, and
    about the same as 机械工程 asked."""
    vocab = load_vocabulary(Settings().vocab_file)
    members = {m for fam in vocab.series_families.values() for m in fam.members}
    named = vocab.alternatives("系列：工程系列（中级）｜领取地点：市民大厅")
    assert named["series"] == members
    assert "经济" not in named["series"] and "机械工程" in named["series"]
    assert vocab.alternatives("经济系列中级职称证书")["series"] == {"经济"}


@pytest.mark.parametrize("text, professions", [
    ("南湾医院副主任医师的院内答辩是哪天", {"医师"}),
    ("副主任护师答辩时间为7月23日上午", {"护师"}),
    ("副主任医师（含副主任药师、副主任技师）答辩时间为7月22日下午", {"医师", "药师", "技师"}),
])
def test_the_health_professions_are_alternatives(text: str, professions: set[str]) -> None:
    """One series (卫生技术) holds several professions: a row about 副主任护师 is not about 副主任医师."""
    assert load_vocabulary(Settings().vocab_file).alternatives(text)["profession"] == professions
