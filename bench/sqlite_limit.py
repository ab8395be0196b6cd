#!/usr/bin/env python3
"""The ceiling for SQLite: how many registration-shaped transactions one
connection commits per second, one at a time, with the service's durability
(WAL, synchronous=FULL), without HTTP. A transaction = UPDATE a counter row +
INSERT a registration-like row + INSERT an outbox-like row.
Usage: sqlite_limit.py DB_PATH SECONDS  -> prints "commits_per_s=N transactions=M"."""
import os, sqlite3, sys, time, uuid

path, seconds = sys.argv[1], float(sys.argv[2])
for suffix in ("", "-wal", "-shm"):
    try:
        os.remove(path + suffix)
    except FileNotFoundError:
        pass
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.executescript("""
CREATE TABLE events (id INTEGER PRIMARY KEY, capacity INTEGER, confirmed_count INTEGER NOT NULL DEFAULT 0,
                     waitlisted_count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE registrations (id TEXT PRIMARY KEY, event_id INTEGER NOT NULL, first_name TEXT, last_name TEXT,
                     email TEXT, email_normalized TEXT, organization TEXT, country TEXT, language TEXT,
                     answers TEXT, status TEXT, manage_token TEXT UNIQUE, consent_at TEXT,
                     created_at TEXT, updated_at TEXT);
CREATE UNIQUE INDEX registrations_event_email ON registrations(event_id, email_normalized);
CREATE TABLE outbox (id INTEGER PRIMARY KEY, event_id INTEGER, registration_id TEXT, kind TEXT,
                     recipient TEXT, payload TEXT, status TEXT, attempts INTEGER DEFAULT 0,
                     next_attempt_at TEXT, created_at TEXT);
INSERT INTO events (id, capacity) VALUES (1, 1000000000);
""")
payload = '{"first_name":"Ada","last_name":"Lovelace","event":"bench","language":"en"}'
now = "2026-11-25T10:00:00+00:00"
n = 0
start = time.perf_counter()
deadline = start + seconds
while time.perf_counter() < deadline:
    rid = str(uuid.uuid4())
    email = f"limit-{n}@example.org"
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE events SET confirmed_count = confirmed_count + 1 WHERE id = 1 AND confirmed_count < capacity")
    db.execute("INSERT INTO registrations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (rid, 1, "Ada", "Lovelace", email, email, "Comune di Bench", "IT", "en", "{}",
                "confirmed", uuid.uuid4().hex, now, now, now))
    db.execute("INSERT INTO outbox (event_id, registration_id, kind, recipient, payload, status, next_attempt_at, created_at)"
               " VALUES (?,?,?,?,?,?,?,?)", (1, rid, "confirmation", email, payload, "pending", now, now))
    db.execute("COMMIT")
    n += 1
elapsed = time.perf_counter() - start
print(f"commits_per_s={n / elapsed:.0f} transactions={n}")
