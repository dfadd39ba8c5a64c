//! Who the client is, said by the front server: `edge serve` appends the
//! peer's address to `X-Forwarded-For` and `Forwarded` (RFC 7239), so an
//! app or plugin counting clients reads an address the client could not
//! choose.
//!
//! A peer that is not a trusted proxy (`--trusted-proxy`) could write
//! anything in those headers, so what it sent is dropped first: a direct
//! client's request reaches the guest with exactly one entry, its own
//! address. A trusted proxy's headers are kept and its own address
//! appended, so behind N trusted proxies the client is the entry N places
//! from the right.

use std::net::{IpAddr, SocketAddr};

use http::HeaderValue;
use http::header::{FORWARDED, HeaderMap};

const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// Addresses whose forwarding headers are believed: an address or a
/// network, as `10.0.0.0/8`, `192.0.2.7` or `::1/128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ProxyRange {
    network: IpAddr,
    prefix: u8,
}

impl ProxyRange {
    /// Parses `text` (`ADDRESS` or `ADDRESS/PREFIX`).
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let hint = "expected an address or a network, as 10.0.0.0/8, 192.0.2.7 or ::1/128";
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("`{address}` is not an IP address: {hint}"))?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(|| {
                    format!("`/{prefix}` is not a prefix length of 0 to {bits}: {hint}")
                })?,
        };
        Ok(Self { network, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        let canonical = |ip: IpAddr| match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (canonical(self.network), canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                same_prefix(u32::from(net).into(), u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(u128::from(net), u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn same_prefix(network: u128, address: u128, prefix: u8, bits: u32) -> bool {
    let prefix = u32::from(prefix);
    if prefix == 0 {
        return true;
    }
    let shift = bits - prefix;
    (network >> shift) == (address >> shift)
}

/// Says who the peer is in `headers`, believing what it forwarded only if
/// it is in `trusted`.
pub(crate) fn mark_peer(headers: &mut HeaderMap, peer: SocketAddr, trusted: &[ProxyRange]) {
    let ip = peer.ip();
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    if !trusted.iter().any(|range| range.contains(ip)) {
        headers.remove(X_FORWARDED_FOR);
        headers.remove(FORWARDED);
    }
    append(headers, X_FORWARDED_FOR, &ip.to_string());
    let node = match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("\"[{v6}]\""),
    };
    append(
        headers,
        FORWARDED.as_str(),
        &format!("for={node};proto=http"),
    );
}

/// Adds `entry` at the end of the list `name`, as one more line: lines of
/// a list field read as one comma-separated list.
fn append(headers: &mut HeaderMap, name: &'static str, entry: &str) {
    let value = HeaderValue::from_str(entry)
        .unwrap_or_else(|_| unreachable!("an address is a valid header value"));
    headers.append(name, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(text: &str) -> SocketAddr {
        SocketAddr::new(text.parse().expect("an address"), 50000)
    }

    fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().expect("text").to_owned())
            .collect()
    }

    fn forged() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(X_FORWARDED_FOR, HeaderValue::from_static("6.6.6.6"));
        headers.insert(FORWARDED, HeaderValue::from_static("for=6.6.6.6"));
        headers
    }

    #[test]
    fn a_direct_client_cannot_name_itself() {
        let mut headers = forged();
        mark_peer(&mut headers, peer("203.0.113.7"), &[]);
        assert_eq!(values(&headers, X_FORWARDED_FOR), ["203.0.113.7"]);
        assert_eq!(
            values(&headers, "forwarded"),
            ["for=203.0.113.7;proto=http"]
        );
    }

    #[test]
    fn a_trusted_proxy_keeps_what_it_forwarded() {
        let trusted = [ProxyRange::parse("10.0.0.0/8").expect("a network")];
        let mut headers = forged();
        mark_peer(&mut headers, peer("10.1.2.3"), &trusted);
        assert_eq!(values(&headers, X_FORWARDED_FOR), ["6.6.6.6", "10.1.2.3"]);
        assert_eq!(
            values(&headers, "forwarded"),
            ["for=6.6.6.6", "for=10.1.2.3;proto=http"]
        );
        let mut outside = forged();
        mark_peer(&mut outside, peer("11.0.0.1"), &trusted);
        assert_eq!(values(&outside, X_FORWARDED_FOR), ["11.0.0.1"]);
    }

    #[test]
    fn ipv6_peers_are_quoted_in_forwarded_and_mapped_v4_is_v4() {
        let mut headers = HeaderMap::new();
        mark_peer(&mut headers, peer("2001:db8::17"), &[]);
        assert_eq!(
            values(&headers, "forwarded"),
            ["for=\"[2001:db8::17]\";proto=http"]
        );
        let trusted = [ProxyRange::parse("127.0.0.1").expect("an address")];
        let mut mapped = forged();
        mark_peer(&mut mapped, peer("::ffff:127.0.0.1"), &trusted);
        assert_eq!(values(&mapped, X_FORWARDED_FOR), ["6.6.6.6", "127.0.0.1"]);
    }

    #[test]
    fn ranges_parse_and_match() {
        let range = |t: &str| ProxyRange::parse(t).expect("a range");
        assert!(range("10.0.0.0/8").contains("10.255.0.1".parse().expect("ip")));
        assert!(!range("10.0.0.0/8").contains("11.0.0.1".parse().expect("ip")));
        assert!(range("0.0.0.0/0").contains("8.8.8.8".parse().expect("ip")));
        assert!(range("fd00::/8").contains("fd12::1".parse().expect("ip")));
        assert!(!range("fd00::/8").contains("10.0.0.1".parse().expect("ip")));
        assert!(range("192.0.2.7").contains("192.0.2.7".parse().expect("ip")));
        assert!(!range("192.0.2.7").contains("192.0.2.8".parse().expect("ip")));
    }

    #[test]
    fn bad_ranges_say_what_is_expected() {
        let err = ProxyRange::parse("10.0.0/8").expect_err("not an address");
        assert!(
            err.starts_with("`10.0.0` is not an IP address: expected"),
            "{err}"
        );
        let err = ProxyRange::parse("10.0.0.0/33").expect_err("too long a prefix");
        assert!(
            err.starts_with("`/33` is not a prefix length of 0 to 32"),
            "{err}"
        );
        let err = ProxyRange::parse("::/200").expect_err("too long a prefix");
        assert!(err.contains("0 to 128"), "{err}");
    }
}
