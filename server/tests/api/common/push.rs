//! A real push service for the tests: npm's web-push-testing (pinned in
//! `end2end/package.json`), on a port of its own. It plays the browser's vendor: a subscription
//! made with the portal's public key, each push checked for its VAPID signature and aes128gcm
//! encryption and decrypted, read back; a subscription it is told to expire answers 410.

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};

pub struct PushService {
    child: Child,
    port: u16,
    client: reqwest::Client,
}

/// A browser's subscription as the push service made it, and its name there.
#[derive(Clone, Debug)]
pub struct Subscribed {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub client_hash: String,
}

impl Subscribed {
    /// The settings page's form body that keeps it.
    pub fn form(&self) -> String {
        use super::browser::encode;
        format!(
            "endpoint={}&p256dh={}&auth={}",
            encode(&self.endpoint),
            encode(&self.p256dh),
            encode(&self.auth)
        )
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

impl PushService {
    pub async fn start() -> PushService {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../end2end/node_modules/web-push-testing/src/bin/server.js");
        assert!(
            script.exists(),
            "web-push-testing is not installed at {}: run `source scripts/setup.sh && setup_browser_tests`",
            script.display()
        );
        let port = free_port();
        let child = Command::new("node")
            .arg(script)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("web-push-testing starts");
        let service = PushService {
            child,
            port,
            client: reqwest::Client::new(),
        };
        for _ in 0..200 {
            if service.call("/status", json!({})).await.is_some() {
                return service;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("web-push-testing did not start");
    }

    async fn call(&self, path: &str, body: Value) -> Option<reqwest::Response> {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let response = self.client.post(url).json(&body).send().await.ok()?;
        response.status().is_success().then_some(response)
    }

    /// A browser subscribing with the portal's public key.
    pub async fn subscribe(&self, public_key: &str) -> Subscribed {
        let body = json!({ "applicationServerKey": public_key, "userVisibleOnly": "true" });
        let answer: Value = self
            .call("/subscribe", body)
            .await
            .expect("subscribed")
            .json()
            .await
            .unwrap();
        let data = &answer["data"];
        Subscribed {
            endpoint: data["endpoint"].as_str().unwrap().to_owned(),
            p256dh: data["keys"]["p256dh"].as_str().unwrap().to_owned(),
            auth: data["keys"]["auth"].as_str().unwrap().to_owned(),
            client_hash: data["clientHash"].as_str().unwrap().to_owned(),
        }
    }

    /// What the device received, decrypted, oldest first (each the JSON the portal sent).
    pub async fn received(&self, device: &Subscribed) -> Vec<Value> {
        let answer: Value = self
            .call("/get-notifications", json!({ "clientHash": device.client_hash }))
            .await
            .expect("notifications")
            .json()
            .await
            .unwrap();
        answer["data"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| serde_json::from_str(m.as_str().unwrap()).expect("JSON"))
            .collect()
    }

    /// The browser dropped the subscription: the next push gets 410.
    pub async fn expire(&self, device: &Subscribed) {
        let path = format!("/expire-subscription/{}", device.client_hash);
        self.call(&path, json!({})).await.expect("expired");
    }
}

impl Drop for PushService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The portal's settings to push with a new VAPID key, to the test push service's endpoints
/// (`http://localhost:…`, allowed as development allows plain HTTP to a named host).
pub fn pushing(settings: server::config::Settings) -> server::config::Settings {
    let mut settings = settings;
    let (private, _) = server::channels::push::generate_keys();
    settings.push.vapid_private_key = Some(server::config::Secret::new(private));
    settings.push.vapid_subject = Some("mailto:exploitation@votresante.example".to_owned());
    settings.delivery.allowed_hosts = format!("{},localhost", settings.delivery.allowed_hosts);
    settings
}
