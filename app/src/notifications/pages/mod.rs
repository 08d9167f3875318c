//! Pages of the notifications domain.

mod devices;
mod following;
mod inbox_page;
mod settings_page;
mod whats_new;

pub use inbox_page::InboxPage;
pub use settings_page::SettingsPage;
pub use whats_new::WhatsNew;
