//! Where health data may be sent (the rules themselves: `app::catalogue::destinations`), from
//! the settings; and the delivery client's resolver, which checks the addresses a name resolves
//! to when a delivery goes (a name that later resolves inside the network is refused), so
//! deliveries never reach inside the network unless an operator allowed the host.

use crate::config::{Environment, Settings};
pub use app::catalogue::destinations::{Destinations, is_internal};
use std::net::SocketAddr;
use std::sync::Arc;

/// The rules of these settings: `http://` in development only, and the hosts of
/// `PORTAL_DELIVERY_ALLOWED_HOSTS`.
pub fn from_settings(settings: &Settings) -> Destinations {
    Destinations::new(
        settings.env == Environment::Development,
        &settings.delivery.allowed_hosts,
    )
}

/// A resolver for the delivery client that keeps only the addresses a host may reach.
pub fn resolver(rules: &Destinations) -> Arc<Resolver> {
    Arc::new(Resolver(rules.clone()))
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
        from_settings(&Settings {
            env,
            delivery: crate::config::DeliverySettings {
                allowed_hosts: allowed.to_owned(),
                ..Default::default()
            },
            ..Settings::default()
        })
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
