"""A scripted OpenAI-compatible chat server on loopback, for tests and the LLM evaluation.

``ScriptedServer(write)`` serves ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) from a
thread: ``write(request_json)`` returns the :class:`Reply` (text, or tool calls), sent as one JSON
completion or — when the request asks to stream — as server-sent-event chunks, as real servers
(vLLM, Ollama, llama.cpp, DeepSeek, DashScope) do. Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pydantic import BaseModel, Field

CHUNK_CHARS = 4


class Reply(BaseModel):
    content: str = ""
    tool_calls: list[dict] = Field(default_factory=list, description="{'name': …, 'arguments': {…}}")
    finish_reason: str | None = Field(default=None, description="'length' for an answer cut off at max_tokens; "
                                      "unset: 'stop', or 'tool_calls'")

    def finish(self) -> str:
        return self.finish_reason or ("tool_calls" if self.tool_calls else "stop")


Writer = Callable[[dict], Reply]


def _choice_message(reply: Reply) -> dict:
    calls = [{"id": f"call_{i}", "type": "function",
              "function": {"name": c["name"], "arguments": json.dumps(c["arguments"], ensure_ascii=False)}}
             for i, c in enumerate(reply.tool_calls)]
    return {"role": "assistant", "content": reply.content or None, **({"tool_calls": calls} if calls else {})}


def completion(reply: Reply, model: str) -> dict:
    finish = reply.finish()
    return {"id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": _choice_message(reply), "finish_reason": finish}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}


def chunks(reply: Reply, model: str) -> Iterator[dict]:
    """The reply as streaming deltas: the role, the text a few characters at a time, the tool calls
    (name first, then the arguments in pieces), then the finish reason."""
    def chunk(delta: dict, finish: str | None = None) -> dict:
        return {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    for i in range(0, len(reply.content), CHUNK_CHARS):
        yield chunk({"content": reply.content[i:i + CHUNK_CHARS]})
    for i, call in enumerate(reply.tool_calls):
        args = json.dumps(call["arguments"], ensure_ascii=False)
        yield chunk({"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function",
                                     "function": {"name": call["name"], "arguments": ""}}]})
        for j in range(0, len(args), CHUNK_CHARS):
            yield chunk({"tool_calls": [{"index": i, "function": {"arguments": args[j:j + CHUNK_CHARS]}}]})
    yield chunk({}, reply.finish())


class ScriptedServer:
    """``with ScriptedServer(write) as server:`` … ``server.url`` is the base URL (…/v1).

    ``context_chars``: a request whose messages are longer gets what llama.cpp's server sends when a
    prompt overflows its context: status 200 and no completion at all.
    ``context_tokens``: the same limit in tokens of the server's tokenizer (``tokens_of``: a text's
    token count), which it exposes as llama.cpp does (``POST /tokenize {"content"}`` →
    ``{"tokens": [...]}``); ``tokenized`` keeps the texts it was asked to count. ``template_tokens``:
    what the server's chat template adds to every prompt, unseen by any count of the messages (the
    function-calling preamble of llama-cpp-python's chatml-function-calling is ~600)."""

    def __init__(self, write: Writer, port: int = 0, context_chars: int | None = None,
                 context_tokens: int | None = None, tokens_of: Callable[[str], int] | None = None,
                 template_tokens: int = 0) -> None:
        self.write, self.requests, self.headers = write, [], []
        self.context_chars, self.context_tokens, self.tokens_of = context_chars, context_tokens, tokens_of
        self.template_tokens = template_tokens
        self.tokenized: list[str] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def overflows(self, body: dict) -> bool:
        texts = [str(m.get("content") or "") for m in body.get("messages", [])] + [json.dumps(body.get("tools", []))]
        if self.context_tokens is not None and self.tokens_of is not None:
            return sum(map(self.tokens_of, texts)) + self.template_tokens > self.context_tokens
        return self.context_chars is not None and sum(map(len, texts)) > self.context_chars

    def tokenize(self, body: dict) -> dict | None:
        """llama.cpp's ``/tokenize`` reply (stand-in token ids), or None when it has no tokenizer."""
        if self.tokens_of is None or not isinstance(body.get("content"), str):
            return None
        self.tokenized.append(body["content"])
        return {"tokens": list(range(self.tokens_of(body["content"])))}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 — the http.server API
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if self.path.rstrip("/") == "/tokenize" and (counted := server.tokenize(body)) is not None:
                    self._send(json.dumps(counted))
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self.send_error(404)
                    return
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if server.overflows(body):
                    self._overflow(bool(body.get("stream")))
                    return
                reply = server.write(body)
                if body.get("stream"):
                    self._stream(reply, body.get("model", ""))
                else:
                    self._send(json.dumps(completion(reply, body.get("model", "")), ensure_ascii=False))

            def _overflow(self, stream: bool) -> None:
                if stream:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    self.wfile.write(b"data: [DONE]\n\n")
                else:
                    self._send("")

            def _send(self, text: str) -> None:
                data = text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: Reply, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for c in chunks(reply, model):
                        self.wfile.write(f"data: {json.dumps(c, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: a verifier that refused a sentence does so

        return Handler
