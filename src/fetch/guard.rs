//! The SSRF guard of `dehusk serve`'s `GET /extract?url=`: which addresses a fetch may
//! connect to. [`refusal`] is the pure decision on one address — loopback, private
//! (RFC 1918, ULA), link-local (169.254/16 with the cloud metadata address, fe80::/10),
//! multicast, unspecified, and every other non-global range, IPv4 inside IPv6 included.
//! [`GuardedResolver`] applies it to every address DNS returns, and the client connects
//! only to what passed, so a name cannot resolve to one address when checked and another
//! when connected to. A URL naming an IP literal skips DNS, so [`check_url`] vets it (the
//! URL parser has already turned decimal, octal and hex IPv4 spellings and a trailing
//! dot into the one address they mean); the fetch calls it on every redirect hop.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::shown::shown;
use crate::error::Error;

/// Why an IPv4 address is not globally reachable, or `None` when it is.
fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => "unspecified (0.0.0.0/8)",
        (10, _, _) => "private (10.0.0.0/8)",
        (100, 64..=127, _) => "shared address space (100.64.0.0/10)",
        (127, _, _) => "loopback (127.0.0.0/8)",
        (169, 254, _) => "link-local (169.254.0.0/16, where cloud metadata services live)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation range",
        (192, 88, 99) => "6to4 relay anycast (192.88.99.0/24)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast (224.0.0.0/4)",
        (240..=255, _, _) => "reserved or broadcast (240.0.0.0/4)",
        _ => return None,
    })
}

/// Why an IPv6 address is not globally reachable, or `None` when it is. IPv4 carried
/// inside (mapped, compatible, NAT64, 6to4) is judged as IPv4.
fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if ip.is_unspecified() {
        return Some("unspecified (::)");
    }
    if ip.is_loopback() {
        return Some("loopback (::1)");
    }
    match s {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated).
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => {
            return refusal_v4(embedded(hi, lo));
        }
        // NAT64 (64:ff9b::/96) reaches the IPv4 address it embeds.
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => return refusal_v4(embedded(hi, lo)),
        // 6to4 (2002::/16) reaches the IPv4 address in its next 32 bits.
        [0x2002, hi, lo, ..] => return refusal_v4(embedded(hi, lo)),
        _ => {}
    }
    Some(match s[0] {
        0xfc00..=0xfdff => "unique local (fc00::/7)",
        0xfe80..=0xfebf => "link-local (fe80::/10)",
        0xfec0..=0xfeff => "site-local (fec0::/10)",
        0xff00..=0xffff => "multicast (ff00::/8)",
        0x2001 if s[1] == 0x0db8 => "documentation (2001:db8::/32)",
        // Teredo, ORCHID, benchmarking and other IETF assignments.
        0x2001 if s[1] < 0x0200 => "IETF protocol assignments (2001::/23)",
        0x3fff if s[1] < 0x1000 => "documentation (3fff::/20)",
        // Global unicast is 2000::/3; everything outside it is reserved or local.
        0x2000..=0x3fff => return None,
        _ => "not global unicast (outside 2000::/3)",
    })
}

/// Why a fetch must not connect to `ip`, or `None` when it may.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

/// A refused address: the error the resolver gives the HTTP client, found again in the
/// client's error chain (see [`refused_in`]).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{host} resolves to {address}, which is {reason}; refused (serve.allow_private)")]
pub struct Refused {
    /// The host name asked for.
    pub host: String,
    /// The first address refused.
    pub address: IpAddr,
    /// Why.
    pub reason: &'static str,
}

/// Checks a URL before it is requested: http or https, and an IP-literal host allowed.
/// Host names are vetted by [`GuardedResolver`] when the connection is made.
pub fn check_url(url: &Url, allow_private: bool) -> Result<(), Error> {
    let refused = |address: String, reason: String| Error::Refused {
        url: shown(url),
        address,
        reason,
    };
    if !matches!(url.scheme(), "http" | "https") {
        let reason = format!("scheme {}: only http and https are fetched", url.scheme());
        return Err(refused(String::new(), reason));
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(refused(String::new(), "no host".to_string())),
    };
    match refusal(ip) {
        Some(reason) if !allow_private => Err(refused(ip.to_string(), reason.to_string())),
        _ => Ok(()),
    }
}

/// The client's DNS resolver: the system's answer, less every refused address.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    /// Let every address through (`--allow-private`).
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut first_refused = None;
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match refusal(a.ip()) {
                    Some(reason) if !allow_private => {
                        first_refused.get_or_insert((a.ip(), reason));
                        false
                    }
                    _ => true,
                })
                .collect();
            match (allowed.is_empty(), first_refused) {
                (true, Some((address, reason))) => Err(Box::new(Refused {
                    host,
                    address,
                    reason,
                })
                    as Box<dyn std::error::Error + Send + Sync>),
                _ => Ok(Box::new(allowed.into_iter()) as Addrs),
            }
        })
    }
}

/// The refusal somewhere in an error's chain of causes, if any.
pub fn refused_in(e: &(dyn std::error::Error + 'static)) -> Option<Refused> {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if let Some(r) = c.downcast_ref::<Refused>() {
            return Some(r.clone());
        }
        cause = c.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        refusal(text.parse().unwrap()).is_some()
    }

    #[test]
    fn non_global_ipv4_is_refused() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "203.0.113.5",
        ] {
            assert!(refused(ip), "{ip} allowed");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.15.0.1",
            "172.32.0.1",
            "1.1.1.1",
        ] {
            assert!(!refused(ip), "{ip} refused");
        }
    }

    #[test]
    fn non_global_ipv6_is_refused() {
        for ip in [
            "::",
            "::1",
            "fe80::1",
            "febf::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
            "2001::1",
            "100::1",
        ] {
            assert!(refused(ip), "{ip} allowed");
        }
        for ip in [
            "2606:4700::1111",
            "2a00:1450:4001::200e",
            "64:ff9b::808:808",
        ] {
            assert!(!refused(ip), "{ip} refused");
        }
    }

    fn check(url: &str) -> Result<(), Error> {
        check_url(&Url::parse(url).unwrap(), false)
    }

    #[test]
    fn every_spelling_of_an_address_is_caught_at_parse() {
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.0.0.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://127.0.0.1./",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1%25eth0]/",
            "http://0/",
        ] {
            let Ok(parsed) = Url::parse(url) else {
                continue;
            };
            assert!(
                matches!(check(url), Err(Error::Refused { .. })),
                "{url} ({parsed}) allowed"
            );
        }
        assert!(check("https://example.org/a").is_ok());
        assert!(check("http://93.184.216.34/").is_ok());
        assert!(check_url(&Url::parse("http://127.0.0.1/").unwrap(), true).is_ok());
    }

    #[test]
    fn only_http_and_https_are_fetched() {
        for url in [
            "file:///etc/passwd",
            "ftp://example.org/",
            "gopher://example.org/",
        ] {
            assert!(matches!(check(url), Err(Error::Refused { .. })), "{url}");
        }
    }

    #[test]
    fn the_resolver_drops_refused_addresses() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name: Name = "localhost".parse().unwrap();
        let result = rt.block_on(
            GuardedResolver {
                allow_private: false,
            }
            .resolve(name),
        );
        let Err(e) = result else {
            panic!("localhost resolved")
        };
        assert!(refused_in(e.as_ref()).is_some(), "{e}");
        let name: Name = "localhost".parse().unwrap();
        let result = rt.block_on(
            GuardedResolver {
                allow_private: true,
            }
            .resolve(name),
        );
        assert!(result.is_ok_and(|mut a| a.next().is_some_and(|a| a.ip().is_loopback())));
    }
}
