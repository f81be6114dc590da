"""Issue 13 in headless Chromium: an administrator uploads a notice nobody wrote rules for, reviews and
approves the rules proposed from it, and an applicant's personal question is then assessed under that
notice, citing its own sentences — at desktop and at phone width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eligibility.shown import leaks

from tests.web.conftest import ADMIN_PASSWORD
from tests.web.test_browser import ask, last_reply, shoot

pytestmark = pytest.mark.browser
NOTICE_PDF = Path(__file__).resolve().parents[2] / "eval" / "holdout" / "pdf" / "103_zibo_huagong.pdf"
TITLE = "关于做好2023年度淄博市化工工程专业高级职称评审工作的通知"
CUTOFF = "申报人任职年限计算截止时间为2023年12月31日"
QUESTION = "我在淄博，硕士，2018年7月取得工程师，能申报化工高级工程师吗？"
PHONE = {"width": 390, "height": 844}
DOC_NUMBER = "淄人社字〔2023〕88号"


def log_in_as_admin(page) -> None:
    page.get_by_role("tab", name="知识库管理").click()
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#admin-login-btn").click()
    page.locator("#admin-panel").wait_for(state="visible")


def upload(page, path: Path) -> None:
    page.locator("#admin-files input[type=file]").set_input_files(str(path))
    page.locator("#admin-upload").click()
    page.wait_for_function("() => document.querySelector('#admin-results').innerText.includes('已新增')",
                           timeout=180_000)


def correct_a_field(page) -> None:
    """The notice gives no 文号 of its own: the administrator types it in, and the table says it was corrected."""
    page.get_by_label("选择要核对的通知").click()
    page.get_by_role("option", name=re.compile(TITLE)).click()
    fields = page.locator("#admin-meta-fields")
    fields.get_by_text("发文单位").wait_for()
    assert "淄博市人力资源和社会保障局" in fields.inner_text()
    page.get_by_label("要更正的字段").click()
    page.get_by_role("option", name="文号", exact=True).click()
    page.locator("#admin-meta-value textarea, #admin-meta-value input").first.fill(DOC_NUMBER)
    page.locator("#admin-meta-save").click()
    page.locator("#admin-meta-msg").get_by_text("已更正").wait_for()
    assert DOC_NUMBER in fields.inner_text() and "管理员更正" in fields.inner_text()


def review_and_approve(page) -> None:
    """Pick the notice in the rule review, check its clauses carry the notice's sentences, approve."""
    page.get_by_label("选择通知").click()
    page.get_by_role("option", name=re.compile("淄博.*待审核")).click()
    clauses = page.locator("#admin-rules-clauses")
    clauses.get_by_text(CUTOFF).first.wait_for()
    assert "二(三)" in clauses.inner_text() and "2023-12-31" in clauses.inner_text()
    assert "待审核" in page.locator("#admin-rules-summary").inner_text()
    page.locator("#admin-rules-approve").click()
    page.locator("#admin-rules-msg").get_by_text("已批准").wait_for()
    assert "已批准" in page.locator("#admin-rules-summary").inner_text()


def assessment_cites_the_notice(page) -> str:
    """Ask the personal question in the chat; the reply's citations quote the notice's cut-off."""
    page.get_by_role("tab", name="咨询", exact=True).click()
    ask(page, QUESTION)
    reply = last_reply(page)
    cites = reply.locator("details.cite")
    cite = cites.filter(has_text=CUTOFF).first
    assert TITLE in cite.locator("summary").inner_text()
    text = reply.inner_text()
    assert leaks(text) == [], leaks(text)  # titles and sections, never a file name or rule id
    return text


TOO_WIDE = """() => {
  const w = window.innerWidth + 1, clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; } return false; };
  const wide = e => e.getBoundingClientRect().right > w && !clipped(e);
  return [...document.querySelectorAll('body *')].filter(e => wide(e) && ![...e.children].some(wide))
    .map(e => `${e.tagName}#${e.id}.${String(e.className).slice(0, 40)} ${Math.round(e.getBoundingClientRect().right)}`);
}"""


def too_wide(page) -> list[str]:
    """What sticks out beyond the phone's width (wide tables scroll inside their own box); empty
    when nothing makes the page scroll sideways."""
    if page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"):
        return []
    return page.evaluate(TOO_WIDE) or ["(the page scrolls sideways)"]


def test_upload_review_approve_then_the_assessment_cites_the_notice(page, screenshots) -> None:
    log_in_as_admin(page)
    upload(page, NOTICE_PDF)
    correct_a_field(page)
    page.get_by_role("tab", name="咨询", exact=True).click()
    ask(page, QUESTION)
    before = last_reply(page).inner_text()
    assert "尚未经工作人员审核" in before and CUTOFF in before and leaks(before) == []

    page.get_by_role("tab", name="知识库管理").click()
    review_and_approve(page)
    shoot(page, screenshots, "admin-rules")
    after = assessment_cites_the_notice(page)
    assert "可以申报" in after and "尚未经工作人员审核" not in after
    shoot(page, screenshots, "chat-assessment")


def test_the_rule_review_works_at_phone_width(page) -> None:
    log_in_as_admin(page)  # at phone width the staff tabs sit in the tab bar's overflow menu
    page.set_viewport_size(PHONE)
    review = page.locator("#admin-rules")
    review.scroll_into_view_if_needed()
    assert review.is_visible() and page.locator("#admin-rules-approve").is_visible()
    assert too_wide(page) == []
    page.get_by_label("选择通知").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    options.first.click()
    page.locator("#admin-rules-summary").get_by_text("状态").wait_for()
    page.wait_for_function(r"() => /[a-z]+\.[a-z_]+/.test(document.querySelector('#admin-rules-clauses').innerText)")
    assert too_wide(page) == []
