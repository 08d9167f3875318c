//! Browser security rules the pages depend on: the Content-Security-Policy of rendered pages and
//! of everything else, and the names of hashed static files.

use leptos::prelude::LeptosOptions;
use std::{collections::HashMap, sync::OnceLock};

/// The policy of a rendered page: scripts only from this origin or inline with this response's
/// nonce (the hydration bootstrap), WebAssembly allowed, nothing framed, nothing from elsewhere.
/// `live_reload` is cargo-leptos's reload port while a developer runs `cargo leptos watch`.
/// `identity_provider` is the provider's origin: the sign-out form ends with a redirect to its
/// end-session endpoint, which `form-action` must allow.
pub fn page_policy(nonce: &str, live_reload: Option<u32>, identity_provider: Option<&str>) -> String {
    let connect = match live_reload {
        Some(port) => format!("'self' ws://127.0.0.1:{port} ws://localhost:{port}"),
        None => "'self'".to_owned(),
    };
    let form_action = match identity_provider {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action {form_action}; \
         frame-ancestors 'none'"
    )
}

/// What a state-changing request coming from another site is told (CSRF refusal).
pub fn cross_site_refusal(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, common.errors.cross_site)
}

/// The answer to a request body larger than the portal accepts.
pub fn body_too_large(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, common.errors.body_too_large)
}

/// The answer to a file sent otherwise than as `multipart/form-data`.
pub fn not_multipart(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, common.errors.not_multipart)
}

/// The answer to a file sent while the portal is receiving as many as it takes at once.
pub fn uploads_busy(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, common.errors.uploads_busy)
}

/// Where a rendered page leaves its policy for the server's security-headers middleware, which
/// puts one in each request's extensions. Leptos copies the headers a page sets when its first
/// chunk is ready, and now and then (seen under load, pages with several blocking resources)
/// the page's header did not make it; the middleware then takes the policy from here, so a page
/// never goes out with the strict default that blocks its own scripts.
#[derive(Clone, Debug, Default)]
pub struct PagePolicySlot(pub std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PagePolicySlot {
    /// Keeps the page's policy.
    pub fn set(&self, policy: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(policy);
        }
    }

    /// The page's policy, if a page was rendered.
    pub fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|slot| slot.clone())
    }
}

/// The policy of every response that is not a rendered page (files, JSON, health checks).
pub const DEFAULT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// A built file's address under `/pkg/` (`kind` is `css`, `js` or `wasm`): the hashed name
/// when cargo-leptos hashed the files, the plain one otherwise.
pub fn built_file(options: &LeptosOptions, kind: &str) -> String {
    match asset_hash(options, kind) {
        Some(hash) => format!("/{}/{}.{hash}.{kind}", options.site_pkg_dir, options.output_name),
        None => format!("/{}/{}.{kind}", options.site_pkg_dir, options.output_name),
    }
}

/// The hash cargo-leptos gave a built file (`kind` is `js`, `wasm` or `css`), read once from
/// the `hash.txt` it writes beside the server binary; `None` when files are not hashed.
pub fn asset_hash(options: &LeptosOptions, kind: &str) -> Option<String> {
    static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
    if !options.hash_files {
        return None;
    }
    HASHES
        .get_or_init(|| {
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
            path.and_then(|path| std::fs::read_to_string(path).ok())
                .map(|text| parse_hash_file(&text))
                .unwrap_or_default()
        })
        .get(kind)
        .cloned()
}

fn parse_hash_file(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_the_nonce_inline_and_forbids_framing() {
        let policy = page_policy("abc123", None, None);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("ws://"));
    }

    #[test]
    fn live_reload_opens_only_its_websocket() {
        let policy = page_policy("n", Some(3001), Some("https://idp.example"));
        assert!(policy.contains("connect-src 'self' ws://127.0.0.1:3001 ws://localhost:3001;"));
        // The provider is a place forms may lead to (sign-out), nothing more.
        assert!(policy.contains("form-action 'self' https://idp.example;"));
        assert!(!policy.contains("script-src 'self' https://idp.example"));
    }

    /// The words of the refusal given to a state-changing request from another site.
    #[test]
    fn cross_site_refusals_are_translated() {
        use crate::i18n::Locale;
        assert_ne!(cross_site_refusal(Locale::fr), cross_site_refusal(Locale::en));
    }

    #[test]
    fn the_hash_file_is_read_line_by_line() {
        let hashes = parse_hash_file("js: abc\nwasm: def\ncss: 0f1\n\n");
        assert_eq!(hashes.get("css").map(String::as_str), Some("0f1"));
        assert_eq!(hashes.get("wasm").map(String::as_str), Some("def"));
    }
}
