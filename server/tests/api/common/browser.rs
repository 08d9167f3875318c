//! A browser as the portal sees one: it keeps cookies, sends `Origin` on its own forms and does
//! not follow redirects (tests follow them on purpose, to look at each step).

use reqwest::header::{HeaderMap, SET_COOKIE};
use std::collections::BTreeMap;

/// A desktop Chrome on Linux.
const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// A cookie-keeping HTTP client; a clone is a second tab of the same browser.
#[derive(Clone)]
pub struct Browser {
    pub origin: String,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    /// The raw `Set-Cookie` lines of the last response.
    pub last_set_cookie: Vec<String>,
}

impl Browser {
    pub fn new(origin: &str) -> Browser {
        Browser {
            origin: origin.to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                // A request the portal never answers fails the test with its address, instead
                // of holding the whole run.
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("a client"),
            cookies: BTreeMap::new(),
            last_set_cookie: Vec::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.origin)
        }
    }

    pub fn cookie_names(&self) -> Vec<String> {
        self.cookies.keys().cloned().collect()
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, headers: &HeaderMap) {
        self.last_set_cookie = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        for line in &self.last_set_cookie {
            let pair = line.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let removal = line.contains("Max-Age=0") || value.is_empty();
                if removal {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies.insert(name.trim().to_owned(), value.trim().to_owned());
                }
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(self.url(path))
            .header("cookie", self.cookie_header())
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            )
            .send()
            .await
            .expect("the request reaches the portal");
        self.remember(response.headers());
        response
    }

    /// A form or server-function POST from the portal's own pages.
    pub async fn post(&mut self, path: &str, body: &str) -> reqwest::Response {
        let origin = self.origin.clone();
        self.post_from(path, body, Some(&origin)).await
    }

    /// A POST claiming to come from `origin` (`None`: no `Origin` header at all).
    pub async fn post_from(&mut self, path: &str, body: &str, origin: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("cookie", self.cookie_header())
            .header("user-agent", USER_AGENT)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body.to_owned());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.expect("the request reaches the portal");
        self.remember(response.headers());
        response
    }

    /// A server-function POST with a JSON body (`input = Json` server functions), from the
    /// portal's own pages.
    pub async fn post_json(&mut self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        let request = self.own_post(path, "application/json", "application/json");
        self.send(request.body(body.to_string())).await
    }

    /// A POST from the portal's own pages: cookies, `Origin`, the body's type and what it asks.
    fn own_post(&self, path: &str, content_type: &str, accept: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header("cookie", self.cookie_header())
            .header("user-agent", USER_AGENT)
            .header("content-type", content_type)
            .header("accept", accept)
            .header("origin", self.origin.clone())
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request.send().await.expect("the request reaches the portal");
        self.remember(response.headers());
        response
    }

    /// A POST of any body and content type from the portal's own pages (file uploads).
    pub async fn post_bytes(&mut self, path: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
        let request = self.own_post(path, content_type, "application/json");
        self.send(request.body(body)).await
    }

    /// A plain HTML form post, as a browser sends one when no script runs: it asks for HTML
    /// and names the page it came from (`from`, a path).
    pub async fn send_form(&mut self, path: &str, content_type: &str, body: Vec<u8>, from: &str) -> reqwest::Response {
        let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        let request = self
            .own_post(path, content_type, accept)
            .header("referer", self.url(from));
        self.send(request.body(body)).await
    }

    /// A JSON server-function call (`/api/{endpoint}`); returns (status, JSON answer, or the
    /// text when it is not JSON).
    pub async fn call(&mut self, endpoint: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let response = self.post_json(&format!("/api/{endpoint}"), &body).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Signs in through the development sign-in as one of the demo accounts.
    pub async fn dev_sign_in(&mut self, account: &str, return_to: &str) -> reqwest::Response {
        self.post("/auth/dev-login", &format!("account={account}&return_to={return_to}"))
            .await
    }
}

/// The `Location` of a redirect.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A query-parameter value, percent-encoded.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
