//! Health information pages ("renseignements de santé"): written by administrators in Markdown
//! in both languages, each with a category and its publication and review dates; on the home
//! page (narrowed by its search), in their own list, and announced in "Nouveautés".

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod model;
pub mod pages;
