//! Who a request comes from, for the limits that count per client (the
//! public form's rate limit and failed logins).
//!
//! The client is the connection's peer, or, when that peer is one of
//! `TESSERA_TRUSTED_PROXIES`, the address the proxies recorded in
//! `X-Forwarded-For`. An IPv6 client counts by its /64: one household or
//! host is handed a whole /64 and can pick any address in it.

use std::net::{IpAddr, Ipv6Addr};

use ipnet::IpNet;

/// The client behind a request from `peer`, given the `X-Forwarded-For`
/// header values in the order they came.
pub fn client_behind<'a>(
    peer: IpAddr,
    forwarded_for: impl Iterator<Item = &'a str>,
    trusted_proxies: &[IpNet],
) -> IpAddr {
    let trusted = |ip: IpAddr| trusted_proxies.iter().any(|net| net.contains(&ip));
    let mut client = peer.to_canonical();
    if !trusted(client) {
        return client;
    }
    // Each proxy appends the address it was connected from, so the list is
    // read from the right; the first address no trusted proxy owns is the
    // client. Whatever lies left of it, the client wrote itself.
    let hops = forwarded_for
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
    fn forwarded_for_counts_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec![
            "10.0.0.0/8".parse().unwrap(),
            "192.0.2.7/32".parse().unwrap(),
        ];
        let hops = || ["6.6.6.6, 198.51.100.4", "10.1.1.1"].into_iter();
        assert_eq!(
            client_behind(ip("192.0.2.7"), hops(), &trusted),
            ip("198.51.100.4")
        );
        assert_eq!(
            client_behind(ip("203.0.113.9"), hops(), &trusted),
            ip("203.0.113.9")
        );
        let garbage = || ["garbage"].into_iter();
        assert_eq!(
            client_behind(ip("10.2.2.2"), garbage(), &trusted),
            ip("10.2.2.2")
        );
        assert_eq!(
            client_behind(ip("10.2.2.2"), std::iter::empty(), &trusted),
            ip("10.2.2.2")
        );
    }
}
