//! Every address no route claims: a file under the site root (the wasm bundle, styles, fonts,
//! icons), or else the "page not found" page.
//!
//! Leptos's own fallback serves a file inside a new reactive owner whose parent is whatever
//! owner the worker thread had last; under load that was sometimes another request's page,
//! and that page's response options (its 500 status, its headers) were copied onto the file
//! (seen: `/pkg/portal.wasm` answered 500 while the error page rendered). Here files are
//! served outside any reactive owner, and the page renders in its own root.

use axum::{
    body::Body,
    extract::Request,
    http::{Method, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use std::{future::Future, pin::Pin};
use tower::ServiceExt;
use tower_http::services::ServeDir;

type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The fallback handler: `contexts` provides what pages read from the server.
pub fn fallback<IV: IntoView + 'static>(
    options: LeptosOptions,
    contexts: impl Fn() + Clone + Send + Sync + 'static,
    shell: impl Fn(LeptosOptions) -> IV + Clone + Send + Sync + 'static,
) -> impl Fn(Request) -> Answer + Clone + Send + Sync + 'static {
    let files = ServeDir::new(&*options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    let render = leptos_axum::render_app_to_stream_with_context(contexts, move || shell(options.clone()));
    move |request: Request| {
        let (files, render) = (files.clone(), render.clone());
        Box::pin(async move {
            if matches!(*request.method(), Method::GET | Method::HEAD) {
                let mut probe = Request::new(Body::empty());
                *probe.method_mut() = request.method().clone();
                *probe.uri_mut() = request.uri().clone();
                *probe.headers_mut() = request.headers().clone();
                let Ok(found) = files.oneshot(probe).await;
                if found.status() != StatusCode::NOT_FOUND {
                    return found.map(Body::new).into_response();
                }
            }
            let mut page = render(request).await;
            if page.status() == StatusCode::OK {
                *page.status_mut() = StatusCode::NOT_FOUND;
            }
            page
        })
    }
}
