#!/usr/bin/env bash
# A/B of two binaries: the registration phase of bench/run.sh alone, on a fresh database.
#   KIND=pg|sqlite bench/ab.sh BIN [seconds] [connections]   -> "rate p50 p99 (statuses)"
# Alternate two binaries a few rounds each (the machine drifts by 10-15 % between runs).
# DROP_INDEXES="idx_a idx_b" drops indexes before the run; PERF_OUT=file records a perf profile of the service.
# AB_ENV="K=V ..." adds to the service's environment; AB_LOG=regex prints the matching service log lines, AB_TAIL=1 its
# last lines (a service that died); AB_KEEP=prefix keeps the SQLite file and its log; AB_METRICS=1 prints the writer metrics;
# AB_PERCENTILES=1 prints wrk's latency percentiles from p75 to p99.9.
set -euo pipefail
BIN=$1; SECS=${2:-6}; CONN=${3:-64}
PORT=18190; DB=tessera_ab_$$; W=$(mktemp -d)
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); export BENCH_DIR
KIND=${KIND:-pg}
PID=
# Whatever fails, no service, database or work dir is left behind (a leftover service holds the port).
cleanup() {
  [ -n "$PID" ] && { kill $PID 2>/dev/null; wait $PID 2>/dev/null; }
  [ "$KIND" = pg ] && dropdb --if-exists -h 127.0.0.1 -U postgres $DB 2>/dev/null
  rm -rf $W
}
trap cleanup EXIT
if [ "$KIND" = pg ]; then createdb -h 127.0.0.1 -U postgres $DB; URL="postgres://postgres@127.0.0.1:5432/$DB"
else URL="sqlite://$W/t.db?mode=rwc"; fi
ENVV=(-u TESSERA_SMTP_URL ${AB_ENV:-} ${AB_METRICS:+TESSERA_METRICS_TOKEN=abtoken} DATABASE_URL=$URL TESSERA_BIND=127.0.0.1:$PORT TESSERA_BASE_URL=http://127.0.0.1:$PORT TESSERA_RATE_LIMIT_PER_MINUTE=0 TESSERA_DEMO=true TESSERA_OUTBOX_DIR=$W/outbox RUST_LOG=warn)
(cd $W && env "${ENVV[@]}" $BIN demo >/dev/null 2>&1)
if [ "$KIND" = pg ]; then q() { psql -X -q -h 127.0.0.1 -U postgres -d $DB -tA -c "$1"; }
else q() { sqlite3 -cmd ".timeout 10000" $W/t.db "$1"; }; fi
colsof() { if [ "$KIND" = pg ]; then q "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema='public' AND table_name='$1' AND column_name<>'id'"; else q "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$1') WHERE name<>'id' ORDER BY cid)"; fi; }
cols=$(colsof events)
sel=$(echo "$cols" | tr ',' '\n' | sed -e "s/^slug$/'bench-open'/" -e "s/^capacity$/100000000/" -e "s/^confirmed_count$/0/" -e "s/^waitlisted_count$/0/" -e "s/^held_count$/0/" | paste -sd,)
q "INSERT INTO events ($cols) SELECT $sel FROM events WHERE slug='women-2027'"
qcols=$(colsof questions)
qsel=${qcols/event_id/(SELECT id FROM events WHERE slug=\'bench-open\')}
q "INSERT INTO questions ($qcols) SELECT $qsel FROM questions WHERE event_id=(SELECT id FROM events WHERE slug='women-2027')"
for i in ${DROP_INDEXES:-}; do q "DROP INDEX $i" >/dev/null; done
[ "$KIND" = pg ] && q "ANALYZE" >/dev/null
(cd $W && exec env "${ENVV[@]}" $BIN serve >$W/log 2>&1) & PID=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null http://127.0.0.1:$PORT/events/bench-open && break; sleep 0.2; done
sleep 1
extra=$(curl -fs http://127.0.0.1:$PORT/events/bench-open | python3 -c '
import re, sys
html = sys.stdin.read(); out = []
for m in re.finditer(r"<select[^>]*name=\"(q_\d+)\"[^>]*>(.*?)</select>", html, re.S):
    opts = [v for v in re.findall(r"<option[^>]*value=\"([^\"]*)\"", m.group(2)) if v]
    if opts: out.append("&%s=%s" % (m.group(1), opts[0].replace(" ", "+")))
print("".join(out))')
if [ -n "${PERF_OUT:-}" ]; then if [ -n "${PERF_ALL:-}" ]; then target=(-a); else target=(-p $PID); fi; perf record -F 999 "${target[@]}" -o $PERF_OUT -- sleep $SECS >/dev/null 2>&1 & fi
out=$(BENCH_SLUG=bench-open BENCH_FORM_EXTRA=$extra BENCH_TAG=ab$$ wrk -t2 -c$CONN -d${SECS}s --latency -s $BENCH_DIR/wrk/register.lua http://127.0.0.1:$PORT 2>&1)
if [ -n "${PERF_OUT:-}" ]; then :; fi
[ -n "${AB_KEEP:-}" ] && [ "$KIND" = sqlite ] && cp $W/t.db-wal $AB_KEEP.wal && cp $W/t.db $AB_KEEP.db
[ -n "${AB_METRICS:-}" ] && curl -s -H "Authorization: Bearer abtoken" http://127.0.0.1:$PORT/metrics | { grep -E "^tessera_(writer|registrations|sqlite_wal|wal)" || true; } >&2
[ "$KIND" = sqlite ] && echo "wal bytes at end: $(stat -c %s $W/t.db-wal) db bytes: $(stat -c %s $W/t.db)" >&2
[ -n "${AB_LOG:-}" ] && { grep -E "${AB_LOG}" $W/log >&2 || true; }
[ -n "${AB_TAIL:-}" ] && { grep -v "^ *at \|^ *[0-9]*: " $W/log | tail -30 || true; } >&2
kill $PID; wait $PID 2>/dev/null || true; PID=
line=$(grep '^BENCH ' <<<"$out")
[ -n "${AB_PERCENTILES:-}" ] && { grep '^PERCENTILES ' <<<"$out" >&2 || true; }
kv() { tr ' ' '\n' <<<"$line" | sed -n "s/^$1=//p"; }
st=$(kv statuses); n=$(tr ',' '\n' <<<"$st" | sed -n 's/^303://p')
awk -v n="$n" -v d="$(kv duration_us)" -v p50="$(kv p50_us)" -v p99="$(kv p99_us)" -v st="$st" 'BEGIN {printf "%.0f reg/s p50 %.2f ms p99 %.2f ms (%s)\n", n/(d/1e6), p50/1000, p99/1000, st}'
