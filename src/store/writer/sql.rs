//! The batch statements, one text per database. Each takes its rows as JSON
//! parameters, so a batch of any size is the same few prepared statements:
//! three reads (events, sessions, existing registrations) and one write.
//!
//! SQLite reads them with `jsonb_each`, whose `value` of an object is the
//! binary JSON that `->>` reads directly: with `json_each` every row was
//! printed back to JSON text and parsed again for each of its columns
//! (a tenth of the writer's time, `bench/ab.sh` with `PERF_OUT`).
//! PostgreSQL reads them as `json`, parsed once as it is read: `jsonb`
//! would first build each object and sort its keys.

use sea_orm::DbBackend;

pub(super) struct Sql {
    /// The events' counters (kind `e`) and their sessions' (kind `s`),
    /// locked, in one statement (`batch::lock`).
    pub lock: &'static str,
    /// SQLite, for a rush (`rush.rs`): `lock`, and the live registrations
    /// of the batch's addresses (kind `r`, the columns of `find_live`) in
    /// the same statement.
    pub lock_and_find_live: &'static str,
    pub find_live: &'static str,
    /// Registrations, their chosen sessions, outbox rows, event counters,
    /// session counters and re-sent registrations, in that order of
    /// parameters (see `rows::BatchWrites::into_values`). SQLite runs it as
    /// several statements in one call; PostgreSQL as one statement of
    /// data-modifying CTEs (foreign keys are checked at its end).
    pub write_batch: &'static str,
    /// PostgreSQL, for a rush written without looking its addresses up
    /// first (`rush.rs`): `write_batch`, except that a new registration
    /// whose address already has a live one is skipped (with its email and
    /// sessions) rather than refused, and the statement answers how many it
    /// wrote. Empty on SQLite, which looks up with the lock.
    pub write_rush: &'static str,
}

/// The counters the writer decides by, of events (kind `e`) then sessions
/// (kind `s`), each branch given its table's filter.
macro_rules! select_counters {
    ($events:literal, $sessions:literal $(,)?) => {
        concat!(
            "SELECT 'e' AS kind, id, status, capacity, waitlist_enabled, registration_opens_at, \
             registration_closes_at, ends_at, requires_verification, revision, \
             confirmed_count, waitlisted_count, held_count ",
            $events,
            " UNION ALL SELECT 's', id, NULL, capacity, NULL, NULL, NULL, NULL, NULL, NULL, \
             confirmed_count, NULL, held_count ",
            $sessions
        )
    };
}

/// SQLite's `find_live`, with the counters' columns empty, as the third
/// branch of `lock_and_find_live`.
macro_rules! sqlite_live_registrations {
    ($keys:literal, $counter_columns:literal) => {
        concat!(
            "SELECT ",
            $counter_columns,
            "r.event_id, r.id AS registration_id, r.email, r.email_normalized, r.status AS \
             registration_status, r.manage_token, r.last_emailed_at, r.hold_until \
             FROM jsonb_each(",
            $keys,
            ") AS k JOIN registrations AS r ON r.event_id = k.value ->> 'e' \
             AND r.email_normalized = k.value ->> 'm' WHERE r.status <> 'cancelled'"
        )
    };
}

/// PostgreSQL's last write of a batch: registrations emailed again.
macro_rules! postgres_emailed_again {
    () => {
        "UPDATE registrations AS r SET last_emailed_at = k.t \
         FROM json_to_recordset($6::json) AS k(id text, t timestamptz) WHERE r.id = k.id"
    };
}

/// PostgreSQL's `write_batch` and `write_rush`, one statement of
/// data-modifying CTEs: `$conflict` follows the registrations' insert,
/// `$new_email` and `$new_sessions` filter the rows that hang on a new
/// registration (its email, its chosen sessions), `$last` ends it.
macro_rules! postgres_write {
    ($conflict:expr, $new_email:expr, $new_sessions:expr, $last:expr $(,)?) => {
        concat!(
            "WITH new_registrations AS (INSERT INTO registrations (id, event_id, \
            first_name, last_name, email, email_normalized, organization, country, language, \
            answers, status, checked_in_at, consent_at, privacy_notice_version, manage_token, \
            created_at, updated_at, last_emailed_at, waitlisted_at, hold_until) \
            SELECT id, event_id, first_name, last_name, email, email_normalized, organization, \
            country, language, answers, status, NULL, consent_at, privacy_notice_version, \
            manage_token, created_at, created_at, last_emailed_at, waitlisted_at, hold_until \
            FROM json_to_recordset($1::json) AS x(id text, event_id bigint, first_name text, \
            last_name text, email text, email_normalized text, organization text, country text, \
            language text, answers text, status text, consent_at timestamptz, \
            privacy_notice_version text, manage_token text, created_at timestamptz, \
            last_emailed_at timestamptz, waitlisted_at timestamptz, hold_until timestamptz)",
            $conflict,
            " RETURNING id), \
            owed_by_new AS (INSERT INTO outbox_messages (event_id, registration_id, kind, \
            recipient, payload, status, attempts, next_attempt_at, created_at) \
            SELECT event_id, id, kind, email, payload, 'pending', 0, created_at, created_at \
            FROM json_to_recordset($1::json) AS x(id text, event_id bigint, email text, \
            kind text, payload text, created_at timestamptz) WHERE kind IS NOT NULL",
            $new_email,
            "), chosen AS (INSERT INTO registration_sessions (registration_id, session_id) \
            SELECT r, s FROM json_to_recordset($2::json) AS x(r text, s bigint)",
            $new_sessions,
            "), owed AS (INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT event_id, registration_id, kind, recipient, payload, 'pending', 0, created_at, \
            created_at FROM json_to_recordset($3::json) AS x(event_id bigint, \
            registration_id text, kind text, recipient text, payload text, created_at timestamptz)), \
            counted AS (UPDATE events AS e SET confirmed_count = k.c, waitlisted_count = k.w, \
            held_count = k.h \
            FROM json_to_recordset($4::json) AS k(id bigint, c int, w int, h int) \
            WHERE e.id = k.id), \
            session_counted AS (UPDATE sessions AS s SET confirmed_count = k.c, held_count = k.h \
            FROM json_to_recordset($5::json) AS k(id bigint, c int, h int) WHERE s.id = k.id)",
            $last
        )
    };
}

impl Sql {
    pub fn for_backend(backend: DbBackend) -> &'static Sql {
        match backend {
            DbBackend::Postgres => &Self::POSTGRES,
            _ => &Self::SQLITE,
        }
    }

    const SQLITE: Sql = Sql {
        lock: select_counters!(
            "FROM events WHERE id IN (SELECT value FROM jsonb_each(?1))",
            "FROM sessions WHERE event_id IN (SELECT value FROM jsonb_each(?1))",
        ),
        // The columns of kind `r` are NULL in the counters' rows and the
        // reverse; `registration_status` keeps a registration's status
        // apart from an event's.
        lock_and_find_live: concat!(
            "SELECT *, NULL AS event_id, NULL AS registration_id, NULL AS email, \
             NULL AS email_normalized, NULL AS registration_status, NULL AS manage_token, \
             NULL AS last_emailed_at, NULL AS hold_until FROM (",
            select_counters!(
                "FROM events WHERE id IN (SELECT value FROM jsonb_each(?1))",
                "FROM sessions WHERE event_id IN (SELECT value FROM jsonb_each(?1))",
            ),
            ") UNION ALL ",
            sqlite_live_registrations!(
                "?2",
                "'r', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
            )
        ),
        find_live: sqlite_live_registrations!("?1", ""),
        write_batch: "INSERT INTO registrations (id, event_id, first_name, last_name, \
            email, email_normalized, organization, country, language, answers, status, \
            checked_in_at, consent_at, privacy_notice_version, manage_token, created_at, updated_at, \
            last_emailed_at, waitlisted_at, hold_until) \
            SELECT value ->> 'id', value ->> 'event_id', value ->> 'first_name', \
            value ->> 'last_name', value ->> 'email', value ->> 'email_normalized', \
            value ->> 'organization', value ->> 'country', value ->> 'language', \
            value ->> 'answers', value ->> 'status', NULL, value ->> 'consent_at', \
            value ->> 'privacy_notice_version', value ->> 'manage_token', \
            value ->> 'created_at', value ->> 'created_at', value ->> 'last_emailed_at', \
            value ->> 'waitlisted_at', value ->> 'hold_until' FROM jsonb_each(?); \
            INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT value ->> 'event_id', value ->> 'id', value ->> 'kind', value ->> 'email', \
            value ->> 'payload', 'pending', 0, value ->> 'created_at', value ->> 'created_at' \
            FROM jsonb_each(?) WHERE value ->> 'kind' IS NOT NULL; \
            INSERT INTO registration_sessions (registration_id, session_id) \
            SELECT value ->> 'r', value ->> 's' FROM jsonb_each(?); \
            INSERT INTO outbox_messages (event_id, registration_id, kind, recipient, \
            payload, status, attempts, next_attempt_at, created_at) \
            SELECT value ->> 'event_id', value ->> 'registration_id', value ->> 'kind', \
            value ->> 'recipient', value ->> 'payload', 'pending', 0, value ->> 'created_at', \
            value ->> 'created_at' FROM jsonb_each(?); \
            UPDATE events SET confirmed_count = k.value ->> 'c', waitlisted_count = k.value ->> 'w', \
            held_count = k.value ->> 'h' \
            FROM jsonb_each(?) AS k WHERE events.id = k.value ->> 'id'; \
            UPDATE sessions SET confirmed_count = k.value ->> 'c', held_count = k.value ->> 'h' \
            FROM jsonb_each(?) AS k WHERE sessions.id = k.value ->> 'id'; \
            UPDATE registrations SET last_emailed_at = k.value ->> 't' \
            FROM jsonb_each(?) AS k WHERE registrations.id = k.value ->> 'id'",
        write_rush: "",
    };

    const POSTGRES: Sql = Sql {
        // Events are locked before sessions, each in id order, as every
        // instance does: a CTE with FOR UPDATE is not folded into the
        // query, and the union reads its branches in turn.
        lock: concat!(
            "WITH e AS (SELECT * FROM events WHERE id IN (SELECT value::bigint \
             FROM json_array_elements_text($1::json)) ORDER BY id FOR UPDATE), \
             s AS (SELECT * FROM sessions WHERE event_id IN (SELECT value::bigint \
             FROM json_array_elements_text($1::json)) ORDER BY id FOR UPDATE) ",
            select_counters!("FROM e", "FROM s")
        ),
        // Never with the lock: the lock's statement sees the database as it
        // was before it waited for another instance's batch.
        lock_and_find_live: "",
        // A lookup per key through the unique index, whatever the planner
        // believes of the table's size: a hash join over the whole table
        // would grow with every registration.
        find_live: "SELECT r.id AS registration_id, r.event_id, r.email, r.email_normalized, \
            r.status AS registration_status, r.manage_token, r.last_emailed_at, r.hold_until \
            FROM json_to_recordset($1::json) AS k(e bigint, m text) \
            CROSS JOIN LATERAL (SELECT * FROM registrations AS r WHERE r.event_id = k.e \
            AND r.email_normalized = k.m AND r.status <> 'cancelled' LIMIT 1) AS r",
        write_batch: postgres_write!("", "", "", concat!(" ", postgres_emailed_again!())),
        write_rush: postgres_write!(
            " ON CONFLICT (event_id, email_normalized) WHERE status <> 'cancelled' DO NOTHING",
            " AND x.id IN (SELECT id FROM new_registrations)",
            " WHERE x.r IN (SELECT id FROM new_registrations)",
            concat!(
                ", emailed_again AS (",
                postgres_emailed_again!(),
                ") SELECT count(*) AS written FROM new_registrations"
            )
        ),
    };
}
