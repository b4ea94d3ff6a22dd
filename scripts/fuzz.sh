#!/usr/bin/env bash
# The OpenAPI-driven fuzzer: schemathesis (from PyPI, the version pinned in
# it/fuzz/requirements.txt, in its own venv .venv-fuzz, made only when missing or the pin changed)
# against the packaged server in a throwaway home, with the admin's token, over every route that
# does not start compute. It fails on any 5xx and on any answer that breaks the OpenAPI description
# (/openapi.json), and prints one summary line with the number of requests and the time taken.
#
# Bounded: FUZZ_EXAMPLES test cases per operation and phase (default 20) and FUZZ_MAX_SECONDS of
# wall clock (default 300; the run fails when it is reached). FUZZ_SEED picks the inputs (default
# a fixed one, so a run is repeatable; FUZZ_SEED=random for new ones). The full output is kept in
# it/target/fuzz/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-fuzz"
REQUIREMENTS="$ROOT/it/fuzz/requirements.txt"
EXAMPLES="${FUZZ_EXAMPLES:-20}"
MAX_SECONDS="${FUZZ_MAX_SECONDS:-300}"
SEED="${FUZZ_SEED:-1414}"
OUT="$ROOT/it/target/fuzz"

# Routes left out, by path: they start clusters or nodes (clusters create/start/restart/resize/
# edit/update, pools create/edit with min_idle), runs (run-now, submit, repair, a node's notebook
# run), or run code and processes (Command Execution 1.2, library installs).
EXCLUDE='/clusters/(create|start|restart|resize|edit|update)$'
EXCLUDE+='|/instance-pools/(create|edit)$'
EXCLUDE+='|/jobs/(run-now|runs/submit|runs/repair)$'
EXCLUDE+='|^/api/1\.2/'
EXCLUDE+='|/libraries/install$'
EXCLUDE+='|/kiln/node/notebooks/run$'

if [[ ! -x "$VENV/bin/st" ]] || ! cmp -s "$REQUIREMENTS" "$VENV/requirements.txt"; then
  echo "fuzz: creating $VENV (schemathesis from PyPI)" >&2
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install -q -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt"
fi

mkdir -p "$OUT"
home="$(mktemp -d /tmp/kiln-fuzz.XXXXXX)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# No runtime: should a route that starts compute slip past the list above, no node can start.
mkdir "$home/no-runtime"
env -u KILN_DB_URL KILN_RUNTIME_DIR="$home/no-runtime" \
  java -jar "$ROOT/server/target/kiln-server.jar" start --home "$home" --port "$port" \
  >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$home"' EXIT
for _ in $(seq 1 120); do
  [[ -s "$home/admin-token" ]] && python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/.well-known/databricks-config', timeout=2)" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$OUT/server.log"; exit 1; }
  sleep 0.5
done

seed_args=()
[[ "$SEED" != random ]] && seed_args=(--seed "$SEED")
started=$(date +%s.%N)
cd "$OUT" # schemathesis keeps a cache (.schemathesis) in its working folder
set +e
# Phases without the stateful one: it chains answers into requests, and so revokes its own token
# (token/list, then token/delete) and tests nothing more.
timeout --kill-after=10 "$MAX_SECONDS" "$VENV/bin/st" run "http://127.0.0.1:$port/openapi.json" \
  --header "Authorization: Bearer $(cat "$home/admin-token")" \
  --checks not_a_server_error,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$EXAMPLES" \
  --workers 2 \
  --exclude-path-regex "$EXCLUDE" \
  --generation-database none \
  --suppress-health-check all \
  --no-color \
  "${seed_args[@]}" \
  >"$OUT/schemathesis.txt" 2>&1
status=$?
set -e
seconds=$(python3 -c "import time; print(f'{time.time() - $started:.0f}')")

# "Test cases: N generated, ..." - one request each (the checks chosen send none of their own).
requests=$(grep -oE '^ *[0-9]+ generated' "$OUT/schemathesis.txt" | grep -oE '[0-9]+' | tail -1)
operations=$(grep -oE 'Tested: [0-9]+' "$OUT/schemathesis.txt" | grep -oE '[0-9]+' | tail -1)
if [[ $status -eq 0 ]]; then
  sed -n '/= SUMMARY =/,$p' "$OUT/schemathesis.txt"
  echo "fuzz: PASSED: ${requests:-?} requests over ${operations:-?} operations in ${seconds} s (schemathesis, ${EXAMPLES} examples per operation, seed ${SEED})"
  exit 0
fi
if [[ $status -eq 124 || $status -eq 137 ]]; then
  tail -40 "$OUT/schemathesis.txt"
  echo "fuzz: FAILED: not done within ${MAX_SECONDS} s (FUZZ_MAX_SECONDS); output in $OUT" >&2
  exit 1
fi
sed -n '/= FAILURES =/,$p' "$OUT/schemathesis.txt" | head -300
echo "server log: $OUT/server.log" >&2
echo "fuzz: FAILED: 5xx or answers off the OpenAPI description among ${requests:-?} requests over ${operations:-?} operations in ${seconds} s (seed ${SEED}); output in $OUT/schemathesis.txt" >&2
exit 1
