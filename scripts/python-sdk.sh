#!/usr/bin/env bash
# The Python SDK tests: a venv with the official Databricks SDK (from PyPI), the packaged server
# on a free loopback port in a throwaway home, pytest against it, and the server stopped again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=packaged-server.sh
source "$ROOT/scripts/packaged-server.sh"
VENV="$ROOT/.venv"

ensure_venv "$VENV" "$ROOT/it/python/requirements.txt"
mkdir -p "$ROOT/it/target"
start_packaged_server "$ROOT/it/target/python-sdk-server.log"

DATABRICKS_HOST="http://127.0.0.1:$server_port" DATABRICKS_TOKEN="$(cat "$server_home/admin-token")" \
  DATABRICKS_CONFIG_FILE=/dev/null "$VENV/bin/pytest" -q "$ROOT/it/python"
