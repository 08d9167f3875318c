//! Text messages through an HTTP gateway that implements the portal's own contract: `POST` the
//! message as JSON with `Authorization: Bearer <token>` and an `Idempotency-Key`; `202` with
//! the gateway's `id` means accepted (delivery receipts name it); `408`, `429` and `5xx` (or no
//! answer) are worth trying again; any other `4xx` is the number's fault, for good. Its
//! receipts come back to `POST /api/v1/sms/receipts`, signed (see `routes::sms_receipts`).

use crate::config::SmsSettings;
use app::notifications::channels::{SendFailure, Sms, SmsSender, SmsSending};
use serde_json::json;
use std::time::Duration;

pub struct HttpSmsGateway {
    client: reqwest::Client,
    url: url::Url,
    token: String,
    /// Where the gateway posts its receipts.
    receipts: String,
}

impl HttpSmsGateway {
    pub fn new(settings: &SmsSettings, public_url: &url::Url) -> Result<HttpSmsGateway, String> {
        let url = settings.sms_gateway_url.clone().ok_or("no SMS gateway")?;
        let token = settings.sms_gateway_token.as_ref().ok_or("no SMS gateway token")?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpSmsGateway {
            client,
            url,
            token: token.expose().to_owned(),
            receipts: format!("{}/api/v1/sms/receipts", public_url.as_str().trim_end_matches('/')),
        })
    }

    async fn deliver(&self, sms: &Sms) -> Result<String, SendFailure> {
        let segments = app::notifications::sms::segments(&sms.text);
        let body = json!({
            "to": sms.to,
            "text": sms.text,
            "encoding": if segments.gsm7 { "gsm7" } else { "ucs2" },
            "segments": segments.count,
            "receipt_url": self.receipts,
        });
        let answer = self
            .client
            .post(self.url.clone())
            .bearer_auth(&self.token)
            .header("idempotency-key", &sms.idempotency_key)
            .json(&body)
            .send()
            .await;
        let response = match answer {
            Ok(response) => response,
            Err(error) if error.is_timeout() => return Err(SendFailure::Temporary("timeout".to_owned())),
            Err(_) => return Err(SendFailure::Temporary("no connection".to_owned())),
        };
        let status = response.status().as_u16();
        match status {
            200..=299 => {
                let accepted: serde_json::Value = response.json().await.unwrap_or_default();
                accepted["id"]
                    .as_str()
                    .filter(|id| !id.is_empty() && id.len() <= 200)
                    .map(str::to_owned)
                    .ok_or_else(|| SendFailure::Temporary("no message id".to_owned()))
            }
            408 | 429 | 500..=599 => Err(SendFailure::Temporary(format!("HTTP {status}"))),
            _ => Err(SendFailure::Permanent(format!("HTTP {status}"))),
        }
    }
}

impl SmsSender for HttpSmsGateway {
    fn send<'a>(&'a self, sms: &'a Sms) -> SmsSending<'a> {
        Box::pin(self.deliver(sms))
    }
}
