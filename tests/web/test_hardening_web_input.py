"""Issue 12, holes 5 and 9 (bad characters and numbers, vague 400s): lone surrogates, NUL, NaN and
±Infinity get a 422 naming the field on every JSON endpoint and on the page's event calls; an
oversized chunked body, deep nesting and invalid UTF-8 get a clear 4xx — all before validation."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.web.context import WebContext
from assistant.web.server import create_app

ENDPOINTS = [("/api/ask", "question"), ("/api/ask/stream", "question"), ("/api/assess", "text")]
BAD_STRINGS = [  # raw JSON text of a string value, and the words the refusal must use
    ('"本科\\ud800"', "Unicode"),
    ('"\\udc00本科"', "Unicode"),
    ('"评审费\\u0000多少"', "空字符"),
]


@pytest.fixture(scope="module")
def client(bundled) -> TestClient:
    return TestClient(create_app(WebContext.of(bundled.assistant)))


def _post(client: TestClient, path: str, raw: bytes | str):
    body = raw.encode() if isinstance(raw, str) else raw
    return client.post(path, content=body, headers={"content-type": "application/json"})


@pytest.mark.unit
@pytest.mark.parametrize(("raw", "status", "words"), [
    (b'{"a": "\\ud800"}', 422, "a 含有无效的 Unicode"),
    (b'{"a": ["ok", {"b": "x\\u0000"}]}', 422, "a[1].b 含有空字符"),
    (b'{"n": NaN}', 422, "n 的数字不能是 NaN"),
    (b'{"n": [Infinity]}', 422, "n[0] 的数字不能是 NaN"),
    (b'{"n": -Infinity}', 422, "NaN 或 ±Infinity"),
    (b'{"n": 1e999}', 422, "NaN 或 ±Infinity"),
    (b'{"a": "\xff"}', 400, "UTF-8"),
    (b'{"a": ', 400, "不是有效的 JSON"),
    (b"[" * 40 + b"]" * 40, 422, "嵌套太深"),
    (b"[" * 100_000 + b"]" * 100_000, 422, "嵌套太深"),
])
def test_inspect_json_names_the_problem(raw: bytes, status: int, words: str) -> None:
    from assistant.web.limits import inspect_json

    refusal = inspect_json(raw, max_depth=32)
    assert refusal is not None and refusal.status == status and words in refusal.detail


@pytest.mark.unit
def test_inspect_json_passes_clean_bodies() -> None:
    from assistant.web.limits import inspect_json

    good = {"question": "评审费多少？😀", "history": [{"role": "user", "content": "a\tb\n"}], "n": 1.5e10}
    assert inspect_json(json.dumps(good).encode(), max_depth=32) is None
    assert inspect_json(json.dumps(good, ensure_ascii=False).encode(), max_depth=32) is None
    assert inspect_json(b'"\\ud83d\\ude00"', max_depth=32) is None  # a surrogate pair is one good character


@pytest.mark.integration
@pytest.mark.parametrize(("path", "field"), ENDPOINTS)
@pytest.mark.parametrize(("value", "words"), BAD_STRINGS)
def test_bad_characters_get_422_with_a_chinese_message(client, path: str, field: str, value: str, words: str) -> None:
    r = _post(client, path, f'{{"{field}": {value}}}')
    assert r.status_code == 422 and words in r.json()["detail"] and field in r.json()["detail"]


@pytest.mark.integration
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_get_422(client, number: str) -> None:
    r = _post(client, "/api/assess", f'{{"profile": {{"target_title": "工程师", "years_in_title": {number}}}}}')
    assert r.status_code == 422 and "profile.years_in_title" in r.json()["detail"]
    r = _post(client, "/api/assess", '{"profile": {"target_title": "工程师", "years_in_title": 5}}')
    assert r.status_code == 200


@pytest.mark.integration
@pytest.mark.parametrize(("path", "field"), ENDPOINTS)
def test_a_bad_history_or_profile_value_is_refused_too(client, path: str, field: str) -> None:
    extra = '"history": ["x\\ud800"]' if field == "question" else '"profile": {"target_title": "\\ud800"}'
    r = _post(client, path, f'{{"{field}": "评审费多少？", {extra}}}')
    assert r.status_code == 422 and "Unicode" in r.json()["detail"]


@pytest.mark.integration
def test_invalid_utf8_deep_nesting_and_chunked_bodies_get_clear_messages(client) -> None:
    r = _post(client, "/api/ask", '{"question": "评审费多少？"}'.encode("gbk"))
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]
    r = _post(client, "/api/ask", b'{"question": "x", "history": ' + b"[" * 3000 + b"]" * 3000 + b"}")
    assert r.status_code == 422 and "嵌套太深" in r.json()["detail"]
    r = client.post("/api/ask", content=iter([b'{"question": "' + b"a" * 30_000] * 4),  # no length: chunked
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "请求太大" in r.json()["detail"]
    r = _post(client, "/api/ask", '{"question": "评审费多少？", "history": []')
    assert r.status_code == 400 and "JSON" in r.json()["detail"]


@pytest.mark.integration
def test_validation_errors_name_fields_without_echoing_values(client) -> None:
    secret = "身份证号110101198001015678"
    r = client.post("/api/ask", json={"question": "评审费多少？", "history": [{"role": secret, "content": "x"}]})
    assert r.status_code == 422
    body = r.json()
    assert "history" in body["detail"] and secret not in r.text
    assert all(set(e) == {"loc", "type", "msg"} for e in body["errors"])


@pytest.mark.integration
def test_page_event_calls_are_sanitised_before_gradio(client) -> None:
    for data in ('["评审费\\ud800", [], null, null, null]', '["评审费\\u0000", [], null, null, null]',
                 '["评审费", [], NaN, null, null]'):
        body = f'{{"data": {data}, "fn_index": 0, "session_hash": "abc123", "event_data": null, "trigger_id": null}}'
        r = _post(client, "/gradio_api/queue/join", body)
        assert r.status_code == 422 and "data[" in r.json()["detail"], data
    fine = '{"data": ["评审费多少？", [], null, null, null], "fn_index": 0, "session_hash": "abc123"}'
    assert _post(client, "/gradio_api/queue/join", fine).status_code == 200
