//! Pages of the forms domain: the request wizard and its fields.

mod came_back;
mod choice_input;
mod delete_draft;
mod draft_state;
mod error_summary;
mod field_input;
mod file_input;
mod offline_form_page;
mod request_form_page;
mod review;
mod wizard;

pub use field_input::{FieldInput, display_answer, input_id};
pub use offline_form_page::OfflineFormPage;
pub use request_form_page::RequestFormPage;
