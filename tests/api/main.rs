//! Tessera's integration tests: one binary, the real app over HTTP, a real
//! database per test (SQLite file, or PostgreSQL when
//! `TESSERA_TEST_POSTGRES_URL` is set, as it is in CI).

mod accessibility;
mod addresses;
mod admin;
mod browser;
mod cancelling;
mod capacity;
mod check_in_browser;
mod cli;
mod edge;
mod emails;
mod erasure;
mod helpers;
mod holds;
mod invite_download;
mod invites;
mod languages;
mod lost_link;
mod mail_flow;
mod manage_link;
mod page_cache;
mod pages;
mod phone;
mod privacy;
mod registration;
mod safe_headers;
mod self_service;
mod sharing;
mod smtp;
mod spam;
mod verification;
mod wal;
mod writer;
