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
