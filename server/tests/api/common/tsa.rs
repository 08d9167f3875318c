//! A time-stamping authority for the tests that is not our code: `openssl ts -reply` with the
//! test authority's time-stamping certificate, behind a small HTTP server on 127.0.0.1.

use super::pki::TestPki;
use axum::{Router, body::Bytes, extract::State, http::header, response::IntoResponse, routing::post};
use std::path::PathBuf;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

pub struct TestTsa {
    pub url: String,
    stamped: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct Authority {
    dir: PathBuf,
    stamped: Arc<AtomicUsize>,
}

impl TestTsa {
    /// Starts it with the time-stamping certificate `pki` issued.
    pub async fn start(pki: &TestPki) -> TestTsa {
        let dir = pki.time_stamping();
        let stamped = Arc::new(AtomicUsize::new(0));
        let authority = Authority {
            dir,
            stamped: stamped.clone(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/tsa", listener.local_addr().unwrap());
        let app = Router::new().route("/tsa", post(reply)).with_state(authority);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestTsa { url, stamped }
    }

    /// How many time-stamps it gave.
    pub fn stamped(&self) -> usize {
        self.stamped.load(Ordering::SeqCst)
    }
}

async fn reply(State(authority): State<Authority>, query: Bytes) -> impl IntoResponse {
    let n = authority.stamped.fetch_add(1, Ordering::SeqCst);
    let (asked, answered) = (format!("query-{n}.tsq"), format!("reply-{n}.tsr"));
    std::fs::write(authority.dir.join(&asked), &query).unwrap();
    let output = tokio::process::Command::new("openssl")
        .args([
            "ts",
            "-reply",
            "-config",
            "tsa.cnf",
            "-queryfile",
            &asked,
            "-out",
            &answered,
        ])
        .current_dir(&authority.dir)
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "openssl ts -reply: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reply = std::fs::read(authority.dir.join(&answered)).unwrap();
    ([(header::CONTENT_TYPE, "application/timestamp-reply")], reply)
}
