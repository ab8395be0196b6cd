//! A per-client limit on public POSTs and the login form
//! (`TESSERA_RATE_LIMIT_PER_MINUTE`), so one client cannot flood them. Who
//! the client is (behind trusted proxies, IPv6 by its /64) is
//! `domain::client`.
//!
//! The counting is governor's keyed GCRA limiter (the one tower_governor
//! wraps), used directly because tower_governor's error handler does not
//! see the request and so could not answer in the visitor's language.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use ipnet::IpNet;

use super::error::PageError;
use super::lang::Lang;
use crate::domain::client::{bucket_of, client_behind};

type Buckets = governor::RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>;

pub struct RateLimiter {
    /// None when the limit is off (0 per minute).
    buckets: Option<Buckets>,
    trusted_proxies: Vec<IpNet>,
}

impl RateLimiter {
    pub fn new(per_minute: u32, trusted_proxies: Vec<IpNet>) -> Self {
        Self {
            buckets: NonZeroU32::new(per_minute)
                .map(|n| governor::RateLimiter::keyed(governor::Quota::per_minute(n))),
            trusted_proxies,
        }
    }

    /// None when this request is within the limit; otherwise how long the
    /// client should wait.
    pub fn check(&self, client: IpAddr) -> Option<Duration> {
        let buckets = self.buckets.as_ref()?;
        buckets
            .check_key(&bucket_of(client))
            .err()
            .map(|not_until| not_until.wait_time_from(buckets.clock().now()))
    }

    /// Forgets clients whose bucket is full again; called every minute from
    /// src/app.rs so that the map holds only the recently active.
    pub fn forget_idle(&self) {
        if let Some(buckets) = &self.buckets {
            buckets.retain_recent();
            buckets.shrink_to_fit();
        }
    }

    /// The client behind a request from `peer`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        client_of(peer, headers, &self.trusted_proxies)
    }
}

/// The client behind a request from `peer` with these headers.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let forwarded_for = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    client_behind(peer, forwarded_for, trusted_proxies)
}

pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    lang: Lang,
    request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let Some(peer) = peer else {
        return next.run(request).await;
    };
    let client = limiter.client(peer, request.headers());
    match limiter.check(client) {
        None => next.run(request).await,
        Some(wait) => {
            let mut response = PageError::RateLimited(lang.0).into_response();
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn a_whole_64_shares_one_limit() {
        let limiter = RateLimiter::new(2, Vec::new());
        assert_eq!(limiter.check(ip("2001:db8::1")), None);
        assert_eq!(limiter.check(ip("2001:db8::2")), None);
        assert!(limiter.check(ip("2001:db8::3")).is_some());
        assert_eq!(limiter.check(ip("2001:db8:0:1::1")), None, "another /64");
    }
}
