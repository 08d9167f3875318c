//! Where health data may be sent: a service's delivery endpoints. Outside development they must
//! be `https://`; no endpoint may reach an address inside the network (loopback, private,
//! link-local and cloud metadata, shared or unspecified addresses) unless an operator named its
//! host in `PORTAL_DELIVERY_ALLOWED_HOSTS`. The rules are checked when a manifest is published
//! and again for every delivery, on the addresses the name resolves to at that moment (a name
//! that later resolves inside the network is refused), and deliveries never follow redirects.

//!
//! Here, what an endpoint's text tells (checked when a manifest is published, from the console
//! or the service API); the server's delivery client adds the check of resolved addresses.

use super::check::{FieldProblem, ProblemCode};
use super::model::ServiceManifest;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The rules, from the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Destinations {
    /// `http://` is accepted (development only).
    plain_http: bool,
    /// Hosts (names or addresses, lower case) that may be inside the network.
    allowed_hosts: Vec<String>,
}

impl Destinations {
    /// The rules: `plain_http` in development; `allowed_hosts` as the operator wrote them
    /// (comma-separated, IPv6 addresses with or without brackets).
    pub fn new(plain_http: bool, allowed_hosts: &str) -> Destinations {
        Destinations {
            plain_http,
            allowed_hosts: allowed_hosts
                .split(',')
                .map(|host| {
                    host.trim()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_ascii_lowercase()
                })
                .filter(|host| !host.is_empty())
                .collect(),
        }
    }

    /// Whether an endpoint may be published and delivered to, as far as its text tells: the
    /// scheme, and a host given as an address or as `localhost`.
    pub fn check(&self, endpoint: &str) -> Result<(), ProblemCode> {
        let url = url::Url::parse(endpoint).map_err(|_| ProblemCode::InvalidUrl)?;
        match url.scheme() {
            "https" => {}
            "http" if self.plain_http => {}
            "http" => return Err(ProblemCode::InsecureUrl),
            _ => return Err(ProblemCode::InvalidUrl),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ProblemCode::InvalidUrl);
        }
        let internal = match url.host() {
            None => return Err(ProblemCode::InvalidUrl),
            Some(url::Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                name == "localhost" || name.ends_with(".localhost")
            }
        };
        if internal && !self.allows(url.host_str().unwrap_or_default()) {
            return Err(ProblemCode::InternalAddress);
        }
        Ok(())
    }

    /// Whether an operator allowed this host inside the network.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.allowed_hosts.contains(&host)
    }

    /// What the address it is published at and these rules add to a manifest's own checks:
    /// its id is the service `id`, and its endpoints are destinations the portal may send to.
    pub fn problems(&self, id: &str, manifest: &ServiceManifest) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if manifest.id != id {
            problems.push(FieldProblem::new("id", ProblemCode::Mismatch));
        }
        let endpoints = &manifest.endpoints;
        let named = [
            ("endpoints.submissions", Some(&endpoints.submissions)),
            ("endpoints.withdrawals", endpoints.withdrawals.as_ref()),
        ];
        for (path, endpoint) in named {
            if let Some(Err(code)) = endpoint.map(|url| self.check(url)) {
                problems.push(FieldProblem::new(path, code));
            }
        }
        problems
    }
}

/// An address inside the network or not meant to be reached: loopback, private (RFC 1918, IPv6
/// unique local), link-local (cloud metadata at 169.254.169.254 among them), shared (RFC 6598),
/// "this network", broadcast, unspecified, documentation, and IPv4 written as IPv6.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_internal_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_internal_v4(v4),
            None => is_internal_v6(ip),
        },
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
        // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) forms of an IPv4 address.
        || ip.segments()[..6] == [0; 6]
        || (ip.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(development: bool, allowed: &str) -> Destinations {
        Destinations::new(development, allowed)
    }

    #[test]
    fn production_sends_only_over_https() {
        let production = rules(false, "");
        assert_eq!(production.check("https://service.example/submissions"), Ok(()));
        assert_eq!(
            production.check("http://service.example/submissions"),
            Err(ProblemCode::InsecureUrl)
        );
        assert_eq!(rules(true, "").check("http://service.example/submissions"), Ok(()));
        assert_eq!(production.check("ftp://service.example/"), Err(ProblemCode::InvalidUrl));
        assert_eq!(
            production.check("https://user:pw@service.example/"),
            Err(ProblemCode::InvalidUrl)
        );
    }

    #[test]
    fn addresses_inside_the_network_need_an_operator() {
        let production = rules(false, "");
        for endpoint in [
            "https://127.0.0.1/s",
            "https://10.1.2.3/s",
            "https://172.16.0.1/s",
            "https://192.168.1.1/s",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/s",
            "https://0.0.0.0/s",
            "https://[::1]/s",
            "https://[fd00:ec2::254]/s",
            "https://[fe80::1]/s",
            "https://[::ffff:127.0.0.1]/s",
            "https://localhost:8443/s",
            "https://api.localhost/s",
            "https://2130706433/s",
        ] {
            assert_eq!(
                production.check(endpoint),
                Err(ProblemCode::InternalAddress),
                "{endpoint}"
            );
        }
        assert_eq!(production.check("https://8.8.8.8/s"), Ok(()));
        assert_eq!(production.check("https://[2001:4860::8888]/s"), Ok(()));
        let allowed = rules(false, "10.1.2.3, [::1],Localhost");
        assert_eq!(allowed.check("https://10.1.2.3/s"), Ok(()));
        assert_eq!(allowed.check("https://[::1]/s"), Ok(()));
        assert_eq!(allowed.check("https://localhost/s"), Ok(()));
        assert_eq!(allowed.check("https://10.1.2.4/s"), Err(ProblemCode::InternalAddress));
    }
}
