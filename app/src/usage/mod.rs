//! Usage statistics: what citizens do with each service, counted without knowing who.
//!
//! Where something happens (a service's page read, a form started, a draft saved, a step
//! reached, a request sent or withdrawn, a first status, a decision, a delivery given up, a
//! sign-in), the portal writes an anonymous [`model::Mark`]: a day in Québec, a service, the
//! page's language and a device class, in the same transaction as what it counts when there is
//! one. A worker ([`db::fold`]) folds the marks into daily counts (and the times to an answer
//! into their own rows, for medians) and deletes them, so a statistics page reads counts, never
//! the journal. [`figures`] turns those counts into what the console draws: periods, rates, a
//! funnel of steps, durations, with every count under 5 shown as "< 5".

#[cfg(feature = "ssr")]
pub mod db;
pub mod figures;
#[cfg(feature = "ssr")]
pub mod marks;
pub mod model;
pub mod query;
