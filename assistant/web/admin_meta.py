"""The admin's view and correction of a notice's metadata (issue 13, part 1), inside the admin tab.

Each field read from a notice (title, issuer, 文号, date, round year, region, series, levels) is
shown with the text it came from and how sure the reading is. The administrator may correct any of
them; the correction is kept by the file's content (:mod:`assistant.index.corrections`), so it holds
after a re-index and when the same file is uploaded again. Every action checks the staff login on
the server, like the rest of the admin tab.
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from assistant.index.manifests import CORRECTABLE
from assistant.models import NoticeMeta
from assistant.web.admin_rules import REVIEWER, picker
from assistant.web.context import WebContext

FIELD_LABELS = {"title": "标题", "issuer": "发文单位", "doc_number": "文号", "issue_date": "发文日期", "year": "评审年度",
                "province": "省份", "city": "城市", "district": "区县", "series": "系列/专业", "levels": "级别"}
FIELD_HEADERS = ["字段", "读出的值", "依据的原文", "可信度"]


def shown(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "—"
    return "—" if value in (None, "") else str(value)


def field_rows(meta: NoticeMeta) -> list[list[str]]:
    """One row per correctable field: its value, the text it was read from, and the confidence."""
    rows = []
    for field in CORRECTABLE:
        source = meta.sources.get(field)
        rows.append([FIELD_LABELS[field], shown(getattr(meta, field)), source.text if source else "—",
                     f"{source.confidence:.0%}" if source else "—"])
    return rows


class MetadataPanel:
    def __init__(self, ctx: WebContext, require: Callable[[str | None], None]) -> None:
        self.ctx = ctx
        self._require = require

    def choices(self) -> list[tuple[str, str]]:
        return [(f"{n.title}（{n.notice_id}）", n.notice_id) for n in self.ctx.assistant.notices()]

    def refresh(self, authed: str | None, current: str | None = None):
        """The notices, as the library is now (nothing when not logged in)."""
        return picker(self._require, authed, self.choices, current)

    def show(self, notice_id: str | None, authed: str | None) -> list[list[str]]:
        self._require(authed)
        meta = self.ctx.assistant.store.notice(notice_id) if notice_id else None
        return field_rows(meta) if meta else []

    def correct(self, notice_id: str | None, field: str | None, value: str, authed: str | None):
        """Save one field's corrected value; the table and the notice list show it at once."""
        self._require(authed)
        if not notice_id or not field:
            raise gr.Error("请先选择通知和要更正的字段。")
        try:
            meta = self.ctx.assistant.store.correct_metadata(notice_id, {field: value}, by=REVIEWER)
        except ValueError as exc:
            raise gr.Error(f"未能更正：{exc}") from None
        message = f"已更正《{meta.title}》的{FIELD_LABELS[field]}为“{shown(getattr(meta, field))}”：重建索引或重新上传同一文件后仍然有效。"
        return field_rows(meta), gr.update(choices=self.choices(), value=notice_id), message

    def build(self, authed: gr.State) -> gr.Dropdown:
        """The panel; returns its notice picker, which the admin tab refreshes after changes."""
        with gr.Column(elem_id="admin-meta"):
            gr.Markdown("### 核对通知信息\n每份通知的标题、发文单位、文号、日期、年度、地区、系列和级别都由系统从原文读出，"
                        "下表附读出依据的原文。读错时可在此更正（多个值用顿号分隔，日期写作 2025-06-20）。")
            notice = gr.Dropdown([], value=None, label="选择要核对的通知", elem_id="admin-meta-notice")
            fields = gr.Dataframe(headers=FIELD_HEADERS, label="通知信息", wrap=True, interactive=False,
                                  elem_id="admin-meta-fields")
            with gr.Row():
                field = gr.Dropdown([(label, f) for f, label in FIELD_LABELS.items()], value=None, label="要更正的字段",
                                    scale=1, min_width=120, elem_id="admin-meta-field")
                value = gr.Textbox(label="正确的值", scale=2, max_length=300, elem_id="admin-meta-value")
                save = gr.Button("保存更正", variant="primary", scale=1, elem_id="admin-meta-save")
            message = gr.Markdown(elem_id="admin-meta-msg")
        notice.change(self.show, [notice, authed], fields, api_visibility="private")
        save.click(self.correct, [notice, field, value, authed], [fields, notice, message], api_visibility="private",
                   concurrency_limit=1)
        return notice
