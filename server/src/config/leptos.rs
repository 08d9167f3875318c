//! The Leptos options, read as cargo-leptos sets them.

use super::ConfigError;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

/// The name cargo-leptos gives the browser bundle (`output-name` in `Cargo.toml`).
pub const OUTPUT_NAME: &str = "portal";

/// The Leptos options, from the `LEPTOS_…` variables cargo-leptos sets (with its defaults).
/// Hashed file names are used when `LEPTOS_HASH_FILES` says so or, when it is unset, when
/// cargo-leptos left its `hash.txt` beside the binary.
pub fn leptos_options() -> Result<LeptosOptions, ConfigError> {
    let var = |key: &str, default: &str| std::env::var(key).unwrap_or_else(|_| default.to_owned());
    let site_addr: SocketAddr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse().map_err(|e| {
        ConfigError::Invalid(format!(
            "LEPTOS_SITE_ADDR is not an address such as 127.0.0.1:3000: {e}"
        ))
    })?;
    let reload_port: u32 = var("LEPTOS_RELOAD_PORT", "3001")
        .parse()
        .map_err(|e| ConfigError::Invalid(format!("LEPTOS_RELOAD_PORT is not a port: {e}")))?;
    // cargo-leptos says whether it hashed the files; a binary started by hand looks for the
    // hash.txt that a hashed build leaves beside it.
    let hash_files = match std::env::var("LEPTOS_HASH_FILES") {
        Ok(value) => value
            .parse()
            .map_err(|_| ConfigError::Invalid("LEPTOS_HASH_FILES must be true or false".to_owned()))?,
        Err(_) => std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file()))
            .unwrap_or(false),
    };
    Ok(LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", OUTPUT_NAME))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(site_addr)
        .reload_port(reload_port)
        .hash_files(hash_files)
        .build())
}
