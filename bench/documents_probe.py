#!/usr/bin/env python3
"""Logs in to the dashboard and fetches one printed document (PDF):
the first request's time and the service's peak memory before and after
(VmHWM of /proc/PID/status, its high-water mark), then REPEAT more
requests for the median time and the service's CPU time for one
(/proc/PID/stat); the size and, with pdfinfo, the pages.

usage: documents_probe.py BASE SLUG PID KIND N DOCUMENT REPEAT
DOCUMENT: badges | sheet | filled (the first day's attendance sheet).
Prints one Markdown table row (see bench/documents.sh)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

base, slug, pid, kind, n, document, repeat = sys.argv[1:8]
repeat = int(repeat)


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


def cpu_ms():
    """The service's CPU time so far (user + system), in ms: less bent by
    a busy machine than the wall-clock time."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def vm_hwm_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# The document's address, as the event's page links it.
_, page = call(f"/admin/events/{slug}", cookie=cookie)
days = re.findall(rb'/attendance/(\d{4}-\d{2}-\d{2})\.pdf"', page)
if not days:
    sys.exit("no attendance sheet linked from the event's page")
path = {
    "badges": f"/admin/events/{slug}/badges.pdf",
    "sheet": f"/admin/events/{slug}/attendance/{days[0].decode()}.pdf",
    "filled": f"/admin/events/{slug}/attendance/{days[0].decode()}.pdf?filled=1",
}[document]


def fetch():
    start = time.perf_counter()
    resp, body = call(path, cookie=cookie)
    ms = (time.perf_counter() - start) * 1000
    if resp.status != 200:
        sys.exit(f"{path}: {resp.status}")
    return ms, body


before = vm_hwm_kib()
first_ms, body = fetch()
after = vm_hwm_kib()
times, cpu = [], []
for _ in range(repeat):
    cpu_before = cpu_ms()
    times.append(fetch()[0])
    cpu.append(cpu_ms() - cpu_before)
times.sort()
cpu.sort()
median = times[len(times) // 2] if times else first_ms
median_cpu = f"{cpu[len(cpu) // 2]:.0f}" if cpu else "-"

pages = "-"
if shutil.which("pdfinfo"):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.M)
        pages = match.group(1) if match else "-"

label = {"badges": "badges (all confirmed)", "sheet": "attendance sheet, day 1",
         "filled": "attendance sheet, day 1, filled"}[document]
print(f"| {kind} | {n} | {label} | {first_ms:.0f} | {median:.0f} | {median_cpu} | {len(body) / 1024:.0f} KiB | {pages} "
      f"| {before / 1024:.0f} → {after / 1024:.0f} MiB (+{(after - before) / 1024:.1f}) |")
