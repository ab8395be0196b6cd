#!/usr/bin/env python3
"""Logs in as the door's `checkin` account and checks people in over HTTP
(keep-alive connections, as a phone's browser holds one):

  one phone     N form posts to /admin/events/SLUG/check-in, one at a time
  eight phones  N form posts from 8 threads at once
  queued        N check-ins sent to .../check-in/queue, 50 a batch (JSON)

Each measure takes people not checked in before (bench-1 … bench-3N, seeded
by bench/checkin.sh), so each request stores one check-in.

usage: checkin_probe.py HOST PORT SLUG N KIND
Prints Markdown table rows (see bench/checkin.sh)."""
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid

host, port, slug, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
PHONES = 8
BATCH = 50


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    return resp, resp.read()


conn = http.client.HTTPConnection(host, port)
resp, body = request(conn, "GET", "/admin/login")
login_cookie = resp.getheader("Set-Cookie").split(";")[0]
csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
form = urllib.parse.urlencode({
    "email": "door@office.example.eu",
    "password": "bench password for the door",
    "csrf": csrf,
})
resp, _ = request(conn, "POST", "/admin/login", form, {
    "Cookie": login_cookie, "Content-Type": "application/x-www-form-urlencoded"})
session = [c.split(";")[0] for c in resp.headers.get_all("Set-Cookie") or []
           if c.startswith("tessera_admin=")]
if resp.status != 303 or not session:
    sys.exit(f"login failed: {resp.status}")
cookie = session[0]
resp, body = request(conn, "GET", f"/admin/events/{slug}/check-in", headers={"Cookie": cookie})
token = re.search(rb'data-csrf="([^"]+)"', body).group(1).decode()
screen = f"/admin/events/{slug}/check-in"


def check_in(conn, i):
    form = urllib.parse.urlencode({
        "registration": f"bench-{i}", "id": str(uuid.uuid4()), "q": "", "csrf": token})
    start = time.perf_counter()
    resp, _ = request(conn, "POST", screen, form, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    elapsed = (time.perf_counter() - start) * 1000
    if resp.status != 303:
        sys.exit(f"check-in of bench-{i}: {resp.status}")
    return elapsed


def report(label, count, seconds, times):
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"| {kind} | {label} | {count} | {count / seconds:.0f} | {p50:.1f} | {p99:.1f} |", flush=True)


# One phone.
times = []
start = time.perf_counter()
for i in range(1, n + 1):
    times.append(check_in(conn, i))
report("one phone (form)", n, time.perf_counter() - start, times)

# Eight phones at once.
times = []
lock = threading.Lock()
people = list(range(n + 1, 2 * n + 1))


def phone(share):
    own = http.client.HTTPConnection(host, port)
    mine = [check_in(own, i) for i in share]
    with lock:
        times.extend(mine)


threads = [threading.Thread(target=phone, args=(people[k::PHONES],)) for k in range(PHONES)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
report(f"{PHONES} phones (form)", n, time.perf_counter() - start, times)

# The offline queue, 50 a batch: latency per batch.
times = []
made = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
start = time.perf_counter()
for first in range(2 * n + 1, 3 * n + 1, BATCH):
    actions = [{"type": "check_in", "id": str(uuid.uuid4()), "registration": f"bench-{i}", "at": made}
               for i in range(first, min(first + BATCH, 3 * n + 1))]
    t0 = time.perf_counter()
    resp, body = request(conn, "POST", screen + "/queue", json.dumps({"actions": actions}), {
        "Cookie": cookie, "Content-Type": "application/json", "X-CSRF-Token": token})
    times.append((time.perf_counter() - t0) * 1000)
    if resp.status != 200:
        sys.exit(f"queue: {resp.status} {body[:200]!r}")
    outcomes = {r["outcome"] for r in json.loads(body)["results"]}
    if outcomes != {"checked_in"}:
        sys.exit(f"queue: {outcomes}")
report(f"queued, {BATCH} a batch (ms per batch)", n, time.perf_counter() - start, times)
