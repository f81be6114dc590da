# Set-up is part of every target: a fresh machine needs only `make run` or `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test eval eval-check bench bench-load

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	# torch first, from the machine's CPU wheel; otherwise pip pulls the CUDA build (several GB)
	$(PY) -m pip install -q torch==2.13.0 || $(PY) -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Debian's Chromium (driven by Playwright in the browser tests) and CJK fonts for readable screenshots
BROWSER_STAMP := $(VENV)/.browser-stamp
$(BROWSER_STAMP):
	@if command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else echo "Install Debian's chromium and fonts-noto-cjk (as root) for the browser tests"; exit 1; fi
	mkdir -p $(VENV) && touch $(BROWSER_STAMP)

setup: $(STAMP) $(BROWSER_STAMP)

run: setup
	$(PY) app.py

test: setup
	$(PY) -m pytest

eval: setup
	$(PY) -m eval run --dataset eval/datasets/dev.jsonl

# the regression gate: every dataset, ours and the baseline, against eval/reference_scores.json
eval-check: setup
	$(PY) -m eval check

bench: setup
	$(PY) bench/bench_pipeline.py

# 20 concurrent clients on POST /api/ask for a minute against a freshly started app.py
bench-load: setup
	$(PY) bench/bench_api_load.py --clients 20 --seconds 60
