//! Pages and components of the `requests` domain.

mod my_requests;
mod submit;

pub use my_requests::MyRequestsPage;
pub use submit::{ReceiptView, SubmitRequest};
