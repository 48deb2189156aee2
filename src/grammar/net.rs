//! Network grammars: listen addresses and proxy ranges.

/// A listen address: an IP socket address, or `localhost:PORT`.
pub fn parse_listen(text: &str) -> Option<std::net::SocketAddr> {
    if let Some(port) = text.strip_prefix("localhost:") {
        return port
            .parse::<u16>()
            .ok()
            .map(|port| std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    }
    text.parse().ok()
}

/// Parses `1.2.3.4`, `1.2.3.0/24`, `::1` or `fd00::/8` into an address and prefix length.
pub fn parse_cidr(text: &str) -> Option<(std::net::IpAddr, u8)> {
    let (address, bits) = match text.split_once('/') {
        Some((address, bits)) => (address, Some(bits)),
        None => (text, None),
    };
    let address: std::net::IpAddr = address.parse().ok()?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let bits = match bits {
        Some(bits) => bits.parse::<u8>().ok().filter(|b| *b <= max)?,
        None => max,
    };
    Some((address, bits))
}

/// Whether `ip` is inside the range `parse_cidr` read (IPv4-mapped IPv6 addresses count as
/// IPv4).
pub fn range_contains((network, bits): (std::net::IpAddr, u8), ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match (ip.to_canonical(), network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        assert_eq!(parse_cidr("10.0.0.0/8").unwrap().1, 8);
        assert_eq!(parse_cidr("127.0.0.1").unwrap().1, 32);
        assert!(parse_cidr("::1").is_some());
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("proxy.local").is_none());
    }

    #[test]
    fn ranges_contain_their_addresses() {
        let range = parse_cidr("10.1.0.0/16").unwrap();
        assert!(range_contains(range, "10.1.200.3".parse().unwrap()));
        assert!(!range_contains(range, "10.2.0.1".parse().unwrap()));
        assert!(range_contains(range, "::ffff:10.1.0.9".parse().unwrap()));
        let all = parse_cidr("0.0.0.0/0").unwrap();
        assert!(range_contains(all, "192.0.2.1".parse().unwrap()));
        assert!(!range_contains(all, "::1".parse().unwrap()));
    }

    #[test]
    fn listen_addresses() {
        assert_eq!(parse_listen("localhost:8000").unwrap().port(), 8000);
        assert!(parse_listen("0.0.0.0:80").is_some());
        assert!(parse_listen("[::1]:8080").is_some());
        assert!(parse_listen("example.com:80").is_none());
        assert!(parse_listen("localhost").is_none());
        assert!(parse_listen("0.0.0.0").is_none());
        assert!(parse_listen("127.0.0.1:8000").is_some());
    }
}
