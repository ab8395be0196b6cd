#!/usr/bin/env bash
# Tessera printed documents benchmark: the badges of 1,000 confirmed people
# and the first day's attendance sheet (to sign, and filled in), as PDF, on
# SQLite and PostgreSQL. See BENCHMARKS.md, "Badges and attendance sheets".
#
#   bench/documents.sh              build the release binary, then run
#   bench/documents.sh --no-build   reuse the release binary in the bench target dir
#   bench/documents.sh --smoke      100 people instead of 1,000, one repeat
#
# Environment: BENCH_TARGET_DIR (default target/bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PORT (18091),
# BENCH_PEOPLE (1000), BENCH_REPEAT (5), BENCH_KEEP=1 keeps the work dir.
# People are seeded with SQL (names with diacritics and Greek, 311
# organizations, no sessions chosen: everyone is on every day's sheet); the
# service is fresh for each document, so each peak memory is its own.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BUILD=1
PEOPLE=${BENCH_PEOPLE:-1000}
REPEAT=${BENCH_REPEAT:-5}
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --smoke) PEOPLE=100; REPEAT=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
TARGET_DIR=${BENCH_TARGET_DIR:-$ROOT/target/bench}
BIN=$TARGET_DIR/release/tessera
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PORT=${BENCH_PORT:-18091}
SLUG=women-2027
WORK=$(mktemp -d /tmp/tessera-documents-bench.XXXXXX)
SVC_PID=

log() { printf '[documents-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  [ -n "$SVC_PID" ] && kill "$SVC_PID" 2>/dev/null || true
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "tessera_documents_bench_$$" 2>/dev/null || true
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

# N confirmed people on the demo event, named from the partner regions'
# alphabets; row i's email is unique.
seed() {  # kind db n
  local kind=$1 db=$2 n=$3 series
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
      CASE i % 6 WHEN 0 THEN 'Ágnes' WHEN 1 THEN 'Łucja' WHEN 2 THEN 'Ελένη'
        WHEN 3 THEN 'Françoise' WHEN 4 THEN 'Žydrūnė' ELSE 'María José' END,
      CASE i % 7 WHEN 0 THEN 'Szőke' WHEN 1 THEN 'Wójcik' WHEN 2 THEN 'Παπαδοπούλου'
        WHEN 3 THEN 'Dąbrowska' WHEN 4 THEN 'Kazlauskaitė' WHEN 5 THEN 'Núñez García'
        ELSE 'Fernández de la Peña Lombardi-Ferrè' END || ' ' || i,
      'person' || i || '@example.org', 'person' || i || '@example.org',
      'Pécsi Kézműves Kft. ' || (i % 311), CASE i % 4 WHEN 0 THEN 'IT' WHEN 1 THEN 'HU' WHEN 2 THEN 'GR' ELSE 'PL' END,
      'en', '{}', 'confirmed', NULL,
      CURRENT_TIMESTAMP, '2026-11', 'tok-bench-' || i, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL
    FROM s" >/dev/null
  sql "$kind" "$db" "ANALYZE" >/dev/null
}

run_one() {  # kind document
  local kind=$1 document=$2 db url
  if [ "$kind" = sqlite ]; then
    db=$WORK/documents.db; rm -f "$db"*
    url="sqlite://$db?mode=rwc"
  else
    db=tessera_documents_bench_$$
    dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db"
  fi
  local env=(-u TESSERA_SMTP_URL "DATABASE_URL=$url" "TESSERA_BIND=127.0.0.1:$PORT"
             "TESSERA_BASE_URL=http://127.0.0.1:$PORT" TESSERA_RATE_LIMIT_PER_MINUTE=0
             TESSERA_DEMO=true "TESSERA_OUTBOX_DIR=$WORK/outbox" RUST_LOG=warn)
  (cd "$WORK" && env "${env[@]}" "$BIN" demo >/dev/null 2>&1)
  seed "$kind" "$db" "$PEOPLE"
  echo "bench password for the dashboard" | (cd "$WORK" && env "${env[@]}" "$BIN" user create \
    --email bench@office.example.eu --role admin >/dev/null 2>&1)
  (cd "$WORK" && exec env "${env[@]}" "$BIN" serve >"$WORK/serve.log" 2>&1) &
  SVC_PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  python3 "$BENCH_DIR/documents_probe.py" "http://127.0.0.1:$PORT" "$SLUG" "$SVC_PID" \
    "$kind" "$PEOPLE" "$document" "$REPEAT"
  kill "$SVC_PID"; wait "$SVC_PID" 2>/dev/null || true; SVC_PID=
  [ "$kind" = postgres ] && dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  return 0
}

echo "| database | people | document | first ms | median ms | CPU ms | size | pages | peak memory (VmHWM) |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
for kind in sqlite postgres; do
  for document in badges sheet filled; do
    log "$kind, $PEOPLE people, $document"
    run_one "$kind" "$document"
  done
done
