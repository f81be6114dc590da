"""The page: tabs over one assistant (the helpdesk workbench and the admin tab only when a password is set)."""

from __future__ import annotations

import gradio as gr

from assistant.web.admin import AdminTab
from assistant.web.assess_form import AssessTab
from assistant.web.chat import ChatTab
from assistant.web.context import WebContext
from assistant.web.copilot import CopilotTab
from assistant.web.helpdesk import HelpdeskTab

TITLE = "职称政策助手"
# gradio applies a rule for .gradio-container itself only at the top level (inside @media it prefixes
# the selector with the container, so it matches nothing): the container's width:100% keeps the page
# within a phone's width (without it the page was 518 px wide at 390)
CSS = """
.gradio-container{max-width:1180px !important;width:100% !important;margin:auto;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif}
#chat .message{line-height:1.7}
details.cite{border:1px solid var(--border-color-primary);border-radius:6px;padding:4px 8px;margin:4px 0}
details.cite summary{cursor:pointer;word-break:break-all}
details.cite blockquote{margin:6px 0;padding-left:8px;border-left:3px solid #f0b429;white-space:pre-wrap}
#suggestions .gallery-item{white-space:normal}
#copilot-passages,#admin-notices,#admin-results,#admin-rules-clauses,#desk-queue-table,#desk-curated-table,#desk-gaps-table,#desk-hot-table{max-width:calc(100vw - 24px);overflow-x:auto}
@media (max-width:640px){.gradio-container{padding:4px !important}#chat{height:58vh !important}}
"""


def build_page(ctx: WebContext) -> gr.Blocks:
    admin = AdminTab(ctx)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        gr.Markdown(f"## {TITLE}\n根据已收录的职称评审通知回答申报问题，每条回答都注明出处（通知、章节、页码）。")
        with gr.Tabs():
            with gr.Tab("咨询", id="chat", elem_id="tab-chat"):
                ChatTab(ctx).build(page)
            with gr.Tab("客服助手", id="copilot", elem_id="tab-copilot"):
                CopilotTab(ctx).build(page)
            with gr.Tab("资格评估", id="assess", elem_id="tab-assess"):
                AssessTab(ctx).build()
            if admin.enabled:
                with gr.Tab("咨询台工作台", id="desk", elem_id="tab-desk"):
                    HelpdeskTab(ctx, admin).build()
                with gr.Tab("知识库管理", id="admin", elem_id="tab-admin"):
                    admin.build()
        gr.Markdown("<small>回答摘自各地发布的通知原文，仅供参考；以发文单位的正式通知和评委会解释为准。</small>")
    return page
