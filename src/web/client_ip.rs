//! The client's address for per-client limits. `X-Forwarded-For` is believed only when the
//! connection comes from a proxy listed in `CARAVAN_TRUSTED_PROXIES`; then the client is the
//! right-most address that is not one of those proxies (anyone can prepend to the header).
use std::net::IpAddr;

use actix_web::http::header::HeaderMap;

pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .copied()
            .unwrap_or(peer),
    )
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
}
