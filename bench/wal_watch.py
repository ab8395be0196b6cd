#!/usr/bin/env python3
"""Watches an SQLite database's write-ahead log while readers never let go of
it: two connections read in overlapping transactions (each holds its snapshot
for 50 ms, half a period apart), the pattern that starves passive
checkpoints. Samples the size of the -wal file every 100 ms.
Usage: wal_watch.py DB_PATH SECONDS
Prints "WAL max_mib=.. final_mib=.. median_mib=.. samples=.. reads=.."."""
import os, sqlite3, statistics, sys, threading, time

path, seconds = sys.argv[1], float(sys.argv[2])
stop = threading.Event()
reads = [0, 0]

def reader(n):
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    time.sleep(0.025 * n)
    while not stop.is_set():
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM registrations").fetchone()
        time.sleep(0.05)
        conn.execute("COMMIT")
        reads[n] += 1
    conn.close()

threads = [threading.Thread(target=reader, args=(n,)) for n in range(2)]
for t in threads:
    t.start()
sizes = []
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        sizes.append(os.path.getsize(path + "-wal"))
    except OSError:
        sizes.append(0)
    time.sleep(0.1)
stop.set()
for t in threads:
    t.join()
mib = lambda b: f"{b / 1048576:.1f}"
print(f"WAL max_mib={mib(max(sizes))} final_mib={mib(sizes[-1])} "
      f"median_mib={mib(statistics.median(sizes))} samples={len(sizes)} reads={sum(reads)}")
