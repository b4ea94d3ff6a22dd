# Sourced by the scripts that test the packaged server from outside (python-sdk.sh, fuzz.sh).

# ensure_venv VENV REQUIREMENTS: a Python venv with REQUIREMENTS from PyPI, made again only when
# missing or when the requirements changed since it was made.
ensure_venv() {
  local venv="$1" requirements="$2"
  if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    echo "$(basename "$0"): creating $venv (from PyPI)" >&2
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install -q -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
  fi
}

# start_packaged_server LOG [NAME=VALUE...]: the packaged server on H2 in a throwaway home
# ($server_home) on a free loopback port ($server_port), with the given extra environment, in the
# background; returns once it answers, and stops it and removes the home when the script exits.
start_packaged_server() {
  local log="$1"
  shift
  server_home="$(mktemp -d /tmp/kiln-server.XXXXXX)"
  server_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env -u KILN_DB_URL "$@" java -jar "$ROOT/server/target/kiln-server.jar" start \
    --home "$server_home" --port "$server_port" >"$log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; rm -rf "$server_home"' EXIT
  for _ in $(seq 1 120); do
    [[ -s "$server_home/admin-token" ]] && python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$server_port/.well-known/databricks-config', timeout=2)" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  echo "$(basename "$0"): the packaged server did not answer within a minute; log: $log" >&2
  exit 1
}
