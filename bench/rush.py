#!/usr/bin/env python3
"""The rush: N registrations fired at once (bounded concurrency) through the
public form, spread over one or more Tessera processes. Raw asyncio sockets,
one connection per request (HTTP/1.1, Connection: close).
Usage: rush.py --ports 18080,18081 --slug S --total 5000 --concurrency 500 --extra '&q_1=x' --tag T
Prints "RUSH total=.. seconds=.. per_s=.. p50_ms=.. p99_ms=.. statuses=303:5000,..."."""
import argparse, asyncio, collections, time

p = argparse.ArgumentParser()
p.add_argument("--ports", required=True)
p.add_argument("--slug", required=True)
p.add_argument("--total", type=int, default=5000)
p.add_argument("--concurrency", type=int, default=500)
p.add_argument("--extra", default="")
p.add_argument("--tag", default="rush")
a = p.parse_args()
ports = [int(x) for x in a.ports.split(",")]

statuses = collections.Counter()
latencies = []

async def one(i, sem, gate):
    await gate.wait()
    async with sem:
        port = ports[i % len(ports)]
        body = (f"first_name=Ada&last_name=Lovelace&email={a.tag}-{i}%40example.org"
                f"&organization=Comune+di+Bench&country=IT&consent=yes{a.extra}").encode()
        req = (f"POST /events/{a.slug}/register HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n\r\n").encode() + body
        t0 = time.perf_counter()
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            w.write(req)
            await w.drain()
            line = await asyncio.wait_for(r.readline(), 60)
            code = line.split()[1].decode() if len(line.split()) > 1 else "bad-response"
            await asyncio.wait_for(r.read(), 60)  # drain the rest until close
            w.close()
        except Exception as e:  # counted, not hidden
            code = "exc-" + type(e).__name__
        latencies.append(time.perf_counter() - t0)
        statuses[code] += 1

async def main():
    sem = asyncio.Semaphore(a.concurrency)
    gate = asyncio.Event()
    tasks = [asyncio.create_task(one(i, sem, gate)) for i in range(a.total)]
    await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    gate.set()
    await asyncio.gather(*tasks)
    el = time.perf_counter() - t0
    latencies.sort()
    q = lambda f: latencies[min(len(latencies) - 1, int(f * len(latencies)))] * 1000
    st = ",".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
    print(f"RUSH total={a.total} seconds={el:.2f} per_s={a.total / el:.0f} p50_ms={q(0.5):.0f} "
          f"p99_ms={q(0.99):.0f} statuses={st}")

asyncio.run(main())
