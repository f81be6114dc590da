"""Issue 14: two ``app.py`` replicas, each with its own data folder, on one real Chroma server.

A notice an administrator uploads through one replica's page is answered by the other within
seconds; one deleted through the other stops being answered by the first.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port
from tests.web.conftest import ADMIN_PASSWORD, running_apps

pytestmark = [pytest.mark.browser, pytest.mark.integration]
HOLDOUT_PDF = Path(__file__).resolve().parents[2] / "eval" / "holdout" / "pdf" / "101_huzhou_dianzi.pdf"
QUESTION = "湖州2025年度电子信息专业中级职称网上申报时间是什么时候？"
SEEN_WITHIN_S = 10.0  # refresh_s is 1 s by default; the rest is rebuilding the lexical index and scope


@pytest.fixture(scope="module")
def replicas(chroma_server, cli_env, tmp_path_factory: pytest.TempPathFactory):
    """Two app.py on the same Chroma database (default refresh_s), started together."""
    database = chroma_server.database()
    apps = []
    for name in ("replica-a", "replica-b"):
        data, port = tmp_path_factory.mktemp(name), free_port()
        env = cli_env(data_dir=data, admin_password=ADMIN_PASSWORD, web__port=port,
                      chroma__url=chroma_server.url, chroma__database=database)
        apps.append((data, port, env))
    with running_apps(apps) as urls:
        yield urls


def answer(url: str) -> dict:
    response = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=60)
    response.raise_for_status()
    return response.json()


def wait_for(check, seconds: float) -> float:
    """Seconds until ``check()`` holds (polled every 0.2 s); fails after ``seconds``."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not seen within {seconds:g} s")
        time.sleep(0.2)
    return time.monotonic() - start


def admin(browser, url: str):
    """A page of replica ``url`` logged in to the knowledge admin tab."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(60_000)
    page.goto(url + "/", wait_until="load")
    page.get_by_role("tab", name="知识库管理").click()
    page.locator("#admin-password input").fill(ADMIN_PASSWORD)
    page.locator("#admin-login-btn").click()
    page.locator("#admin-panel").wait_for(state="visible")
    return page


def test_both_replicas_started_on_one_index(replicas) -> None:
    first, second = (httpx.get(f"{url}/api/notices", timeout=30).json() for url in replicas)
    assert len(first) == 5 and first == second  # both indexed the bundled notices at once: none lost or doubled
    assert answer(replicas[1])["abstained"]  # nothing about Huzhou yet


def test_an_upload_to_one_replica_is_answered_by_the_other_and_a_delete_there_reaches_back(replicas, browser) -> None:
    one, other = replicas
    page = admin(browser, one)
    page.locator("#admin-files input[type=file]").set_input_files(str(HOLDOUT_PDF))
    page.locator("#admin-upload").click()
    page.wait_for_function("() => document.querySelector('#admin-results').innerText.includes('已新增')",
                           timeout=180_000)
    took = wait_for(lambda: "8月15日" in answer(other)["answer"], SEEN_WITHIN_S)
    print(f"\nthe other replica answered from the upload {took:.2f} s after it finished")
    assert "101_huzhou_dianzi" in {n["notice_id"] for n in httpx.get(f"{other}/api/notices", timeout=30).json()}

    page = admin(browser, other)
    page.locator("#admin-delete-id textarea, #admin-delete-id input").first.fill("101_huzhou_dianzi")
    page.locator("#admin-delete").click()
    page.locator("#admin-summary").get_by_text("已删除").wait_for()
    took = wait_for(lambda: answer(one)["abstained"], SEEN_WITHIN_S)
    print(f"the first replica stopped answering from it {took:.2f} s after the delete")
    assert "101_huzhou_dianzi" not in {n["notice_id"] for n in httpx.get(f"{one}/api/notices", timeout=30).json()}
