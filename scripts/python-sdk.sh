#!/usr/bin/env bash
# The Python SDK tests: a venv with the official Databricks SDK (from PyPI), the packaged server
# on a free loopback port in a throwaway home, pytest against it, and the server stopped again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

if [[ ! -x "$VENV/bin/pytest" ]] || ! cmp -s "$ROOT/it/python/requirements.txt" "$VENV/requirements.txt"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$ROOT/it/python/requirements.txt"
  cp "$ROOT/it/python/requirements.txt" "$VENV/requirements.txt"
fi

home="$(mktemp -d /tmp/kiln-py.XXXXXX)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env -u KILN_DB_URL java -jar "$ROOT/server/target/kiln-server.jar" start --home "$home" --port "$port" \
  >"$home/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$home"' EXIT
for _ in $(seq 1 120); do
  [[ -s "$home/admin-token" ]] && python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/.well-known/databricks-config', timeout=2)" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$home/server.log"; exit 1; }
  sleep 0.5
done

DATABRICKS_HOST="http://127.0.0.1:$port" DATABRICKS_TOKEN="$(cat "$home/admin-token")" \
  DATABRICKS_CONFIG_FILE=/dev/null "$VENV/bin/pytest" -q "$ROOT/it/python"
