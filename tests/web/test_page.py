"""The page as built (no browser): which tabs exist, the form covers the schema, rendering escapes."""

from __future__ import annotations

import gradio as gr
import pytest

from assistant.eligibility import Profile
from assistant.models import Answer, Citation
from assistant.settings import WebSettings
from assistant.web.assess_form import UNSET, fields_not_shown, profile_of
from assistant.web.context import WebContext
from assistant.web.page import build_page
from assistant.web.render import chat_markdown, draft_reply


def _tab_labels(page: gr.Blocks) -> list[str]:
    return [c["props"].get("label") for c in page.config["components"] if c.get("type") == "tabitem"]


@pytest.mark.integration
def test_workbench_and_admin_tabs_only_with_a_password(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = WebContext.of(bundled.assistant)
    assert _tab_labels(build_page(ctx)) == ["咨询", "客服助手", "资格评估"]
    monkeypatch.setattr(bundled.assistant.settings, "web", WebSettings(admin_password="pw"))
    desk = ["咨询台工作台", "转人工", "标准答复", "知识缺口", "热门问题"]  # the workbench and its own tabs
    assert _tab_labels(build_page(ctx)) == ["咨询", "客服助手", "资格评估", *desk, "知识库管理"]


@pytest.mark.unit
def test_the_form_shows_every_profile_field() -> None:
    assert fields_not_shown() == set()


@pytest.mark.unit
def test_form_values_become_a_profile_and_blanks_stay_unknown() -> None:
    names = ["target_title", "education", "years_in_title", "work_years", "civil_servant", "retired", "education_also"]
    values = ["工程师", "本科", "5年", "", "否", "未说明", []]
    profile = profile_of(names, values, {})
    assert profile == Profile(target_title="工程师", education="本科", years_in_title=5, civil_servant=False)
    assert profile_of(["target_title"], [UNSET], {}).stated() == {}
    with pytest.raises(gr.Error):
        profile_of(["years_in_title"], ["五年多"], {})


@pytest.mark.unit
def test_rendering_escapes_notice_text_and_keeps_citations() -> None:
    cite = Citation(n=1, passage_id="p<1>", notice_id="n 1", notice_title="<script>alert(1)</script>通知",
                    section="六、有关事项", page=2, quote="费用<b>300元</b>")
    answer = Answer(question="q", text="**300元** [1]\n\n依据：\n[1] …", citations=[cite])
    html = chat_markdown(answer)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;300元" in html
    assert "<sup>[1]</sup>" in html and "第2页" in html and 'href="/notice/n%201#p-p%3C1%3E"' in html
    assert "依据：" not in html  # the page shows the citations itself
    draft = draft_reply(answer)
    assert draft.startswith("您好！300元 [1]") and "**" not in draft  # plain text, ready to paste
    assert draft.endswith("“费用<b>300元</b>”") and "\n出处：\n[1]《" in draft
    refused = draft_reply(Answer(question="q", text="**通知中没有写明**评审的通过率。", abstained=True))
    assert refused == "您好！通知中没有写明评审的通过率。"


@pytest.mark.integration
def test_region_and_notice_filters_decide_the_scope(bundled) -> None:
    from assistant.web.chat import ALL_NOTICES, ALL_REGIONS, ChatTab

    tab = ChatTab(WebContext.of(bundled.assistant))
    regions = tab.regions()
    assert "南通市" in regions and sum(len(ids) for ids in regions.values()) == len(bundled.assistant.notices())
    assert tab.scope_of("南通市", ALL_NOTICES) == ("000_0c0ecf8262729fd8", None)  # one notice there
    assert tab.scope_of(ALL_REGIONS, ALL_NOTICES) == (None, None)
    label = next(lbl for lbl in tab.notice_choices("南通市"))
    assert tab.notice_choices("南通市") == [label] and tab.scope_of(ALL_REGIONS, label)[0] == "000_0c0ecf8262729fd8"
    shown = tab.shown_suggestions("南通市", ALL_NOTICES)
    assert shown and all("南通" in q for [q] in shown)


@pytest.mark.unit
def test_each_field_gets_the_widget_its_type_needs() -> None:
    from assistant.web.assess_form import _kind

    assert _kind(Profile.model_fields["education_also"].annotation) == ("multi", ["博士", "硕士", "第二学士", "本科", "大专", "中专"])
    assert _kind(Profile.model_fields["education"].annotation)[0] == "choice"
    assert _kind(Profile.model_fields["retired"].annotation)[0] == "yesno"
    assert _kind(Profile.model_fields["years_in_title"].annotation)[0] == "number"
    assert _kind(Profile.model_fields["education_date"].annotation)[0] == "text"
    assert _kind(Profile.model_fields["series"].annotation)[0] == "text"


ACCEPTANCE = "我是本科毕业，2019年7月取得助理工程师，在南通一家民营钢厂做技术，能报今年的冶金工程中级吗？"


@pytest.mark.integration
def test_applicants_see_notice_titles_never_ids_or_file_names(bundled) -> None:
    """Issue 13, part 4: the chat, the draft reply and the assessment form name a notice by its title
    and section; the copilot's details and the API's JSON keep the rule ids and files."""
    from eligibility.shown import leaks, visible
    from fastapi.testclient import TestClient

    from assistant.web.assess_form import AssessTab
    from assistant.web.copilot import CopilotTab
    from assistant.web.server import create_app

    ctx = WebContext.of(bundled.assistant)
    answer = bundled.assistant.ask(ACCEPTANCE, generate=False)
    shown = chat_markdown(answer)
    assert answer.assessment is not None and "《南通市2024年度冶金工程中级评审》" in shown and answer.citations
    assert leaks(visible(shown)) == [] and leaks(draft_reply(answer)) == []
    details = CopilotTab(ctx).details(answer)
    assert "[baseline.engineer.bachelor]" in details and "000_0c0ecf8262729fd8.txt" in details
    tab = AssessTab(ctx)
    facts = {"target_title": "工程师", "education": "本科", "current_title": "助理工程师", "years_in_title": "5",
             "region": "南通"}
    form = tab.submit(*[facts.get(name) for name in tab.names])
    assert "可以申报" in form and leaks(form) == []
    fee = chat_markdown(bundled.assistant.ask("南通冶金工程中级职称评审费多少？", generate=False))
    assert "300元" in fee and leaks(visible(fee)) == []  # a plain answer's citations: titles, sections, pages
    api = TestClient(create_app(ctx)).post("/api/assess", json={"text": ACCEPTANCE}).json()
    assert leaks(api["text"]) == [] and api["assessment"]["reasons"][0]["rule_id"]
    assert any(s.get("file") for r in api["assessment"]["reasons"] for s in r["sources"])


@pytest.mark.integration
def test_the_question_box_is_emptied_once_and_a_question_sent_meanwhile_waits(bundled) -> None:
    """The reply's first piece empties the box; its later pieces leave it alone, so what the
    applicant types while a reply is written is kept. The send waits for that reply, not dropped."""
    from assistant.web.chat import ChatTab

    tab = ChatTab(WebContext.of(bundled.assistant))
    steps = list(tab.respond("南通冶金工程中级职称评审费多少？", [], None, None, {}))
    assert steps[0][1] == "" and len(steps) > 1
    assert all(step[1] == gr.update() for step in steps[1:])
    page = build_page(WebContext.of(bundled.assistant))
    modes = {d["trigger_mode"] for d in page.config["dependencies"]
             if any(t[1] in ("click", "submit") for t in d["targets"]) and "respond" in str(d.get("api_name", ""))}
    assert modes == {"always_last"}


@pytest.mark.integration
def test_an_empty_send_changes_nothing_and_says_nothing(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    """A send with an empty box, such as a double click's second, run after the first emptied the
    box, leaves the chat as it was and raises no warning after the reply."""
    from assistant.web.chat import ChatTab

    warned: list[str] = []
    monkeypatch.setattr(gr, "Warning", warned.append)
    tab = ChatTab(WebContext.of(bundled.assistant))
    history = [{"role": "user", "content": "评审费多少？"}, {"role": "assistant", "content": "300元"}]
    steps = list(tab.respond("  ", history, None, None, {"1": {}}))
    assert steps == [(history, "  ", {"1": {}}, gr.update())] and warned == []
