#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests, installing it first when it is missing.
#   scripts/postgres.sh start DIR   prints the port it listens on (127.0.0.1 only)
#   scripts/postgres.sh url DIR     prints the JDBC URL of its superuser kiln, password included
#   scripts/postgres.sh stop DIR
# Every role signs in with its password (scram-sha-256), the superuser kiln too: user code on a test
# cluster reaches loopback ports, and must not reach the store. kiln's password is made at start and
# kept in DIR/password (0600, in DIR, 0700).
set -euo pipefail
action="$1"; dir="$2"

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  # initdb and postgres refuse to run as root; run them as the postgres user then.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [[ -z "$(pg_bin)" ]]; then
      echo "postgres: installing PostgreSQL from Debian's packages" >&2
      SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    fi
    bin="$(pg_bin)"
    mkdir -p "$dir"
    chmod 700 "$dir"
    # URL-safe, so that it goes into a JDBC URL as it is.
    (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$dir/password")
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir" "$dir/password"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U kiln --pwfile="$dir/password" --auth=scram-sha-256 \
      -E UTF8 >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    echo "$port" > "$dir/port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    echo "$port"
    ;;
  url)
    echo "jdbc:postgresql://127.0.0.1:$(cat "$dir/port")/postgres?user=kiln&password=$(cat "$dir/password")"
    ;;
  stop)
    bin="$(pg_bin)"
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
