"""The page in headless Chromium: what an applicant, a helpdesk and an administrator do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.web.conftest import ADMIN_PASSWORD, WIDTHS

pytestmark = pytest.mark.browser
HOLDOUT_PDF = Path(__file__).resolve().parents[2] / "eval" / "holdout" / "pdf" / "101_huzhou_dianzi.pdf"


BOTS = "#chat [data-testid='bot']"


def ask(page, question: str) -> None:
    """Type a question, send it, and wait for the final reply (not a piece streamed before it)."""
    before = page.locator(BOTS).count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(
        "([sel, n]) => { const b = document.querySelectorAll(sel); const last = b[b.length - 1];"
        " return b.length > n && last.querySelector('.reply-end'); }", arg=[BOTS, before])


def last_reply(page):
    return page.locator(BOTS).last


def shoot(page, screenshots: Path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_ask_see_the_answer_and_open_a_citation(page, screenshots) -> None:
    ask(page, "南通冶金工程中级职称评审费多少？")
    reply = last_reply(page)
    reply.get_by_text("300元/人").first.wait_for()
    cite = reply.locator("details.cite").first
    assert "第1页" in cite.locator("summary").inner_text() and "冶金工程" in cite.locator("summary").inner_text()
    cite.locator("summary").click()
    assert "300元/人" in cite.locator("blockquote").inner_text()
    shoot(page, screenshots, "chat")
    with page.context.expect_page() as opened:
        cite.get_by_text("打开通知原文").click()
    notice = opened.value
    notice.wait_for_load_state()
    assert "/notice/000_0c0ecf8262729fd8#p-" in notice.url
    assert "300元/人" in notice.locator(":target").inner_text()  # the cited passage is the one jumped to


def test_follow_up_stays_with_the_notice(page) -> None:
    ask(page, "南通冶金工程中级职称评审费多少？")
    ask(page, "那纸质材料什么时候报送？")
    reply = last_reply(page)
    assert "7月25日" in reply.inner_text()
    titles = reply.locator("details.cite summary").all_inner_texts()
    assert titles and all("冶金工程" in t for t in titles)


def test_a_question_sent_before_the_last_reply_ends_is_answered_too(page) -> None:
    """Sent while the reply before it is still being written, a question waits its turn: it is
    neither dropped nor wiped from the box by the reply's later pieces."""
    page.locator("#question textarea").fill("南通冶金工程中级职称评审费多少？")
    page.locator("#send").click()
    page.locator("#chat").get_by_text("南通冶金工程中级职称评审费多少？").wait_for()
    page.locator("#question textarea").fill("那纸质材料什么时候报送？")
    page.locator("#send").click()
    page.wait_for_function("() => document.querySelectorAll('#chat .reply-end').length >= 2")
    assert "7月25日" in last_reply(page).inner_text()
    assert page.locator("#question textarea").input_value() == ""


def test_a_question_the_notices_do_not_answer_says_so(page) -> None:
    ask(page, "南通冶金工程中级职称评审的通过率是多少？")
    reply = last_reply(page)
    assert reply.locator("details.cite").count() == 0
    assert "没有" in reply.inner_text() or "未" in reply.inner_text()


def test_suggested_question_and_feedback(page, server, feedback_rows) -> None:
    before = feedback_rows()
    page.locator("#suggestions button, #suggestions .gallery-item").first.click()
    page.wait_for_function("() => document.querySelectorAll(\"#chat details.cite\").length > 0")
    page.locator(BOTS).last.hover()
    page.locator("#chat button[aria-label='踩']").last.click()
    page.locator("#rating").wait_for(state="visible")
    page.locator("#rating-level").get_by_text("非常不满意").click()
    page.locator("#rating-tags").get_by_text("内容缺失").click()
    page.locator("#reason textarea, #reason input").first.fill("没有说明缴费方式")
    page.locator("#rating-submit").click()
    page.locator("#rating").wait_for(state="hidden")
    rows = feedback_rows()[len(before):]
    assert [(r["level"], r["tags"], r["reason"]) for r in rows] == [(1, ["内容缺失"], "没有说明缴费方式")]
    assert rows[0]["citations"] and rows[0]["question"]


def test_helpdesk_copilot_drafts_a_reply_with_passages(page, screenshots) -> None:
    page.get_by_role("tab", name="客服助手").click()
    page.locator("#copilot-message textarea").fill("您好，请问连云港考核认定的《专业技术人员简介表》要交多少份？")
    page.locator("#copilot-go").click()
    page.wait_for_function("() => document.querySelector('#copilot-draft textarea').value.includes('出处')")
    assert page.locator("#copilot-passages").get_by_text("关键词").count() > 0
    shoot(page, screenshots, "copilot")
    page.locator("#copilot-message textarea").fill("本科，助理工程师5年，能申报工程师吗？")
    page.locator("#copilot-go").click()
    page.locator("#copilot-eligibility").get_by_text("结论").wait_for()


def test_assessment_form(page, screenshots) -> None:
    page.get_by_role("tab", name="资格评估").click()
    for label, value in (("拟申报职称", "工程师"), ("最高学历", "本科"), ("现有职称", "助理工程师")):
        page.get_by_label(label, exact=True).click()
        page.get_by_role("option", name=value, exact=True).click()
    page.get_by_label("取得现职称后从事专业技术工作年限").fill("5")
    page.locator("#assess-go").click()
    result = page.locator("#assess-result")
    result.get_by_text("结论").wait_for()
    assert "可以申报" in result.inner_text() and "来源" in result.inner_text()
    shoot(page, screenshots, "assess")


@pytest.mark.parametrize(("tab", "prefix", "inside"), [("知识库管理", "admin", "#admin-upload"),
                                                     ("咨询台工作台", "desk", "#desk-queue-table")])
def test_staff_tabs_refuse_a_wrong_password(page, tab: str, prefix: str, inside: str) -> None:
    page.get_by_role("tab", name=tab).click()
    page.locator(f"#{prefix}-password input").fill("wrong")
    page.locator(f"#{prefix}-login-btn").click()
    page.locator(f"#{prefix}-login-msg").get_by_text("密码不正确").wait_for()
    assert not page.locator(f"#{prefix}-panel").is_visible()
    assert not page.locator(inside).is_visible()


def test_admin_uploads_a_notice_and_the_chat_answers_from_it(page, screenshots) -> None:
    page.get_by_role("tab", name="知识库管理").click()
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#admin-login-btn").click()
    page.locator("#admin-panel").wait_for(state="visible")
    page.locator("#admin-files input[type=file]").set_input_files(str(HOLDOUT_PDF))
    page.locator("#admin-upload").click()
    page.wait_for_function("() => document.querySelector('#admin-results').innerText.includes('已新增')",
                           timeout=180_000)
    assert "101_huzhou_dianzi" in page.locator("#admin-notices").inner_text()
    shoot(page, screenshots, "admin")
    page.get_by_role("tab", name="咨询", exact=True).click()
    ask(page, "湖州2025年度电子信息专业中级职称网上申报时间是什么时候？")
    reply = last_reply(page)
    assert "8月15日" in reply.inner_text()
    assert "电子信息" in reply.locator("details.cite summary").first.inner_text()
    page.reload()
    page.wait_for_selector("#question textarea")
    page.get_by_label("地区").click()
    page.get_by_role("option", name="湖州市").wait_for()  # the filters know the new notice


def test_assessment_inputs_are_not_logged(page, server, server_data) -> None:
    marker = "本科，助理工程师5年，手机13912345678，能申报工程师吗？"
    response = page.request.post(server + "/api/assess", data=json.dumps({"text": marker}),
                                 headers={"content-type": "application/json"})
    assert response.ok and response.json()["verdict"]
    log = (server_data / "server.log").read_text(encoding="utf-8")
    assert "13912345678" not in log and "助理工程师5年" not in log


def test_api_answers_with_citations(page, server) -> None:
    response = page.request.post(server + "/api/ask", data=json.dumps({"question": "南通冶金工程中级职称评审费多少？"}),
                                 headers={"content-type": "application/json"})
    body = response.json()
    assert response.ok and not body["abstained"] and "300元" in body["citations"][0]["quote"]


def test_an_ambiguous_question_offers_the_notices_to_choose_from(page) -> None:
    ask(page, "评审费多少钱？")
    options = page.locator("#suggestions")
    options.get_by_text("请选择您问的是哪一份通知").wait_for()
    choice = options.locator("button, .gallery-item").filter(has_text="南通").first
    choice.click()
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length >= 2"
        " && document.querySelectorAll(sel)[1].querySelector('.reply-end')", arg=BOTS)
    reply = last_reply(page)
    assert "300元" in reply.inner_text()
    assert all("冶金工程" in t for t in reply.locator("details.cite summary").all_inner_texts())
