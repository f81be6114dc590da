"""The helpdesk loop in headless Chromium, end to end on the real server: a question the notice does
not answer → 转人工 → staff reply in 咨询台工作台 → the applicant's link shows it; the reply kept as a
curated answer → a paraphrase is answered citing "咨询台答复"; the notice replaced → the curated
answer is not used any more and is flagged for review.

The notice is written by the test and uploaded through the admin tab (the bundled ones stay as they
are), and deleted again at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import ADMIN_PASSWORD
from tests.web.test_browser import ask, last_reply, shoot

pytestmark = pytest.mark.browser
NOTICE_NAME = "suqian_dangan_2026.txt"
STEM = Path(NOTICE_NAME).stem
NOTICE = """宿迁市专业技术人员职称工作领导小组办公室

关于做好2026年度宿迁市档案专业中级职称评审工作的通知

各县区人社局，市各有关单位：

现将2026年度全市档案专业中级专业技术资格评审工作有关事项通知如下：

一、申报对象
在我市企事业单位从事档案管理工作的在职专业技术人员。

二、申报时间
（一）网上申报：2026年9月1日至9月20日，申报人登录江苏省职称评审系统填报。
（二）纸质材料：2026年9月25日前，由所在单位统一报送至宿迁市档案馆三楼职称办公室。

三、材料要求
纸质材料一式两份，按目录顺序胶装成册。

四、评审费用
评审费每人{fee}元，由申报单位统一缴纳。

五、公示
申报单位应将申报人员材料在本单位公示，公示时间不少于5个工作日。
"""
UNANSWERED = "宿迁档案中级职称，材料能不能快递寄过去？"
PARAPHRASE = "宿迁档案中级的材料能不能寄送？"
REPLY = "您好！纸质材料可以通过EMS寄送至宿迁市档案馆三楼职称办公室，信封上请注明“档案职称申报材料”。"


def _listed(staff, present: bool, timeout: float = 60_000) -> None:
    """Wait until the admin tab's notice table does (or does not) list the test's notice (its cells:
    the table's progress overlay names the file being imported too)."""
    check = f"[...document.querySelectorAll('#admin-notices [role=gridcell]')].some(c => c.innerText.includes('{STEM}'))"
    staff.wait_for_function(f"() => {'' if present else '!'}{check}", timeout=timeout)


def _upload(staff, path: Path) -> None:
    staff.get_by_role("tab", name="知识库管理").click()
    staff.locator("#admin-files input[type=file]").set_input_files(str(path))
    staff.locator("#admin-upload").click()
    _listed(staff, present=True, timeout=180_000)
    assert "已新增" in staff.locator("#admin-results").inner_text()


def _delete(staff) -> None:
    staff.get_by_role("tab", name="知识库管理").click()
    staff.locator("#admin-delete-id textarea").fill(STEM)
    staff.locator("#admin-delete").click()
    _listed(staff, present=False)


def _login(staff, tab: str, prefix: str) -> None:
    staff.get_by_role("tab", name=tab).click()
    staff.locator(f"#{prefix}-password input").fill(ADMIN_PASSWORD)
    staff.locator(f"#{prefix}-login-btn").click()
    staff.locator(f"#{prefix}-panel").wait_for(state="visible")


@pytest.fixture
def staff(browser, server) -> Iterator:
    """A staff member's own browser (another context: no cookies or state shared with the applicant),
    logged into 知识库管理 and 咨询台工作台, with the test's notice uploaded; the notice is deleted after."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.goto(server + "/", wait_until="load")
    _login(pg, "知识库管理", "admin")
    _login(pg, "咨询台工作台", "desk")
    yield pg
    _delete(pg)
    context.close()


def _write_notice(folder: Path, fee: int) -> Path:
    path = folder / NOTICE_NAME
    path.write_text(NOTICE.format(fee=fee), encoding="utf-8")
    return path


def _citation_titles(page) -> str:
    return " ".join(last_reply(page).locator("details.cite summary").all_inner_texts())


def test_an_abstention_handed_to_staff_is_answered_curated_and_flagged_when_the_notice_changes(
        page, staff, server, screenshots, tmp_path: Path) -> None:
    _upload(staff, _write_notice(tmp_path, fee=260))
    page.reload()
    page.wait_for_selector("#question textarea")

    # the notice does not say: the applicant is told so, and offered a person
    ask(page, UNANSWERED)
    assert "没有写明" in last_reply(page).inner_text() and "转人工" in last_reply(page).inner_text()
    page.locator("#handoff").click()
    link = page.locator("#handoff-link a").first
    link.wait_for()
    conversation = server + str(link.get_attribute("href"))
    applicant_view = page.context.new_page()
    applicant_view.goto(conversation)
    applicant_view.locator("#handoff-wait").wait_for()
    shoot(page, screenshots, "handoff-asked")

    # staff: the queue row → the conversation and a draft → reply, kept as a curated answer
    staff.get_by_role("tab", name="咨询台工作台").click()
    staff.locator("#desk-refresh").click()
    staff.locator("#desk-queue-table [role=gridcell]").filter(has_text=UNANSWERED).first.click()
    staff.locator("#desk-conversation").get_by_text("未能回答").wait_for()
    staff.wait_for_function("() => document.querySelector('#desk-reply textarea').value.startsWith('您好')")
    assert "宿迁" in staff.locator("#desk-notice input").input_value()  # the notice the question was about
    assert UNANSWERED in staff.locator("#desk-variants textarea").input_value()
    staff.locator("#desk-reply textarea").fill(REPLY)
    staff.locator("#desk-staff textarea").fill("小王")
    staff.locator("#desk-curate input").check()
    shoot(staff, screenshots, "desk-reply")
    staff.locator("#desk-send").click()
    staff.locator("#desk-sent").get_by_text("已存为标准答复").wait_for()

    # the applicant's link shows the reply
    applicant_view.reload()
    reply = applicant_view.locator("#handoff-reply")
    assert REPLY in reply.inner_text() and "小王" in reply.inner_text()
    applicant_view.set_viewport_size({"width": 390, "height": 900})
    applicant_view.screenshot(path=str(screenshots / "handoff-reply-390.png"), full_page=True)

    # a paraphrase is answered from the curated answer, cited as such
    ask(page, PARAPHRASE)
    assert "EMS" in last_reply(page).inner_text()
    assert "咨询台答复" in _citation_titles(page)
    shoot(page, screenshots, "curated-answer")

    # the notice replaced (deleted, and a changed version uploaded under the same name): the curated
    # answer is not used, and is flagged
    _delete(staff)
    _upload(staff, _write_notice(tmp_path, fee=280))
    ask(page, PARAPHRASE)
    assert "咨询台答复" not in _citation_titles(page) and "EMS" not in last_reply(page).inner_text()
    staff.get_by_role("tab", name="咨询台工作台").click()
    staff.locator("#desk-refresh").click()
    staff.get_by_role("tab", name="标准答复").click()
    table = staff.locator("#desk-curated-table")
    table.locator("[role=gridcell]").filter(has_text="通知已更新，需复核").first.wait_for()
    assert REPLY in table.inner_text()
    shoot(staff, screenshots, "desk-curated")

