"""Issue 12, holes 2, 3 and the bidi names of 9: what an admin upload may take, and what it may replace.

* Only files a browser uploaded are ingested: a ``FileData`` naming a server file is refused before
  gradio copies it (through the real ``queue/join`` call), and the handler refuses such a path too.
* An upload never replaces a notice: a taken name gets the next free id and the result says so; a
  bundled notice keeps its place; names that clean to the same string do not displace each other.
* Bidirectional control characters never reach the admin's tables.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from assistant.index.library import NoticeLibrary, safe_file_name, strip_bidi
from assistant.settings import WebSettings
from assistant.web.admin import AdminTab, result_rows, upload_folder
from assistant.web.context import WebContext
from assistant.web.server import create_app

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "knowledge" / "notices"
HOLDOUT = ROOT / "eval" / "holdout" / "notices"
BUNDLED_ID = "000_0c0ecf8262729fd8"
PASSWORD = "测试-密码"
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


@pytest.fixture
def library(make_assistant, tmp_path: Path) -> NoticeLibrary:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(NOTICES / f"{BUNDLED_ID}.txt", bundled)
    lib = NoticeLibrary(make_assistant(notices_dir=bundled, web=WebSettings(admin_password=PASSWORD)))
    assert [r.status for r in lib.sync()] == ["added"]
    return lib


def upload(library: NoticeLibrary, tmp_path: Path, name: str, source: Path):
    temp = tmp_path / "incoming" / uuid.uuid4().hex
    temp.parent.mkdir(exist_ok=True)
    shutil.copy(source, temp)
    return library.upload([(name, temp)])[0]


def ids(library: NoticeLibrary) -> set[str]:
    return {r.notice_id for r in library.rows()}


# ---------------------------------------------------------------- name collisions (hole 3)


def test_an_upload_named_like_a_bundled_notice_keeps_both(library, tmp_path: Path) -> None:
    result = upload(library, tmp_path, f"{BUNDLED_ID}.txt", HOLDOUT / "101_huzhou_dianzi.txt")
    assert result.status == "added" and result.notice_id == f"{BUNDLED_ID}-2", result
    assert f"已有编号为 {BUNDLED_ID} 的同名通知" in result.message and "原通知未改动" in result.message
    record = library.assistant.store.manifest().notices[BUNDLED_ID]
    assert Path(record.source).parent == library.settings.notices_dir.resolve()  # still the bundled file
    assert ids(library) == {BUNDLED_ID, f"{BUNDLED_ID}-2"}
    assert {r.status for r in library.sync()} == {"unchanged"}  # a restart keeps both, no shuffling
    assert ids(library) == {BUNDLED_ID, f"{BUNDLED_ID}-2"}


def test_a_hidden_bundled_notice_is_not_taken_over_by_an_upload_of_its_name(library, tmp_path: Path) -> None:
    assert library.delete(BUNDLED_ID).status == "removed"
    result = upload(library, tmp_path, f"{BUNDLED_ID}.txt", HOLDOUT / "102_shunde_jianshe.txt")
    assert result.status == "added" and result.notice_id == f"{BUNDLED_ID}-2"
    assert BUNDLED_ID in library.hidden()  # still hidden: an upload never brings it back
    assert ids(library) == {f"{BUNDLED_ID}-2"}


def test_names_that_clean_to_the_same_string_do_not_displace_each_other(library, tmp_path: Path) -> None:
    assert safe_file_name("评审 2024 .txt") == safe_file_name("评审_2024_.txt")
    first = upload(library, tmp_path, "评审 2024 .txt", HOLDOUT / "101_huzhou_dianzi.txt")
    second = upload(library, tmp_path, "评审_2024_.txt", HOLDOUT / "103_zibo_huagong.txt")
    assert (first.status, second.status) == ("added", "added")
    assert first.notice_id != second.notice_id and "另存为编号" in second.message
    assert ids(library) == {BUNDLED_ID, first.notice_id, second.notice_id}
    assert sorted(p.name for p in library.settings.uploads_dir.iterdir()) == ["评审_2024-2.txt", "评审_2024.txt"]


def test_the_same_file_uploaded_again_is_a_duplicate_not_a_second_notice(library, tmp_path: Path) -> None:
    assert upload(library, tmp_path, "湖州.txt", HOLDOUT / "101_huzhou_dianzi.txt").status == "added"
    again = upload(library, tmp_path, "湖州.txt", HOLDOUT / "101_huzhou_dianzi.txt")
    assert again.status == "duplicate" and "内容完全相同" in again.message
    assert len(library.rows()) == 2 and [p.name for p in library.settings.uploads_dir.iterdir()] == ["湖州.txt"]


def test_bidi_controls_never_reach_the_admin_tables(library, tmp_path: Path) -> None:
    text = (HOLDOUT / "101_huzhou_dianzi.txt").read_text(encoding="utf-8")
    source = tmp_path / "titled.txt"
    source.write_text(f"{LRI}湖州{PDI}" + text, encoding="utf-8")  # a title that carries isolates
    name = f"通知{RLO}txt.exe.txt"
    result = upload(library, tmp_path, name, source)
    assert result.status == "added", result.message
    assert RLO not in result.path and result.path == "通知txt.exe.txt"
    cells = [str(c) for row in result_rows([result]) for c in row]
    cells += [str(c) for r in library.rows() for c in r.model_dump().values()]
    assert not any(ch in cell for cell in cells for ch in (RLO, LRI, PDI))
    assert strip_bidi("a\u200eb\u200fc\u202ad\u202be\u202cf\u202dg\u2067h\u2068i") == "abcdefghi"


# ---------------------------------------------------------------- only real uploads (hole 2)


def secret_file(tmp_path: Path) -> Path:
    """A server file with a supported extension that nobody uploaded."""
    path = tmp_path / "server" / f"secret-{uuid.uuid4().hex[:12]}.txt"
    path.parent.mkdir()
    shutil.copy(HOLDOUT / "102_shunde_jianshe.txt", path)
    return path


def test_the_handler_refuses_a_server_path_and_takes_a_real_upload(library, tmp_path: Path) -> None:
    ctx = WebContext.of(library.assistant)
    tab = AdminTab(ctx)
    token = ctx.sessions.open("testclient")
    secret = secret_file(tmp_path)
    real = upload_folder() / uuid.uuid4().hex / "101_huzhou_dianzi.txt"  # where gradio puts an upload
    real.parent.mkdir(parents=True)
    shutil.copy(HOLDOUT / "101_huzhou_dianzi.txt", real)
    try:
        rows, _, summary, _ = tab.upload([str(secret), str(upload_folder() / ".." / secret.name), str(real)],
                                         token, progress=lambda *a, **k: None)
    finally:
        shutil.rmtree(real.parent)
    assert [r[1] for r in rows] == ["失败", "失败", "已新增"] and "不是通过本页面上传的文件" in rows[0][3]
    assert ids(library) == {BUNDLED_ID, "101_huzhou_dianzi"}
    assert [p.name for p in library.settings.uploads_dir.iterdir()] == ["101_huzhou_dianzi.txt"]
    assert "2 个失败" in summary


def _event(client: TestClient, fn_index: int, data: list, session: str) -> dict:
    """Run one page event the way the browser does (queue/join, then the event stream)."""
    joined = client.post("/gradio_api/queue/join", json={
        "data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None})
    assert joined.status_code == 200, joined.text
    done: dict = {}
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                done = message if message.get("msg") == "process_completed" else done
                if message.get("msg") == "close_stream":
                    break
    return done


def _fn_index(app, name: str) -> int:
    blocks = next(r.app for r in app.routes if isinstance(r, Mount)).get_blocks()
    return next(i for i, fn in blocks.fns.items()
                if getattr(fn.fn, "__name__", "") == name and isinstance(getattr(fn.fn, "__self__", None), AdminTab))


def test_a_file_data_naming_a_server_file_is_refused_before_gradio_copies_it(library, tmp_path: Path) -> None:
    """The issue's attack: a logged-in ``queue/join`` naming a server file published it to everyone."""
    secret = secret_file(tmp_path)
    app = create_app(WebContext.of(library.assistant))
    with TestClient(app) as client:
        session = uuid.uuid4().hex[:12]
        login = _event(client, _fn_index(app, "login"), [PASSWORD], session)
        assert login.get("success"), login
        file_data = {"path": str(secret), "orig_name": secret.name, "meta": {"_type": "gradio.FileData"}}
        done = _event(client, _fn_index(app, "upload"), [[file_data], None], session)
        assert done.get("success") is False, done
        assert not list(upload_folder().rglob(secret.name))  # never copied where gradio serves files
        assert ids(library) == {BUNDLED_ID} and not library.settings.uploads_dir.exists()
        assert client.get(f"/notice/{secret.stem}/file").status_code == 404
