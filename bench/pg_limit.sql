-- pgbench script: one registration-shaped transaction, durable commit
-- (capacity-guarded counter UPDATE + registration INSERT + outbox INSERT).
\set n random(1, 2000000000)
BEGIN;
UPDATE events SET confirmed_count = confirmed_count + 1 WHERE id = 1 AND confirmed_count < capacity;
INSERT INTO registrations VALUES (gen_random_uuid()::text, 1, 'Ada', 'Lovelace',
  'limit-' || :client_id || '-' || :n || '@example.org', 'limit-' || :client_id || '-' || :n || '@example.org',
  'Comune di Bench', 'IT', 'en', '{}', 'confirmed', md5(random()::text || :n), now(), now(), now())
  ON CONFLICT DO NOTHING;
INSERT INTO outbox (event_id, registration_id, kind, recipient, payload, status, next_attempt_at, created_at)
  VALUES (1, NULL, 'confirmation', 'limit-' || :client_id || '@example.org',
  '{"first_name":"Ada","last_name":"Lovelace","event":"bench","language":"en"}', 'pending', now(), now());
END;
