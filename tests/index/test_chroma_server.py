"""Issue 14: the store on a real Chroma server (``chroma run`` on loopback, a fresh database per test).

Two stores over one database stand for two replicas: each has its own data folder (journal,
quarantine), and they share the passages, the manifest, the hidden list and the version.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.index.chroma import StoreUnavailableError
from assistant.index.library import NoticeLibrary
from assistant.settings import ChromaSettings
from tests.index.test_store import STEMS, assert_consistent, copy_notices

pytestmark = pytest.mark.integration

FEE = "南通冶金工程中级职称评审费多少？"  # answered by STEMS[0]


@pytest.fixture
def replicas(chroma_server, make_assistant, tmp_path: Path):
    """``make(name, **chroma)``: an Assistant on this test's database, with its own data folder."""
    database = chroma_server.database()
    bundled = tmp_path / "bundled"
    copy_notices(bundled, STEMS[0])

    def make(name: str, **chroma):
        settings = ChromaSettings(url=chroma_server.url, database=database, **{"refresh_s": 0, **chroma})
        return make_assistant(name, chroma=settings, notices_dir=bundled)

    return make


def test_the_store_on_a_server_ingests_answers_and_removes(replicas, tmp_path: Path) -> None:
    one = replicas("one")
    results = one.ingest(copy_notices(tmp_path / "in", STEMS[0], STEMS[1]))
    assert [r.status for r in results] == ["added", "added"]
    assert "300元" in one.ask(FEE).text
    assert_consistent(one)
    assert not (tmp_path / "one" / "chroma").exists() and not (tmp_path / "one" / "manifest.json").exists()
    assert one.store.remove(STEMS[0]).status == "removed"
    assert [n.notice_id for n in one.notices()] == [STEMS[1]]
    assert one.ask(FEE).abstained or "300元" not in one.ask(FEE).text
    assert_consistent(one)


def test_two_replicas_share_the_manifest_the_version_and_the_hidden_list(replicas, tmp_path: Path) -> None:
    one, two = NoticeLibrary(replicas("one")), NoticeLibrary(replicas("two"))
    assert two.assistant.notices() == []  # the second replica is serving: it has read the manifest
    version = two.assistant.store.version
    assert [r.status for r in one.sync()] == ["added"]
    assert two.assistant.store.version != version  # another replica's ingest moves this one's version
    assert "300元" in two.assistant.ask(FEE).text  # … and its passages, lexical index and scope follow
    assert [r.status for r in two.sync()] == ["unchanged"]  # the second replica's start does no work
    assert two.delete(STEMS[0]).status == "removed"
    assert one.assistant.notices() == [] and one.assistant.ask(FEE).abstained
    assert one.sync() == [] and one.hidden() == {STEMS[0]}  # the other replica's start respects the delete
    assert_consistent(one.assistant)


def test_a_replica_checks_for_changes_at_most_every_refresh_s(replicas, tmp_path: Path) -> None:
    one, two = replicas("one"), replicas("two", refresh_s=300)
    assert two.notices() == []
    one.ingest(copy_notices(tmp_path / "in", STEMS[0]))
    assert two.notices() == []  # not asked yet: the last check was under 300 s ago
    two.store._checked -= 300
    assert [n.notice_id for n in two.notices()] == [STEMS[0]]


def test_replicas_ingesting_at_once_lose_no_notice(replicas, tmp_path: Path) -> None:
    one, two = replicas("one", refresh_s=300), replicas("two", refresh_s=300)
    assert one.notices() == [] and two.notices() == []  # both hold the empty manifest, and do not look again
    one.ingest(copy_notices(tmp_path / "a", STEMS[0]))
    two.ingest(copy_notices(tmp_path / "b", STEMS[1]))  # based on the stale manifest: written again over the new one
    three = replicas("three")
    assert sorted(n.notice_id for n in three.notices()) == [STEMS[0], STEMS[1]]
    assert_consistent(three)


def test_threads_of_two_replicas_ingesting_together_lose_nothing(replicas, tmp_path: Path) -> None:
    one, two = replicas("one"), replicas("two")
    jobs = [(one, STEMS[0]), (two, STEMS[1]), (one, STEMS[2]), (two, STEMS[3])]
    results: list = []
    threads = [threading.Thread(target=lambda a=a, s=s: results.extend(a.ingest(copy_notices(tmp_path / s, s))))
               for a, s in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status for r in results) == ["added"] * 4, [r.message for r in results]
    assert sorted(n.notice_id for n in one.notices()) == sorted(STEMS[:4])
    assert_consistent(two)


def test_the_same_notice_changed_by_two_replicas_at_once_keeps_one_version_whole(replicas, tmp_path: Path) -> None:
    one, two = replicas("one", refresh_s=300), replicas("two", refresh_s=300)
    assert one.notices() == [] and two.notices() == []
    (first,) = copy_notices(tmp_path / "a", STEMS[0])
    (second,) = copy_notices(tmp_path / "b", STEMS[0])
    second.write_text(second.read_text(encoding="utf-8") + "\n七、补充说明\n逾期不予受理。\n", encoding="utf-8")
    assert one.ingest([first])[0].status == "added"
    late = two.ingest([second])[0]
    assert late.status == "error" and "另一台服务器同时更新了通知" in late.message
    assert_consistent(replicas("three"))  # the first version, whole; nothing of the withdrawn one


def test_a_replica_starting_during_another_ones_ingest_leaves_its_passages_alone(replicas, tmp_path: Path) -> None:
    one, two = replicas("one"), replicas("two")
    written, go_on = threading.Event(), threading.Event()
    store, write = one.store, one.store._write_manifest

    def paused(manifest) -> None:  # the passages are in Chroma, the manifest not yet written
        written.set()
        go_on.wait(120)
        write(manifest)

    store._write_manifest = paused
    ingest = threading.Thread(target=lambda: one.ingest(copy_notices(tmp_path / "in", STEMS[1])))
    ingest.start()
    assert written.wait(120)
    repair = two.store.recover()  # what the other replica's start does
    go_on.set()
    ingest.join()
    assert repair.orphans == 0 and repair.incomplete == []
    assert_consistent(two)
    assert [n.notice_id for n in two.notices()] == [STEMS[1]]


def test_an_unreachable_server_is_named_in_the_error(make_assistant) -> None:
    from tests.servers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    assistant = make_assistant(chroma={"url": url})
    with pytest.raises(StoreUnavailableError) as info:
        assistant.notices()
    assert "无法连接 Chroma 服务器" in str(info.value) and url in str(info.value)
    assert "ASSISTANT_CHROMA__URL" in str(info.value)


class _Refusing(BaseHTTPRequestHandler):
    """A proxy in front of Chroma that refuses every request, and remembers the credentials it got."""

    seen: list[tuple[str | None, str | None]] = []

    def do_GET(self) -> None:
        self.seen.append((self.headers.get("Authorization"), self.headers.get("X-Chroma-Token")))
        body = b'{"error": "Unauthorized", "message": "Unauthorized"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize(("header", "sent"), [("Authorization", ("Bearer s3cret-token", None)),
                                              ("X-Chroma-Token", (None, "s3cret-token"))])
def test_the_token_goes_in_the_chosen_header_and_never_into_the_message(make_assistant, header: str, sent) -> None:
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    _Refusing.seen = []
    try:
        url = f"http://127.0.0.1:{proxy.server_port}"
        assistant = make_assistant(chroma={"url": url, "token": "s3cret-token", "token_header": header})
        with pytest.raises(StoreUnavailableError) as info:
            assistant.notices()
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert sent in _Refusing.seen
    assert "拒绝访问" in str(info.value) and "ASSISTANT_CHROMA__TOKEN" in str(info.value)
    assert "s3cret-token" not in str(info.value) and "s3cret-token" not in repr(assistant.settings)


def test_the_api_says_503_while_the_server_is_down(make_assistant, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from assistant.web.context import WebContext
    from assistant.web.server import create_app
    from tests.servers import ChromaServer, chroma_cli

    cli = chroma_cli()
    if cli is None:
        pytest.skip("no chroma command: the chromadb package installs it beside Python")
    server = ChromaServer(cli).start()  # its own: this test stops it
    try:
        assistant = make_assistant(chroma={"url": server.url, "refresh_s": 0})
        assistant.ingest(copy_notices(tmp_path / "in", STEMS[0]))
        client = TestClient(create_app(WebContext.of(assistant)))
        assert "300元" in client.post("/api/ask", json={"question": FEE}).json()["answer"]
    finally:
        server.stop()
    refused = client.post("/api/ask", json={"question": FEE})
    assert refused.status_code == 503 and refused.json()["detail"] == "知识库服务暂时无法连接，请稍后再试。"


def test_a_change_while_the_lexical_index_is_built_is_picked_up_by_the_next_search(replicas, tmp_path: Path) -> None:
    one, two = replicas("one"), replicas("two")
    one.ingest(copy_notices(tmp_path / "a", STEMS[0]))
    store, read = two.store, two.store.listing
    late = copy_notices(tmp_path / "b", STEMS[1])

    def listing_then_a_change():  # the other replica ingests while this one builds from what it read
        got = read()
        store.listing = read
        one.ingest(late)
        return got

    store.listing = listing_then_a_change
    assert set(two.retriever.lexical_index().notice_ids) == {STEMS[0]}
    assert set(two.retriever.lexical_index().notice_ids) == {STEMS[0], STEMS[1]}
