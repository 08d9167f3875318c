//! The bilingual shell as a visitor's browser receives it: pages, languages, redirects, errors.

use crate::common;

use common::{Backend, spawn};

async fn text(response: reqwest::Response) -> String {
    response.text().await.expect("a text body")
}

async fn every_page_renders_server_side_in_both_languages(backend: Backend) {
    let app = spawn(backend).await;
    let pages = [
        (
            "/fr",
            "fr",
            "Vos services de santé en ligne, au même endroit",
            "Accueil | Votre santé — Gouvernement du Québec",
        ),
        (
            "/en",
            "en",
            "Your online health services, in one place",
            "Home | Votre santé — Government of Québec",
        ),
        // "Mes démarches" is behind sign-in: see tests/sessions.rs.
        (
            "/fr/deconnexion",
            "fr",
            "Vous êtes déconnecté",
            "Déconnexion | Votre santé",
        ),
        ("/en/sign-out", "en", "You are signed out", "Sign out | Votre santé"),
        ("/fr/aide", "fr", "Questions fréquentes", "Aide | Votre santé"),
        ("/en/help", "en", "Frequently asked questions", "Help | Votre santé"),
        (
            "/fr/accessibilite",
            "fr",
            "Déclaration d'accessibilité",
            "Accessibilité | Votre santé",
        ),
        (
            "/en/accessibility",
            "en",
            "Accessibility statement",
            "Accessibility | Votre santé",
        ),
    ];
    for (path, lang, heading, title) in pages {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let body = text(response).await;
        assert!(
            body.contains(&format!(r#"<html lang="{lang}""#)),
            "{path}: html lang\n{body}"
        );
        assert!(body.contains(heading), "{path}: heading {heading:?}\n{body}");
        assert!(
            body.contains(&format!("<title>{title}")),
            "{path}: title {title:?}\n{body}"
        );
        // Shell: skip link, header, navigation, footer, the page script; no hydration of the
        // whole page (these pages hold no island, so they name no WebAssembly to run).
        for part in [
            r##"href="#main""##,
            "site-header",
            r#"id="main-nav""#,
            "site-footer",
            r#"<script src="/portal.js" defer"#,
        ] {
            assert!(body.contains(part), "{path}: {part}");
        }
        for absent in ["<leptos-island", "type=\"module\"", "modulepreload"] {
            assert!(!body.contains(absent), "{path}: {absent}");
        }
    }
}

async fn the_language_switch_points_at_the_same_page_in_the_other_language(backend: Backend) {
    let app = spawn(backend).await;
    let fr = text(app.get("/fr/aide").await).await;
    assert!(
        fr.contains(r#"href="/en/help""#) && fr.contains(r#"hreflang="en""#),
        "{fr}"
    );
    assert!(fr.contains(">English<"));
    let en = text(app.get("/en/accessibility").await).await;
    assert!(
        en.contains(r#"href="/fr/accessibilite""#) && en.contains(">Français<"),
        "{en}"
    );
}

async fn the_root_redirects_by_accept_language(backend: Backend) {
    let app = spawn(backend).await;
    for (accept, target) in [
        ("en-CA,en;q=0.9", "/en"),
        ("fr-CA", "/fr"),
        ("de-DE", "/fr"),
        ("", "/fr"),
    ] {
        let response = app.get_with_language("/", accept).await;
        assert_eq!(response.status(), 302, "{accept}");
        assert_eq!(response.headers()["location"], target, "{accept}");
        assert_eq!(response.headers()["vary"], "Accept-Language");
    }
    let no_header = app.get("/").await;
    assert_eq!(no_header.headers()["location"], "/fr");
}

/// `path`, asked in `language`, is a 302 to `target`.
async fn assert_redirects(app: &common::TestApp, path: &str, language: &str, target: &str) {
    let response = app.get_with_language(path, language).await;
    assert_eq!(response.status(), 302, "{path}");
    assert_eq!(response.headers()["location"], target, "{path}");
}

async fn an_unknown_language_prefix_redirects_to_french(backend: Backend) {
    let app = spawn(backend).await;
    for (path, target) in [
        ("/de", "/fr"),
        ("/es/aide", "/fr/aide"),
        ("/en-US/help?x=1", "/fr/help?x=1"),
    ] {
        assert_redirects(&app, path, "en", target).await;
    }
}

/// A trailing slash names the same page (it was a 404): one address for each page.
async fn a_trailing_slash_redirects_to_the_page(backend: Backend) {
    let app = spawn(backend).await;
    for (path, target) in [
        ("/fr/", "/fr"),
        ("/en/", "/en"),
        ("/fr/aide/", "/fr/aide"),
        ("/en/help/?x=1", "/en/help?x=1"),
    ] {
        assert_redirects(&app, path, "fr", target).await;
    }
    assert_eq!(app.get("/fr").await.status(), 200);
}

async fn an_unknown_page_is_a_translated_404_with_a_link_home(backend: Backend) {
    let app = spawn(backend).await;
    let fr = app.get("/fr/page-qui-nexiste-pas").await;
    assert_eq!(fr.status(), 404);
    let fr = text(fr).await;
    assert!(
        fr.contains(r#"<html lang="fr""#) && fr.contains("Page introuvable") && fr.contains(r#"href="/fr""#),
        "{fr}"
    );
    let en = text(app.get("/en/no-such-page").await).await;
    assert!(
        en.contains(r#"<html lang="en""#) && en.contains("Page not found") && en.contains("Back to the home page"),
        "{en}"
    );
    // A path in no language is answered in the visitor's language.
    let other = app.get_with_language("/nowhere/at/all", "en-GB").await;
    assert_eq!(other.status(), 404);
    assert!(text(other).await.contains("Page not found"));
}

async fn the_error_page_answers_500_in_both_languages(backend: Backend) {
    let app = spawn(backend).await;
    let fr = app.get("/fr/erreur").await;
    assert_eq!(fr.status(), 500);
    assert!(text(fr).await.contains("Le service est momentanément indisponible"));
    let en = app.get("/en/error").await;
    assert_eq!(en.status(), 500);
    assert!(text(en).await.contains("The service is temporarily unavailable"));
}

/// Files, error pages and missing pages answered side by side each keep their own status and
/// headers (Leptos's fallback once lent a concurrent page's 500 to the wasm file).
async fn concurrent_files_and_error_pages_keep_their_own_status(backend: Backend) {
    let app = spawn(backend).await;
    let css = "/pkg/portal.0123456789abcdef.css";
    let asks: [(&'static str, u16); 4] = [
        ("/fr/erreur", 500),
        (css, 200),
        ("/fr/page-inexistante", 404),
        ("/en/error", 500),
    ];
    for round in 0..10 {
        let answers = futures_like_join(asks.iter().cycle().take(40).map(|(path, status)| {
            let (client, url) = (app.client.clone(), app.url(path));
            let (path, status) = (*path, *status);
            async move {
                let response = client.get(url).send().await;
                (path, status, response.unwrap_or_else(|e| panic!("{path}: {e}")))
            }
        }))
        .await;
        for (path, expected, response) in answers {
            assert_eq!(response.status().as_u16(), expected, "{path}, round {round}");
            if path == css {
                let policy = response.headers()["content-security-policy"].to_str().unwrap();
                assert_eq!(policy, app::security::DEFAULT_POLICY, "a page's policy on a file");
            }
        }
    }
    // Signed in, a missing page still shows who is signed in: it reads the same server context.
    let mut browser = app.browser();
    browser.dev_sign_in("demo-citizen-1", "/fr").await;
    let page = browser.get("/fr/page-inexistante").await;
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("Camille Tremblay"));
}

/// Runs the futures together on the test's runtime and returns their outputs in order.
async fn futures_like_join<F: std::future::Future + Send + 'static>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F::Output: Send,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

async fn pages_carry_a_nonce_policy_and_the_security_headers(backend: Backend) {
    let app = spawn(backend).await;
    let response = app.get("/fr").await;
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_owned();
    assert!(nonce.len() >= 16);
    let body = text(response).await;
    assert!(
        body.contains(&format!(r#"nonce="{nonce}""#)),
        "the hydration script carries the nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain HTTP"
    );
    assert!(headers.get("x-request-id").is_some());
    // Each response has its own nonce.
    let again = app.get("/fr").await;
    assert_ne!(again.headers()["content-security-policy"].to_str().unwrap(), csp);
    // Non-page responses get the strict default policy.
    let health = app.get("/healthz").await;
    assert!(
        health.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
}

async fn hsts_is_sent_when_the_portal_is_served_over_https(backend: Backend) {
    let app = common::spawn_with(backend, |mut s| {
        s.http.public_url = url::Url::parse("https://votresante.gouv.qc.ca").unwrap();
        s
    })
    .await;
    let response = app.get("/fr").await;
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

async fn responses_are_compressed_and_hashed_files_cached_for_long(backend: Backend) {
    let app = spawn(backend).await;
    let page = app
        .client
        .get(app.url("/fr"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let css = app
        .client
        .get(app.url("/pkg/portal.0123456789abcdef.css"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(css.headers()["content-encoding"], "br");
    let font = app.get("/fonts/open-sans-latin-400-normal.woff2").await;
    assert_eq!(font.status(), 200);
    assert!(
        font.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=2592000")
    );
}

async fn an_oversized_body_is_refused_with_413(backend: Backend) {
    let app = spawn(backend).await;
    let response = app
        .client
        .post(app.url("/api/anything"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 65 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

/// A client that starts sending a body and stalls is answered 408 once the request's time is
/// up, and its connection is not held.
async fn a_stalled_body_is_answered_408_in_time(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = common::spawn_with(backend, |mut s| {
        s.http.request_timeout_seconds = 1;
        s
    })
    .await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /auth/dev-login HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\naccount=",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 64];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered before the client gave up")
        .unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]).into_owned();
    assert!(status_line.starts_with("HTTP/1.1 408"), "{status_line}");
}

/// A client that trickles its headers is disconnected once the header time is up, while a
/// client that sends them at once is served as usual.
async fn trickled_headers_are_cut_off_in_time(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = common::spawn_with(backend, |mut s| {
        s.http.header_read_timeout_seconds = 1;
        s
    })
    .await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(format!("GET /fr HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .await
        .unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        // One more header line a second, too slow: the portal closes the connection.
        loop {
            let mut buffer = [0; 256];
            tokio::select! {
                read = stream.read(&mut buffer) => break read.inspect(|&n| rest.extend_from_slice(&buffer[..n])),
                () = tokio::time::sleep(std::time::Duration::from_millis(400)) => {
                    if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
                        break Ok(0);
                    }
                }
            }
        }
    })
    .await
    .expect("disconnected before the client gave up");
    assert!(matches!(read, Ok(0) | Err(_)) || String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 408"));
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"), "never served");
    assert_eq!(app.get("/fr").await.status(), 200, "a prompt client is served");
}

both_backends!(
    every_page_renders_server_side_in_both_languages,
    the_language_switch_points_at_the_same_page_in_the_other_language,
    the_root_redirects_by_accept_language,
    an_unknown_language_prefix_redirects_to_french,
    a_trailing_slash_redirects_to_the_page,
    an_unknown_page_is_a_translated_404_with_a_link_home,
    the_error_page_answers_500_in_both_languages,
    concurrent_files_and_error_pages_keep_their_own_status,
    pages_carry_a_nonce_policy_and_the_security_headers,
    hsts_is_sent_when_the_portal_is_served_over_https,
    responses_are_compressed_and_hashed_files_cached_for_long,
    an_oversized_body_is_refused_with_413,
    a_stalled_body_is_answered_408_in_time,
    trickled_headers_are_cut_off_in_time,
);
