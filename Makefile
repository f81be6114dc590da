# Set-up is part of every target: a fresh machine needs only `make run` or `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test eval eval-check bench

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	# torch first, from the machine's CPU wheel; otherwise pip pulls the CUDA build (several GB)
	$(PY) -m pip install -q torch==2.13.0 || $(PY) -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

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
