//! The installable app's two files that the server writes: each language's web app manifest
//! (`/fr/manifest.webmanifest`, from `app::pwa::manifest`) and the service worker (`/sw.js`).
//!
//! The worker is `service_worker.js` with, above it, what changes with each build: the list of
//! files kept from the installation, by the names the pages use (hashed when cargo-leptos
//! hashes them), and a version made of their contents, the other built files' (lazy chunks),
//! the worker's own source and the server binary's stamp (its pages). A new build gives a new
//! version, so the browser installs the new worker beside the old one and the page offers the
//! update. The version is worked out again only when a file's size or time changed.

use app::i18n::Locale;
use app::locale::Page;
use axum::{
    Router,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::LeptosOptions;
use leptos_i18n::Locale as _;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::SystemTime,
};

const SOURCE: &str = include_str!("service_worker.js");

/// What the worker's own global scope may do: fetch from this site, show its icon.
const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'; img-src 'self'";

/// The manifests and the worker.
pub fn router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let worker = Arc::new(Worker::new(options));
    let mut router = Router::new().route(
        app::pwa::WORKER_PATH,
        get(move || {
            let worker = worker.clone();
            async move { worker.response() }
        }),
    );
    for &locale in Locale::get_all() {
        router = router.route(
            &app::pwa::manifest_path(locale),
            get(move || async move { manifest(locale) }),
        );
    }
    router
}

fn manifest(locale: Locale) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/manifest+json"),
        )],
        app::pwa::manifest(locale).to_string(),
    )
        .into_response()
}

/// The worker's script, written again when the site's files change.
struct Worker {
    site_root: PathBuf,
    precache: Vec<String>,
    /// Each language's offline page, as a JavaScript object.
    offline: String,
    /// Each language's slugs of a request form and of its page for a start with no network.
    forms: String,
    written: Mutex<Option<(Vec<Stamp>, Arc<str>)>>,
}

/// A file as the version depends on it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

impl Worker {
    fn new(options: &LeptosOptions) -> Worker {
        let site_root = PathBuf::from(options.site_root.as_ref());
        // Written by hand to keep the languages' order (French first: the worker's fallback).
        let offline: Vec<String> = Locale::get_all()
            .iter()
            .map(|&locale| format!("{}:{}", json!(locale.as_str()), json!(Page::Offline.path(locale))))
            .collect();
        let forms = Locale::get_all()
            .iter()
            .map(|&locale| {
                let slugs = json!({ "form": app::locale::form_slug(locale), "shell": Page::Offline.slug(locale) });
                (locale.as_str().to_owned(), slugs)
            })
            .collect::<serde_json::Map<_, _>>();
        Worker {
            precache: precache(options, &site_root),
            site_root,
            offline: format!("{{{}}}", offline.join(",")),
            forms: serde_json::Value::Object(forms).to_string(),
            written: Mutex::new(None),
        }
    }

    fn response(&self) -> Response {
        let script = self.script();
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/javascript; charset=utf-8"),
                ),
                // Asked again on every check for an update, never taken from a cache.
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(WORKER_POLICY)),
            ],
            script.to_string(),
        )
            .into_response()
    }

    fn script(&self) -> Arc<str> {
        let stamps = self.stamps();
        let mut written = self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, script)) = written.as_ref()
            && *seen == stamps
        {
            return script.clone();
        }
        let script: Arc<str> = self.write(&stamps).into();
        *written = Some((stamps, script.clone()));
        script
    }

    fn write(&self, stamps: &[Stamp]) -> String {
        let mut hash = Sha256::new();
        hash.update(SOURCE);
        for path in &self.precache {
            hash.update(path);
            hash.update([0]);
        }
        for stamp in stamps {
            hash.update(stamp.path.to_string_lossy().as_bytes());
            match stamp.path.starts_with(&self.site_root) {
                // The site's files by their contents: a rebuild that changes nothing keeps the version.
                true => hash.update(std::fs::read(&stamp.path).unwrap_or_default()),
                // The server binary (the pages it renders) by its stamp: reading it is too slow.
                false => hash.update(format!("{}:{:?}", stamp.len, stamp.modified)),
            }
        }
        let version = &hex::encode(hash.finalize())[..16];
        format!(
            "const VERSION = {};\nconst PRECACHE = {};\nconst OFFLINE = {};\nconst FORMS = {};\nconst PORTAL_NAME = {};\n\n{SOURCE}",
            json!(version),
            json!(self.precache),
            self.offline,
            self.forms,
            json!(app::i18n::td_string!(Locale::fr, common.portal_name)),
        )
    }

    /// Every built file (lazy chunks included), the files kept from the installation, and the
    /// server binary.
    fn stamps(&self) -> Vec<Stamp> {
        let mut paths = files_under(&self.site_root.join("pkg"));
        paths.extend(
            self.precache
                .iter()
                .map(|path| self.site_root.join(path.trim_start_matches('/')))
                .filter(|path| path.is_file()),
        );
        paths.extend(std::env::current_exe().ok());
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .filter_map(|path| {
                let meta = std::fs::metadata(&path).ok()?;
                Some(Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                    path,
                })
            })
            .collect()
    }
}

/// The addresses kept from the installation: the guest's home and offline pages, the
/// manifests, the stylesheet by the name the pages use, `portal.js`, the favicon, the icons,
/// and the fonts of the latin subset (the others when first used).
///
/// No WebAssembly, and none of its JavaScript: only a form's pages hold islands, and they are
/// a signed-in person's pages, which are never kept; so the installation would download code
/// that no page kept offline can run. The worker keeps each built file, by its hashed name,
/// the first time a page uses it (a form already open goes on offline with it).
fn precache(options: &LeptosOptions, site_root: &Path) -> Vec<String> {
    let mut paths = app::pwa::precached_pages();
    paths.extend(Locale::get_all().iter().map(|&locale| app::pwa::manifest_path(locale)));
    paths.push(app::security::built_file(options, "css"));
    paths.extend(["/portal.js".to_owned(), "/favicon.svg".to_owned()]);
    let named = |folder: &str, keep: fn(&str) -> bool| {
        let mut names: Vec<String> = files_under(&site_root.join(folder))
            .iter()
            .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
            .filter(|name| keep(name))
            .map(|name| format!("/{folder}/{name}"))
            .collect();
        names.sort();
        names
    };
    paths.extend(named("icons", |name| name.ends_with(".png")));
    paths.extend(named("fonts", |name| {
        name.ends_with(".woff2") && !name.contains("-latin-ext-")
    }));
    paths
}

/// The files in a folder and its subfolders, without the precompressed copies (`.br`, `.gz`).
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                found.push(path);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, LeptosOptions) {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
        for (path, body) in [
            ("pkg/portal.css", "body{}"),
            ("pkg/portal.js", "export{}"),
            ("pkg/portal.wasm", "\0asm"),
            ("pkg/portal.css.br", "compressed"),
            ("pkg/chunk-wizard.wasm", "\0asm chunk"),
            ("icons/icon-192.png", "png"),
            ("icons/readme.txt", "not an icon"),
            ("fonts/open-sans-latin-400-normal.woff2", "font"),
            ("fonts/open-sans-latin-ext-400-normal.woff2", "rarer font"),
            ("portal.js", "(function(){})()"),
            ("favicon.svg", "<svg/>"),
        ] {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(root.path())).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, body).unwrap_or_else(|e| panic!("{e}"));
        }
        let options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(root.path().to_string_lossy().to_string())
            .build();
        (root, options)
    }

    #[test]
    fn the_installation_keeps_the_shell_and_no_webassembly() {
        let (_root, options) = site();
        let worker = Worker::new(&options);
        let kept = &worker.precache;
        for path in [
            "/fr",
            "/en",
            "/fr/hors-ligne",
            "/en/offline",
            "/fr/manifest.webmanifest",
            "/en/manifest.webmanifest",
            "/pkg/portal.css",
            "/portal.js",
            "/favicon.svg",
            "/icons/icon-192.png",
            "/fonts/open-sans-latin-400-normal.woff2",
        ] {
            assert!(kept.iter().any(|p| p == path), "{path} is kept: {kept:?}");
        }
        for path in [
            "/pkg/portal.wasm",
            "/pkg/portal.js",
            "/pkg/chunk-wizard.wasm",
            "/icons/readme.txt",
            "/fonts/open-sans-latin-ext-400-normal.woff2",
        ] {
            assert!(
                !kept.iter().any(|p| p == path),
                "{path} is not kept from the installation"
            );
        }
        assert!(!kept.iter().any(|p| p.ends_with(".br")));
        // No personal page, ever.
        assert!(
            !kept
                .iter()
                .any(|p| p.contains("mes-demarches") || p.starts_with("/api/") || p.starts_with("/auth/"))
        );
    }

    fn version(script: &str) -> String {
        script.lines().next().unwrap_or_default().to_owned()
    }

    #[test]
    fn a_changed_file_changes_the_version_and_nothing_else_does() {
        let (root, options) = site();
        let worker = Worker::new(&options);
        let first = worker.script();
        assert!(first.starts_with("const VERSION = \""));
        assert!(first.contains("const OFFLINE = {\"fr\":\"/fr/hors-ligne\",\"en\":\"/en/offline\"}"));
        assert!(first.contains("self.addEventListener('fetch'"));
        assert_eq!(version(&worker.script()), version(&first), "asked again, the same");

        // A chunk is not kept from the installation, but its change is a new version.
        std::fs::write(root.path().join("pkg/chunk-wizard.wasm"), "\0asm changed chunk")
            .unwrap_or_else(|e| panic!("{e}"));
        let second = worker.script();
        assert_ne!(version(&second), version(&first));
        // A precompressed copy is not a file of its own.
        std::fs::write(root.path().join("pkg/portal.css.br"), "compressed again").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(version(&worker.script()), version(&second));
        std::fs::write(root.path().join("pkg/portal.css"), "body{color:red}").unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(version(&worker.script()), version(&second));
    }

    #[tokio::test]
    async fn the_worker_is_never_cached_and_may_fetch_only_from_the_site() {
        let (_root, options) = site();
        let response = Worker::new(&options).response();
        let headers = response.headers();
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], WORKER_POLICY);
    }

    #[test]
    fn each_manifest_says_its_type() {
        let response = manifest(Locale::en);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/manifest+json");
    }
}
