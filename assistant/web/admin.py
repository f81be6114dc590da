"""The knowledge admin tab, behind the password from settings (built only when one is set).

Every action checks the session's login on the server, so calling an event directly does not get
around the password. A login is an :class:`assistant.web.sessions.AdminSessions` token that expires
and ends at logout; wrong passwords cost an async wait (no worker thread sleeps) and are limited per
client (:mod:`assistant.web.ratelimit`): after a few, the client is refused for a while. The feedback export is a one-time link served by the
API behind the same login, never a file left in gradio's temp folder.

Uploads go through :class:`assistant.index.library.NoticeLibrary`: cleaned names, type checked by
content, size limited, and nothing lost when a file fails. Only files a browser
uploaded are taken (:func:`accept_only_uploads`, :func:`is_uploaded`), never a server path a client names;
an upload never replaces a notice of the same name, it gets a new id and the result says so.
Each notice's proposed rules are reviewed in the same tab (:mod:`assistant.web.admin_rules`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import math
from pathlib import Path

import gradio as gr

from assistant.index.library import strip_bidi
from assistant.models import IngestResult
from assistant.web.admin_meta import MetadataPanel
from assistant.web.admin_rules import RuleReview
from assistant.web.context import WebContext
from assistant.web.logs import LOGGER
from assistant.web.ratelimit import client_key
from assistant.web.sessions import EXPORT_PATH, client_of

STATUS = {"added": "已新增", "updated": "已更新", "unchanged": "未变化", "removed": "已删除",
          "duplicate": "重复，未导入", "error": "失败"}
NOTICE_HEADERS = ["编号", "通知", "标题", "文号", "段落数", "来源", "文件"]
RESULT_HEADERS = ["文件", "结果", "段落数", "说明"]
FILE_TYPES = [".pdf", ".docx", ".html", ".htm", ".txt"]


def result_rows(results: list[IngestResult]) -> list[list]:
    return [[strip_bidi(Path(r.path).name), STATUS.get(r.status, r.status), r.chunks, strip_bidi(r.message)]
            for r in results]


def upload_folder() -> Path:
    """Where gradio keeps what browsers upload (its cache folder; ``GRADIO_TEMP_DIR`` moves it)."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def is_uploaded(path: str | Path, folder: Path | None = None) -> bool:
    """True only for an existing regular file inside gradio's upload folder (links resolved): a path a
    client merely names, like ``/etc/…`` or ``<cache>/../…``, is not an upload."""
    try:
        resolved = Path(path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return False
    return resolved.is_relative_to((folder or upload_folder()).resolve()) and resolved.is_file()


def accept_only_uploads() -> None:
    """Turn on gradio's own check, for the page being built, that a file an event receives was uploaded.

    ``launch()`` turns it on by setting ``Blocks.has_launched``; ``mount_gradio_app`` never does, so
    under FastAPI gradio copied any server file a client named in a ``FileData`` into its cache and
    handed the copy to the handler, which published it. With the flag set, such a path is refused
    before it is copied; the flag gates nothing else. (Not a ``gr.File`` subclass: gradio writes a
    ``.pyi`` stub beside any module that defines a component class, and a session's updated
    component would be rebuilt without the guard.)
    """
    root = gr.context.Context.root_block
    if root is not None:
        root.has_launched = True


def _selected_id(evt: gr.SelectData) -> str:
    return str(evt.row_value[0]) if evt.row_value else ""


class AdminTab:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        secret = ctx.settings.web.admin_password
        self._password = secret.get_secret_value() if secret else ""
        self.review = RuleReview(ctx, self._require)
        self.metadata = MetadataPanel(ctx, self._require)

    @property
    def enabled(self) -> bool:
        return bool(self._password)

    def _require(self, session: str | None, request: gr.Request | None = None) -> None:
        """Refuse unless ``session`` is a live login (from the same client, when the request is known).

        A refusal is an expected answer, not a fault: it is shown, and no traceback is printed.
        """
        client = client_of(request) if request is not None else None
        if not (self.enabled and self.ctx.sessions.valid(session, client)):
            raise gr.Error("请先用管理员密码登录（长时间未操作或已退出时需重新登录）。", print_exception=False)

    async def login(self, password: str, request: gr.Request):
        """Check the password unless this client gave too many wrong ones lately (then not even the
        right one is compared); a wrong one costs an async pause. No await between the check and the
        count: concurrent attempts from one client cannot all slip in under the limit."""
        client, failures = client_of(request), self.ctx.limits.logins
        key = client_key(client)
        wait = failures.wait(key)
        if wait > 0:
            return self._logged_out(f"**登录失败次数过多，请 {_minutes(wait)} 分钟后再试。**")
        if self.enabled and hmac.compare_digest((password or "").encode(), self._password.encode()):
            failures.forget(key)
            rows = await asyncio.to_thread(self.notice_rows)
            return self.ctx.sessions.open(client), gr.update(visible=False), gr.update(visible=True), rows, ""
        lockout = failures.add(key)
        if lockout:
            logging.getLogger(LOGGER).warning("staff login: too many wrong passwords, refused for %.0f s", lockout,
                                              extra={"dedup": "login lockout"})
        await asyncio.sleep(self.ctx.sessions.web.admin_failure_delay_s)  # slows guessing; the loop keeps serving
        more = f"失败次数过多，请 {_minutes(lockout)} 分钟后再试。" if lockout else ""
        return self._logged_out(f"**密码不正确。**{more}")

    @staticmethod
    def _logged_out(message: str):
        return None, gr.update(visible=True), gr.update(visible=False), [], message

    def logout(self, session: str | None):
        """End the session at once; the panel closes and any export link stops working."""
        self.ctx.sessions.close(session)
        return (*self._logged_out("已退出登录。"), gr.update(value="", visible=False))

    def notice_rows(self) -> list[list]:
        return [[r.notice_id, r.label, r.title, r.doc_number, r.passages, r.origin, r.file_name]
                for r in self.ctx.library.rows()]

    def upload(self, files: list | None, authed: str | None, progress=gr.Progress()):
        self._require(authed)
        if not files:
            raise gr.Error("请先选择要上传的文件。")
        paths = [Path(str(f)) for f in files]  # gradio keeps the client's file name as the last component
        refused = [IngestResult(path=p.name, status="error", message=f"“{p.name}”不是通过本页面上传的文件，已拒绝。")
                   for p in paths if not is_uploaded(p)]
        named = [(p.name, p) for p in paths if is_uploaded(p)]
        results = refused + self.ctx.library.upload(
            named, lambda d, t, what: progress(d / max(t, 1), desc=f"正在导入：{what}"))
        failed = sum(r.status == "error" for r in results)
        summary = f"共 {len(results)} 个文件，{len(results) - failed} 个成功，{failed} 个失败。"
        return result_rows(results), self.notice_rows(), summary, None

    def delete(self, notice_id: str, authed: str | None):
        self._require(authed)
        notice_id = (notice_id or "").strip()
        if not notice_id:
            raise gr.Error("请在表格中点选要删除的通知，或填写其编号。")
        result = self.ctx.library.delete(notice_id)
        if result.status == "error":
            raise gr.Error(result.message)
        return self.notice_rows(), f"已删除：{result.message}", ""

    def reindex(self, authed: str | None, progress=gr.Progress()):
        self._require(authed)
        done: list[IngestResult] = []
        total = max(len(self.ctx.library.rows()), 1)

        def step(result: IngestResult) -> None:
            done.append(result)
            progress(min(len(done) / total, 1.0), desc=f"已处理 {len(done)} 个文件")

        results = self.ctx.library.reindex(step)
        return result_rows(results), self.notice_rows(), f"重建完成：{len(self.ctx.library.rows())} 份通知。"

    def export_feedback(self, session: str | None, request: gr.Request):
        """A one-time download link, for this session's client only: the export is made when the link
        is opened and is never stored where gradio would serve it to anyone with its URL."""
        self._require(session, request)
        assert session is not None  # checked by _require
        key = self.ctx.sessions.ticket(session, client_of(request))
        seconds = f"{self.ctx.sessions.web.export_link_s:g}"
        return gr.update(value=f"[下载用户反馈（JSON Lines）]({EXPORT_PATH}/{key})　链接 {seconds} 秒内有效，只能使用一次。",
                         visible=True)

    def _pickers(self, authed: str | None, reviewed: str | None, checked: str | None) -> tuple:
        return self.review.refresh(authed, reviewed), self.metadata.refresh(authed, checked)

    def build(self) -> None:
        authed = gr.State(None)  # the session token (server-side state): see assistant.web.sessions
        login_box, password, login, login_msg = login_form("admin", "此页面用于管理知识库，请输入管理员密码。")
        with gr.Column(visible=False, elem_id="admin-panel") as panel:
            gr.Markdown(f"上传通知（PDF、DOCX、HTML、TXT，单个不超过 {self.ctx.settings.max_file_mb:g} MB）。"
                        "与已有通知同名的文件另存为新编号，不会替换原通知（要替换请先删除原通知）；导入失败时原有内容不变。")
            files = gr.File(file_count="multiple", file_types=FILE_TYPES, label="选择文件", elem_id="admin-files")
            accept_only_uploads()
            upload = gr.Button("上传并导入", variant="primary", elem_id="admin-upload")
            summary = gr.Markdown(elem_id="admin-summary")
            results = gr.Dataframe(headers=RESULT_HEADERS, label="导入结果", wrap=True, interactive=False,
                                   elem_id="admin-results")
            notices = gr.Dataframe(headers=NOTICE_HEADERS, label="已收录的通知（点选一行可删除）", wrap=True,
                                   interactive=False, elem_id="admin-notices")
            with gr.Row():
                target = gr.Textbox(label="要删除的通知编号", scale=3, elem_id="admin-delete-id")
                delete = gr.Button("删除", variant="stop", scale=1, elem_id="admin-delete")
                reindex = gr.Button("重建索引", scale=1, elem_id="admin-reindex")
                export = gr.Button("导出用户反馈", scale=1, elem_id="admin-export")
                logout = gr.Button("退出登录", scale=1, elem_id="admin-logout")
            exported = gr.Markdown(visible=False, elem_id="admin-exported")
            checked = self.metadata.build(authed)
            reviewed = self.review.build(authed)
        # each change to the library refreshes the notices that can be checked and whose rules reviewed
        refresh: dict = dict(fn=self._pickers, inputs=[authed, reviewed, checked], outputs=[reviewed, checked],
                             api_visibility="private")
        login.click(self.login, password, [authed, login_box, panel, notices, login_msg],
                    api_visibility="private").then(**refresh)
        password.submit(self.login, password, [authed, login_box, panel, notices, login_msg],
                        api_visibility="private").then(**refresh)
        logout.click(self.logout, authed, [authed, login_box, panel, notices, login_msg, exported],
                     api_visibility="private").then(**refresh)
        upload.click(self.upload, [files, authed], [results, notices, summary, files], api_visibility="private",
                     concurrency_limit=1).then(**refresh)
        notices.select(_selected_id, None, target, api_visibility="private")
        delete.click(self.delete, [target, authed], [notices, summary, target], api_visibility="private",
                     concurrency_limit=1).then(**refresh)
        reindex.click(self.reindex, authed, [results, notices, summary], api_visibility="private",
                      concurrency_limit=1).then(**refresh)
        export.click(self.export_feedback, authed, exported, api_visibility="private")


def login_form(prefix: str, intro: str) -> tuple[gr.Column, gr.Textbox, gr.Button, gr.Markdown]:
    """A staff tab's password form: its box, the password, the button and the message
    (elem ids ``<prefix>-login``, ``-password``, ``-login-btn``, ``-login-msg``)."""
    with gr.Column(visible=True, elem_id=f"{prefix}-login") as box:
        gr.Markdown(intro)
        password = gr.Textbox(type="password", label="管理员密码", max_length=200, elem_id=f"{prefix}-password")
        login = gr.Button("登录", variant="primary", elem_id=f"{prefix}-login-btn")
        message = gr.Markdown(elem_id=f"{prefix}-login-msg")
    return box, password, login, message


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))
