//! The citizen's requests ("démarches"). For now only the "Mes démarches" page, which asks the
//! citizen to sign in; submission and follow-up come with their own issues.

mod pages;

pub use pages::MyRequestsPage;
