"""How answers look on the page: the reply with numbered citations that fold open to the quote.

Everything taken from a notice or a question is HTML-escaped before it is put in markup: notice text
is data, never markup.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from assistant.answer.decision import GATE_LABELS
from assistant.models import Answer, Citation, ScoredPassage

SOURCES_HEADING = "\n依据："  # where the extractive answer's own plain-text source list starts
_REF = re.compile(r"\[(\d{1,2})\]")


def body(answer: Answer) -> str:
    """The reply without its plain-text source list (the page shows the citations itself)."""
    return answer.text.split(SOURCES_HEADING, 1)[0].rstrip() if answer.citations else answer.text


def notice_link(notice_id: str, passage_id: str | None = None) -> str:
    anchor = f"#p-{quote(passage_id)}" if passage_id else ""
    return f"/notice/{quote(notice_id)}{anchor}"


def citation_html(c: Citation) -> str:
    """One citation, folded: the summary names the notice, section and page; opened, it shows the quote."""
    where = f"《{html.escape(c.notice_title)}》{html.escape(c.section)} · 第{c.page}页"
    return (
        f'<details class="cite" id="cite-{c.n}"><summary><b>[{c.n}]</b> {where}</summary>'
        f"<blockquote>{html.escape(c.quote)}</blockquote>"
        f'<a href="{notice_link(c.notice_id, c.passage_id)}" target="_blank" rel="noopener">打开通知原文 ↗</a>'
        f"</details>"
    )


def chat_markdown(answer: Answer) -> str:
    """The reply as shown in the chat: text with [n] marks, then the folded citations."""
    text = html.escape(body(answer), quote=False)
    text = _REF.sub(lambda m: f"<sup>[{m.group(1)}]</sup>", text)
    end = '<span class="reply-end"></span>'  # the final message, not a streamed piece
    if not answer.citations:
        return f"{text}\n\n{end}"
    cites = "\n".join(citation_html(c) for c in answer.citations)
    return f"{text}\n\n<div class=\"cites\"><b>出处</b>（点开查看原文）\n{cites}\n</div>{end}"


GREETING = "您好！"
_MARKUP = re.compile(r"\*\*|__|^#+\s*|^>\s*", re.MULTILINE)


def plain(text: str) -> str:
    """Markdown emphasis, headings and quote marks taken out: text to paste into any reply box."""
    return _MARKUP.sub("", text)


def draft_reply(answer: Answer) -> str:
    """A reply a helpdesk can paste as it is: a greeting, the answer in plain text, then the sources."""
    lines = [GREETING + plain(body(answer)).strip()]
    if answer.citations:
        lines += ["", "出处："]
        lines += [f"[{c.n}]《{c.notice_title}》{c.section}{f'，第{c.page}页' if c.page else ''}：“{c.quote}”"
                  for c in answer.citations]
    return "\n".join(lines)


def passage_rows(passages: list[ScoredPassage], titles: dict[str, str]) -> list[list]:
    """The retrieved passages as table rows: rank, score, found by, notice, section, page, text."""
    found = {"lexical": "关键词", "vector": "向量"}
    return [
        [i, round(sp.score, 3), "+".join(found[f] for f in sp.found_by) or "通知全文",
         titles.get(sp.passage.notice_id, sp.passage.notice_id), sp.passage.section_label, sp.passage.page,
         sp.passage.text]
        for i, sp in enumerate(passages, 1)
    ]


def decision_line(answer: Answer) -> str:
    """For the helpdesk: how sure the assistant is, against what it needs, what it noticed, and for
    a yes/no question the verdict it states (or that it states none: the quote must be read)."""
    d = answer.decision
    verdict = _verdict_note(answer)
    if d is None:
        return verdict
    sure = f"　置信度 {d.probability:.2f}（回答需 ≥ {d.threshold:.2f}）" if d.probability is not None else ""
    noticed = "、".join(GATE_LABELS.get(r, r) for r in d.reasons)
    return sure + (f"　注意：{noticed}" if noticed else "") + verdict


def _verdict_note(answer: Answer) -> str:
    if answer.abstained or answer.kind != "yesno":
        return ""
    said = {"yes": "是", "no": "否"}.get(answer.verdict or "")
    return f"　是否：{said}" if said else "　是否：未下结论（原文是否允许不明确，请读引文）"
