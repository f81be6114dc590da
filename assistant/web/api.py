"""The JSON API for helpdesk systems, and the pages that show a notice to the reader of a citation.

``POST /api/ask`` {question, history?, notice?} → {answer, citations[], abstained, passages[], …};
``POST /api/ask/stream`` gives the same answer as NDJSON lines ({"delta": …} …, then {"answer": …});
``POST /api/assess`` → the eligibility assessment; ``GET /api/notices``; OpenAPI at ``/api/openapi.json``.
``POST /api/handoff`` hands a conversation to the helpdesk (转人工) and returns its token;
``GET /api/handoff/{token}`` and the page ``/c/{token}`` show the reply.
An assessment's input is personal: it is never logged. Nor is any other request's text: a validation
error is answered with the fields and what is wrong with them, and logged as fields and error types
only; bad characters and numbers are refused before validation (``assistant.web.limits``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.eligibility import Profile
from assistant.helpdesk.export import gap_clusters_table, gap_questions_table, to_csv, to_jsonl, to_xlsx
from assistant.helpdesk.gaps import gap_report
from assistant.helpdesk.handoff import MAX_TURNS
from assistant.helpdesk.models import Handoff, Turn
from assistant.index.chroma import StoreUnavailableError
from assistant.models import Answer, Citation, LLMOutcome, NoticeMeta, Scope
from assistant.web.context import WebContext
from assistant.web.handoff_page import handoff_html
from assistant.web.headers import DOWNLOAD_CSP
from assistant.web.logs import LOGGER, REQUEST_ID, log_exception
from assistant.web.notice_page import notice_html
from assistant.web.sessions import EXPORT_PATH, GAPS_PATH, client_of

_EXPORT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
STREAM_FAILED = "生成回答时出错，请稍后再试。"
STORE_UNAVAILABLE = "知识库服务暂时无法连接，请稍后再试。"
# the original file's type for a download; anything else (HTML above all) is plain bytes, never a page
_DOWNLOAD_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
                   ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    question: str = Field(min_length=1, description="the applicant's message")
    history: list[str | ChatMessage] = Field(
        default_factory=list, max_length=50,
        description="earlier turns, oldest first: the applicant's questions, or chat messages with roles",
    )
    notice: str | None = Field(default=None, description="limit the answer to this notice id (see /api/notices)")

    def earlier_questions(self) -> list[str]:
        return [h if isinstance(h, str) else h.content for h in self.history
                if isinstance(h, str) or h.role == "user"]


class PassageOut(BaseModel):
    id: str
    notice_id: str
    notice_title: str
    section: str
    page: int
    text: str
    score: float
    found_by: list[str] = Field(description="lexical, vector, or empty when read from the notice in scope")


class AskResponse(BaseModel):
    answer: str = Field(description="the whole reply, with [n] citation marks and a source list")
    direct: str = Field(description="the short direct answer alone")
    citations: list[Citation]
    abstained: bool = Field(description="true when the notices do not answer the question")
    abstain_reason: str | None = None
    passages: list[PassageOut] = Field(description="what retrieval returned, best first")
    scope: Scope | None = None
    assessment: dict | None = Field(default=None, description="set when the message asked for a personal assessment")
    clarify: list[str] = Field(default_factory=list, description="notices to choose from when the question fits several")
    llm: LLMOutcome | None = Field(default=None, description="what a configured language model contributed")


class HandoffRequest(BaseModel):
    turns: list[Turn] = Field(min_length=1, max_length=MAX_TURNS, description="the conversation, oldest first")
    notice: str | None = Field(default=None, description="the notice the conversation is about, if known")


class HandoffResponse(BaseModel):
    token: str = Field(description="keep it: it is the only way to the reply")
    link: str = Field(description="the page showing the reply, relative to this server")


class AssessRequest(BaseModel):
    profile: Profile | None = Field(default=None, description="the applicant's facts, as structured fields")
    text: str | None = Field(default=None, max_length=2000, description="or the applicant's own words")

    @model_validator(mode="after")
    def _one_given(self) -> AssessRequest:
        if self.profile is None and not (self.text or "").strip():
            raise ValueError("请提供 profile（结构化信息）或 text（申请人的描述）")
        return self


class AssessResponse(BaseModel):
    verdict: str
    summary: str
    text: str = Field(description="the assessment as readable Markdown")
    assessment: dict = Field(description="verdict, reasons with their sources, open questions")
    profile: dict = Field(description="the facts the assessment used")


def response_of(answer: Answer, ctx: WebContext) -> AskResponse:
    titles = {n.notice_id: n.title for n in ctx.assistant.notices()}
    passages = [PassageOut(
        id=sp.passage.id, notice_id=sp.passage.notice_id, notice_title=titles.get(sp.passage.notice_id, ""),
        section=sp.passage.section_label, page=sp.passage.page, text=sp.passage.text, score=round(sp.score, 4),
        found_by=sp.found_by,
    ) for sp in answer.passages]
    return AskResponse(answer=answer.text, direct=answer.direct, citations=answer.citations,
                       abstained=answer.abstained, abstain_reason=answer.abstain_reason, passages=passages,
                       scope=answer.scope, assessment=answer.assessment, clarify=answer.clarify, llm=answer.llm)


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter()

    def checked(req: AskRequest) -> AskRequest:
        limit = ctx.settings.web.max_question_chars
        if len(req.question) > limit:
            raise HTTPException(413, f"问题太长（{len(req.question)} 字）：请把问题控制在 {limit} 字以内。")
        if req.notice and ctx.assistant.store.notice(req.notice) is None:
            raise HTTPException(404, f"没有编号为 {req.notice} 的通知，可用的编号见 /api/notices。")
        return req

    @api.post("/api/ask", response_model=AskResponse, tags=["问答"], summary="回答一个问题（带出处）")
    async def ask(req: AskRequest) -> AskResponse:
        req = checked(req)
        answer = await run_in_threadpool(ctx.assistant.ask, req.question, req.notice,
                                         history=req.earlier_questions())
        await run_in_threadpool(ctx.helpdesk.questions.record, answer)
        return response_of(answer, ctx)

    @api.post("/api/ask/stream", tags=["问答"], summary="同上，以 NDJSON 流式返回",
              response_description='每行一个 JSON：{"delta": 文本片段} …，最后一行 {"answer": AskResponse}')
    async def ask_stream(req: AskRequest) -> StreamingResponse:
        req = checked(req)

        def lines() -> Iterator[str]:
            try:
                for event in ctx.assistant.stream(req.question, req.notice, history=req.earlier_questions()):
                    if isinstance(event, Answer):
                        ctx.helpdesk.questions.record(event)
                        yield json.dumps({"answer": response_of(event, ctx).model_dump(mode="json")}, ensure_ascii=False) + "\n"
                    else:
                        yield json.dumps({"delta": event}, ensure_ascii=False) + "\n"
            except Exception as exc:  # the 200 is sent already: end the stream with an error line, not a cut
                log_exception("POST /api/ask/stream", exc)
                yield json.dumps({"error": STREAM_FAILED}, ensure_ascii=False) + "\n"

        return StreamingResponse(iterate_in_threadpool(lines()), media_type="application/x-ndjson")

    @api.post("/api/assess", response_model=AssessResponse, tags=["资格评估"], summary="评估能否申报")
    async def assess(req: AssessRequest) -> AssessResponse:
        return await run_in_threadpool(_assess, ctx, req)

    @api.get("/api/notices", response_model=list[NoticeMeta], tags=["通知"], summary="已收录的通知")
    async def notices() -> list[NoticeMeta]:
        return ctx.assistant.notices()

    @api.get("/notice/{notice_id}", response_class=HTMLResponse, include_in_schema=False)
    async def notice_page(notice_id: str) -> HTMLResponse:
        meta = ctx.assistant.store.notice(notice_id)
        if meta is None:
            raise HTTPException(404, "没有这份通知")
        return HTMLResponse(notice_html(meta, ctx.assistant.store.notice_passages(notice_id)))

    @api.get("/notice/{notice_id}/file", include_in_schema=False)
    async def notice_file(notice_id: str) -> FileResponse:
        record = ctx.assistant.store.manifest().notices.get(notice_id)  # only files the index was built from
        if record is None:
            raise HTTPException(404, "没有这份通知")
        return download_of(Path(record.source), record.meta.file_name)

    @api.post("/api/handoff", response_model=HandoffResponse, tags=["转人工"], summary="把对话转给咨询台")
    async def handoff(req: HandoffRequest) -> HandoffResponse:
        opened = await run_in_threadpool(ctx.helpdesk.handoffs.open, req.turns, req.notice)
        return HandoffResponse(token=opened.token, link=f"/c/{opened.token}")

    @api.get("/api/handoff/{token}", response_model=Handoff, tags=["转人工"], summary="查看咨询台的回复")
    async def handoff_status(token: str) -> Handoff:
        return found_handoff(await run_in_threadpool(ctx.helpdesk.handoffs.get, token))

    @api.get("/c/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def handoff_page(token: str) -> HTMLResponse:
        found = found_handoff(await run_in_threadpool(ctx.helpdesk.handoffs.get, token))
        return HTMLResponse(handoff_html(found), headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    @api.get(GAPS_PATH + "/{key}.{fmt}", include_in_schema=False)
    async def gaps_export(key: str, fmt: Literal["csv", "xlsx"], request: Request, days: int = 30) -> Response:
        if not ctx.sessions.redeem(key, client_of(request)):
            raise HTTPException(403, "下载链接已失效（只能用一次，且须在登录状态下使用）：请在咨询台工作台重新生成报告。")
        report = await run_in_threadpool(gap_report, ctx.assistant, max(1, min(days, 3650)))
        tables = {"问题分组": gap_clusters_table(report), "全部问题": gap_questions_table(report)}
        content: str | bytes = to_csv(tables["问题分组"]) if fmt == "csv" else to_xlsx(tables)
        name = f"gaps-{time.strftime('%Y%m%d-%H%M%S')}.{fmt}"
        return Response(content, media_type=_EXPORT_TYPES[fmt], headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

    @api.get(EXPORT_PATH + "/{key}", include_in_schema=False)
    async def feedback_export(key: str, request: Request) -> Response:
        if not ctx.sessions.redeem(key, client_of(request)):
            raise HTTPException(403, "下载链接已失效（只能用一次，且须在登录状态下使用）：请在知识库管理页重新导出。")
        text = to_jsonl(list(await run_in_threadpool(ctx.helpdesk.ratings.all)))
        name = f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
        return Response(text, media_type="application/x-ndjson; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

    return api


def found_handoff(handoff: Handoff | None) -> Handoff:
    if handoff is None:
        raise HTTPException(404, "没有找到这次咨询：请检查链接是否完整。")
    return handoff


def download_of(path: Path, file_name: str) -> FileResponse:
    """An original notice file as a download: always ``attachment``, HTML as plain bytes, and a sandbox
    policy, so an uploaded page can never run in this site's origin."""
    media_type = _DOWNLOAD_TYPES.get(Path(file_name).suffix.lower(), "application/octet-stream")
    return FileResponse(path, filename=file_name, media_type=media_type, content_disposition_type="attachment",
                        headers={"Content-Security-Policy": DOWNLOAD_CSP})


def _assess(ctx: WebContext, req: AssessRequest) -> AssessResponse:
    service = ctx.assistant.eligibility()
    notices = ctx.assistant.notices()
    if req.profile is not None:
        profile = req.profile
        assessment = service.assess(profile)
    else:
        assessment, profile = service.handle(req.text or "", None, notices)
    return AssessResponse(verdict=assessment.verdict, summary=assessment.summary, text=service.render(assessment),
                          assessment=assessment.model_dump(mode="json"), profile=profile.stated())


_PROBLEMS = {"missing": "缺少此字段", "extra_forbidden": "不认识的字段", "string_too_long": "文字太长",
             "string_too_short": "不能为空", "too_long": "项数太多", "too_short": "项数太少",
             "string_type": "应为文本", "int_parsing": "应为整数", "float_parsing": "应为数字",
             "bool_parsing": "应为是或否", "literal_error": "取值不在允许的范围内", "enum": "取值不在允许的范围内",
             "greater_than_equal": "数值太小", "greater_than": "数值太小", "less_than_equal": "数值太大",
             "less_than": "数值太大", "json_invalid": "不是有效的 JSON", "model_attributes_type": "格式不对",
             "dict_type": "应为对象（键值对）", "list_type": "应为列表"}


def _field(loc: tuple | list, for_log: bool = False) -> str:
    """``body.history[3].content``; in the log a key that is not a plain name is shown as …, since
    a client's own keys could carry anything."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            shown = str(part) if not for_log or (str(part).isascii() and str(part).isidentifier()) else "…"
            parts.append(("." if parts else "") + shown[:60])
    return "".join(parts) or "（正文）"


def _printable(text: str) -> str:
    """``text`` with anything that cannot be written as UTF-8 (a lone surrogate) replaced."""
    return text.encode("utf-8", "replace").decode("utf-8")


async def validation_refused(request: Request, exc: Exception) -> JSONResponse:
    """422 naming each wrong field and what is wrong with it, never echoing the value (pydantic's
    default does, and a value that cannot be written as UTF-8 turned this answer into a 500)."""
    errors: list[dict[str, Any]] = list(exc.errors())[:20] if isinstance(exc, RequestValidationError) else []
    shown = [{"loc": _field(e.get("loc", ())), "type": e.get("type", ""), "msg": _printable(str(e.get("msg", ""))[:300])}
             for e in errors]
    summary = "；".join(f"{e['loc']}：{_PROBLEMS.get(e['type'], e['msg'])}" for e in shown)
    kinds = ", ".join(f"{_field(e.get('loc', ()), for_log=True)} {e.get('type', '')}" for e in errors)
    logging.getLogger(LOGGER).warning("rid=%s 422 validation: %s", request.scope.get(REQUEST_ID, "-"), kinds,
                                      extra={"dedup": f"validation {kinds}"})
    return JSONResponse({"detail": f"请求内容不符合要求：{summary or '格式不对'}。", "errors": shown}, status_code=422)


async def store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 while the Chroma server cannot be reached: the log says which server and why (never the
    token); the caller is told to try again, not shown a bare 500."""
    logging.getLogger(LOGGER).error("rid=%s 503 %s", request.scope.get(REQUEST_ID, "-"), exc,
                                    extra={"dedup": "chroma unavailable"})
    return JSONResponse({"detail": STORE_UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"})


def add_api(app: FastAPI, ctx: WebContext) -> None:
    app.include_router(router(ctx))
    app.add_exception_handler(RequestValidationError, validation_refused)
    app.add_exception_handler(StoreUnavailableError, store_unavailable)
