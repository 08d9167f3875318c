//! Where health data may be sent: a service's delivery endpoints. Outside development they must
//! be `https://`; no endpoint may reach an address inside the network (loopback, private,
//! link-local and cloud metadata, shared or unspecified addresses) unless an operator named its
//! host in `PORTAL_DELIVERY_ALLOWED_HOSTS`. The rules are checked when a manifest is published
//! and again for every delivery, on the addresses the name resolves to at that moment (a name
//! that later resolves inside the network is refused), and deliveries never follow redirects.

use crate::config::{Environment, Settings};
use app::catalogue::check::ProblemCode;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The rules, from the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destinations {
    /// `http://` is accepted (development only).
    plain_http: bool,
    /// Hosts (names or addresses, lower case) that may be inside the network.
    allowed_hosts: Vec<String>,
}

impl Destinations {
    pub fn from_settings(settings: &Settings) -> Destinations {
        Destinations {
            plain_http: settings.env == Environment::Development,
            allowed_hosts: settings
                .delivery
                .allowed_hosts
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
    fn allows(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.allowed_hosts.contains(&host)
    }

    /// A resolver for the delivery client that keeps only the addresses a host may reach.
    pub fn resolver(&self) -> Arc<Resolver> {
        Arc::new(Resolver(self.clone()))
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

/// Resolves a delivery's host with the system's resolver and keeps only what the rules allow;
/// a host whose every address is refused fails with `Refused`, which the worker dead-letters.
pub struct Resolver(Destinations);

/// A host that resolves only inside the network, and nobody allowed it.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to addresses inside the network")]
pub struct Refused(String);

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let rules = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = rules.allows(&host);
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|address| allowed || !is_internal(address.ip()))
                .collect();
            if kept.is_empty() {
                return Err(Box::new(Refused(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether a delivery failed because its host resolves only inside the network.
pub fn refused_by_resolver(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<Refused>() {
            return true;
        }
        source = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(env: Environment, allowed: &str) -> Destinations {
        Destinations::from_settings(&Settings {
            env,
            delivery: crate::config::DeliverySettings {
                allowed_hosts: allowed.to_owned(),
                ..Default::default()
            },
            ..Settings::default()
        })
    }

    #[test]
    fn production_sends_only_over_https() {
        let production = rules(Environment::Production, "");
        assert_eq!(production.check("https://service.example/submissions"), Ok(()));
        assert_eq!(
            production.check("http://service.example/submissions"),
            Err(ProblemCode::InsecureUrl)
        );
        assert_eq!(
            rules(Environment::Development, "").check("http://service.example/submissions"),
            Ok(())
        );
        assert_eq!(production.check("ftp://service.example/"), Err(ProblemCode::InvalidUrl));
        assert_eq!(
            production.check("https://user:pw@service.example/"),
            Err(ProblemCode::InvalidUrl)
        );
    }

    #[test]
    fn addresses_inside_the_network_need_an_operator() {
        let production = rules(Environment::Production, "");
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
        let allowed = rules(Environment::Production, "10.1.2.3, [::1],Localhost");
        assert_eq!(allowed.check("https://10.1.2.3/s"), Ok(()));
        assert_eq!(allowed.check("https://[::1]/s"), Ok(()));
        assert_eq!(allowed.check("https://localhost/s"), Ok(()));
        assert_eq!(allowed.check("https://10.1.2.4/s"), Err(ProblemCode::InternalAddress));
    }

    /// A name is checked on what it resolves to when the delivery goes, through the delivery
    /// client itself: `localhost` stands for any name that resolves inside the network.
    #[tokio::test]
    async fn a_name_that_resolves_inside_the_network_is_not_reached() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let router = axum::Router::new().route("/", axum::routing::get(|| async { "reached" }));
            axum::serve(listener, router).await.unwrap();
        });
        let url = format!("http://localhost:{port}/");
        let timeout = std::time::Duration::from_secs(5);
        let closed = crate::workers::delivery::client(timeout, &rules(Environment::Development, "")).unwrap();
        let error = closed.get(&url).send().await.unwrap_err();
        assert!(refused_by_resolver(&error), "{error:?}");
        let open = crate::workers::delivery::client(timeout, &rules(Environment::Development, "localhost")).unwrap();
        let answer = open.get(&url).send().await.unwrap();
        assert_eq!(answer.text().await.unwrap(), "reached");
    }
}
