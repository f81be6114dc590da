"""The systems the suite compares, behind one small interface: ``ask(question, history) -> Answer``.

``Ours`` wraps :class:`assistant.pipeline.Assistant`. Conversations pass the earlier turns as
``history`` only when ``Assistant.ask`` has a ``history`` parameter (probed at run time); otherwise
every turn is asked on its own and the report says so. The history is given in the form the
parameter's annotation names: ``list[str]`` (the earlier questions), ``Answer`` objects,
``(question, answer text)`` tuples, or — the default — chat messages
``{"role": "user" | "assistant", "content": …}``.
"""

from __future__ import annotations

import inspect
import re
import threading
import time
from typing import Protocol

from langchain_core.embeddings import Embeddings

from assistant.models import Answer

Turn = tuple[str, Answer]  # an earlier question and the answer it got


class System(Protocol):
    name: str

    @property
    def supports_history(self) -> bool: ...

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer: ...


class Ours:
    name = "ours"

    def __init__(self, assistant, mode: str = "hybrid") -> None:
        self.assistant = assistant
        self.mode = mode
        self._params = inspect.signature(assistant.ask).parameters

    @property
    def supports_history(self) -> bool:
        return "history" in self._params

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        kwargs = {"mode": self.mode} if "mode" in self._params else {}
        if history is not None and self.supports_history:
            kwargs["history"] = history_as(self._params["history"].annotation, history)
        return self.assistant.ask(question, **kwargs)


def history_as(annotation: object, history: list[Turn]) -> list:
    """Earlier turns in the form ``Assistant.ask(history=…)`` declares."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if "Answer" in text:
        return [answer for _, answer in history]
    if "tuple" in text.lower():
        return [(question, answer.text) for question, answer in history]
    if re.search(r"(list|Sequence|Iterable)\[str\]", text):
        return [question for question, _ in history]
    messages: list[dict] = []
    for question, answer in history:
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    return messages


class QueryMemo(Embeddings):
    """The shared embedding model, remembering the query vectors it has computed: a question the
    suite asks again (a perturbation that the pipeline normalises back, 繁→简) costs nothing.
    Each system gets its own memo, so neither profits from the other's queries."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.model_id = getattr(inner, "model_id", type(inner).__name__)
        self._memo: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            hit = self._memo.get(text)
        if hit is None:
            hit = self.inner.embed_query(text)
            with self._lock:
                self._memo[text] = hit
        return hit


class Timed:
    """Times each answer and remembers answers to standalone questions: a perturbation that leaves a
    question unchanged reuses its answer (both systems are deterministic)."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.name = system.name
        self._memo: dict[str, tuple[Answer, float]] = {}

    @property
    def supports_history(self) -> bool:
        return self.system.supports_history

    def ask(self, question: str, history: list[Turn] | None = None) -> tuple[Answer, float]:
        if history is None and question in self._memo:
            return self._memo[question]
        started = time.perf_counter()
        answer = self.system.ask(question, history)
        out = (answer, 1000 * (time.perf_counter() - started))
        if history is None:
            self._memo[question] = out
        return out
