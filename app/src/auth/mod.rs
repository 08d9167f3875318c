//! Identity: sign-in through the government's identity federation (OpenID Connect, relying
//! party in the server's `identity` module), server-side sessions, roles, the citizen's profile
//! and sign-in history.

pub mod api;
#[cfg(feature = "ssr")]
pub mod api_tokens;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod device;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod session;

use crate::error::AppError;
use leptos::prelude::*;
use model::Viewer;

/// The viewer of the page, loaded once per page load (blocking, so the server renders the
/// header with the person's name and JavaScript is not needed to see it).
pub type ViewerResource = Resource<Result<Viewer, AppError>>;

/// Starts loading the viewer and provides it to every component below.
pub fn provide_viewer() {
    let viewer: ViewerResource = Resource::new_blocking(|| (), |_| api::current_viewer());
    provide_context(viewer);
}

/// The viewer resource provided by [`provide_viewer`].
pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}
