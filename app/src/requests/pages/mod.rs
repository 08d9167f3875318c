//! Pages and components of the `requests` domain.

mod my_requests;
mod request_page;
mod submit;
mod withdraw_page;

pub use my_requests::MyRequestsPage;
pub use request_page::{RequestPage, state_label};
pub use submit::SubmitRequest;
pub use withdraw_page::WithdrawRequestPage;
