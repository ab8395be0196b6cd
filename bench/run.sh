#!/usr/bin/env bash
# Tessera benchmark: one command, see BENCHMARKS.md.
#
#   bench/run.sh            full run (~3-4 minutes after the build)
#   bench/run.sh --smoke    a few seconds per phase, small rush: checks that the benchmark works
#   bench/run.sh --no-build reuse the release binary already in the bench target dir
#
# Environment: BENCH_TARGET_DIR (default target/bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PG_SOCKET (/var/run/postgresql;
# empty skips the Unix-socket phases), BENCH_PORT (18080), BENCH_KEEP=1 keeps the work dir,
# BENCH_PERF=1 profiles the registration phases (perf, system-wide) into bench/results/perf-*.txt,
# BENCH_PHASES picks phases (default all: "ceilings sqlite sqlite-rush wal sqlite-growth pg pg-socket
# pg-growth pg-rush pg-rush2 drain"; the ceilings are measured whenever a registration phase runs).
# Writes the results table to stdout and to bench/results/latest.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
export BENCH_DIR

SMOKE=0
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ "$SMOKE" = 1 ]; then
  DURATION=2s; LIMIT_SECONDS=1; RUSH_TOTAL=500; RUSH_SEATS=100; RUSH_CONC=100
  WAL_SECONDS=3; GROWTH_TO=2000
else
  DURATION=10s; LIMIT_SECONDS=5; RUSH_TOTAL=5000; RUSH_SEATS=1000; RUSH_CONC=500
  WAL_SECONDS=60; GROWTH_TO=100000
fi
GROWTH_FROM=100
PHASES=${BENCH_PHASES:-ceilings sqlite sqlite-rush wal sqlite-growth pg pg-socket pg-growth pg-rush pg-rush2 drain}
want() { [[ " $PHASES " == *" $1 "* ]]; }
CONNECTIONS=64
THREADS=2
TARGET_DIR=${BENCH_TARGET_DIR:-$ROOT/target/bench}
BIN=$TARGET_DIR/release/tessera
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_SOCKET=${BENCH_PG_SOCKET-/var/run/postgresql}
PORT=${BENCH_PORT:-18080}
PORT2=$((PORT + 1))
DEMO_SLUG=women-2027
OPEN_SLUG=bench-open     # a copy of the demo event with (practically) unlimited seats
RUSH_SLUG=bench-rush     # a copy with RUSH_SEATS seats and the waiting list on
RUN_TAG=b$$
WORK=$(mktemp -d /tmp/tessera-bench.XXXXXX)
RESULTS=$BENCH_DIR/results/latest.md
mkdir -p "$BENCH_DIR/results"
PIDS=()

log() { printf '\n[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  local dbs
  dbs=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
        "SELECT datname FROM pg_database WHERE datname LIKE 'tessera_bench_$$\_%'" 2>/dev/null || true)
  for db in $dbs; do
    [ -n "$db" ] && dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- prerequisites -----------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y wrk >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
for tool in wrk python3 sqlite3 psql pgbench createdb dropdb curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
pg_isready -h "$PG_HOST" -p "$PG_PORT" >/dev/null || { echo "PostgreSQL is not answering at $PG_HOST:$PG_PORT" >&2; exit 1; }
if [ -n "$PG_SOCKET" ] && [ ! -S "$PG_SOCKET/.s.PGSQL.$PG_PORT" ]; then PG_SOCKET=; fi

if [ "$BUILD" = 1 ]; then
  log "building the release binary into $TARGET_DIR"
  (cd "$ROOT" && cargo build --release --target-dir "$TARGET_DIR" >&2)
fi
[ -x "$BIN" ] || { echo "no binary at $BIN (run without --no-build)" >&2; exit 1; }

# --- helpers -----------------------------------------------------------------
# Database handles: "sqlite:/path/file.db" or "pg:DBNAME".
db_url() {  # handle transport(tcp|socket) -> DATABASE_URL for Tessera
  case "$1" in
    sqlite:*) echo "sqlite://${1#sqlite:}?mode=rwc" ;;
    pg:*) if [ "$2" = socket ]; then echo "postgres://$PG_USER@localhost/${1#pg:}?host=$PG_SOCKET&port=$PG_PORT"
          else echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/${1#pg:}"; fi ;;
  esac
}
sql() {  # handle query -> rows, '|' separated
  case "$1" in
    sqlite:*) sqlite3 -cmd ".timeout 10000" "${1#sqlite:}" "$2" ;;
    pg:*) psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "${1#pg:}" -tA -v ON_ERROR_STOP=1 -c "$2" ;;
  esac
}
columns() {  # handle table -> column names in order, one a line
  case "$1" in
    sqlite:*) sql "$1" "SELECT name FROM pragma_table_info('$2') ORDER BY cid" ;;
    pg:*) sql "$1" "SELECT column_name FROM information_schema.columns WHERE table_schema='public' AND table_name='$2' ORDER BY ordinal_position" ;;
  esac
}
fresh_db() {  # kind name -> handle (a new, empty database)
  if [ "$1" = sqlite ]; then
    echo "sqlite:$WORK/$2.db"
  else
    local db="tessera_bench_$$_$2"
    dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    echo "pg:$db"
  fi
}
copy_event() {  # handle new_slug capacity: copy the demo event (and its questions) with a new slug
  local h=$1 slug=$2 cap=$3 cols sel c
  cols=$(columns "$h" events | grep -vx id | paste -sd, -)
  sel=
  for c in ${cols//,/ }; do
    case "$c" in
      slug) sel+="'$slug'," ;;
      capacity) sel+="$cap," ;;
      confirmed_count|waitlisted_count) sel+="0," ;;
      *) sel+="$c," ;;
    esac
  done
  sql "$h" "INSERT INTO events ($cols) SELECT ${sel%,} FROM events WHERE slug='$DEMO_SLUG'" >/dev/null
  cols=$(columns "$h" questions | grep -vx id | paste -sd, -)
  local sub="(SELECT id FROM events WHERE slug='$slug')"
  sel=${cols/event_id/$sub}
  sql "$h" "INSERT INTO questions ($cols) SELECT $sel FROM questions WHERE event_id=(SELECT id FROM events WHERE slug='$DEMO_SLUG')" >/dev/null
}
svc_env() {  # url port outbox_dir -> sets SVC_ENV (no SMTP: emails go to .eml files)
  SVC_ENV=(-u TESSERA_SMTP_URL "DATABASE_URL=$1" "TESSERA_BIND=127.0.0.1:$2" "TESSERA_BASE_URL=http://127.0.0.1:$2"
           TESSERA_RATE_LIMIT_PER_MINUTE=0 TESSERA_DEMO=true "TESSERA_OUTBOX_DIR=$3" RUST_LOG=warn)
}
prepare() {  # handle transport: migrate, load the demo, add the bench events, ANALYZE
  local h=$1 url
  url=$(db_url "$h" "$2")
  svc_env "$url" "$PORT" "$WORK/outbox"
  (cd "$WORK" && env "${SVC_ENV[@]}" "$BIN" demo >>"$WORK/prepare.log" 2>&1) \
    || { cat "$WORK/prepare.log" >&2; exit 1; }
  copy_event "$h" "$OPEN_SLUG" 100000000
  copy_event "$h" "$RUSH_SLUG" "$RUSH_SEATS"
  case "$h" in pg:*) sql "$h" "ANALYZE" >/dev/null ;; esac
}
start() {  # name handle transport port -> sets SVC_PID (waits until the page answers)
  local name=$1 url
  url=$(db_url "$2" "$3")
  mkdir -p "$WORK/outbox-$name"
  svc_env "$url" "$4" "$WORK/outbox-$name"
  (cd "$WORK" && exec env "${SVC_ENV[@]}" "$BIN" serve \
    >"$WORK/$name.log" 2>&1) &
  SVC_PID=$!
  PIDS+=("$SVC_PID")
  for _ in $(seq 1 150); do
    if curl -fs -o /dev/null "http://127.0.0.1:$4/events/$DEMO_SLUG"; then sleep 1.2; return 0; fi
    kill -0 "$SVC_PID" 2>/dev/null || { cat "$WORK/$name.log" >&2; echo "tessera ($name) exited" >&2; exit 1; }
    sleep 0.2
  done
  cat "$WORK/$name.log" >&2; echo "tessera ($name) did not answer" >&2; exit 1
}
stop() {  # pid
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
hwm_mib() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
log_problems() {  # name -> number of WARN/ERROR lines in the service log
  grep -cE 'WARN|ERROR|panicked' "$WORK/$1.log" 2>/dev/null || true
}
form_extra() {  # port slug -> "&q_N=value" for every select question of the form (first real option)
  curl -fs "http://127.0.0.1:$1/events/$2" | python3 -c '
import re, sys
html = sys.stdin.read()
out = []
for m in re.finditer(r"<select[^>]*name=\"(q_\d+)\"[^>]*>(.*?)</select>", html, re.S):
    opts = [v for v in re.findall(r"<option[^>]*value=\"([^\"]*)\"", m.group(2)) if v]
    if opts:
        out.append("&%s=%s" % (m.group(1), opts[0].replace(" ", "+")))
print("".join(out))'
}
kv() {  # line key -> value of key=value
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}
count_rows() {  # handle slug -> "confirmed waitlisted other total outbox"
  sql "$1" "SELECT
      (SELECT count(*) FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$2' AND r.status='confirmed'),
      (SELECT count(*) FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$2' AND r.status='waitlisted'),
      (SELECT count(*) FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$2' AND r.status NOT IN ('confirmed','waitlisted')),
      (SELECT count(*) FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$2'),
      (SELECT count(*) FROM outbox_messages o JOIN events e ON e.id=o.event_id WHERE e.slug='$2')" | tr '|' ' '
}
settled_rows() {  # handle slug: wait until the writer has drained (row count stable for 1 s)
  local prev=-1 now
  for _ in $(seq 1 30); do
    now=$(count_rows "$1" "$2")
    [ "$now" = "$prev" ] && { echo "$now"; return; }
    prev=$now; sleep 1
  done
  echo "$now"
}
listen_overflows() { awk '/^TcpExt:/ {if (!h) {for (i=1;i<=NF;i++) k[i]=$i; h=1} else for (i=1;i<=NF;i++) if (k[i]=="ListenOverflows") print $i}' /proc/net/netstat; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us/1000}'; }

ROWS=()
row() { ROWS+=("| $(IFS='|'; echo "$*" | sed 's/|/ | /g') |"); }
NOTES=()
note() { NOTES+=("- $*"); log "NOTE: $*"; }

run_wrk() {  # script url [wrk options...] -> BENCH line
  local out script=$1 url=$2
  shift 2
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" -s "$BENCH_DIR/wrk/$script" "$url" 2>&1) || true
  echo "$out" >>"$WORK/wrk.log"
  grep '^BENCH ' <<<"$out" || { echo "$out" >&2; echo "BENCH requests=0 duration_us=1"; }
}

# Phase: GET the event page.
phase_get() {  # label name port pid
  local line rps
  line=$(run_wrk get.lua "http://127.0.0.1:$3/events/$DEMO_SLUG")
  rps=$(awk -v r="$(kv "$line" requests)" -v d="$(kv "$line" duration_us)" 'BEGIN {printf "%.0f", r/(d/1e6)}')
  local st; st=$(kv "$line" statuses)
  local check="statuses $st"
  [ "$st" = "200:$(kv "$line" requests)" ] || note "$1 GET: answers other than 200: $st"
  row "event page GET" "$1" "$rps req/s" "$(ms "$(kv "$line" p50_us)")" "$(ms "$(kv "$line" p99_us)")" \
      "≥ 40,000 req/s, p99 < 5 ms" "-" "$check" "$(hwm_mib "$4")"
}

# Phase: the pages against the same server's /healthz, one after the other
# in one run: the event page and the home page, as plain HTML and as brotli
# and gzip (their bytes per answer, headers included, from wrk's count).
phase_pages() {  # label port pid
  local line hrps hrps2 rps share st per coding path name
  health() {
    line=$(run_wrk get.lua "http://127.0.0.1:$2/healthz")
    awk -v r="$(kv "$line" requests)" -v d="$(kv "$line" duration_us)" 'BEGIN {printf "%.0f", r/(d/1e6)}'
  }
  # /healthz before and after the pages; shares are taken of the higher of
  # the two, so a busier moment for /healthz cannot flatter the pages.
  hrps=$(health "$1" "$2")
  for path in "/events/$DEMO_SLUG" "/"; do
    for coding in identity br gzip; do
      line=$(run_wrk get.lua "http://127.0.0.1:$2$path" -H "Accept-Encoding: $coding")
      rps=$(awk -v r="$(kv "$line" requests)" -v d="$(kv "$line" duration_us)" 'BEGIN {printf "%.0f", r/(d/1e6)}')
      per=$(awk -v b="$(kv "$line" bytes)" -v r="$(kv "$line" requests)" 'BEGIN {printf "%.0f", b/r}')
      st=$(kv "$line" statuses)
      [ "$st" = "200:$(kv "$line" requests)" ] || note "$1 GET $path ($coding): answers other than 200: $st"
      [ "$path" = "/" ] && name="home page GET /" || name="event page GET $path"
      PAGE_ROWS+=("$name, Accept-Encoding: $coding|$rps|$(ms "$(kv "$line" p50_us)")|$(ms "$(kv "$line" p99_us)")|statuses $st; $per bytes/answer")
    done
  done
  hrps2=$(health "$1" "$2")
  local best=$(( hrps > hrps2 ? hrps : hrps2 ))
  row "GET /healthz (the HTTP ceiling of this server), before / after the pages" "$1" "$hrps / $hrps2 req/s" "-" "-" "-" "1.00 (of $best)" "-" "$(hwm_mib "$3")"
  local entry
  for entry in "${PAGE_ROWS[@]}"; do
    IFS='|' read -r name rps p50 p99 st <<<"$entry"
    share=$(awk -v a="$rps" -v b="$best" 'BEGIN {printf "%.2f", a/b}')
    row "$name" "$1" "$rps req/s" "$p50" "$p99" "≥ 0.50 of /healthz" "$share of /healthz" "$st" "$(hwm_mib "$3")"
  done
}
PAGE_ROWS=()

# Phase: POST the registration form, then compare 303s with stored rows.
phase_post() {  # label name port pid handle limit_per_s limit_label
  local line rps extra rows n303 stored
  extra=$(form_extra "$3" "$OPEN_SLUG")
  local perf_pid=
  if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null; then
    # System-wide flat profile during the phase: who uses the 2 cores (wrk, tessera, postgres)
    # and, inside tessera, which functions.
    perf record -a -F 499 -o "$WORK/perf-$2.data" -- sleep "${DURATION%s}" >/dev/null 2>&1 & perf_pid=$!
  fi
  line=$(BENCH_SLUG=$OPEN_SLUG BENCH_FORM_EXTRA=$extra BENCH_TAG="$RUN_TAG-$2" run_wrk register.lua "http://127.0.0.1:$3")
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    { echo "# perf, registration POST, $1 (system-wide, -F 499, $DURATION)"; echo "## by command"
      perf report -i "$WORK/perf-$2.data" --stdio --sort comm 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12 || true
      echo "## tessera, by shared object"
      perf report -i "$WORK/perf-$2.data" --stdio --comms tokio-rt-worker,sqlx-sqlite-wor,tessera --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -10 || true
      echo "## tessera, hottest symbols"
      perf report -i "$WORK/perf-$2.data" --stdio --comms tokio-rt-worker,sqlx-sqlite-wor,tessera --sort sym 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40 || true
    } >"$BENCH_DIR/results/perf-$2.txt" || true
  fi
  local sent; sent=$(ls "$WORK/outbox-$2" | wc -l)
  rows=$(settled_rows "$5" "$OPEN_SLUG")
  local st; st=$(kv "$line" statuses)
  n303=$(tr ',' '\n' <<<"$st" | sed -n 's/^303://p'); n303=${n303:-0}
  stored=$(awk '{print $4}' <<<"$rows")
  rps=$(awk -v r="$n303" -v d="$(kv "$line" duration_us)" 'BEGIN {printf "%.0f", r/(d/1e6)}')
  local ratio; ratio=$(awk -v a="$rps" -v b="$6" 'BEGIN {if (b>0) printf "%.2f× %s", a/b, "'"$7"'"; else print "-"}')
  local check="303: $n303, rows: $stored (conf $(awk '{print $1}' <<<"$rows"), wait $(awk '{print $2}' <<<"$rows")), outbox rows: $(awk '{print $5}' <<<"$rows"), emails written by then: $sent; statuses $st"
  # wrk stops with up to $CONNECTIONS requests in flight: the server may store those without wrk seeing the 303.
  if [ "$stored" -lt "$n303" ] || [ "$stored" -gt $((n303 + CONNECTIONS)) ]; then
    note "$1 POST: MISMATCH between 303 answers ($n303) and stored rows ($stored)"; check="**MISMATCH** $check"
  fi
  [ "$st" = "303:$n303" ] || note "$1 POST: answers other than 303: $st"
  local problems; problems=$(log_problems "$2"); [ "${problems:-0}" = 0 ] || note "$1 POST: $problems WARN/ERROR lines in the service log (see below)"
  row "registration POST" "$1" "$rps reg/s" "$(ms "$(kv "$line" p50_us)")" "$(ms "$(kv "$line" p99_us)")" \
      "≥ 12,000 reg/s, p99 < 15 ms" "$ratio" "$check" "$(hwm_mib "$4")"
}

# Phase: the rush (RUSH_TOTAL at once for RUSH_SEATS seats).
phase_rush() {  # label handle ports pids...
  local label=$1 h=$2 ports=$3; shift 3
  local extra line rows st rss=""
  extra=$(form_extra "${ports%%,*}" "$RUSH_SLUG")
  local ovf0; ovf0=$(listen_overflows)
  line=$(python3 "$BENCH_DIR/rush.py" --ports "$ports" --slug "$RUSH_SLUG" --total "$RUSH_TOTAL" \
           --concurrency "$RUSH_CONC" --extra "$extra" --tag "$RUN_TAG-rush")
  echo "$line" >>"$WORK/rush.log"
  local ovf=$(( $(listen_overflows) - ovf0 ))
  [ "$ovf" = 0 ] || note "$label rush: $ovf TCP listen-queue overflows (connections dropped and retried by the client after ~1 s: that is the p99)"
  rows=$(settled_rows "$h" "$RUSH_SLUG")
  st=$(kv "$line" statuses)
  local conf wait other total
  read -r conf wait other total _ <<<"$rows"
  local verdict=ok
  if [ "$conf" != "$RUSH_SEATS" ] || [ "$wait" != $((RUSH_TOTAL - RUSH_SEATS)) ] || [ "$other" != 0 ] || [ "$st" != "303:$RUSH_TOTAL" ]; then
    verdict="**FAILED**"; note "$label rush: confirmed $conf (want $RUSH_SEATS), waitlisted $wait (want $((RUSH_TOTAL - RUSH_SEATS))), other $other, answers $st"
  fi
  local ev; ev=$(sql "$h" "SELECT confirmed_count || ' ' || waitlisted_count FROM events WHERE slug='$RUSH_SLUG'")
  [ "$ev" = "$conf $wait" ] || note "$label rush: event counters ($ev) differ from the rows ($conf $wait)"
  for pid in "$@"; do rss+="$(hwm_mib "$pid")/"; done
  row "rush $RUSH_TOTAL for $RUSH_SEATS seats" "$label" "$(kv "$line" per_s) reg/s ($(kv "$line" seconds) s)" \
      "$(kv "$line" p50_ms)" "$(kv "$line" p99_ms)" "exactly $RUSH_SEATS confirmed, no errors" "-" \
      "$verdict: confirmed $conf, waitlisted $wait, other $other; event counters $ev; answers $st; listen overflows $ovf" "${rss%/}"
}

# Phase: registrations for WAL_SECONDS while two readers always hold a
# snapshot in SQLite's write-ahead log (the pattern that starves passive
# checkpoints); the log's size sampled throughout against its bound.
phase_wal() {  # handle port pid
  local path=${1#sqlite:} line watch extra rps st n303
  extra=$(form_extra "$2" "$OPEN_SLUG")
  python3 "$BENCH_DIR/wal_watch.py" "$path" "${WAL_SECONDS}" >"$WORK/wal.out" 2>&1 &
  local watcher=$!
  line=$(BENCH_SLUG=$OPEN_SLUG BENCH_FORM_EXTRA=$extra BENCH_TAG="$RUN_TAG-wal" \
         run_wrk register.lua "http://127.0.0.1:$2" -d"${WAL_SECONDS}s")
  wait "$watcher" || true
  watch=$(grep '^WAL ' "$WORK/wal.out" || echo "WAL max_mib=? final_mib=? median_mib=? samples=0 reads=0")
  st=$(kv "$line" statuses)
  n303=$(tr ',' '\n' <<<"$st" | sed -n 's/^303://p'); n303=${n303:-0}
  rps=$(awk -v r="$n303" -v d="$(kv "$line" duration_us)" 'BEGIN {printf "%.0f", r/(d/1e6)}')
  [ "$st" = "303:$n303" ] || note "WAL phase: answers other than 303: $st"
  local within=ok
  awk -v m="$(kv "$watch" max_mib)" 'BEGIN {exit !(m+0 <= 64 + 8)}' || { within="**over the bound**"; note "WAL phase: the log reached $(kv "$watch" max_mib) MiB"; }
  row "registration POST for ${WAL_SECONDS} s, two readers always in the log" "SQLite, WAL bound 64 MiB" "$rps reg/s" \
      "$(ms "$(kv "$line" p50_us)")" "$(ms "$(kv "$line" p99_us)")" "WAL ≤ 64 MiB (+ one batch)" "-" \
      "$within: WAL max $(kv "$watch" max_mib) MiB, median $(kv "$watch" median_mib), at the end $(kv "$watch" final_mib) MiB; $n303 registrations; readers' transactions $(kv "$watch" reads); statuses $st" "$(hwm_mib "$3")"
}

# Phase: how latency grows with an event's registrations: the event page,
# an attendee's own page and the registration POST, at 8 connections (latency,
# not throughput), with GROWTH_FROM and then GROWTH_TO registrations on the event.
phase_growth() {  # label handle port pid
  local label=$1 h=$2 port=$3 extra size line token stage
  extra=$(form_extra "$port" "$OPEN_SLUG")
  declare -A p50 p99
  fill() {  # total registrations wanted on the event
    local have; have=$(sql "$h" "SELECT count(*) FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$OPEN_SLUG'")
    [ "$1" -gt "$have" ] || return 0
    python3 "$BENCH_DIR/rush.py" --ports "$port" --slug "$OPEN_SLUG" --total $(( $1 - have )) \
      --concurrency 64 --extra "$extra" --tag "$RUN_TAG-growth-$1" >>"$WORK/growth.log"
    settled_rows "$h" "$OPEN_SLUG" >/dev/null
  }
  for size in "$GROWTH_FROM" "$GROWTH_TO"; do
    fill "$size"
    # The confirmations the fill owes are the mail drain's load, measured on
    # its own (bench/drain.sh): count them as sent, so that what is measured
    # here is the size of the event, not a drain of 100,000 emails beside it.
    sql "$h" "UPDATE outbox_messages SET status='sent', claimed_until=NULL WHERE status IN ('pending','sending')" >/dev/null
    sleep 2
    token=$(sql "$h" "SELECT r.manage_token FROM registrations r JOIN events e ON e.id=r.event_id WHERE e.slug='$OPEN_SLUG' ORDER BY r.created_at LIMIT 1")
    for stage in page attendee post; do
      case $stage in
        page) line=$(run_wrk get.lua "http://127.0.0.1:$port/events/$OPEN_SLUG" -c8 -d5s) ;;
        attendee) line=$(run_wrk get.lua "http://127.0.0.1:$port/r/$token" -c8 -d5s) ;;
        post) line=$(BENCH_SLUG=$OPEN_SLUG BENCH_FORM_EXTRA=$extra BENCH_TAG="$RUN_TAG-growth-post-$size" \
                      run_wrk register.lua "http://127.0.0.1:$port" -c8 -d5s) ;;
      esac
      p50[$stage-$size]=$(ms "$(kv "$line" p50_us)"); p99[$stage-$size]=$(ms "$(kv "$line" p99_us)")
    done
  done
  for stage in page attendee post; do
    local a50=${p50[$stage-$GROWTH_FROM]} b50=${p50[$stage-$GROWTH_TO]} a99=${p99[$stage-$GROWTH_FROM]} b99=${p99[$stage-$GROWTH_TO]}
    local name
    case $stage in page) name="event page GET" ;; attendee) name="attendee page GET /r/{token}" ;; post) name="registration POST" ;; esac
    row "growth $GROWTH_FROM → $GROWTH_TO registrations: $name (8 connections)" "$label" "-" "$a50 → $b50" "$a99 → $b99" "within 2×" \
        "$(awk -v a="$a50" -v b="$b50" -v c="$a99" -v d="$b99" 'BEGIN {printf "p50 %.2f×, p99 %.2f×", (a>0?b/a:0), (c>0?d/c:0)}')" "-" "$(hwm_mib "$4")"
  done
}

pgbench_tps() {  # host clients -> tps (ceiling on a fresh database)
  local db="tessera_bench_$$_limit"
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" -v ON_ERROR_STOP=1 -f "$BENCH_DIR/pg_limit_setup.sql" >/dev/null
  local jobs=$(( $2 < 2 ? 1 : 2 ))
  pgbench -n -h "$1" -p "$PG_PORT" -U "$PG_USER" -c "$2" -j "$jobs" -T "$LIMIT_SECONDS" -f "$BENCH_DIR/pg_limit.sql" "$db" 2>>"$WORK/pgbench.log" \
    | tee -a "$WORK/pgbench.log" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | cut -d. -f1
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
}

# --- the run -----------------------------------------------------------------
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log "work dir $WORK; durations: wrk $DURATION, ceilings ${LIMIT_SECONDS}s, rush $RUSH_TOTAL/$RUSH_SEATS at $RUSH_CONC"

if want ceilings || want sqlite || want pg || want pg-socket; then
  log "ceiling: SQLite single commits (WAL, synchronous=FULL)"
  SQLITE_LIMIT=$(python3 "$BENCH_DIR/sqlite_limit.py" "$WORK/limit.db" "$LIMIT_SECONDS")
  SQLITE_LIMIT_PS=$(kv "$SQLITE_LIMIT" commits_per_s)
  row "ceiling: one registration-shaped commit at a time, no HTTP" "SQLite (WAL, FULL), Python sqlite3" "$SQLITE_LIMIT_PS commits/s" "-" "-" "-" "-" "$(kv "$SQLITE_LIMIT" transactions) transactions" "-"

  log "ceiling: PostgreSQL pgbench (TCP)"
  PG_TCP_1=$(pgbench_tps "$PG_HOST" 1); PG_TCP_16=$(pgbench_tps "$PG_HOST" 16)
  row "ceiling: registration-shaped transaction, durable, no HTTP" "PostgreSQL, TCP, pgbench" "$PG_TCP_1 tps (1 client) / $PG_TCP_16 tps (16)" "-" "-" "-" "-" "-" "-"
  if [ -n "$PG_SOCKET" ]; then
    log "ceiling: PostgreSQL pgbench (Unix socket)"
    PG_SOCK_1=$(pgbench_tps "$PG_SOCKET" 1); PG_SOCK_16=$(pgbench_tps "$PG_SOCKET" 16)
    row "ceiling: registration-shaped transaction, durable, no HTTP" "PostgreSQL, Unix socket, pgbench" "$PG_SOCK_1 tps (1 client) / $PG_SOCK_16 tps (16)" "-" "-" "-" "-" "-" "-"
  fi
  PG_TCP_BEST=$(( PG_TCP_1 > PG_TCP_16 ? PG_TCP_1 : PG_TCP_16 ))
fi

if want sqlite; then
  log "SQLite: page and registrations"
  H=$(fresh_db sqlite page-post); prepare "$H" tcp
  start sqlite "$H" tcp "$PORT"; P=$SVC_PID
  phase_get "SQLite" sqlite "$PORT" "$P"
  phase_pages "SQLite" "$PORT" "$P"
  phase_post "SQLite" sqlite "$PORT" "$P" "$H" "$SQLITE_LIMIT_PS" "of the SQLite ceiling"
  stop "$P"
fi

if want sqlite-rush; then
  log "SQLite: rush"
  H=$(fresh_db sqlite rush); prepare "$H" tcp
  start sqlite-rush "$H" tcp "$PORT"; P=$SVC_PID
  phase_rush "SQLite, 1 process" "$H" "$PORT" "$P"
  stop "$P"
fi

if want wal; then
  log "SQLite: the write-ahead log's bound under ${WAL_SECONDS} s of registrations"
  H=$(fresh_db sqlite wal); prepare "$H" tcp
  start sqlite-wal "$H" tcp "$PORT"; P=$SVC_PID
  phase_wal "$H" "$PORT" "$P"
  stop "$P"
fi

if want sqlite-growth; then
  log "SQLite: growth from $GROWTH_FROM to $GROWTH_TO registrations"
  H=$(fresh_db sqlite growth); prepare "$H" tcp
  start sqlite-growth "$H" tcp "$PORT"; P=$SVC_PID
  phase_growth "SQLite" "$H" "$PORT" "$P"
  stop "$P"
fi

if want pg; then
  log "PostgreSQL (TCP): page and registrations"
  H=$(fresh_db pg pagepost); prepare "$H" tcp
  start pg "$H" tcp "$PORT"; P=$SVC_PID
  phase_get "PostgreSQL (TCP)" pg "$PORT" "$P"
  phase_post "PostgreSQL (TCP)" pg "$PORT" "$P" "$H" "$PG_TCP_BEST" "of the best pgbench TCP ceiling"
  stop "$P"
fi

if want pg-socket && [ -n "$PG_SOCKET" ]; then
  log "PostgreSQL (Unix socket): registrations"
  PG_SOCK_BEST=$(( PG_SOCK_1 > PG_SOCK_16 ? PG_SOCK_1 : PG_SOCK_16 ))
  H=$(fresh_db pg postsock); prepare "$H" socket
  start pg-socket "$H" socket "$PORT"; P=$SVC_PID
  phase_post "PostgreSQL (Unix socket)" pg-socket "$PORT" "$P" "$H" "$PG_SOCK_BEST" "of the best pgbench socket ceiling"
  stop "$P"
fi

if want pg-growth; then
  log "PostgreSQL (TCP): growth from $GROWTH_FROM to $GROWTH_TO registrations"
  H=$(fresh_db pg growth); prepare "$H" tcp
  start pg-growth "$H" tcp "$PORT"; P=$SVC_PID
  phase_growth "PostgreSQL (TCP)" "$H" "$PORT" "$P"
  stop "$P"
fi

if want pg-rush; then
  log "PostgreSQL: rush, 1 process"
  H=$(fresh_db pg rush1); prepare "$H" tcp
  start pg-rush "$H" tcp "$PORT"; P=$SVC_PID
  phase_rush "PostgreSQL (TCP), 1 process" "$H" "$PORT" "$P"
  stop "$P"
fi

if want pg-rush2; then
  log "PostgreSQL: rush, 2 processes on one database"
  H=$(fresh_db pg rush2); prepare "$H" tcp
  start pg-rush-a "$H" tcp "$PORT"; PA=$SVC_PID
  start pg-rush-b "$H" tcp "$PORT2"; PB=$SVC_PID
  phase_rush "PostgreSQL (TCP), 2 processes" "$H" "$PORT,$PORT2" "$PA" "$PB"
  stop "$PA"; stop "$PB"
fi

if want drain; then
  log "mail drain (bench/drain.sh)"
  # Its own script: owed confirmations to a loopback SMTP sink, one instance on
  # SQLite, one and two on PostgreSQL. Its rows join this table.
  while IFS= read -r line; do
    case "$line" in
      "| "*) ROWS+=("$line") ;;
      "NOTE "*) note "${line#NOTE }" ;;
    esac
  done < <(BENCH_TARGET_DIR=$TARGET_DIR bash "$BENCH_DIR/drain.sh" --no-build $([ "$SMOKE" = 1 ] && echo --smoke))
fi

for name in sqlite sqlite-rush sqlite-wal sqlite-growth pg pg-socket pg-growth pg-rush pg-rush-a pg-rush-b; do
  n=$(log_problems "$name"); [ "${n:-0}" = 0 ] && continue
  note "service log $name: $n WARN/ERROR lines; first: \`$(grep -m1 -E 'WARN|ERROR|panicked' "$WORK/$name.log" | cut -c1-300)\`"
done

# --- the table ---------------------------------------------------------------
{
  echo "## Tessera benchmark — $START"
  echo
  echo "Machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(uname -sr)."
  echo "Command: \`bench/run.sh $*\` — wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on loopback; rush: $RUSH_TOTAL POSTs for $RUSH_SEATS seats, $RUSH_CONC at a time."
  echo "Commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && [ -n "$(git status --porcelain 2>/dev/null | head -1)" ] && echo ' (with uncommitted changes)')."
  echo
  echo "| phase | database | rate | p50 ms | p99 ms | target | vs ceiling | check | peak RSS MiB (VmHWM) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  if [ "${#NOTES[@]}" -gt 0 ]; then echo "Notes:"; printf '%s\n' "${NOTES[@]}"; else echo "Notes: none (no mismatches, no error answers, no WARN/ERROR in the service logs)."; fi
} | tee "$RESULTS"
