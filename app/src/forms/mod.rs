//! Forms: the shared types a service's form is declared with, the one validator that runs in
//! the browser and on the server, the health insurance number rules, and the wizard pages.

pub mod answers;
pub mod messages;
pub mod model;
pub mod nam;
pub mod pages;
pub mod parse;
pub mod validate;
pub mod visibility;

pub use answers::{Answer, FieldError, Problem, RawAnswers, Scope, ValidAnswers};
pub use model::{Field, FieldKind, FormDefinition, Step};
pub use validate::validate;
