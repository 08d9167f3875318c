//! Pages of the notifications domain.

mod devices;
mod inbox_page;
mod settings_page;

pub use inbox_page::InboxPage;
pub use settings_page::SettingsPage;
