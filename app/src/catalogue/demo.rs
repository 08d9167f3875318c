//! The demo catalogue: four services modelled on the ministry's first projects, loaded in
//! development so that the first command shows a working portal (and used by the tests).

/// Complaint follow-up.
pub const COMPLAINTS: &str = include_str!("demo/plaintes.json");

/// Every demo manifest, as a service team would publish it.
pub const MANIFESTS: [&str; 4] = [
    include_str!("demo/depistage-cancer.json"),
    COMPLAINTS,
    include_str!("demo/grossesse-pour-autrui.json"),
    include_str!("demo/orientation-soins.json"),
];
