//! Tessera's integration tests: one binary, the real app over HTTP, a real
//! database per test (SQLite file, or PostgreSQL when
//! `TESSERA_TEST_POSTGRES_URL` is set, as it is in CI).

mod addresses;
mod admin;
mod browser;
mod cancelling;
mod capacity;
mod check_in_browser;
mod cli;
mod edge;
mod emails;
mod helpers;
mod invite_download;
mod invites;
mod languages;
mod mail_flow;
mod manage_link;
mod page_cache;
mod pages;
mod phone;
mod privacy;
mod registration;
mod safe_headers;
mod smtp;
mod spam;
mod verification;
mod writer;
