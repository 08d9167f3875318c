//! Generates the `i18n` module from `locales/` (French is the default locale, English second).

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let cfg = Config::new("fr")?
        .add_locale("en")?
        .add_namespaces([
            "common",
            "site",
            "requests",
            "auth",
            "admin",
            "forms",
            "catalogue",
            "drafts",
            "api",
            "pwa",
            "notifications",
            "feedback",
            "signatures",
            "journal",
            "usage",
            "health",
        ])?
        .locales_path("../locales")
        // Messages with a bound in them (`{{ limit }}`) are built as plain strings too.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
