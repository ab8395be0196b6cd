//! The organizer dashboard, the third face beside the public pages and the
//! API. Like them it parses input, calls one service, and renders.
//!
//! Every route is declared in `admin_routes!` below together with the roles
//! that may use it; the router is built from that table and nothing else,
//! so a route cannot exist without a rule (tests/api/admin/access.rs walks
//! the table as every role and as nobody). The guard in `auth.rs` enforces
//! the rule, the CSRF token and the same-origin check before any handler
//! runs.

pub mod accounts;
pub mod announce;
pub mod attendees;
pub mod audit;
pub mod auth;
pub mod charts;
pub mod check_in;
pub mod documents;
pub mod error;
pub mod event_actions;
pub mod event_agenda;
pub mod event_form;
pub mod event_live;
pub mod events;
pub mod exports;
pub mod layout;
pub mod login;
pub mod outbox;
pub mod privacy;
pub mod registration;
pub mod report;
pub mod statistics;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::Next;
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};

use crate::domain::Role;
use crate::services::Services;
use crate::web::lang::Lang;
use crate::web::rate_limit::{self, RateLimiter};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not: the login page.
    Public,
    /// Logged-in staff with one of these roles.
    Staff(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public => true,
            Access::Staff(roles) => roles.contains(&role),
        }
    }
}

pub const ANY_STAFF: Access = Access::Staff(&[Role::Admin, Role::Organizer, Role::CheckIn]);
pub const EVENT_STAFF: Access = Access::Staff(&[Role::Admin, Role::Organizer]);
pub const ADMINS: Access = Access::Staff(&[Role::Admin]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
        }
    }

    fn route<H, T>(self, handler: H) -> MethodRouter<Services>
    where
        H: Handler<T, Services>,
        T: 'static,
    {
        match self {
            Verb::Get => get(handler),
            Verb::Post => post(handler),
        }
    }
}

/// One dashboard route and who may use it.
#[derive(Clone, Copy, Debug)]
pub struct RouteRule {
    pub verb: Verb,
    pub path: &'static str,
    pub access: Access,
}

macro_rules! admin_routes {
    ($( $verb:ident $path:literal => $handler:path, $access:expr; )*) => {
        /// Every dashboard route, with who may use it.
        pub const ROUTES: &[RouteRule] = &[
            $( RouteRule { verb: Verb::$verb, path: $path, access: $access }, )*
        ];

        fn routes(services: &Services) -> Router<Services> {
            let mut router = Router::new();
            $(
                router = router.route(
                    $path,
                    Verb::$verb.route($handler).route_layer(from_fn_with_state(
                        auth::Gate::new(services.clone(), $access),
                        auth::guard,
                    )),
                );
            )*
            router
        }
    };
}

admin_routes! {
    Get  "/admin/login" => login::form, Access::Public;
    Post "/admin/login" => login::submit, Access::Public;
    Post "/admin/logout" => login::logout, ANY_STAFF;
    Get  "/admin/account" => accounts::own, ANY_STAFF;
    Get  "/admin" => events::index, EVENT_STAFF;
    Get  "/admin/events/new" => event_form::new_form, EVENT_STAFF;
    Post "/admin/events" => event_form::create, EVENT_STAFF;
    Get  "/admin/events/{slug}" => events::show, EVENT_STAFF;
    Get  "/admin/events/{slug}/live" => event_live::stream_counts, EVENT_STAFF;
    Get  "/admin/events/{slug}/edit" => event_form::edit_form, EVENT_STAFF;
    Post "/admin/events/{slug}/edit" => event_form::update, EVENT_STAFF;
    Post "/admin/events/{slug}/publish" => event_actions::publish, EVENT_STAFF;
    Post "/admin/events/{slug}/unpublish" => event_actions::unpublish, EVENT_STAFF;
    Get  "/admin/events/{slug}/duplicate" => event_actions::duplicate_form, EVENT_STAFF;
    Post "/admin/events/{slug}/duplicate" => event_actions::duplicate, EVENT_STAFF;
    Get  "/admin/events/{slug}/cancel" => event_actions::confirm_cancel, EVENT_STAFF;
    Post "/admin/events/{slug}/cancel" => event_actions::cancel, EVENT_STAFF;
    Post "/admin/events/{slug}/sessions" => event_agenda::add_session, EVENT_STAFF;
    Post "/admin/events/{slug}/sessions/{id}/move" => event_agenda::move_session, EVENT_STAFF;
    Post "/admin/events/{slug}/sessions/{id}/seats" => event_agenda::session_seats, EVENT_STAFF;
    Get  "/admin/events/{slug}/sessions/{id}/remove" => event_agenda::confirm_remove_session, EVENT_STAFF;
    Post "/admin/events/{slug}/sessions/{id}/remove" => event_agenda::remove_session, EVENT_STAFF;
    Post "/admin/events/{slug}/questions" => event_agenda::add_question, EVENT_STAFF;
    Post "/admin/events/{slug}/questions/{id}/move" => event_agenda::move_question, EVENT_STAFF;
    Get  "/admin/events/{slug}/questions/{id}/remove" => event_agenda::confirm_remove_question, EVENT_STAFF;
    Post "/admin/events/{slug}/questions/{id}/remove" => event_agenda::remove_question, EVENT_STAFF;
    Get  "/admin/events/{slug}/attendees" => attendees::index, EVENT_STAFF;
    Get  "/admin/events/{slug}/attendees/new" => attendees::new_person, EVENT_STAFF;
    Post "/admin/events/{slug}/attendees/new" => attendees::add_person, EVENT_STAFF;
    Get  "/admin/events/{slug}/export.csv" => exports::csv, EVENT_STAFF;
    Get  "/admin/events/{slug}/export.xlsx" => exports::xlsx, EVENT_STAFF;
    Get  "/admin/events/{slug}/badges.pdf" => documents::badges, EVENT_STAFF;
    Get  "/admin/events/{slug}/attendance/{day}" => documents::attendance_sheet, EVENT_STAFF;
    Get  "/admin/events/{slug}/statistics" => statistics::page, EVENT_STAFF;
    Get  "/admin/events/{slug}/report" => report::page, EVENT_STAFF;
    Get  "/admin/events/{slug}/report.csv" => report::csv, EVENT_STAFF;
    Get  "/admin/events/{slug}/report.xlsx" => report::xlsx, EVENT_STAFF;
    Get  "/admin/registrations/{id}" => registration::show, EVENT_STAFF;
    Get  "/admin/registrations/{id}/edit" => registration::edit_form, EVENT_STAFF;
    Post "/admin/registrations/{id}/edit" => registration::edit, EVENT_STAFF;
    Get  "/admin/registrations/{id}/cancel" => registration::confirm_cancel, EVENT_STAFF;
    Post "/admin/registrations/{id}/cancel" => registration::cancel, EVENT_STAFF;
    Post "/admin/registrations/{id}/promote" => registration::promote, EVENT_STAFF;
    Post "/admin/registrations/{id}/resend" => registration::resend, EVENT_STAFF;
    Get  "/admin/registrations/{id}/badge.pdf" => documents::badge, EVENT_STAFF;
    Get  "/admin/registrations/{id}/erase" => privacy::confirm_erase, EVENT_STAFF;
    Post "/admin/registrations/{id}/erase" => privacy::erase, EVENT_STAFF;
    Get  "/admin/accounts" => accounts::index, ADMINS;
    Post "/admin/accounts" => accounts::create, ADMINS;
    Post "/admin/accounts/{id}/role" => accounts::change_role, ADMINS;
    Get  "/admin/accounts/{id}/disable" => accounts::confirm_disable, ADMINS;
    Post "/admin/accounts/{id}/disable" => accounts::disable, ADMINS;
    Get  "/admin/accounts/{id}/password" => accounts::confirm_reset, ADMINS;
    Post "/admin/accounts/{id}/password" => accounts::reset_password, ADMINS;
    Get  "/admin/events/{slug}/announce" => announce::form, EVENT_STAFF;
    Post "/admin/events/{slug}/announce" => announce::submit, EVENT_STAFF;
    Get  "/admin/events/{slug}/announcements/{id}" => announce::status, EVENT_STAFF;
    Get  "/admin/outbox" => outbox::index, EVENT_STAFF;
    Post "/admin/outbox/{id}/retry" => outbox::retry_one, EVENT_STAFF;
    Get  "/admin/outbox/retry-failed" => outbox::confirm_retry_all, EVENT_STAFF;
    Post "/admin/outbox/retry-failed" => outbox::retry_all, EVENT_STAFF;
    Get  "/admin/audit" => audit::index, EVENT_STAFF;
    Get  "/admin/check-in" => check_in::door, ANY_STAFF;
    Post "/admin/check-in" => check_in::check_in_code, ANY_STAFF;
    Get  "/admin/check-in-sw.js" => check_in::service_worker, ANY_STAFF;
    Get  "/admin/events/{slug}/check-in" => check_in::screen, ANY_STAFF;
    Post "/admin/events/{slug}/check-in" => check_in::check_in_person, ANY_STAFF;
    Post "/admin/events/{slug}/check-in/undo" => check_in::undo, ANY_STAFF;
    Get  "/admin/events/{slug}/check-in/roster.json" => check_in::roster, ANY_STAFF;
    Get  "/admin/events/{slug}/check-in/search.json" => check_in::search, ANY_STAFF;
    Post "/admin/events/{slug}/check-in/queue" => check_in::queue, ANY_STAFF;
}

/// Whether `role` may use `verb path` (as written in `ROUTES`): what the
/// pages ask before showing a link or a button.
pub fn may(role: Role, verb: Verb, path: &str) -> bool {
    ROUTES
        .iter()
        .any(|r| r.verb == verb && r.path == path && r.access.allows(role))
}

/// Where a person lands after logging in when no page was asked for.
pub fn home(role: Role) -> &'static str {
    if may(role, Verb::Get, "/admin") {
        "/admin"
    } else if may(role, Verb::Get, "/admin/check-in") {
        "/admin/check-in"
    } else {
        "/admin/account"
    }
}

/// The dashboard's routes, inside the login-session layer.
pub fn router(services: &Services, limiter: Arc<RateLimiter>) -> Router<Services> {
    routes(services)
        .layer(from_fn_with_state(limiter, limit_login_attempts))
        .layer(auth::session_layer(services))
}

/// The login form's POST counts against the same per-client limit as the
/// public forms, before any password is hashed; the failed-login limits
/// (per account and per client, in the accounts service) come on top.
async fn limit_login_attempts(
    State(limiter): State<Arc<RateLimiter>>,
    lang: Lang,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST && request.uri().path() == "/admin/login" {
        rate_limit::limit(State(limiter), lang, request, next).await
    } else {
        next.run(request).await
    }
}
