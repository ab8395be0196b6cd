#!/usr/bin/env bash
# Tessera check-in benchmark: check-ins at the door through the HTTP path,
# logged in as a `checkin` account, on SQLite and PostgreSQL.
# See BENCHMARKS.md, "Check-in at the door".
#
#   bench/checkin.sh              build the release binary, then run everything
#   bench/checkin.sh --no-build   reuse the release binary in the bench target dir
#   bench/checkin.sh --smoke      50 check-ins per measure instead of 500
#
# Three measures of N check-ins each (N = 500), each on people not yet in:
#   one phone      the screen's form (POST, 303), one request at a time
#   eight phones   the same form from 8 clients at once (a busy door)
#   queued         the offline queue's JSON endpoint, 50 check-ins a batch
# Environment: BENCH_TARGET_DIR (default target/bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PORT (18100),
# BENCH_KEEP=1 keeps the work dir.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BUILD=1
N=500
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --smoke) N=50 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
TARGET_DIR=${BENCH_TARGET_DIR:-$ROOT/target/bench}
BIN=$TARGET_DIR/release/tessera
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PORT=${BENCH_PORT:-18100}
SLUG=women-2027
WORK=$(mktemp -d /tmp/tessera-checkin-bench.XXXXXX)
SVC_PID=

log() { printf '[checkin-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  [ -n "$SVC_PID" ] && kill "$SVC_PID" 2>/dev/null || true
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "tessera_checkin_bench_$$" 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

for tool in python3 sqlite3 psql createdb dropdb curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
if [ "$BUILD" = 1 ]; then
  log "building the release binary into $TARGET_DIR"
  (cd "$ROOT" && cargo build --release --target-dir "$TARGET_DIR" >&2)
fi
[ -x "$BIN" ] || { echo "no binary at $BIN (run without --no-build)" >&2; exit 1; }

sql() {  # kind db query
  if [ "$1" = sqlite ]; then sqlite3 -cmd ".timeout 10000" "$2" "$3"
  else psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$2" -tA -v ON_ERROR_STOP=1 -c "$3"; fi
}

# The demo event, moved to today (started an hour ago, ends in eight), with
# COUNT confirmed registrations bench-1 … bench-COUNT.
prepare() {  # kind db count
  local kind=$1 db=$2 n=$3 series starts ends
  starts=$(python3 -c 'import datetime as d; print((d.datetime.now(d.timezone.utc) - d.timedelta(hours=1)).isoformat(timespec="seconds"))')
  ends=$(python3 -c 'import datetime as d; print((d.datetime.now(d.timezone.utc) + d.timedelta(hours=8)).isoformat(timespec="seconds"))')
  sql "$kind" "$db" "UPDATE events SET starts_at = '$starts', ends_at = '$ends', capacity = NULL WHERE slug = '$SLUG'" >/dev/null
  if [ "$kind" = sqlite ]; then
    series="WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)"
  else
    series="WITH s(i) AS (SELECT generate_series(1, $n))"
  fi
  sql "$kind" "$db" "$series
    INSERT INTO registrations (id, event_id, first_name, last_name, email, email_normalized,
      organization, country, language, answers, status, checked_in_at, consent_at,
      privacy_notice_version, manage_token, created_at, updated_at, last_emailed_at)
    SELECT 'bench-' || i, (SELECT id FROM events WHERE slug = '$SLUG'),
      'First' || i, 'Last' || i, 'person' || i || '@example.org', 'person' || i || '@example.org',
      'Organization ' || (i % 311), 'BE', 'en', '{}', 'confirmed', NULL,
      CURRENT_TIMESTAMP, '2026-11', 'tok-bench-' || i, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL
    FROM s" >/dev/null
  sql "$kind" "$db" "ANALYZE" >/dev/null
}

run_one() {  # kind
  local kind=$1 db url
  if [ "$kind" = sqlite ]; then
    db=$WORK/checkin.db; rm -f "$db"*
    url="sqlite://$db?mode=rwc"
  else
    db=tessera_checkin_bench_$$
    dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db"
  fi
  local env=(-u TESSERA_SMTP_URL "DATABASE_URL=$url" "TESSERA_BIND=127.0.0.1:$PORT"
             "TESSERA_BASE_URL=http://127.0.0.1:$PORT" TESSERA_RATE_LIMIT_PER_MINUTE=0
             TESSERA_DEMO=true "TESSERA_OUTBOX_DIR=$WORK/outbox" RUST_LOG=warn)
  (cd "$WORK" && env "${env[@]}" "$BIN" demo >/dev/null 2>&1)
  prepare "$kind" "$db" $((3 * N))
  echo "bench password for the door" | (cd "$WORK" && env "${env[@]}" "$BIN" user create \
    --email door@office.example.eu --role checkin >/dev/null 2>&1)
  (cd "$WORK" && exec env "${env[@]}" "$BIN" serve >"$WORK/serve.log" 2>&1) &
  SVC_PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  python3 "$BENCH_DIR/checkin_probe.py" "127.0.0.1" "$PORT" "$SLUG" "$N" "$kind"
  kill "$SVC_PID"; wait "$SVC_PID" 2>/dev/null || true; SVC_PID=
  local stored
  stored=$(sql "$kind" "$db" "SELECT COUNT(*) FROM check_ins WHERE undone_at IS NULL")
  [ "$stored" = $((3 * N)) ] || { echo "expected $((3 * N)) check-ins stored, found $stored" >&2; exit 1; }
  [ "$kind" = postgres ] && dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  return 0
}

echo "| database | measure | check-ins | per second | p50 ms | p99 ms |"
echo "|---|---|---:|---:|---:|---:|"
for kind in sqlite postgres; do
  log "$kind"
  run_one "$kind"
done
