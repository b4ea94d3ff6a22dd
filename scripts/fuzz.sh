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
# shellcheck source=packaged-server.sh
source "$ROOT/scripts/packaged-server.sh"
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

ensure_venv "$VENV" "$REQUIREMENTS"
mkdir -p "$OUT"
# No runtime: should a route that starts compute slip past the list above, no node can start.
mkdir -p "$OUT/no-runtime"
start_packaged_server "$OUT/server.log" KILN_RUNTIME_DIR="$OUT/no-runtime"

seed_args=()
[[ "$SEED" != random ]] && seed_args=(--seed "$SEED")
started=$(date +%s.%N)
cd "$OUT" # schemathesis keeps a cache (.schemathesis) in its working folder
set +e
# Phases without the stateful one: it chains answers into requests, and so revokes its own token
# (token/list, then token/delete) and tests nothing more.
timeout --kill-after=10 "$MAX_SECONDS" "$VENV/bin/st" run "http://127.0.0.1:$server_port/openapi.json" \
  --header "Authorization: Bearer $(cat "$server_home/admin-token")" \
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
