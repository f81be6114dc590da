"""Issue 12 in a real browser: the page works under its Content-Security-Policy (no violation while
asking, opening a citation's notice, logging in, exporting feedback and logging out)."""

from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN_PASSWORD
from tests.web.test_browser import ask, last_reply

pytestmark = pytest.mark.browser


def _violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


def test_the_page_works_under_its_security_headers(page, server) -> None:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.reload()
    page.wait_for_selector("#question textarea")
    response = page.request.get(server + "/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    ask(page, "南通冶金工程中级职称评审费多少？")
    reply = last_reply(page)
    assert "300元/人" in reply.inner_text()
    reply.locator("details.cite summary").first.click()
    with page.context.expect_page() as opened:
        reply.get_by_text("打开通知原文").first.click()
    opened.value.wait_for_load_state()
    assert "300元/人" in opened.value.locator(":target").inner_text()
    assert not _violations(messages), _violations(messages)


def test_admin_export_downloads_behind_the_login_and_logout_closes_the_panel(page) -> None:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.get_by_role("tab", name="知识库管理").click()
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#admin-login-btn").click()
    page.locator("#admin-panel").wait_for(state="visible")
    page.locator("#admin-export").click()
    link = page.locator("#admin-exported a")
    link.wait_for()
    href = link.get_attribute("href") or ""
    assert href.startswith("/admin/export/")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("feedback-")
    page.locator("#admin-logout").click()
    page.locator("#admin-login").wait_for(state="visible")
    assert not page.locator("#admin-panel").is_visible()
    assert page.request.get(page.url.split("/?")[0].rstrip("/") + href).status == 403  # used, and logged out
    assert not _violations(messages), _violations(messages)
