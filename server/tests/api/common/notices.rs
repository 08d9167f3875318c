//! What the notification tests do as a citizen: call the settings' server functions, verify an
//! e-mail address with the code MailDev received, read a message's deliveries.

use super::browser::Browser;
use super::mail::MailDev;
use serde_json::Value;

/// A server-function post; (status, JSON answer or null).
pub async fn post(browser: &mut Browser, path: &str, body: &str) -> (u16, Value) {
    let response = browser.post(path, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The citizen's contacts, as the settings page reads them.
pub async fn contacts(browser: &mut Browser) -> Value {
    post(browser, "/api/notifications/settings", "").await.1["contacts"].clone()
}

/// The id of the citizen's contact with this address.
pub async fn contact_id(browser: &mut Browser, address: &str) -> String {
    let all = contacts(browser).await;
    let found = all.as_array().unwrap().iter().find(|c| c["address"] == address);
    found.expect("the contact")["id"].as_str().unwrap().to_owned()
}

/// The 6-digit code in a message's text.
pub fn code_in(text: &str) -> String {
    let code = regex::Regex::new(r"\b\d{6}\b").unwrap().find(text).expect("a code");
    code.as_str().to_owned()
}

/// Adds `address` and verifies it with the code MailDev received; the contact's id.
pub async fn verify_email(browser: &mut Browser, mail: &MailDev, address: &str) -> String {
    let body = format!("channel=email&address={}", super::browser::encode(address));
    let (status, answer) = post(browser, "/api/notifications/contacts/add", &body).await;
    assert_eq!(status, 200, "{answer}");
    let contact = contact_id(browser, address).await;
    let code = mail.last_code(address).await;
    let body = format!("contact={contact}&code={code}");
    let (status, answer) = post(browser, "/api/notifications/contacts/verify", &body).await;
    assert_eq!(status, 200, "{answer}");
    contact
}

/// The deliveries of the newest message of the inbox.
pub async fn deliveries(browser: &mut Browser) -> Value {
    post(browser, "/api/notifications/inbox", "").await.1["notifications"][0]["deliveries"].clone()
}
