//! A per-client limit on public POSTs (`TESSERA_RATE_LIMIT_PER_MINUTE`),
//! so one client cannot flood the registration form.
//!
//! The client is the connection's peer, or, when that peer is one of
//! `TESSERA_TRUSTED_PROXIES`, the address the proxies recorded in
//! `X-Forwarded-For`. An IPv6 client counts by its /64: one household or
//! host is handed a whole /64 and can pick any address in it.
//!
//! The counting is governor's keyed GCRA limiter (the one tower_governor
//! wraps), used directly because tower_governor's error handler does not
//! see the request and so could not answer in the visitor's language.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
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
        let trusted = |ip: IpAddr| self.trusted_proxies.iter().any(|net| net.contains(&ip));
        let mut client = peer.to_canonical();
        if !trusted(client) {
            return client;
        }
        // Each proxy appends the address it was connected from, so the list
        // is read from the right; the first address no trusted proxy owns
        // is the client. Whatever lies left of it, the client wrote itself.
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                // Not written by a proxy we trust: stop at the last one that was.
                break;
            };
            client = ip.to_canonical();
            if !trusted(client) {
                break;
            }
        }
        client
    }
}

/// The key a client counts under: an IPv4 address, or an IPv6 /64.
pub fn bucket_of(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
    }
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
    fn ipv6_counts_by_its_64() {
        assert_eq!(
            bucket_of(ip("2001:db8:1:2:aaaa::1")),
            bucket_of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        );
        assert_ne!(
            bucket_of(ip("2001:db8:1:2::1")),
            bucket_of(ip("2001:db8:1:3::1"))
        );
        assert_ne!(bucket_of(ip("192.0.2.1")), bucket_of(ip("192.0.2.2")));
        assert_eq!(bucket_of(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn a_whole_64_shares_one_limit() {
        let limiter = RateLimiter::new(2, Vec::new());
        assert_eq!(limiter.check(ip("2001:db8::1")), None);
        assert_eq!(limiter.check(ip("2001:db8::2")), None);
        assert!(limiter.check(ip("2001:db8::3")).is_some());
        assert_eq!(limiter.check(ip("2001:db8:0:1::1")), None, "another /64");
    }

    #[test]
    fn forwarded_for_counts_only_from_trusted_proxies() {
        let limiter = RateLimiter::new(
            60,
            vec![
                "10.0.0.0/8".parse().unwrap(),
                "192.0.2.7/32".parse().unwrap(),
            ],
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 198.51.100.4, 10.1.1.1"),
        );
        assert_eq!(
            limiter.client(ip("192.0.2.7"), &headers),
            ip("198.51.100.4")
        );
        assert_eq!(
            limiter.client(ip("203.0.113.9"), &headers),
            ip("203.0.113.9")
        );
        headers.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(limiter.client(ip("10.2.2.2"), &headers), ip("10.2.2.2"));
        assert_eq!(
            limiter.client(ip("10.2.2.2"), &HeaderMap::new()),
            ip("10.2.2.2")
        );
    }
}
