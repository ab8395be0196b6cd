-- Tables for the PostgreSQL ceiling (pgbench, bench/pg_limit.sql).
CREATE TABLE events (id bigint PRIMARY KEY, capacity integer, confirmed_count integer NOT NULL DEFAULT 0,
                     waitlisted_count integer NOT NULL DEFAULT 0);
CREATE TABLE registrations (id text PRIMARY KEY, event_id bigint NOT NULL, first_name text, last_name text,
                     email text, email_normalized text, organization text, country text, language text,
                     answers text, status text, manage_token text UNIQUE, consent_at timestamptz,
                     created_at timestamptz, updated_at timestamptz);
CREATE UNIQUE INDEX registrations_event_email ON registrations(event_id, email_normalized);
CREATE TABLE outbox (id bigserial PRIMARY KEY, event_id bigint, registration_id text, kind text,
                     recipient text, payload text, status text, attempts integer DEFAULT 0,
                     next_attempt_at timestamptz, created_at timestamptz);
INSERT INTO events (id, capacity) VALUES (1, 1000000000);
ANALYZE;
