//! The client's address for per-client limits. `X-Forwarded-For` is believed only when the
//! connection comes from a proxy listed in `CARAVAN_TRUSTED_PROXIES`; then the client is the
//! right-most address that is not one of those proxies (anyone can prepend to the header).
//! Limits then key on the client's network ([`client_network`]), not on the bare address.
use std::net::{IpAddr, Ipv6Addr};

use actix_web::http::header::HeaderMap;

pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    // A dual-stack socket reports IPv4 peers as `::ffff:a.b.c.d`; compare them as IPv4.
    let peer = peer?.to_canonical();
    let is_trusted = |a: &IpAddr| trusted.iter().any(|t| t.to_canonical() == *a);
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .map(|a| a.to_canonical())
        .collect();
    Some(
        forwarded
            .iter()
            .rev()
            .find(|a| !is_trusted(a))
            .copied()
            .unwrap_or(peer),
    )
}

/// The unit every per-client limit counts by: an IPv4 address as it is, an IPv6 client by
/// its /64 (one home or one server gets a whole /64, so single addresses would cost a
/// stranger nothing to change), an IPv4-mapped IPv6 address as the IPv4 address it is.
pub fn client_network(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(xff: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            HeaderName::from_static("x-forwarded-for"),
            HeaderValue::from_str(xff).unwrap(),
        );
        map
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let spoofed = headers("198.51.100.1, 192.0.2.44");
        // Straight from the internet: the header is the client's to invent, so ignored.
        assert_eq!(
            client_ip(Some(stranger), &spoofed, &[proxy]),
            Some(stranger)
        );
        // Through the proxy: the address the proxy saw (the right-most), not the prepended one.
        assert_eq!(
            client_ip(Some(proxy), &spoofed, &[proxy]),
            Some("192.0.2.44".parse().unwrap())
        );
        // Nothing usable forwarded: the proxy itself.
        assert_eq!(
            client_ip(Some(proxy), &headers("junk"), &[proxy]),
            Some(proxy)
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        let net = |s: &str| client_network(s.parse().unwrap());
        assert_eq!(
            net("2001:db8:1:2::1"),
            net("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_eq!(
            net("2001:db8:1:2:abcd::9"),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
        assert_ne!(net("2001:db8:1:2::1"), net("2001:db8:1:3::1"));
        assert_eq!(
            net("::ffff:192.0.2.7"),
            "192.0.2.7".parse::<IpAddr>().unwrap()
        );
        // IPv4 addresses are kept whole: a /24 is often many unrelated households.
        assert_eq!(net("192.0.2.7"), "192.0.2.7".parse::<IpAddr>().unwrap());
        assert_ne!(net("192.0.2.7"), net("192.0.2.8"));
    }

    #[test]
    fn a_mapped_peer_is_recognised_as_a_trusted_ipv4_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(
            client_ip(Some(mapped), &headers("::ffff:192.0.2.44"), &[proxy]),
            Some("192.0.2.44".parse().unwrap())
        );
    }
}
