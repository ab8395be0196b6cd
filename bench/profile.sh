#!/usr/bin/env bash
# Profiles the registration path alone: the release binary on a fresh
# database, the demo event with unlimited seats, wrk -t2 -c64 -d10s on the
# public form, and `perf record -a` for 5 s in the middle.
#
#   bench/profile.sh sqlite|pg [--perf]
#
# PG_URL overrides the PostgreSQL URL (default: TCP to 127.0.0.1:5432,
# database tessera_profile, recreated); use
# postgres://postgres@localhost/tessera_profile?host=/var/run/postgresql for the socket.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/target/release/tessera}
WORK=$(mktemp -d)
PORT=${PORT:-18181}
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ "${1:-sqlite}" = pg ]; then
  dropdb -h 127.0.0.1 -U postgres --if-exists tessera_profile
  createdb -h 127.0.0.1 -U postgres tessera_profile
  export DATABASE_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/tessera_profile}
else
  export DATABASE_URL="sqlite://$WORK/t.db?mode=rwc"
fi
TESSERA_BIND=127.0.0.1:$PORT TESSERA_RATE_LIMIT_PER_MINUTE=0 TESSERA_OUTBOX_DIR=$WORK/out \
  RUST_LOG=warn "$BIN" serve >"$WORK/log" 2>&1 &
PID=$!
sleep 1.5
Q=$(curl -s "http://127.0.0.1:$PORT/events/women-2027" | grep -o 'name="q_[0-9]*"' | head -1 | grep -o '[0-9]*')
if [ "${1:-sqlite}" = pg ]; then
  psql -q -h 127.0.0.1 -U postgres tessera_profile -c "UPDATE events SET capacity = NULL"
else
  sqlite3 "$WORK/t.db" "UPDATE events SET capacity = NULL"
fi
sleep 1.2   # the page cache holds an event for a second
if [ "${2:-}" = --perf ]; then
  mkdir -p "$ROOT/bench/results"
  (sleep 3; perf record -a -F 499 -g -o "$ROOT/bench/results/profile.data" -- sleep 5 >/dev/null 2>&1) &
  PERF_PID=$!
fi
BENCH_DIR=$ROOT/bench BENCH_SLUG=women-2027 BENCH_FORM_EXTRA="&q_$Q=Planning+to+start" BENCH_TAG=p$RANDOM \
  wrk -t2 -c64 -d10s --latency -s "$ROOT/bench/wrk/register.lua" "http://127.0.0.1:$PORT" \
  | grep -E "Requests/sec|50%|99%"
if [ -n "${PERF_PID:-}" ]; then wait "$PERF_PID" || true; fi
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E "^tessera_writer_(batches|jobs)"
if [ "${2:-}" = --perf ]; then
  perf report -i "$ROOT/bench/results/profile.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep "%" | head -6
  perf report -i "$ROOT/bench/results/profile.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep "%" | head -20
fi
