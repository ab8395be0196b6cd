//! Tessera: event registration for public institutions.
//!
//! Dependencies point one way: `web` → `services` → `store` → `domain`;
//! `mail` reads the outbox through `store`. `app` puts them together for
//! `main` and for the tests alike.

pub mod app;
pub mod config;
pub mod documents;
pub mod domain;
pub mod i18n;
pub mod mail;
pub mod metrics;
pub mod services;
pub mod store;
pub mod web;
