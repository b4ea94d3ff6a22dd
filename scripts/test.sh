#!/usr/bin/env bash
# The whole test suite: unit tests first, then the integration tests on H2 and again on a
# throwaway PostgreSQL server that this script installs (if needed), starts and stops, then the
# official Python SDK against the packaged server, then an OpenAPI-driven fuzzer (schemathesis)
# against it (scripts/fuzz.sh: a bounded run, about 3 minutes, that fails on any 5xx or answer off
# the OpenAPI description).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --browser

pg_dir="$(mktemp -d /tmp/kiln-pg.XXXXXX)"
trap '"$ROOT/scripts/postgres.sh" stop "$pg_dir"' EXIT
pg_port="$("$ROOT/scripts/postgres.sh" start "$pg_dir")"
# kiln's password is in the URL: the test server needs one like every other role.
KILN_TEST_PG_URL="$("$ROOT/scripts/postgres.sh" url "$pg_dir")"
export KILN_TEST_PG_URL
echo "test: PostgreSQL for the tests on 127.0.0.1:${pg_port}" >&2

cd "$ROOT"
# The runtime's Python venv (PySpark for Python execution contexts), made only when missing or its
# requirements changed; the runtime build keeps it.
"$ROOT/scripts/python-runtime.sh"
mvn -B verify "$@"
"$ROOT/scripts/python-sdk.sh"
"$ROOT/scripts/fuzz.sh"
