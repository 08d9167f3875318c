//! A real SMTP server for the tests: npm's MailDev (pinned in `end2end/package.json`,
//! installed by `scripts/setup.sh`), on 127.0.0.1 with ports of its own, read through its REST
//! API. It can be stopped and started again on the same ports, as an SMTP server that goes down.

use serde_json::Value;
use std::process::{Child, Command, Stdio};

pub struct MailDev {
    child: Option<Child>,
    pub smtp_port: u16,
    web_port: u16,
    client: reqwest::Client,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn binary() -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/node_modules/.bin/maildev");
    assert!(
        path.exists(),
        "MailDev is not installed at {}: run `source scripts/setup.sh && setup_browser_tests` (npm ci in end2end)",
        path.display()
    );
    path
}

impl MailDev {
    pub async fn start() -> MailDev {
        let mut mail = MailDev {
            child: None,
            smtp_port: free_port(),
            web_port: free_port(),
            client: reqwest::Client::new(),
        };
        mail.resume().await;
        mail
    }

    /// Starts it (again) on its ports, and waits until it answers.
    pub async fn resume(&mut self) {
        let child = Command::new(binary())
            .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
            .args(["-s", &self.smtp_port.to_string(), "-w", &self.web_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("MailDev starts");
        self.child = Some(child);
        for _ in 0..200 {
            let smtp_up = tokio::net::TcpStream::connect(("127.0.0.1", self.smtp_port))
                .await
                .is_ok();
            let web_up = self
                .client
                .get(self.url("/api/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if smtp_up && web_up {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("MailDev did not start");
    }

    /// Stops it: the SMTP port refuses connections (its messages are gone with it).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.web_port)
    }

    /// Every message it received, oldest first (MailDev's JSON: `to`, `subject`, `text`, `html`, `headers`).
    pub async fn messages(&self) -> Vec<Value> {
        let answer = self
            .client
            .get(self.url("/api/email"))
            .send()
            .await
            .expect("MailDev answers");
        answer.json::<Vec<Value>>().await.expect("a list of messages")
    }

    /// A message as it came over SMTP, headers and all.
    pub async fn source(&self, message: &Value) -> String {
        let id = message["id"].as_str().expect("a message id");
        let answer = self
            .client
            .get(self.url(&format!("/api/email/{id}/source")))
            .send()
            .await;
        answer.expect("MailDev answers").text().await.unwrap()
    }

    /// The messages sent to one address.
    pub async fn messages_to(&self, address: &str) -> Vec<Value> {
        self.messages()
            .await
            .into_iter()
            .filter(|m| {
                m["to"]
                    .as_array()
                    .is_some_and(|to| to.iter().any(|t| t["address"] == address))
            })
            .collect()
    }
}

impl MailDev {
    /// The 6-digit code of the last message to `address`.
    pub async fn last_code(&self, address: &str) -> String {
        let messages = self.messages_to(address).await;
        let last = messages.last().expect("a code e-mail");
        super::notices::code_in(last["text"].as_str().unwrap())
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The portal's settings to send through `mail`.
pub fn sending_to(settings: server::config::Settings, mail: &MailDev) -> server::config::Settings {
    let mut settings = settings;
    settings.email.smtp_host = Some("127.0.0.1".to_owned());
    settings.email.smtp_port = mail.smtp_port;
    settings.email.smtp_tls = server::config::SmtpTls::None;
    settings
}
