"""Generated answers: condense the follow-up → retrieve within scope → answer with [n] citations →
verify, as LangChain runnables over a chat model.

The extractive answer is always made first: it decides the scope and whether the notices support
an answer at all, and it is what the applicant sees whenever the model's answer fails verification,
the model errs or times out. Text is released sentence by sentence, each only after it passed
verification, so an unverified fact is never shown, not even while streaming.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from collections.abc import Generator as Generator_
from contextlib import closing
from typing import cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda, RunnablePassthrough
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ConfigDict

from assistant.llm.budget import Count, Overflow, estimate_tokens, prompt_tokens
from assistant.llm.passages import Numbered, as_data, citations, number, renumber
from assistant.llm.prompts import Prompts
from assistant.llm.tools import run_tool
from assistant.llm.verify import Expected, Verifier, cites
from assistant.models import Answer, LLMOutcome, NoticeMeta, ScoredPassage
from assistant.settings import LLMSettings
from assistant.text.instructions import strip_instructions
from assistant.text.sentences import complete_sentences

MAX_STANDALONE_CHARS = 200
Retrieve = Callable[[str], list[ScoredPassage]]
Assessed = Callable[[str, object], Answer]


class Request(BaseModel):
    """One question for the model, with what the extractive pipeline found for it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    question: str  # as the pipeline read it: simplified, without instructions
    history: list[str]
    extractive: Answer
    notices: dict[str, NoticeMeta]
    personal: bool = False  # the applicant states facts about themselves: the eligibility tool is offered


def wants_model(extractive: Answer, personal: bool = False) -> bool:
    """Whether to ask the model: not for an empty question, an assessment, a notice not indexed or one
    stating it leaves out the level asked about, and not when the notices leave the question open —
    the model's text would not be shown — unless the applicant states facts about themselves (the
    model may then call the eligibility tool)."""
    scope = extractive.scope
    if scope is None or scope.out_of_coverage or scope.excluded or extractive.assessment is not None:
        return False
    return personal or not extractive.abstained


class _Rejected(Exception):
    """The model's answer may not be shown; the message says why."""


class _Empty(_Rejected):
    """The server answered nothing: what llama.cpp's server does when the prompt overflows its context."""


EMPTY = "模型没有返回内容（提示可能超出了模型的上下文长度）"


class Generator:
    def __init__(self, chat: BaseChatModel, model: str, prompts: Prompts, limits: LLMSettings,
                 tools: Callable[[], Sequence[BaseTool]] = lambda: (), count: Count = estimate_tokens) -> None:
        self.chat, self.model, self.prompts, self.limits, self.tools = chat, model, prompts, limits, tools
        self.count = count  # tokens of a text: the server's tokenizer, or the cautious estimate
        self.secrets = prompts.secret_lines()
        condense = RunnableLambda(self._condense_messages) | chat | StrOutputParser()
        self.prepare = (
            RunnablePassthrough.assign(standalone=RunnableLambda(lambda x: self._standalone(x, condense)))
            | RunnablePassthrough.assign(numbered=RunnableLambda(self._passages))
        )

    # ---- the chain's steps -------------------------------------------------------------------
    def _condense_messages(self, x: dict) -> list[BaseMessage]:
        history = "\n".join(f"- {as_data(h)}" for h in x["history"])
        system, user = self.prompts.condense.fill(history=history, question=as_data(x["question"]))
        return [SystemMessage(system), HumanMessage(user)]

    def _standalone(self, x: dict, condense) -> str:
        if not x["history"]:
            return x["question"]
        rewritten, _ = strip_instructions(condense.invoke(x).strip())
        return rewritten[:MAX_STANDALONE_CHARS] or x["question"]

    def _passages(self, x: dict) -> Numbered:
        """What the extractive answer cited first, then what the standalone question retrieves."""
        extractive: Answer = x["extractive"]
        by_id = {h.passage.id: h for h in extractive.passages}
        cited = [by_id[c.passage_id] for c in extractive.citations if c.passage_id in by_id]
        found = extractive.passages if x["standalone"] == x["question"] else x["retrieve"](x["standalone"])
        return number(cited + list(found) + list(extractive.passages), x["notices"], self.limits.max_passages)

    def _answer_messages(self, question: str, numbered: Numbered, tools: Sequence[BaseTool]) -> list[BaseMessage]:
        system, user = self.prompts.answer.fill(passages=numbered.block(), question=as_data(question))
        for tool in tools:
            system += "\n\n" + self.prompts.tool_use.fill(tool_name=tool.name)[0]
        return [SystemMessage(system), HumanMessage(user)]

    def _fitted(self, question: str, numbered: Numbered, tools: Sequence[BaseTool]) -> tuple[Numbered, list[BaseMessage]]:
        """The passages and messages that fit the context with room for the answer: the least
        relevant passages (the last) are dropped until the count fits."""
        room = self.limits.context_tokens - self.limits.max_tokens
        while True:
            messages = self._answer_messages(question, numbered, tools)
            if prompt_tokens(messages, tools, self.count) <= room:
                return numbered, messages
            if len(numbered.hits) <= 1:
                raise Overflow("提示超出模型的上下文长度（ASSISTANT_LLM__CONTEXT_TOKENS），未调用模型")
            numbered = numbered.model_copy(update={"hits": numbered.hits[:-1]})

    # ---- answering -----------------------------------------------------------------------------
    def stream(self, req: Request, retrieve: Retrieve, assessed: Assessed) -> Iterator[str | Answer]:
        """Verified text pieces, then the final Answer (the model's, or the extractive one)."""
        outcome = LLMOutcome(model=self.model, used=False)
        try:
            state = self.prepare.invoke({"question": req.question, "history": req.history, "retrieve": retrieve,
                                         "extractive": req.extractive, "notices": req.notices})
            if state["standalone"] != req.question:
                outcome.standalone = state["standalone"]
            yield from self._generate_fitting(req, state["numbered"], outcome, assessed)
        except (_Rejected, Overflow) as rejected:
            outcome.problems.append(str(rejected))
            yield _fallback(req.extractive, outcome)
        except Exception as error:  # noqa: BLE001 — any failure of the model shows the extractive answer
            outcome.problems.append(f"模型调用失败：{type(error).__name__}")
            yield _fallback(req.extractive, outcome)

    def _generate_fitting(self, req: Request, numbered: Numbered, outcome: LLMOutcome, assessed: Assessed):
        """Generate; when the server answers nothing — its context overflowed: the chat template (a
        function-calling preamble) adds tokens no count of the messages sees — ask once more with
        half the passages. Nothing was shown of an empty answer, so nothing is repeated."""
        tools = list(self.tools()) if req.personal else []  # the schema costs ~2,000 tokens a request
        sent, messages = self._fitted(state_question(req, outcome), numbered, tools)
        try:
            yield from self._generate(req, sent, messages, tools, outcome, assessed)
        except _Empty:
            if len(sent.hits) <= 1:
                raise
            half = sent.model_copy(update={"hits": sent.hits[: len(sent.hits) // 2]})  # half of what was sent
            outcome.passages_dropped = len(numbered.hits) - len(half.hits)
            yield from self._generate(req, half, self._answer_messages(state_question(req, outcome), half, tools),
                                      tools, outcome, assessed)

    def _generate(self, req: Request, numbered: Numbered, messages: list[BaseMessage], tools: list[BaseTool],
                  outcome: LLMOutcome, assessed: Assessed):
        """Stream the model's answer. A sentence is released once it cites a passage given and its
        facts pass, and only while every sentence before it was released: an uncited sentence, and
        all after it, are held until the whole answer passed, and are never shown if it fails."""
        chat = self.chat.bind_tools(tools, tool_choice="auto") if tools else self.chat
        extractive = req.extractive
        verifier = Verifier(numbered.texts(), self.secrets, Expected.of(extractive))
        held: list[str] = []
        shown, buffer = not req.extractive.abstained, ""
        full: AIMessage | None = None
        # leaving early (a refused sentence, a timeout) closes the connection, so the server stops writing
        with closing(cast(Generator_, chat.stream(messages))) as stream:
            for chunk in _chunks(stream):
                full = chunk if full is None else cast(AIMessage, full + chunk)  # chunks add up to an AIMessageChunk
                if isinstance(chunk, AIMessageChunk) and chunk.tool_call_chunks:
                    continue
                sentences, buffer = complete_sentences(buffer + chunk.text, final=False)
                yield from self._release(sentences, verifier, held, shown)
        _check_finished(full)
        if full is not None and full.tool_calls:
            yield self._tool_answer(req, full.tool_calls[0], tools, outcome, assessed)
            return
        yield from self._release(complete_sentences(buffer, final=True)[0], verifier, held, shown)
        result = verifier.finish()
        if not result.ok:
            raise _Rejected("；".join(result.problems()))
        if not shown:
            raise _Rejected("摘录回答判断通知中没有依据，不采用模型的文字回答")
        yield from (renumber(s, result.cited) for s in held)
        yield from self._final(req, full.text if full else "", numbered, result.cited, outcome)

    @staticmethod
    def _release(sentences: list[str], verifier: Verifier, held: list[str], shown: bool) -> Iterator[str]:
        for sentence in sentences:
            if not verifier.check(sentence):
                raise _Rejected("；".join(verifier.result.problems()))
            if shown and not held and cites(sentence):
                yield renumber(sentence, verifier.result.cited)
            else:
                held.append(sentence)

    def _final(self, req: Request, text: str, numbered: Numbered, order: list[int], outcome: LLMOutcome):
        body = renumber(text.strip(), order)
        cites = citations(text, order, numbered)
        sources = "\n\n依据：\n" + "\n".join(c.line() for c in cites)
        yield sources
        outcome.used = True
        trace = [f"生成：模型 {self.model} 依据 {len(numbered.hits)} 段原文作答，核对通过，引用 {len(cites)} 段"]
        yield req.extractive.model_copy(update={
            "text": body + sources, "direct": body, "citations": cites, "passages": numbered.hits,
            "trace": req.extractive.trace + trace, "llm": outcome,
        })

    def _tool_answer(self, req: Request, call, tools, outcome: LLMOutcome, assessed: Assessed) -> Answer:
        try:
            artifact = run_tool(call, tools, "\n".join([*req.history, req.question]))
        except ValueError as error:
            raise _Rejected(str(error)) from error
        answer = assessed(req.question, artifact)
        outcome.used, outcome.tool = True, call["name"]
        return answer.model_copy(update={
            "question": req.extractive.question, "llm": outcome,
            "trace": req.extractive.trace + answer.trace + [f"生成：模型 {self.model} 调用了工具 {call['name']}"],
        })


def _chunks(stream: Iterator) -> Iterator:
    """The model's chunks; a stream that ends with none is a refusal, not an error (a server whose
    context overflowed answers 200 with an empty body)."""
    try:
        yield from stream
    except ValueError as error:
        if "No generation chunks" in str(error):
            raise _Empty(EMPTY) from error
        raise


def _check_finished(full: AIMessage | None) -> None:
    """The answer ended on its own: not empty, not cut off at ``max_tokens``."""
    if full is None or not (full.text.strip() or full.tool_calls):
        raise _Empty(EMPTY)
    if full.response_metadata.get("finish_reason") == "length":
        raise _Rejected("模型的回答达到长度上限被截断（ASSISTANT_LLM__MAX_TOKENS）")


def state_question(req: Request, outcome: LLMOutcome) -> str:
    """The question the model answers: the standalone form of a follow-up, else the question."""
    return outcome.standalone or req.question


def _fallback(extractive: Answer, outcome: LLMOutcome) -> Answer:
    line = f"模型回答未采用（{'；'.join(outcome.problems)}），显示摘录回答"
    return extractive.model_copy(update={"trace": extractive.trace + [line], "llm": outcome})
