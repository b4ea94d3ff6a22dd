#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests, installing it first when it is missing.
#   scripts/postgres.sh start DIR   prints the port it listens on (127.0.0.1 only)
#   scripts/postgres.sh stop DIR
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
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    # The test superuser kiln signs in without a password; every other role (the metastore's)
    # needs its own, as on a real server, so the tests can show a wrong or missing one refused.
    as_owner "$bin/initdb" -D "$dir/data" -U kiln --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 >/dev/null
    hba="$dir/data/pg_hba.conf"
    as_owner sh -c "{ echo 'host all kiln 127.0.0.1/32 trust'; cat '$hba'; } > '$hba.new' && mv '$hba.new' '$hba'"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    echo "$port"
    ;;
  stop)
    bin="$(pg_bin)"
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
