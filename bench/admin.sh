#!/usr/bin/env bash
# Tessera dashboard benchmark: the attendee table and the exports, with 100
# and with 100,000 registrations on one event, on SQLite and PostgreSQL.
# See BENCHMARKS.md, "Dashboard: attendee table and exports".
#
#   bench/admin.sh              build the release binary, then run everything
#   bench/admin.sh --no-build   reuse the release binary in the bench target dir
#   bench/admin.sh --smoke      1,000 rows instead of 100,000, few requests
#
# Environment: BENCH_TARGET_DIR (default target/bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PORT (18090),
# BENCH_REQUESTS (200 per measure), BENCH_KEEP=1 keeps the work dir.
# Registrations are seeded with SQL directly; the service is measured over
# HTTP, logged in as an administrator, one request at a time.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BUILD=1
BIG=100000
REQUESTS=${BENCH_REQUESTS:-200}
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --smoke) BIG=1000; REQUESTS=20 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
TARGET_DIR=${BENCH_TARGET_DIR:-$ROOT/target/bench}
BIN=$TARGET_DIR/release/tessera
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PORT=${BENCH_PORT:-18090}
SLUG=women-2027
WORK=$(mktemp -d /tmp/tessera-admin-bench.XXXXXX)
SVC_PID=

log() { printf '[admin-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  [ -n "$SVC_PID" ] && kill "$SVC_PID" 2>/dev/null || true
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "tessera_admin_bench_$$" 2>/dev/null || true
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

# N registrations on the demo event, with varied names, organizations and
# countries, one in seven waitlisted; row i's email is unique.
seed() {  # kind db n
  local kind=$1 db=$2 n=$3 series cat
  if [ "$kind" = sqlite ]; then
    series="WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)"
    cat="||"
  else
    series="WITH s(i) AS (SELECT generate_series(1, $n))"
    cat="||"
  fi
  sql "$kind" "$db" "$series
    INSERT INTO registrations (id, event_id, first_name, last_name, email, email_normalized,
      organization, country, language, answers, status, checked_in_at, consent_at,
      privacy_notice_version, manage_token, created_at, updated_at, last_emailed_at)
    SELECT 'bench-' $cat i, (SELECT id FROM events WHERE slug = '$SLUG'),
      'First' $cat (i % 977), 'Last' $cat (i % 1009),
      'person' $cat i $cat '@example.org', 'person' $cat i $cat '@example.org',
      'Organization ' $cat (i % 311), CASE i % 4 WHEN 0 THEN 'IT' WHEN 1 THEN 'BE' WHEN 2 THEN 'GR' ELSE 'PL' END,
      'en', '{}', CASE WHEN i % 7 = 0 THEN 'waitlisted' ELSE 'confirmed' END, NULL,
      CURRENT_TIMESTAMP, '2026-11', 'tok-bench-' $cat i, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL
    FROM s" >/dev/null
  if [ "$kind" = postgres ]; then sql "$kind" "$db" "ANALYZE" >/dev/null; else sql "$kind" "$db" "ANALYZE" >/dev/null; fi
}

run_one() {  # kind n
  local kind=$1 n=$2 db url
  if [ "$kind" = sqlite ]; then
    db=$WORK/admin-$n.db; rm -f "$db"*
    url="sqlite://$db?mode=rwc"
  else
    db=tessera_admin_bench_$$
    dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db"
  fi
  local env=(-u TESSERA_SMTP_URL "DATABASE_URL=$url" "TESSERA_BIND=127.0.0.1:$PORT"
             "TESSERA_BASE_URL=http://127.0.0.1:$PORT" TESSERA_RATE_LIMIT_PER_MINUTE=0
             TESSERA_DEMO=true "TESSERA_OUTBOX_DIR=$WORK/outbox" RUST_LOG=warn)
  (cd "$WORK" && env "${env[@]}" "$BIN" demo >/dev/null 2>&1)
  seed "$kind" "$db" "$n"
  echo "bench password for the dashboard" | (cd "$WORK" && env "${env[@]}" "$BIN" user create \
    --email bench@office.example.eu --role admin >/dev/null 2>&1)
  (cd "$WORK" && exec env "${env[@]}" "$BIN" serve >"$WORK/serve.log" 2>&1) &
  SVC_PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  python3 "$BENCH_DIR/admin_probe.py" "http://127.0.0.1:$PORT" "$SLUG" "$SVC_PID" "$REQUESTS" \
    "$kind" "$n" "$([ "$n" -ge 10000 ] && echo export || echo no-export)"
  kill "$SVC_PID"; wait "$SVC_PID" 2>/dev/null || true; SVC_PID=
  [ "$kind" = postgres ] && dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  return 0
}

echo "| database | registrations | measure | p50 ms | p99 ms | note |"
echo "|---|---:|---|---:|---:|---|"
for kind in sqlite postgres; do
  for n in 100 "$BIG"; do
    log "$kind, $n registrations"
    run_one "$kind" "$n"
  done
done
