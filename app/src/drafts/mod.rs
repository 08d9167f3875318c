//! Drafts: a request being filled, kept per citizen and service, on the server with a revision
//! number (and, in the browser, in local storage so that nothing typed is lost).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "hydrate")]
pub mod local;
pub mod model;
pub mod pages;

pub use model::{Draft, DraftSummary, SaveOutcome};

/// The key of this person's local drafts on this device, once the viewer is known.
#[cfg(feature = "hydrate")]
pub fn device_key(viewer: crate::auth::ViewerResource) -> Option<String> {
    use leptos::prelude::GetUntracked;
    viewer
        .get_untracked()
        .and_then(Result::ok)
        .and_then(|v| v.signed_in)
        .map(|s| s.device_key)
}

/// The handler of a sign-out form: forgets this person's drafts kept on this device before the
/// form posts (the server keeps them), so the next person on the browser finds none.
pub fn forget_on_sign_out() -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
    let viewer = crate::auth::use_viewer();
    move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(key) = device_key(viewer) {
            local::clear_person(&key);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = viewer;
    }
}
