"""What an applicant says about themself: the input of an assessment.

Every field is optional — a chat collects them over several turns (:func:`merged`), and the
assessment asks for what it still needs.  Titles are named by the engineering ladder; a level of
another series maps to the same rank (中级会计 → 工程师 rank, shown as 中级).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from assistant.eligibility.dates import normalize_partial

Title = Literal["技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"]
Education = Literal["博士", "硕士", "第二学士", "本科", "大专", "中专"]
TechSchool = Literal["中级工班", "高级工班", "预备技师班"]
SkillCert = Literal["技师", "高级技师"]
PartialDate = Annotated[
    str, BeforeValidator(normalize_partial),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD (as precise as the applicant said)"),
]


ROUND_FIELDS = frozenset({"target_title", "series", "region", "notice_id"})


class Profile(BaseModel):
    """An applicant's situation. Unknown facts stay ``None``."""

    model_config = ConfigDict(extra="forbid")

    # what and where
    target_title: Title | None = Field(default=None, description="职称 applied for (中级 = 工程师)")
    series: str | None = Field(default=None, description="职称系列/专业, e.g. 冶金工程, 会计")
    region: str | None = Field(default=None, description="city, district or province named, e.g. 南通市")
    notice_id: str | None = Field(default=None, description="the notice applied under (file name without extension)")
    # education
    education: Education | None = Field(default=None, description="highest education (after 技工院校 equivalence)")
    education_also: list[Education] = Field(
        default_factory=list, description="other education levels stated at the same time (contradictory input)")
    education_date: PartialDate | None = Field(default=None, description="when the highest education was obtained")
    technical_school: TechSchool | None = Field(default=None, description="技工院校 class graduated from")
    engineering_professional_degree: bool | None = Field(default=None, description="工程类专业学位研究生")
    foreign_degree: bool | None = Field(default=None, description="highest degree obtained abroad (国/境外)")
    foreign_degree_certified: bool | None = Field(default=None, description="certified by 教育部留学服务中心")
    # titles and years
    current_title: Title | None = Field(default=None, description="title held now")
    has_title: bool | None = Field(default=None, description="False: holds no 职称 at all")
    current_title_date: PartialDate | None = Field(default=None, description="when the current title was obtained")
    years_in_title: float | None = Field(default=None, ge=0, description="years of technical work since the current title")
    work_years: float | None = Field(default=None, ge=0, description="years of technical work in all")
    # employment and exclusions
    employer_type: str | None = Field(default=None, description="民营企业, 国有企业, 外资企业, 事业单位, 社会组织, 机关")
    in_service: bool | None = Field(default=None, description="在职: employed with a labour or appointment contract")
    freelance: bool | None = Field(default=None, description="自由职业 in the notice's region")
    civil_servant: bool | None = Field(default=None, description="公务员 or 参照公务员法管理 (参公)")
    retired: bool | None = Field(default=None, description="离退休")
    retiring_this_year: bool | None = Field(default=None, description="reaches retirement age in the year applied")
    discipline_in_effect: bool | None = Field(default=None, description="a disciplinary action still in its 影响期")
    discipline_kind: str | None = Field(default=None, description="警告, 记过, 记大过, 降级, 撤职, 严重警告 …")
    # continuing education
    ce_hours_per_year: float | None = Field(default=None, ge=0, description="继续教育 hours per year (the lowest recent year)")
    ce_professional_hours: float | None = Field(default=None, ge=0, description="of which 专业科目 hours")
    ce_complete: bool | None = Field(default=None, description="the applicant says the yearly hours are complete")
    # skills and special situations
    high_skill_cert: SkillCert | None = Field(default=None, description="技师 or 高级技师 certificate")
    high_skill_years: float | None = Field(default=None, ge=0, description="years since the skill certificate")
    overseas_returnee: bool | None = Field(default=None, description="海外归国 / 留学回国")
    high_level_talent: bool | None = Field(default=None, description="高层次和急需紧缺人才")
    government_transfer: bool | None = Field(default=None, description="党政机关交流到企事业单位")
    military_transfer: bool | None = Field(default=None, description="部队转业安置到企事业单位")
    first_application: bool | None = Field(default=None, description="first 职称 application ever")
    aid_xinjiang: bool | None = Field(default=None, description="援疆 (currently on assignment)")
    aid_years: float | None = Field(default=None, ge=0, description="years of the 援疆 assignment")
    fanghuiju_years: float | None = Field(default=None, ge=0, description="consecutive years in 访惠聚 驻村 work since the title")
    fanghuiju_excellent: bool | None = Field(default=None, description="考核优秀 in each of those years")
    field_changed: bool | None = Field(default=None, description="专业技术岗位 changed since the current title")

    @classmethod
    def from_yaml(cls, path: Path) -> Profile:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls.model_validate(data.get("input", data) if isinstance(data, dict) else {})

    def stated(self) -> dict[str, object]:
        """The facts given (fields that are set), for merging and display."""
        return {k: v for k, v in self.model_dump().items() if v not in (None, [])}

    def personal(self) -> dict[str, object]:
        """The facts given about the applicant (not which round they ask about: title, series, place)."""
        return {k: v for k, v in self.stated().items() if k not in ROUND_FIELDS}


def merged(previous: Profile | None, new: Profile) -> Profile:
    """Facts from earlier turns, overridden by what the applicant says now."""
    if previous is None:
        return new
    data = previous.stated() | new.stated()
    if new.education is not None:
        data["education_also"] = list(new.education_also)
    if new.notice_id is None and new.region is not None and new.region != previous.region:
        data.pop("notice_id", None)  # a new place: the old notice no longer applies
    return Profile.model_validate(data)
