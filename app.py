"""The web page: a gradio chat over the knowledge base (embedded defaults: local Chroma, bundled notices).

Run ``python app.py`` (or ``make run``) and open http://127.0.0.1:7860.
"""

from __future__ import annotations

import os

import gradio as gr

from assistant.models import Answer
from assistant.pipeline import Assistant

QUESTION_TEMPLATES = [
    "{place}{series}职称网上申报是什么时候？",
    "{place}{series}职称的纸质材料要交到哪里？",
    "{place}{series}职称评审费是多少？",
    "{place}{series}职称的咨询电话是多少？",
]


def suggestions(assistant: Assistant, limit: int = 6) -> list[str]:
    """One example question per indexed notice, made from its place and series, that the notices
    really answer (each candidate is asked once; abstentions are not suggested)."""
    out = []
    for i, n in enumerate(assistant.notices()[:limit]):
        name = n.district or n.city or n.province or ""
        regions = assistant.gazetteer.by_name(name)
        place = (regions[0].short or name) if regions else name
        series = "".join(n.series[:1]) + "".join(n.levels[:1])
        rotated = QUESTION_TEMPLATES[i % len(QUESTION_TEMPLATES):] + QUESTION_TEMPLATES[: i % len(QUESTION_TEMPLATES)]
        for template in rotated:
            question = template.format(place=place, series=series)
            if not assistant.ask(question).abstained:
                out.append(question)
                break
    return out


def render(answer: Answer) -> str:
    """The reply as Markdown: the answer, then its sources folded under a summary line."""
    return answer.text


def _text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):  # gradio may send a list of content parts
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content or "")


def build(assistant: Assistant) -> gr.Blocks:
    notices = {f"{n.label()}（{n.notice_id}）": n.notice_id for n in assistant.notices()}

    def respond(message: str, history: list, notice_label: str | None) -> str:
        asked = [_text(m) for m in history if isinstance(m, dict) and m.get("role") == "user"]
        return render(assistant.ask(message, notice=notices.get(notice_label or ""), history=asked))

    with gr.Blocks(title="职称政策助手") as page:
        gr.Markdown("## 职称政策助手\n根据已收录的职称评审通知回答问题，每条回答都注明出处。")
        choice = gr.Dropdown(choices=["全部通知", *notices], value="全部通知", label="限定通知")
        gr.ChatInterface(respond, additional_inputs=[choice], examples=[[q, "全部通知"] for q in suggestions(assistant)],
                         chatbot=gr.Chatbot(height=480, label="对话"),
                         textbox=gr.Textbox(placeholder="请输入您的问题，例如：某市某专业中级职称什么时候网上申报？",
                                            show_label=False))
    return page


def main() -> None:
    assistant = Assistant()
    for result in assistant.ensure_bundled(lambda r: print(f"{r.status:<9} {os.path.basename(r.path)}", flush=True)):
        if result.status == "error":
            print(f"  {result.message}")
    build(assistant).launch(server_name=os.environ.get("ASSISTANT_HOST", "127.0.0.1"), server_port=7860)


if __name__ == "__main__":
    main()
