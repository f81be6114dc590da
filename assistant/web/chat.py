"""The applicant's tab: chat with progressive answers, folded citations, suggestions, filters, ratings
(👍/👎, then five levels with reasons) and 转人工 (the conversation handed to the helpdesk)."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr

from assistant.helpdesk.handoff import turn_of
from assistant.helpdesk.models import LEVELS, TAGS
from assistant.helpdesk.ratings import THUMBS, rating_of
from assistant.models import Answer
from assistant.web.context import WebContext
from assistant.web.render import chat_markdown
from assistant.web.suggest import Suggestions

ALL_REGIONS = "全部地区"
ALL_NOTICES = "全部通知"
SUGGESTIONS_LABEL = "可以这样问（点击即问）"
WELCOME = (
    "您好！我根据已收录的职称评审通知回答问题，例如**申报时间、评审费、材料份数、报送地址、装订要求**，"
    "每条回答都注明出处。通知里没有写的，我会直接告诉您。"
)


HANDOFF_HINT = "\n\n<small>需要进一步帮助？可以点击下方“转人工”，把问题交给咨询台工作人员。</small>"
LEVEL_CHOICES = [LEVELS[k] for k in sorted(LEVELS, reverse=True)]
LEVEL_OF = {label: level for level, label in LEVELS.items()}


def handoff_link(token: str) -> str:
    return f"/c/{token}"


def message_text(message: dict) -> str:
    """The text of a chat message (gradio may send content as a list of parts)."""
    content = message.get("content")
    if isinstance(content, list):
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content or "")


def capped(history: list, answers: dict, turns: int) -> tuple[list, dict]:
    """The last ``turns`` turns of the chat (a turn starts at an applicant's message), and the rated
    answers moved to their messages' new places. The API takes at most 50 earlier turns; the page
    keeps as many, so a page event cannot carry (and re-send with every streamed piece) thousands."""
    starts = [i for i, m in enumerate(history) if isinstance(m, dict) and m.get("role") == "user"]
    if len(starts) <= turns:
        return history, answers
    cut = starts[-turns] if turns > 0 else len(history)
    moved = {str(int(k) - cut): v for k, v in answers.items() if str(k).isdigit() and int(k) >= cut}
    return history[cut:], moved


class ChatTab:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        self.suggestions = Suggestions(ctx.assistant, ctx.settings.web.suggestions_per_notice)

    # ---- filters ------------------------------------------------------------------------------
    def regions(self) -> dict[str, list[str]]:
        """Region name → notice ids, for the region filter."""
        out: dict[str, list[str]] = {}
        for n in self.ctx.assistant.notices():
            out.setdefault(n.city or n.province or "未识别地区", []).append(n.notice_id)
        return out

    def notice_choices(self, region: str | None) -> list[str]:
        ids = set(self.regions().get(region or "", [])) if region and region != ALL_REGIONS else None
        return [label for label, nid in self.ctx.notice_choices().items() if ids is None or nid in ids]

    def scope_of(self, region: str | None, notice_label: str | None) -> tuple[str | None, str | None]:
        """(notice id, region to read the question in) from the two filters."""
        notice = self.ctx.notice_choices().get(notice_label or "")
        if notice:
            return notice, None
        ids = self.regions().get(region or "", [])
        if len(ids) == 1:
            return ids[0], None
        return None, region if ids else None

    def shown_suggestions(self, region: str | None, notice_label: str | None) -> list[list[str]]:
        notice, _ = self.scope_of(region, notice_label)
        ids = [notice] if notice else (self.regions().get(region or "") or None)
        return [[q] for q in self.suggestions.for_notices(ids)]

    # ---- answering ----------------------------------------------------------------------------
    def respond(self, message: str, history: list, region: str | None, notice_label: str | None, answers: dict):
        """Stream the reply into the chat; the final message carries the folded citations."""
        question = (message or "").strip()
        if not question:  # nothing to ask; also a second send (a double click) run after the first emptied the box
            yield history, message, answers, gr.update()
            return
        limit = self.ctx.settings.web.max_question_chars
        if len(question) > limit:
            gr.Warning(f"问题太长（{len(question)} 字），请控制在 {limit} 字以内。")
            yield history, message, answers, gr.update()
            return
        turns = self.ctx.settings.web.max_history_turns
        history, answers = capped([m for m in history if isinstance(m, dict)], answers, turns - 1)
        earlier = [message_text(m) for m in history if m.get("role") == "user"]
        notice, region_hint = self.scope_of(region, notice_label)
        asked = f"{region_hint}：{question}" if region_hint else question
        history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": "正在查找通知原文…"}]
        yield history, "", answers, gr.update()  # the box is emptied once: what is typed meanwhile stays
        written = ""
        for event in self.ctx.assistant.stream(asked, notice, history=earlier):
            if isinstance(event, Answer):
                self.ctx.helpdesk.questions.record(event)
                shown = chat_markdown(event) + (HANDOFF_HINT if event.abstained else "")
                history[-1] = {"role": "assistant", "content": shown}
                answers = {**answers, str(len(history) - 1): {"answer": event.model_dump(mode="json"), "notice": notice}}
                yield history, gr.update(), answers, self._next_questions(event, region, notice_label)
            else:
                written += event
                history[-1] = {"role": "assistant", "content": html.escape(written, quote=False)}
                yield history, gr.update(), answers, gr.update()

    def _next_questions(self, answer: Answer, region: str | None, notice_label: str | None):
        """After a reply that asks which notice is meant, the choices replace the suggestions."""
        if answer.clarify:
            return gr.update(samples=[[c] for c in answer.clarify], label="请选择您问的是哪一份通知（点击即答）")
        return gr.update(samples=self.shown_suggestions(region, notice_label), label=SUGGESTIONS_LABEL)

    def feedback(self, data: gr.LikeData, answers: dict, last: dict):
        """Record 👍 (满意) or 👎 (不满意) at once; the panel then lets the applicant say more, and
        what they choose revises the same record."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        entry = answers.get(str(index))
        if entry is None or data.liked is None:
            return last, gr.update(visible=False), gr.update(), gr.update()
        answer = Answer.model_validate(entry["answer"])
        level = THUMBS[1 if data.liked else -1]
        rating_id = self.ctx.helpdesk.ratings.record(rating_of(answer, level, entry.get("notice")))
        gr.Info("谢谢您的反馈！可以在下方选择评价等级和原因。")
        return {"id": rating_id}, gr.update(visible=True), gr.update(value=LEVELS[level]), gr.update(value=[])

    def rate(self, level: str | None, tags: list[str] | None, reason: str | None, last: dict):
        """Revise the rating just given with the chosen level, reasons and comment."""
        if last.get("id"):
            self.ctx.helpdesk.ratings.revise(last["id"], level=LEVEL_OF.get(level or ""),
                                             tags=[t for t in tags or [] if t in TAGS], reason=(reason or "").strip())
            gr.Info("已记录，谢谢！")
        return gr.update(visible=False), gr.update(value="")

    def hand_over(self, answers: dict, region: str | None, notice_label: str | None):
        """转人工: the conversation so far goes to the helpdesk's queue; the applicant gets a link."""
        ordered = [answers[k] for k in sorted(answers, key=lambda k: int(k)) if str(k).isdigit()]
        if not ordered:
            gr.Warning("请先提出您的问题，再转人工。")
            return gr.update()
        turns = [turn_of(Answer.model_validate(e["answer"])) for e in ordered]
        handoff = self.ctx.helpdesk.handoffs.open(turns, self.scope_of(region, notice_label)[0])
        link = handoff_link(handoff.token)
        return gr.update(visible=True, value=(
            f"已转交咨询台。工作人员回复后，打开这个链接即可查看（请收藏或复制保存，不要分享给他人）：\n\n"
            f"[{link}]({link})"))

    # ---- layout -------------------------------------------------------------------------------
    def fresh(self):
        """The filters and suggestions as the index is now (a page load after an upload sees it)."""
        return (gr.update(choices=[ALL_REGIONS, *self.regions()], value=ALL_REGIONS),
                gr.update(choices=[ALL_NOTICES, *self.notice_choices(None)], value=ALL_NOTICES),
                gr.update(samples=self.shown_suggestions(None, None)))

    def build(self, page: gr.Blocks) -> None:
        with gr.Row(equal_height=True):
            region = gr.Dropdown([ALL_REGIONS, *self.regions()], value=ALL_REGIONS, label="地区", scale=1, min_width=140)
            notice = gr.Dropdown([ALL_NOTICES, *self.notice_choices(None)], value=ALL_NOTICES, label="通知", scale=3)
        chatbot = gr.Chatbot(
            value=[], placeholder=WELCOME, label="对话", height="60vh", min_height=360,
            elem_id="chat", buttons=["copy"], feedback_options=("Like", "Dislike"), sanitize_html=True,
        )
        with gr.Column(visible=False, elem_id="rating") as rating_box:
            level = gr.Radio(LEVEL_CHOICES, label="您对这条回答的评价", elem_id="rating-level")
            tags = gr.CheckboxGroup(list(TAGS), label="不满意的原因（可多选）", elem_id="rating-tags")
            reason = gr.Textbox(label="补充说明（可选，回车提交）", max_length=1000, elem_id="reason")
            rate = gr.Button("提交评价", size="sm", elem_id="rating-submit")
        with gr.Row(equal_height=True):
            box = gr.Textbox(placeholder="请输入问题，如：评审费多少？", show_label=False,
                             scale=5, max_length=self.ctx.settings.web.max_question_chars, elem_id="question",
                             autofocus=True, submit_btn=False)
            send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="send")
        examples = gr.Dataset(components=[gr.Textbox(visible=False)], samples=self.shown_suggestions(None, None),
                              label=SUGGESTIONS_LABEL, elem_id="suggestions", type="values", layout="gallery")
        with gr.Row():
            handoff = gr.Button("转人工", size="sm", variant="secondary", elem_id="handoff")
            clear = gr.Button("新对话", size="sm", variant="secondary")
        handed = gr.Markdown(visible=False, elem_id="handoff-link")
        answers, last = gr.State({}), gr.State({})

        # "always_last": a question sent while the reply before it is still being written runs when that
        # reply ends (gradio's default, "once", drops it while the box still shows it as if sent)
        ask: dict[str, Any] = dict(  # Any: gradio's event listeners type each keyword differently
            fn=self.respond, inputs=[box, chatbot, region, notice, answers], outputs=[chatbot, box, answers, examples],
            api_visibility="private", concurrency_limit=8, trigger_mode="always_last")
        box.submit(**ask)
        send.click(**ask)
        examples.click(lambda sample: sample[0], examples, box, api_visibility="private").then(**ask)
        chatbot.like(self.feedback, [answers, last], [last, rating_box, level, tags], api_visibility="private")
        for trigger in (reason.submit, rate.click):
            trigger(self.rate, [level, tags, reason, last], [rating_box, reason], api_visibility="private")
        handoff.click(self.hand_over, [answers, region, notice], handed, api_visibility="private")
        region.change(self._on_region, region, [notice, examples], api_visibility="private")
        notice.change(lambda r, n: gr.update(samples=self.shown_suggestions(r, n)), [region, notice], examples,
                      api_visibility="private")
        page.load(self.fresh, None, [region, notice, examples], api_visibility="private")
        clear.click(lambda: ([], {}), None, [chatbot, answers],
                    api_visibility="private")

    def _on_region(self, region: str):
        return (gr.update(choices=[ALL_NOTICES, *self.notice_choices(region)], value=ALL_NOTICES),
                gr.update(samples=self.shown_suggestions(region, None)))
