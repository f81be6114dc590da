"""The applicant's page for a conversation handed to the helpdesk: what was asked, and the reply."""

from __future__ import annotations

import html

from assistant.helpdesk.models import Handoff
from assistant.web.notice_page import STYLE

_EXTRA = """.q{background:#eef2f7;border-radius:8px;padding:8px 12px;margin:10px 0 4px}
.a{padding:4px 12px;white-space:pre-wrap;word-break:break-word;color:#3e4c59}
.reply{border:2px solid #2f80ed;border-radius:8px;padding:10px 14px;margin:18px 0;white-space:pre-wrap;word-break:break-word}
.wait{border:2px dashed #9aa5b1;border-radius:8px;padding:10px 14px;margin:18px 0;color:#52606d}"""


def handoff_html(handoff: Handoff) -> str:
    turns = "\n".join(
        f'<div class="q"><b>您的问题：</b>{html.escape(t.question)}</div><div class="a">{html.escape(t.answer)}</div>'
        for t in handoff.conversation
    )
    if handoff.reply:
        when = html.escape((handoff.replied_at or "")[:16].replace("T", " "))
        status = (f'<div class="reply" id="handoff-reply"><b>咨询台回复</b>（{html.escape(handoff.replied_by or "咨询台")}，'
                  f"{when}）：\n{html.escape(handoff.reply)}</div>")
    else:
        status = '<div class="wait" id="handoff-wait">咨询台尚未回复。工作人员回复后，刷新或再次打开本页即可看到。</div>'
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>咨询台回复</title><style>{STYLE}{_EXTRA}</style></head><body>"
        f'<h1>您转人工的咨询</h1><p class="meta">提交时间：{html.escape(handoff.created_at[:16].replace("T", " "))}</p>'
        f"{status}<h2 class=\"meta\">对话记录</h2>{turns}<p class=\"meta\"><a href=\"/\">返回职称政策助手</a></p></body></html>"
    )
