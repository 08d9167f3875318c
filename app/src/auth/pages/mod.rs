//! Pages of the identity domain, one file each; the account links of the header and the
//! idle-session warning, which the layout is given.

mod account_links;
mod dev_sign_in_page;
mod profile_page;
mod session_warning;
mod sign_in_error_page;
mod sign_in_history_page;
mod sign_out_page;

pub use account_links::AccountLinks;
pub use dev_sign_in_page::DevSignInPage;
pub use profile_page::ProfilePage;
pub use session_warning::SessionWarning;
pub use sign_in_error_page::SignInErrorPage;
pub use sign_in_history_page::SignInHistoryPage;
pub use sign_out_page::SignOutPage;
