"""The assessment form: the eligibility :class:`Profile` schema as a form, built from the schema itself.

Each field's widget follows its type (a choice list for a fixed set of values, 是/否/未说明 for a
yes-no fact, a number box for years and hours). Only the labels and the grouping are written here.
The applicant's answers are personal: they are assessed and shown, never written to a log.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

import gradio as gr
from pydantic import ValidationError

from assistant.eligibility import Profile
from assistant.web.context import WebContext

UNSET = "（未填）"
YES_NO = ["未说明", "是", "否"]

GROUPS: list[tuple[str, dict[str, str]]] = [
    ("申报什么、在哪里申报", {
        "target_title": "拟申报职称", "series": "职称系列/专业", "region": "申报地区（如 南通市）", "notice_id": "适用通知"}),
    ("学历", {
        "education": "最高学历", "education_date": "取得时间（如 2015-07）", "education_also": "同时具有的其他学历",
        "technical_school": "技工院校班级", "engineering_professional_degree": "工程类专业学位研究生",
        "foreign_degree": "国（境）外学历", "foreign_degree_certified": "已经教育部留学服务中心认证"}),
    ("现有职称与年限", {
        "current_title": "现有职称", "has_title": "是否已有职称", "current_title_date": "取得现职称时间（如 2019-12）",
        "years_in_title": "取得现职称后从事专业技术工作年限", "work_years": "从事专业技术工作总年限",
        "field_changed": "取得现职称后转换过专业岗位"}),
    ("工作与限制条件", {
        "employer_type": "单位类型（民营企业、事业单位…）", "in_service": "在职（签订劳动或聘用合同）",
        "freelance": "自由职业", "civil_servant": "公务员或参公人员", "retired": "已离退休",
        "retiring_this_year": "今年到达退休年龄", "discipline_in_effect": "处分影响期内", "discipline_kind": "处分类型"}),
    ("继续教育", {
        "ce_hours_per_year": "每年继续教育学时（最少的一年）", "ce_professional_hours": "其中专业科目学时",
        "ce_complete": "继续教育学时已完成"}),
    ("特殊情况", {
        "high_skill_cert": "技能等级证书", "high_skill_years": "取得技能证书年限", "overseas_returnee": "留学回国人员",
        "high_level_talent": "高层次或急需紧缺人才", "government_transfer": "党政机关交流到企事业单位",
        "military_transfer": "部队转业安置", "first_application": "首次申报职称", "aid_xinjiang": "援疆",
        "aid_years": "援疆年限", "fanghuiju_years": "访惠聚驻村年限", "fanghuiju_excellent": "驻村期间考核均为优秀"}),
]


def _kind(annotation: Any) -> tuple[str, list[str]]:
    """What widget a field needs: choice (with its values), multi, yesno, number or text."""
    if typing.get_origin(annotation) is list:
        return "multi", list(typing.get_args(typing.get_args(annotation)[0]))
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    inner = args[0]
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if typing.get_origin(inner) is Literal:
        return "choice", list(typing.get_args(inner))
    if inner is bool:
        return "yesno", YES_NO
    if inner in (int, float):
        return "number", []
    return "text", []


def widget(name: str, label: str, notices: dict[str, str]) -> gr.components.Component:
    kind, values = _kind(Profile.model_fields[name].annotation)
    if name == "notice_id":
        return gr.Dropdown([UNSET, *notices], value=UNSET, label=label)
    if kind == "choice":
        return gr.Dropdown([UNSET, *values], value=UNSET, label=label)
    if kind == "multi":
        return gr.CheckboxGroup(values, label=label)
    if kind == "yesno":
        return gr.Radio(values, value=YES_NO[0], label=label)
    if kind == "number":  # a text box: an empty number box would send 0, which is a statement
        return gr.Textbox(label=label, max_lines=1, max_length=10, placeholder="数字，不知道可不填")
    return gr.Textbox(label=label, max_lines=1, max_length=100)


def profile_of(names: list[str], values: list[Any], notices: dict[str, str]) -> Profile:
    """The form's values as a Profile (unset widgets stay unknown)."""
    data: dict[str, Any] = {}
    for name, value in zip(names, values):
        if value in (None, "", UNSET, YES_NO[0], []):
            continue
        kind = _kind(Profile.model_fields[name].annotation)[0]
        if name == "notice_id":
            value = notices.get(value)
        elif kind == "number":
            value = _number(value, name)
        elif value in ("是", "否") and kind == "yesno":
            value = value == "是"
        data[name] = value.strip() if isinstance(value, str) else value
    return Profile.model_validate(data)


def _number(text: str, name: str) -> float | None:
    text = str(text).strip().removesuffix("年").removesuffix("学时").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        label = next(fields[name] for _, fields in GROUPS if name in fields)
        raise gr.Error(f"“{label}”需要填数字，例如 5 或 2.5。") from None


class AssessTab:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        self.names = [name for _, fields in GROUPS for name in fields]

    def submit(self, *values):
        notices = self.ctx.notice_choices()
        try:
            profile = profile_of(self.names, list(values), notices)
        except ValidationError as err:
            problems = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in err.errors())
            raise gr.Error(f"有填写不正确的地方：{problems}") from None
        if not profile.stated():
            raise gr.Error("请至少填写拟申报职称和您的学历、现有职称等情况。")
        service = self.ctx.assistant.eligibility()
        return service.render(service.assess(profile))

    def build(self) -> None:
        gr.Markdown("填写您的情况，得到初步判断：结论、每条理由及其出处，以及还需要您确认的问题。不知道的项可以不填。")
        notices = self.ctx.notice_choices()
        inputs = []
        for i, (title, fields) in enumerate(GROUPS):
            with gr.Accordion(title, open=i < 3):
                with gr.Row():
                    inputs += [widget(name, label, notices) for name, label in fields.items()]
        go = gr.Button("评估", variant="primary", elem_id="assess-go")
        result = gr.Markdown(elem_id="assess-result", value="")
        go.click(self.submit, inputs, result, api_visibility="private")


def fields_not_shown() -> set[str]:
    """Profile fields the form does not show (a test keeps this empty)."""
    shown = {name for _, fields in GROUPS for name in fields}
    return set(Profile.model_fields) - shown

