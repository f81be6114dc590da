"""Issue 12, hole 9 (smaller): security headers the gradio page tolerates, originals as downloads
(uploaded HTML never a page of this site), and the page chat's history capped like the API's."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.web.chat import ChatTab
from assistant.web.context import WebContext
from assistant.web.server import create_app

HTML_NOTICE = """<html><head><title>关于2024年度评审的通知</title></head><body>
<h1>关于2024年度工程系列中级职称评审的通知</h1>
<p>一、申报时间：2024年6月1日至6月30日。</p><p>二、评审费：每人300元。</p>
<script>alert(document.cookie)</script></body></html>"""


@pytest.fixture(scope="module")
def client(bundled) -> TestClient:
    return TestClient(create_app(WebContext.of(bundled.assistant)))


@pytest.mark.integration
@pytest.mark.parametrize("path", ["/", "/api/notices", "/notice/000_0c0ecf8262729fd8", "/api/openapi.json", "/nope"])
def test_every_response_carries_the_security_headers(client, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "default-src 'self'" in csp


@pytest.mark.integration
def test_the_original_file_is_a_download(client) -> None:
    r = client.get("/notice/000_0c0ecf8262729fd8/file")
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in r.headers["content-security-policy"]


@pytest.mark.integration
def test_an_uploaded_html_notice_is_never_served_as_a_page(make_assistant, tmp_path: Path) -> None:
    source = tmp_path / "notice.html"
    source.write_text(HTML_NOTICE, encoding="utf-8")
    assistant = make_assistant()
    [result] = assistant.ingest([source])
    assert result.status == "added", result.message
    client = TestClient(create_app(WebContext.of(assistant)))
    r = client.get(f"/notice/{assistant.notices()[0].notice_id}/file")
    assert r.status_code == 200 and "<script>" in r.text
    assert "text/html" not in r.headers["content-type"]
    assert r.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in r.headers["content-security-policy"] and r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.unit
def test_capped_keeps_the_last_turns_and_moves_the_ratings() -> None:
    from assistant.web.chat import capped

    history = [m for i in range(10) for m in ({"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"})]
    answers = {str(2 * i + 1): {"n": i} for i in range(10)}
    kept, moved = capped(history, answers, 3)
    assert [m["content"] for m in kept] == ["q7", "a7", "q8", "a8", "q9", "a9"]
    assert moved == {"1": {"n": 7}, "3": {"n": 8}, "5": {"n": 9}}
    assert capped(history, answers, 10) == (history, answers)


@pytest.mark.integration
def test_the_page_chat_keeps_at_most_50_turns(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 turns sent by a page event are cut to the last 50 (the API's limit) before answering."""
    tab = ChatTab(WebContext.of(bundled.assistant))
    seen: list[list[str]] = []
    real_stream = bundled.assistant.stream

    def stream(question, notice=None, history=None, **kw):
        seen.append(list(history or []))
        return real_stream(question, notice, history=history, **kw)

    history = [m for i in range(5000) for m in ({"role": "user", "content": f"第{i}个问题"},
                                               {"role": "assistant", "content": "好"})]
    monkeypatch.setattr(bundled.assistant, "stream", stream)
    *_, last = tab.respond("评审费多少？", history, None, None, {})
    shown = last[0]
    assert sum(m["role"] == "user" for m in shown) == 50 and shown[-2]["content"] == "评审费多少？"
    assert len(seen[0]) == 49 and seen[0][-1] == "第4999个问题"
