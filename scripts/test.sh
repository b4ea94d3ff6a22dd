#!/usr/bin/env bash
# The whole test suite: unit tests first, then the integration tests on H2 and again on a
# throwaway PostgreSQL server that this script installs (if needed), starts and stops, then the
# official Python SDK against the packaged server, then an OpenAPI-driven fuzzer (schemathesis)
# against it (scripts/fuzz.sh: a bounded run, about 3 minutes, that fails on any 5xx or answer off
# the OpenAPI description). At the end, pass or fail, it prints each step's and each test class's
# time (scripts/test-times.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --browser

steps=()
run_started="$(mktemp /tmp/kiln-test-run.XXXXXX)"
# Runs a step of the suite and remembers how long it took.
step() {
  local name="$1" started=$SECONDS
  shift
  "$@"
  steps+=("$(printf '%6ds  %s' $((SECONDS - started)) "$name")")
}
summary() {
  "$ROOT/scripts/postgres.sh" stop "$pg_dir"
  "$ROOT/scripts/test-times.sh" "$run_started" || true
  rm -f "$run_started"
  echo "Steps (seconds):"
  printf '%s\n' "${steps[@]}"
  printf '%6ds  total\n' "$SECONDS"
}

pg_dir="$(mktemp -d /tmp/kiln-pg.XXXXXX)"
trap summary EXIT
pg_port="$("$ROOT/scripts/postgres.sh" start "$pg_dir")"
# kiln's password is in the URL: the test server needs one like every other role.
KILN_TEST_PG_URL="$("$ROOT/scripts/postgres.sh" url "$pg_dir")"
export KILN_TEST_PG_URL
echo "test: PostgreSQL for the tests on 127.0.0.1:${pg_port}" >&2

cd "$ROOT"
# The runtime's Python venv (PySpark for Python execution contexts), made only when missing or its
# requirements changed; the runtime build keeps it.
"$ROOT/scripts/python-runtime.sh"
step "mvn verify (unit, H2, PostgreSQL)" mvn -B verify "$@"
step "Python SDK" "$ROOT/scripts/python-sdk.sh"
step "OpenAPI fuzzer" "$ROOT/scripts/fuzz.sh"
