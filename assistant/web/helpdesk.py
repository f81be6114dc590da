"""The helpdesk's workbench (behind the admin password): the 转人工 queue with the copilot's draft,
replies that can become curated answers, the curated answers to review, the knowledge-gap report and
the hot questions."""

from __future__ import annotations

import html
from datetime import date, timedelta

import gradio as gr

from assistant.helpdesk.curated import status
from assistant.helpdesk.gaps import gap_report
from assistant.helpdesk.handoff import is_token
from assistant.helpdesk.models import STATUS_LABELS, Curated, Handoff
from assistant.web.admin import AdminTab, login_form
from assistant.web.context import WebContext
from assistant.web.render import draft_reply
from assistant.web.sessions import GAPS_PATH, client_of

# what staff must see first leads (a phone shows two or three columns without scrolling)
QUEUE_HEADERS = ["最后的问题", "提交时间", "轮数", "通知", "编号"]
CURATED_HEADERS = ["编号", "状态", "问题", "答复", "通知", "作者", "复核日期"]
GAP_HEADERS = ["典型问题", "次数", "拒答", "差评", "通知", "问题类型", "每日次数"]
HOT_HEADERS = ["问题", "次数", "已回答", "通知"]


class HelpdeskTab:
    def __init__(self, ctx: WebContext, gate: AdminTab) -> None:
        self.ctx, self.gate = ctx, gate

    # ---- the queue --------------------------------------------------------------------------
    def queue_rows(self) -> list[list]:
        return [[h.conversation[-1].question, h.created_at[:16].replace("T", " "), len(h.conversation), h.notice or "",
                 h.token] for h in self.ctx.helpdesk.handoffs.listed()]

    def open_handoff(self, token: str, session: str | None):
        """The conversation, the copilot's draft for its last question, and what a curated answer would rest on."""
        self.gate._require(session)
        handoff = self.ctx.helpdesk.handoffs.get(token)
        if handoff is None:
            raise gr.Error("没有这条转人工记录（可能已回复），请刷新列表。")
        last = handoff.conversation[-1]
        notice = handoff.notice or (last.scope[0] if len(last.scope) == 1 else None)
        draft = self.ctx.assistant.ask(last.question, notice=notice)
        variants = "\n".join(dict.fromkeys(t.question for t in handoff.conversation if t.abstained) or [last.question])
        return (conversation_markdown(handoff), draft_reply(draft), variants, self._notice_label(notice),
                {"token": token, "passages": [c.passage_id for c in draft.citations if c.kind == "notice"]})

    def _notice_label(self, notice_id: str | None):
        labels = {v: k for k, v in self.ctx.notice_choices().items()}
        return gr.update(choices=list(labels.values()), value=labels.get(notice_id or ""))

    def send(self, reply: str, staff: str, curate: bool, variants: str, notice_label: str | None, review: str,
             opened: dict, session: str | None):
        """Reply to the applicant; with 存为标准答复, the reply becomes a curated answer too."""
        self.gate._require(session)
        token = str((opened or {}).get("token") or "")
        if not is_token(token):
            raise gr.Error("请先在列表中点选一条转人工记录。")
        if not (reply or "").strip():
            raise gr.Error("回复内容不能为空。")
        item = self._curated(reply, staff, variants, notice_label, review, opened) if curate else None
        if self.ctx.helpdesk.handoffs.reply(token, reply, staff or "咨询台") is None:
            raise gr.Error("这条记录已不存在，请刷新列表。")
        if item is not None:
            item = self.ctx.helpdesk.curated.add(item)
        done = "已回复，申请人打开其链接即可看到。" + (f"已存为标准答复 #{item.id}。" if item else "")
        return self.queue_rows(), self.curated_rows(), done, "", {}

    def _curated(self, reply: str, staff: str, variants: str, notice_label: str | None, review: str,
                 opened: dict) -> Curated:
        notice_id = self.ctx.notice_choices().get(notice_label or "")
        meta = self.ctx.assistant.store.notice(notice_id) if notice_id else None
        if meta is None:
            raise gr.Error("存为标准答复需要选择它所依据的通知。")
        try:
            review_date = date.fromisoformat((review or "").strip())
        except ValueError:
            raise gr.Error("复核日期格式应为 YYYY-MM-DD。") from None
        passages = self.ctx.assistant.store.get_passages(opened.get("passages", []))
        kept = [pid for pid in opened.get("passages", []) if pid in passages and passages[pid].notice_id == meta.notice_id]
        try:
            return Curated(author=(staff or "").strip() or "咨询台", review_date=review_date, notice_id=meta.notice_id,
                           notice_sha256=meta.sha256, variants=(variants or "").splitlines(), answer=reply.strip(),
                           passage_ids=kept, quotes=[passages[p].text for p in kept])
        except ValueError as exc:
            raise gr.Error(f"标准答复不完整：{exc}") from None

    # ---- curated answers ----------------------------------------------------------------------
    def curated_rows(self) -> list[list]:
        notices = {n.notice_id: n for n in self.ctx.assistant.notices()}
        return [[c.id, STATUS_LABELS[status(c, notices)], "｜".join(c.variants), c.answer, c.notice_id, c.author,
                 c.review_date.isoformat()] for c in self.ctx.helpdesk.curated.all()]

    def review(self, curated_id: float | None, action: str, session: str | None):
        """复核通过 (used again: the notice as it is now, a new review date) or 停用."""
        self.gate._require(session)
        item = self.ctx.helpdesk.curated.get(int(curated_id or 0))
        if item is None:
            raise gr.Error("请在表格中点选一条标准答复。")
        if action == "retire":
            self.ctx.helpdesk.curated.change(item.id or 0, retired=True)
        else:
            meta = self.ctx.assistant.store.notice(item.notice_id)
            if meta is None:
                raise gr.Error("它所依据的通知已删除：请停用，或针对新通知另写标准答复。")
            self.ctx.helpdesk.curated.change(item.id or 0, notice_sha256=meta.sha256, retired=False,
                                             review_date=self.new_review_date())
        return self.curated_rows()

    def new_review_date(self) -> date:
        return date.today() + timedelta(days=self.ctx.settings.helpdesk.review_days)

    # ---- reports ------------------------------------------------------------------------------
    def gaps(self, days: float | None, session: str | None, request: gr.Request):
        self.gate._require(session, request)
        report = gap_report(self.ctx.assistant, int(days or self.ctx.settings.helpdesk.report_days))
        rows = [[c.label, c.count, c.abstained, c.poorly_rated, _counts(c.notices), _counts(c.kinds), _counts(c.by_day)]
                for c in report.clusters]
        assert session is not None  # checked by _require
        period = int(days or self.ctx.settings.helpdesk.report_days)
        link = {fmt: f"{GAPS_PATH}/{self.ctx.sessions.ticket(session, client_of(request))}.{fmt}?days={period}"
                for fmt in ("csv", "xlsx")}
        summary = (f"{report.total} 个问题，{len(report.clusters)} 组（{report.since} 至 {report.until}）。"
                   f"导出：[CSV]({link['csv']})　[XLSX]({link['xlsx']})　"
                   f"（每个链接 {self.ctx.sessions.web.export_link_s:g} 秒内有效，只能使用一次）")
        return rows, summary

    def hot_rows(self, days: float | None = None) -> list[list]:
        labels = {n.notice_id: n.label() for n in self.ctx.assistant.notices()}
        hot = self.ctx.helpdesk.questions.hot(int(days or self.ctx.settings.helpdesk.report_days), limit=30)
        return [[h.question, h.count, f"{h.answered:.0%}", labels.get(h.notice or "", h.notice or "")] for h in hot]

    # ---- events -------------------------------------------------------------------------------
    def refresh(self, session: str | None) -> tuple[list[list], list[list], list[list]]:
        """The queue, the curated answers' states and the hot questions as they are now."""
        self.gate._require(session)
        return self.queue_rows(), self.curated_rows(), self.hot_rows()

    def select_handoff(self, evt: gr.SelectData, session: str | None):
        if not evt.row_value:
            return gr.skip()
        return self.open_handoff(str(evt.row_value[QUEUE_HEADERS.index("编号")]), session)

    @staticmethod
    def select_curated(evt: gr.SelectData):
        return evt.row_value[0] if evt.row_value else None

    # ---- layout -------------------------------------------------------------------------------
    async def login(self, password: str, request: gr.Request):
        session, login_box, panel, _, message = await self.gate.login(password, request)
        ready = session is not None
        return (session, login_box, panel, self.queue_rows() if ready else [], self.curated_rows() if ready else [],
                self.hot_rows() if ready else [], message)

    def build(self) -> None:
        session = gr.State(None)
        opened = gr.State({})
        login_box, password, login, message = login_form(
            "desk", "咨询台工作台：处理转人工、维护标准答复、查看知识缺口。请输入管理员密码。")
        with gr.Column(visible=False, elem_id="desk-panel") as panel:
            refresh = gr.Button("刷新", size="sm", elem_id="desk-refresh")
            with gr.Tabs():
                with gr.Tab("转人工", id="desk-queue"):
                    queue = gr.Dataframe(headers=QUEUE_HEADERS, label="待回复（点选一行处理）", wrap=True, interactive=False,
                                         elem_id="desk-queue-table")
                    conversation = gr.Markdown(elem_id="desk-conversation")
                    reply = gr.Textbox(label="回复（已按通知生成草稿，可修改）", lines=8, max_length=4000, elem_id="desk-reply")
                    with gr.Row():
                        staff = gr.Textbox(label="回复人", max_length=100, elem_id="desk-staff", scale=1)
                        curate = gr.Checkbox(label="同时存为标准答复", elem_id="desk-curate", scale=1)
                    with gr.Row():
                        variants = gr.Textbox(label="标准答复对应的问法（每行一个）", lines=3, elem_id="desk-variants", scale=3)
                        notice = gr.Dropdown([], label="所依据的通知", elem_id="desk-notice", scale=2)
                        review = gr.Textbox(value=lambda: self.new_review_date().isoformat(), label="复核日期",
                                            elem_id="desk-review", scale=1)
                    send = gr.Button("发送回复", variant="primary", elem_id="desk-send")
                    sent = gr.Markdown(elem_id="desk-sent")
                with gr.Tab("标准答复", id="desk-curated"):
                    curated = gr.Dataframe(headers=CURATED_HEADERS, label="标准答复（状态不是“使用中”的需要复核）", wrap=True,
                                           interactive=False, elem_id="desk-curated-table")
                    with gr.Row():
                        chosen = gr.Number(label="编号", precision=0, elem_id="desk-curated-id")
                        confirm = gr.Button("复核通过", elem_id="desk-confirm")
                        retire = gr.Button("停用", variant="stop", elem_id="desk-retire")
                with gr.Tab("知识缺口", id="desk-gaps"):
                    with gr.Row():
                        days = gr.Number(value=self.ctx.settings.helpdesk.report_days, label="最近天数", precision=0,
                                         minimum=1, maximum=3650, elem_id="desk-days")
                        make = gr.Button("生成报告", variant="primary", elem_id="desk-gaps-go")
                    links = gr.Markdown(elem_id="desk-gaps-links")
                    gaps = gr.Dataframe(headers=GAP_HEADERS, label="通知未能回答或评价差的问题（按相似问法分组）", wrap=True,
                                        interactive=False, elem_id="desk-gaps-table")
                with gr.Tab("热门问题", id="desk-hot"):
                    hot = gr.Dataframe(headers=HOT_HEADERS, label="最常被问到的问题", wrap=True, interactive=False,
                                       elem_id="desk-hot-table")
        outs = [session, login_box, panel, queue, curated, hot, message]
        login.click(self.login, password, outs, api_visibility="private")
        password.submit(self.login, password, outs, api_visibility="private")
        refresh.click(self.refresh, session, [queue, curated, hot], api_visibility="private")
        queue.select(self.select_handoff, [session], [conversation, reply, variants, notice, opened],
                     api_visibility="private")
        send.click(self.send, [reply, staff, curate, variants, notice, review, opened, session],
                   [queue, curated, sent, conversation, opened], api_visibility="private", concurrency_limit=4)
        curated.select(self.select_curated, None, chosen, api_visibility="private")
        confirm.click(lambda c, s: self.review(c, "confirm", s), [chosen, session], curated, api_visibility="private")
        retire.click(lambda c, s: self.review(c, "retire", s), [chosen, session], curated, api_visibility="private")
        make.click(self.gaps, [days, session], [gaps, links], api_visibility="private", concurrency_limit=1)


def conversation_markdown(handoff: Handoff) -> str:
    parts = [f"**提交时间**：{handoff.created_at[:16].replace('T', ' ')}"]
    for i, t in enumerate(handoff.conversation, 1):
        mark = "（未能回答）" if t.abstained else ""
        parts.append(f"**问{i}**：{html.escape(t.question)}\n\n**答{i}**{mark}：{html.escape(t.answer)}")
    return "\n\n".join(parts)


def _counts(counts: dict[str, int]) -> str:
    return "；".join(f"{k}:{v}" for k, v in counts.items())

