#!/usr/bin/env python3
"""Logs in to the dashboard and measures, one request at a time: the
attendee table's first page, a search, and (with "export") a CSV and an
XLSX export of the whole list with the service's peak memory (VmHWM of
/proc/PID/status: its high-water mark, read before and after).

usage: admin_probe.py BASE SLUG PID REQUESTS KIND N export|no-export
Prints Markdown table rows (see bench/admin.sh)."""
import re
import sys
import time
import urllib.parse
import urllib.request

base, slug, pid, requests, kind, n, export = sys.argv[1:8]
requests = int(requests)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(path, data=None, cookie=""):
    req = urllib.request.Request(base + path, data=data, headers={"Cookie": cookie})
    try:
        resp = opener.open(req)
    except urllib.error.HTTPError as e:  # 303 arrives here without redirects
        resp = e
    return resp, resp.read()


resp, body = call("/admin/login")
login_cookie = resp.headers.get("Set-Cookie").split(";")[0]
csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
form = urllib.parse.urlencode({
    "email": "bench@office.example.eu",
    "password": "bench password for the dashboard",
    "csrf": csrf,
}).encode()
resp, _ = call("/admin/login", form, login_cookie)
session = [c.split(";")[0] for c in resp.headers.get_all("Set-Cookie") or []
           if c.startswith("tessera_admin=")]
if not session:
    sys.exit(f"login failed: {resp.status}")
cookie = session[0]


def measure(label, path):
    times = []
    call(path, cookie=cookie)  # warm
    for _ in range(requests):
        start = time.perf_counter()
        resp, body = call(path, cookie=cookie)
        times.append((time.perf_counter() - start) * 1000)
        if resp.status != 200:
            sys.exit(f"{path}: {resp.status}")
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"| {kind} | {n} | {label} | {p50:.1f} | {p99:.1f} | {requests} requests |")


def vm_hwm_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


measure("table, first page", f"/admin/events/{slug}/attendees")
measure("table, search", f"/admin/events/{slug}/attendees?q=last100")
measure("table, sorted by name, page 100", f"/admin/events/{slug}/attendees?sort=name&dir=asc&page=100")

if export == "export":
    for ext in ("csv", "xlsx"):
        before = vm_hwm_kib()
        start = time.perf_counter()
        resp, body = call(f"/admin/events/{slug}/export.{ext}", cookie=cookie)
        seconds = time.perf_counter() - start
        after = vm_hwm_kib()
        rows = body.count(b"\n") - 1 if ext == "csv" else "-"
        print(f"| {kind} | {n} | {ext.upper()} export | {seconds * 1000:.0f} (total) | | "
              f"{len(body) / 1e6:.1f} MB, rows {rows}, peak memory {before / 1024:.0f} → {after / 1024:.0f} MiB "
              f"(+{(after - before) / 1024:.1f} MiB) |")
