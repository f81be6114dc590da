"""The helpdesk's tab: an applicant's message in; passages with scores, a draft reply and, for a
personal assessment, the eligibility panel out (with the rule ids and files the applicant never sees)."""

from __future__ import annotations

import gradio as gr

from assistant.eligibility import Assessment
from assistant.models import Answer
from assistant.web.context import WebContext
from assistant.web.render import decision_line, draft_reply, passage_rows

ALL_NOTICES = "全部通知"
PASSAGE_HEADERS = ["#", "得分", "检索方式", "通知", "章节", "页", "原文"]


class CopilotTab:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx

    def draft(self, message: str, notice_label: str | None):
        message = (message or "").strip()
        limit = self.ctx.settings.web.max_question_chars
        if not message:
            raise gr.Error("请粘贴申请人的留言。")
        if len(message) > limit:
            raise gr.Error(f"留言太长（{len(message)} 字），请截取问题部分（{limit} 字以内）。")
        notice = self.ctx.notice_choices().get(notice_label or "")
        answer = self.ctx.assistant.ask(message, notice=notice)
        titles = {n.notice_id: n.title for n in self.ctx.assistant.notices()}
        status = ("**未找到依据**：通知中没有找到答案，建议人工核实后回复。" if answer.abstained
                  else "**已找到依据**：请核对出处后发送。")
        scope = "；".join(answer.scope.reasons) if answer.scope and answer.scope.reasons else "未限定通知"
        status += decision_line(answer)
        eligibility = gr.update(visible=answer.assessment is not None, value=self.details(answer))
        return (draft_reply(answer), f"{status}　范围：{scope}", passage_rows(answer.passages, titles), eligibility)

    def details(self, answer: Answer) -> str:
        """The assessment for the helpdesk: with the rule ids and the notices' files (the draft reply,
        which goes to the applicant, has neither)."""
        if answer.assessment is None:
            return ""
        return self.ctx.assistant.eligibility().render(Assessment.model_validate(answer.assessment), details=True)

    def build(self, page: gr.Blocks) -> None:
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=300):
                message = gr.Textbox(label="申请人留言", lines=5, max_length=self.ctx.settings.web.max_question_chars,
                                     placeholder="把申请人的问题粘贴到这里", elem_id="copilot-message")
                notice = gr.Dropdown([ALL_NOTICES, *self.ctx.notice_choices()], value=ALL_NOTICES, label="限定通知",
                                     elem_id="copilot-notice")
                go = gr.Button("生成回复草稿", variant="primary", elem_id="copilot-go")
            with gr.Column(scale=3, min_width=300):
                status = gr.Markdown(elem_id="copilot-status")
                draft = gr.Textbox(label="回复草稿（可编辑，点右上角复制）", lines=10, buttons=["copy"],
                                   interactive=True, elem_id="copilot-draft")
                eligibility = gr.Markdown(visible=False, elem_id="copilot-eligibility", label="资格评估")
        passages = gr.Dataframe(headers=PASSAGE_HEADERS, label="检索到的段落（按相关度排序）", wrap=True,
                                interactive=False, column_widths=["4%", "7%", "10%", "18%", "16%", "5%", "40%"],
                                elem_id="copilot-passages", max_height=600)
        outputs = [draft, status, passages, eligibility]
        page.load(lambda: gr.update(choices=[ALL_NOTICES, *self.ctx.notice_choices()], value=ALL_NOTICES), None,
                  notice, api_visibility="private")
        go.click(self.draft, [message, notice], outputs, api_visibility="private", concurrency_limit=8)
        message.submit(self.draft, [message, notice], outputs, api_visibility="private", concurrency_limit=8)
