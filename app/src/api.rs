//! What every server function uses on the server: the context the server provides, and how an
//! error reaches the client with its HTTP status.

use crate::error::AppError;
use leptos::prelude::use_context;

/// A value the server provided to pages and server functions (database, clock, settings).
pub fn context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!(missing = std::any::type_name::<T>(), "context not provided");
        AppError::Internal
    })
}

/// Passes a server function's result through, giving an error its HTTP status (401, 403, 422…)
/// instead of the blanket 500 of the server-function machinery.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(error.status_code())
    {
        response.set_status(status);
    }
    result
}
