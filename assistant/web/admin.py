"""The knowledge admin tab, behind the password from settings (built only when one is set).

Every action checks the session's login on the server, so calling an event directly does not get
around the password. Uploads go through :class:`assistant.index.library.NoticeLibrary`: cleaned names,
type checked by content, size limited, and nothing lost when a file fails.
"""

from __future__ import annotations

import hmac
import tempfile
import time
from pathlib import Path

import gradio as gr

from assistant.models import IngestResult
from assistant.web.context import WebContext

STATUS = {"added": "已新增", "updated": "已更新", "unchanged": "未变化", "removed": "已删除",
          "duplicate": "重复，未导入", "error": "失败"}
NOTICE_HEADERS = ["编号", "通知", "标题", "文号", "段落数", "来源", "文件"]
RESULT_HEADERS = ["文件", "结果", "段落数", "说明"]
FILE_TYPES = [".pdf", ".docx", ".html", ".htm", ".txt"]


def result_rows(results: list[IngestResult]) -> list[list]:
    return [[Path(r.path).name, STATUS.get(r.status, r.status), r.chunks, r.message] for r in results]


def _selected_id(evt: gr.SelectData) -> str:
    return str(evt.row_value[0]) if evt.row_value else ""


class AdminTab:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        secret = ctx.settings.web.admin_password
        self._password = secret.get_secret_value() if secret else ""

    @property
    def enabled(self) -> bool:
        return bool(self._password)

    def _require(self, authed: bool) -> None:
        if not (self.enabled and authed):
            raise gr.Error("请先用管理员密码登录。")

    def login(self, password: str):
        if self.enabled and hmac.compare_digest((password or "").encode(), self._password.encode()):
            return True, gr.update(visible=False), gr.update(visible=True), self.notice_rows(), ""
        time.sleep(1)  # slows guessing
        return False, gr.update(visible=True), gr.update(visible=False), [], "**密码不正确。**"

    def notice_rows(self) -> list[list]:
        return [[r.notice_id, r.label, r.title, r.doc_number, r.passages, r.origin, r.file_name]
                for r in self.ctx.library.rows()]

    def upload(self, files: list | None, authed: bool, progress=gr.Progress()):
        self._require(authed)
        if not files:
            raise gr.Error("请先选择要上传的文件。")
        named = [(Path(str(f)).name, Path(str(f))) for f in files]  # gradio keeps the client's name last
        results = self.ctx.library.upload(named, lambda d, t, what: progress(d / max(t, 1), desc=f"正在导入：{what}"))
        failed = sum(r.status == "error" for r in results)
        summary = f"共 {len(results)} 个文件，{len(results) - failed} 个成功，{failed} 个失败。"
        return result_rows(results), self.notice_rows(), summary, None

    def delete(self, notice_id: str, authed: bool):
        self._require(authed)
        notice_id = (notice_id or "").strip()
        if not notice_id:
            raise gr.Error("请在表格中点选要删除的通知，或填写其编号。")
        result = self.ctx.library.delete(notice_id)
        if result.status == "error":
            raise gr.Error(result.message)
        return self.notice_rows(), f"已删除：{result.message}", ""

    def reindex(self, authed: bool, progress=gr.Progress()):
        self._require(authed)
        done: list[IngestResult] = []
        total = max(len(self.ctx.library.rows()), 1)

        def step(result: IngestResult) -> None:
            done.append(result)
            progress(min(len(done) / total, 1.0), desc=f"已处理 {len(done)} 个文件")

        results = self.ctx.library.reindex(step)
        return result_rows(results), self.notice_rows(), f"重建完成：{len(self.ctx.library.rows())} 份通知。"

    def export_feedback(self, authed: bool):
        self._require(authed)
        out = Path(tempfile.mkdtemp(prefix="feedback-")) / f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
        out.write_text(self.ctx.feedback.export("jsonl"), encoding="utf-8")
        return gr.update(value=str(out), visible=True)

    def build(self) -> None:
        authed = gr.State(False)
        with gr.Column(visible=True, elem_id="admin-login") as login_box:
            gr.Markdown("此页面用于管理知识库，请输入管理员密码。")
            password = gr.Textbox(type="password", label="管理员密码", max_length=200, elem_id="admin-password")
            login = gr.Button("登录", variant="primary", elem_id="admin-login-btn")
            login_msg = gr.Markdown(elem_id="admin-login-msg")
        with gr.Column(visible=False, elem_id="admin-panel") as panel:
            gr.Markdown(f"上传通知（PDF、DOCX、HTML、TXT，单个不超过 {self.ctx.settings.max_file_mb:g} MB）。"
                        "同名文件会替换原通知；导入失败时原有内容不变。")
            files = gr.File(file_count="multiple", file_types=FILE_TYPES, label="选择文件", elem_id="admin-files")
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
            exported = gr.File(label="反馈导出文件", interactive=False, visible=False, elem_id="admin-exported")
        login.click(self.login, password, [authed, login_box, panel, notices, login_msg], api_visibility="private")
        password.submit(self.login, password, [authed, login_box, panel, notices, login_msg], api_visibility="private")
        upload.click(self.upload, [files, authed], [results, notices, summary, files], api_visibility="private",
                     concurrency_limit=1)
        notices.select(_selected_id, None, target, api_visibility="private")
        delete.click(self.delete, [target, authed], [notices, summary, target], api_visibility="private",
                     concurrency_limit=1)
        reindex.click(self.reindex, authed, [results, notices, summary], api_visibility="private",
                      concurrency_limit=1)
        export.click(self.export_feedback, authed, exported, api_visibility="private")
