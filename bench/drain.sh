#!/usr/bin/env bash
# Mail drain: how fast a backlog of owed confirmations leaves the outbox.
# See BENCHMARKS.md, "Mail drain". Called by bench/run.sh; runs alone too.
#
#   bench/drain.sh             build the release binary, then run every scenario
#   bench/drain.sh --no-build  reuse the release binary in the bench target dir
#   bench/drain.sh --smoke     500 confirmations instead of 10,000
#
# Each scenario: a fresh database, the demo event and an unlimited copy of it
# (`bench-drain`, with its questions); N registrations through the public form
# (bench/rush.py) while the SMTP server is unreachable, so that N real
# confirmations (calendar invite, check-in QR code) are owed; the instances
# stopped, and the few the worker tried during the rush put back as never
# tried (due at once, no attempt counted). Then bench/smtp_sink.py (a raw
# asyncio SMTP server on loopback, pipelining, no parsing) and the instance(s)
# started with it; timed from their launch until the outbox holds nothing
# pending or being sent. Checks: the sink received exactly N messages, to N
# distinct recipients (no message sent twice), and every outbox row is sent.
#
# Scenarios (BENCH_DRAIN_ONLY picks some, space-separated): sqlite (one
# instance), pg (one instance, PostgreSQL over TCP), pg2 (two instances on one
# PostgreSQL database, each registering half and both draining).
#
# Environment: BENCH_TARGET_DIR (default target/bench), BENCH_PG_HOST
# (127.0.0.1), BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PORT
# (18090; the second instance +1), BENCH_SMTP_PORT (18125), BENCH_DRAIN_N,
# BENCH_KEEP=1 keeps the work dir, BENCH_PERF=1 profiles each drain (perf,
# system-wide) into bench/results/perf-drain-*.txt.
# Prints rows of bench/run.sh's table, also written to bench/results/drain.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BUILD=1
N=10000
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --smoke) N=500 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
N=${BENCH_DRAIN_N:-$N}
SCENARIOS=${BENCH_DRAIN_ONLY:-sqlite pg pg2}
TARGET_DIR=${BENCH_TARGET_DIR:-$ROOT/target/bench}
BIN=$TARGET_DIR/release/tessera
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PORT=${BENCH_PORT:-18090}
SMTP_PORT=${BENCH_SMTP_PORT:-18125}
GOAL=500
DEMO_SLUG=women-2027
SLUG=bench-drain
WORK=$(mktemp -d /tmp/tessera-drain.XXXXXX)
RESULTS=$BENCH_DIR/results/drain.md
mkdir -p "$BENCH_DIR/results"
PIDS=()
# The psql binary itself: Debian's /usr/bin/psql is a Perl wrapper, whose start
# costs more CPU than the query when the outbox is polled during the drain.
PSQL=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
PSQL=${PSQL:-psql}

log() { printf '[drain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "tessera_drain_$$" 2>/dev/null || true
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

# --- helpers -----------------------------------------------------------------
sql() {  # kind db query -> rows, '|' separated
  if [ "$1" = sqlite ]; then sqlite3 -cmd ".timeout 10000" "$2" "$3"
  else "$PSQL" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$2" -tA -v ON_ERROR_STOP=1 -c "$3"; fi
}
columns() {  # kind db table -> its column names, one a line
  if [ "$1" = sqlite ]; then sql "$1" "$2" "SELECT name FROM pragma_table_info('$3') ORDER BY cid"
  else sql "$1" "$2" "SELECT column_name FROM information_schema.columns WHERE table_schema='public' AND table_name='$3' ORDER BY ordinal_position"; fi
}
copy_event() {  # kind db: the demo event and its questions as $SLUG, without a capacity
  local cols sel c
  cols=$(columns "$1" "$2" events | grep -vx id | paste -sd, -)
  sel=
  for c in ${cols//,/ }; do
    case "$c" in
      slug) sel+="'$SLUG'," ;;
      capacity) sel+="NULL," ;;
      confirmed_count|waitlisted_count) sel+="0," ;;
      *) sel+="$c," ;;
    esac
  done
  sql "$1" "$2" "INSERT INTO events ($cols) SELECT ${sel%,} FROM events WHERE slug='$DEMO_SLUG'" >/dev/null
  cols=$(columns "$1" "$2" questions | grep -vx id | paste -sd, -)
  local sub="(SELECT id FROM events WHERE slug='$SLUG')"
  sel=${cols/event_id/$sub}
  sql "$1" "$2" "INSERT INTO questions ($cols) SELECT $sel FROM questions WHERE event_id=(SELECT id FROM events WHERE slug='$DEMO_SLUG')" >/dev/null
}
svc_env() {  # url port smtp_url -> SVC_ENV
  SVC_ENV=("DATABASE_URL=$1" "TESSERA_BIND=127.0.0.1:$2" "TESSERA_BASE_URL=http://127.0.0.1:$2"
           "TESSERA_SMTP_URL=$3" TESSERA_MAIL_FROM=events@tessera.example.org
           TESSERA_RATE_LIMIT_PER_MINUTE=0 TESSERA_DEMO=true "TESSERA_OUTBOX_DIR=$WORK/outbox"
           RUST_LOG=warn "${@:4}")
}
launch() {  # name url port smtp_url [VAR=value...] -> SVC_PID (does not wait)
  local name=$1; shift
  svc_env "$@"
  (cd "$WORK" && exec env "${SVC_ENV[@]}" "$BIN" serve >>"$WORK/$name.log" 2>&1) &
  SVC_PID=$!
  PIDS+=("$SVC_PID")
}
wait_up() {  # name pid port
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "http://127.0.0.1:$3/healthz" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$WORK/$1.log" >&2; echo "tessera ($1) exited" >&2; exit 1; }
    sleep 0.2
  done
  cat "$WORK/$1.log" >&2; echo "tessera ($1) did not answer" >&2; exit 1
}
stop() {  # pid
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
hwm_mib() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
form_extra() {  # port -> "&q_N=value" for every select question of the form (first real option)
  curl -fs "http://127.0.0.1:$1/events/$SLUG" | python3 -c '
import re, sys
html = sys.stdin.read()
out = []
for m in re.finditer(r"<select[^>]*name=\"(q_\d+)\"[^>]*>(.*?)</select>", html, re.S):
    opts = [v for v in re.findall(r"<option[^>]*value=\"([^\"]*)\"", m.group(2)) if v]
    if opts:
        out.append("&%s=%s" % (m.group(1), opts[0].replace(" ", "+")))
print("".join(out))'
}
outbox() {  # kind db -> "pending sending sent failed" for the bench event
  sql "$1" "$2" "SELECT
      (SELECT count(*) FROM outbox_messages WHERE status='pending'),
      (SELECT count(*) FROM outbox_messages WHERE status='sending'),
      (SELECT count(*) FROM outbox_messages WHERE status='sent'),
      (SELECT count(*) FROM outbox_messages WHERE status='failed')" | tr '|' ' '
}
now() { date +%s.%N; }

ROWS=()
NOTES=()
note() { NOTES+=("- $*"); log "NOTE: $*"; }

# --- one scenario ------------------------------------------------------------
scenario() {  # name: sqlite | pg | pg2
  local name=$1 kind db url instances=1 label
  case "$name" in
    sqlite) kind=sqlite; label="SQLite, 1 process" ;;
    pg) kind=pg; label="PostgreSQL (TCP), 1 process" ;;
    pg2) kind=pg; instances=2; label="PostgreSQL (TCP), 2 processes" ;;
    *) echo "unknown scenario: $name" >&2; exit 2 ;;
  esac
  if [ "$kind" = sqlite ]; then
    db=$WORK/$name.db; rm -f "$db"*
    url="sqlite://$db?mode=rwc"
  else
    db=tessera_drain_$$
    dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db"
  fi
  svc_env "$url" "$PORT" "smtp://127.0.0.1:1"
  (cd "$WORK" && env "${SVC_ENV[@]}" "$BIN" demo >>"$WORK/prepare.log" 2>&1) \
    || { cat "$WORK/prepare.log" >&2; exit 1; }
  copy_event "$kind" "$db"
  [ "$kind" = pg ] && sql "$kind" "$db" "ANALYZE" >/dev/null

  # 1. The owed confirmations: registrations while no SMTP server answers
  # (a closed port; the retry an hour away).
  log "$label: $N registrations through the form, SMTP unreachable"
  local ports=() pids=() i
  for ((i = 0; i < instances; i++)); do
    launch "$name-register-$i" "$url" $((PORT + i)) "smtp://127.0.0.1:$((SMTP_PORT + 1))" \
      TESSERA_MAIL_RETRY_BASE_MS=3600000
    pids+=("$SVC_PID"); ports+=($((PORT + i)))
  done
  for ((i = 0; i < instances; i++)); do wait_up "$name-register-$i" "${pids[$i]}" "${ports[$i]}"; done
  sleep 1.2  # the page cache holds an event for a second
  local extra line
  extra=$(form_extra "${ports[0]}")
  line=$(python3 "$BENCH_DIR/rush.py" --ports "$(IFS=,; echo "${ports[*]}")" --slug "$SLUG" \
           --total "$N" --concurrency 200 --extra "$extra" --tag "drain$$-$name")
  log "$line"
  [[ "$line" == *"statuses=303:$N" ]] || { echo "registrations failed: $line" >&2; exit 1; }
  for pid in "${pids[@]}"; do stop "$pid"; done
  local tried
  tried=$(sql "$kind" "$db" "SELECT count(*) FROM outbox_messages WHERE attempts > 0")
  sql "$kind" "$db" "UPDATE outbox_messages SET status='pending', attempts=0, next_attempt_at=created_at,
                     claimed_until=NULL, last_error=NULL WHERE status IN ('pending','sending')" >/dev/null
  local owed; owed=$(outbox "$kind" "$db")
  [ "$owed" = "$N 0 0 0" ] || { echo "expected $N owed messages, found (pending sending sent failed) $owed" >&2; exit 1; }
  [ "$kind" = pg ] && sql "$kind" "$db" "ANALYZE outbox_messages" >/dev/null

  # 2. The drain.
  local sink_out=$WORK/$name-arrivals.tsv
  (exec python3 "$BENCH_DIR/smtp_sink.py" "$SMTP_PORT" "$sink_out" >"$WORK/$name-sink.log" 2>&1) &
  local sink=$!
  PIDS+=("$sink")
  for _ in $(seq 1 50); do grep -q listening "$WORK/$name-sink.log" 2>/dev/null && break; sleep 0.1; done
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  local perf_pid=
  if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null; then
    perf record -a -g -F 499 -o "$WORK/perf-$name.data" >/dev/null 2>&1 & perf_pid=$!
  fi
  log "$label: draining ($load load average)"
  local t0 t_empty left elapsed deadline=$((60 + N / 20))
  t0=$(now)
  pids=()
  for ((i = 0; i < instances; i++)); do
    launch "$name-drain-$i" "$url" $((PORT + i)) "smtp://127.0.0.1:$SMTP_PORT"
    pids+=("$SVC_PID")
  done
  while :; do
    sleep 0.5
    left=$(sql "$kind" "$db" "SELECT count(*) FROM outbox_messages WHERE status IN ('pending','sending')")
    t_empty=$(now)
    [ "$left" = 0 ] && break
    elapsed=$(awk -v a="$t0" -v b="$t_empty" 'BEGIN {printf "%d", b-a}')
    [ "$elapsed" -lt "$deadline" ] || { note "$label: $left messages still owed after ${deadline}s"; break; }
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name-drain-"*.log >&2; echo "an instance exited" >&2; exit 1; }; done
  done
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" || true
    { echo "# perf, mail drain, $label (system-wide, -F 499)"; echo "## by command"
      perf report -i "$WORK/perf-$name.data" --no-children --stdio --sort comm -g none 2>/dev/null | grep '%' | head -12 || true
      echo "## tessera, hottest symbols"
      perf report -i "$WORK/perf-$name.data" --no-children --stdio --comms tokio-rt-worker,tessera --sort dso,sym -g none 2>/dev/null | grep '%' | head -40 || true
      echo "## the whole machine, hottest symbols"
      perf report -i "$WORK/perf-$name.data" --no-children --stdio --sort comm,dso,sym -g none 2>/dev/null | grep '%' | head -30 || true
    } >"$BENCH_DIR/results/perf-drain-$name.txt" || true
  fi
  sleep 1  # a message sent twice would arrive now
  local rss=""
  for pid in "${pids[@]}"; do rss+="$(hwm_mib "$pid")/"; done
  for pid in "${pids[@]}"; do stop "$pid"; done
  kill "$sink"; wait "$sink" 2>/dev/null || true
  local final; final=$(outbox "$kind" "$db")
  local stats
  stats=$(python3 - "$sink_out" "$t0" "$t_empty" "$N" <<'EOF'
import sys
path, t0, t_empty, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
times, rcpts = [], []
with open(path, encoding="utf-8") as f:
    for line in f:
        t, r = line.rstrip("\n").split("\t")
        times.append(float(t)); rcpts.append(r.lower())
times.sort()
got = len(times)
distinct = len(set(rcpts))
if got >= 10:
    a, b = int(0.1 * got), int(0.9 * got) - 1
    steady = (b - a) / max(times[b] - times[a], 1e-9)
else:
    steady = 0
first = times[0] - t0 if times else float("nan")
last = times[-1] - t0 if times else float("nan")
print(f"got={got} distinct={distinct} steady={steady:.0f} overall={got / max(last, 1e-9):.0f} "
      f"first={first:.2f} last={last:.2f} empty={t_empty - t0:.2f}")
EOF
)
  log "$stats; outbox (pending sending sent failed): $final"
  local got distinct steady verdict=ok
  got=$(sed 's/.*got=\([0-9]*\).*/\1/' <<<"$stats")
  distinct=$(sed 's/.*distinct=\([0-9]*\).*/\1/' <<<"$stats")
  steady=$(sed 's/.*steady=\([0-9]*\).*/\1/' <<<"$stats")
  if [ "$got" != "$N" ] || [ "$distinct" != "$N" ] || [ "$final" != "0 0 $N 0" ]; then
    verdict="**FAILED**"
    note "$label drain: the sink got $got messages to $distinct recipients for $N owed; outbox (pending sending sent failed) $final"
  fi
  local problems=0 f
  for f in "$WORK/$name-drain-"*.log; do problems=$((problems + $(grep -cE 'WARN|ERROR|panicked' "$f" || true))); done
  [ "$problems" = 0 ] || note "$label drain: $problems WARN/ERROR lines; first: \`$(cat "$WORK/$name-drain-"*.log | grep -m1 -E 'WARN|ERROR|panicked' | cut -c1-300)\`"
  local v
  v() { sed "s/.*$1=\([0-9.]*\).*/\1/" <<<"$stats"; }
  ROWS+=("| mail drain: $N owed confirmations (invite + QR) to a loopback SMTP sink | $label | $steady msg/s (10–90 % of arrivals); $(v overall) msg/s overall | - | - | ≥ $GOAL msg/s | outbox empty $(v empty) s after launch (first message at $(v first) s, last at $(v last) s) | $verdict: sink $got messages, $distinct recipients; outbox pending/sending/sent/failed $(tr ' ' / <<<"$final"); $tried tried during the registrations (put back); load average at start $load | ${rss%/} |")
  log "${ROWS[-1]}"
  [ "$kind" = pg ] && dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  return 0
}

for s in $SCENARIOS; do scenario "$s"; done

{
  echo "## Mail drain — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Machine: $(nproc) CPUs; commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && [ -n "$(git status --porcelain 2>/dev/null | head -1)" ] && echo ' (with uncommitted changes)'); $N owed confirmations per scenario."
  echo
  echo "| phase | database | rate | p50 ms | p99 ms | target | vs ceiling | check | peak RSS MiB (VmHWM) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  if [ "${#NOTES[@]}" -gt 0 ]; then echo "Notes:"; printf '%s\n' "${NOTES[@]}"; fi
} >"$RESULTS"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${NOTES[@]:-}" | sed '/^$/d' | sed 's/^/NOTE /'
