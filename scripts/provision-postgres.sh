#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, idempotently (a second run finds it running and changes nothing):
#   - installs Debian's postgresql package when no server binaries are present (root on CI);
#   - initialises its own cluster under artifacts/postgres/data (never the distribution's cluster or service), owned
#     by the postgres user the package creates (the server refuses to run as root);
#   - starts it on 127.0.0.1 only, on a non-default port (QBROKER_TEST_POSTGRES_PORT, default 55432), with its socket
#     in artifacts/postgres/run;
#   - creates the role and database "qbroker" (password "qbroker"; the role may create databases and schemas, which
#     the tests use to isolate themselves).
# On success the only line on standard output is the connection string (also written to
# artifacts/postgres/connection-string), so the test command can do
#   export QBROKER_TEST_POSTGRES="$(bash scripts/provision-postgres.sh)"
# Progress goes to standard error.  `bash scripts/provision-postgres.sh --stop` stops the server (the data stays, so
# the next start is quick); `--stop --wipe` also deletes it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
home="$root/artifacts/postgres"
data="$home/data"
run="$home/run"
log="$home/server.log"
port="${QBROKER_TEST_POSTGRES_PORT:-55432}"
role="qbroker"
password="qbroker"
database="qbroker"

say() { echo "provision-postgres: $*" >&2; }

server_bin() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ] && [ -x "$newest/pg_ctl" ]; then
    echo "$newest"
  fi
}

# Runs a server command as the cluster's owner: the postgres user when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop=false
wipe=false
for argument in "$@"; do
  case "$argument" in
    --stop) stop=true ;;
    --wipe) wipe=true ;;
    *) echo "usage: $0 [--stop [--wipe]]" >&2; exit 2 ;;
  esac
done

if [ "$stop" = true ]; then
  bin=$(server_bin)
  if [ -n "$bin" ] && [ -f "$data/postmaster.pid" ]; then
    say "stopping the server in $data"
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
  fi
  if [ "$wipe" = true ]; then
    rm -rf "$home"
  fi
  exit 0
fi

bin=$(server_bin)
if [ -z "$bin" ]; then
  say "installing Debian's postgresql package"
  apt-get update -qq >&2
  # A temporary policy-rc.d (exit 101 = "action forbidden") keeps the package from starting the distribution's own
  # cluster where an init system would; the tests never use that one.
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && added_policy=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  if [ "$added_policy" = true ]; then
    rm -f "$policy"
  fi
  bin=$(server_bin)
  if [ -z "$bin" ]; then
    say "postgresql installed but no initdb/pg_ctl found under /usr/lib/postgresql"
    exit 1
  fi
fi

mkdir -p "$home" "$run"
if [ "$(id -u)" -eq 0 ]; then
  # Only the server's files belong to postgres; every folder above them must be traversable for it to reach them.
  chown postgres:postgres "$home" "$run"
  dir="$home"
  while [ "$dir" != "/" ]; do
    chmod o+x "$dir" 2>/dev/null || true
    dir=$(dirname "$dir")
  done
fi

if [ ! -f "$data/PG_VERSION" ]; then
  say "initialising a cluster in $data ($("$bin/postgres" --version))"
  rm -rf "$data"
  # C collation: text orders byte-wise as in SQLite, so paging by id behaves the same on both stores.
  as_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C >&2
  cat >> "$data/postgresql.conf" <<CONF
# QBroker test server (scripts/provision-postgres.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$run'
# Several silos, each with connection pools, plus tests that open their own databases.
max_connections = 300
# Durability stays on: the crash tests rely on a commit surviving a killed process.
fsync = on
synchronous_commit = on
log_min_messages = warning
CONF
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  say "starting the server on 127.0.0.1:$port"
  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >&2 || { cat "$log" >&2; exit 1; }
fi

psql_admin() { as_owner psql -h "$run" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
  say "creating role $role"
  psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  say "creating database $database"
  psql_admin -c "CREATE DATABASE $database OWNER $role" >&2
fi

connection="Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$database"
echo "$connection" > "$home/connection-string"
say "ready: $connection"
echo "$connection"
