//! Pages of the notifications domain.

mod inbox_page;

pub use inbox_page::InboxPage;
