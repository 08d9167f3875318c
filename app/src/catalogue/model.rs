//! A service as its team publishes it: the manifest (tile, help, form, statuses, endpoints).
//! `catalogue::check` refuses a manifest the portal could not show in both languages or use.

use crate::forms::model::FormDefinition;
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// Everything the portal knows about a service, as its team published it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceManifest {
    /// The service's id, also its address: `/fr/services/{id}`.
    pub id: ServiceId,
    /// Goes up with every publication; a draft keeps the version it was started on.
    pub version: u32,
    #[serde(default)]
    pub title: Bilingual,
    /// One sentence for the tile.
    #[serde(default)]
    pub summary: Bilingual,
    pub category: Category,
    pub icon: Icon,
    pub audience: Audience,
    pub help: Help,
    pub form: FormDefinition,
    pub statuses: Vec<StatusDefinition>,
    pub endpoints: Endpoints,
}

/// What a tile shows, kept beside the service so that listing tiles reads no whole manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TileFace {
    pub title: Bilingual,
    pub summary: Bilingual,
    pub category: Category,
    pub icon: Icon,
    pub audience: Audience,
}

/// A service as administrators see it, on show or withdrawn, with its versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: ServiceId,
    pub tile: TileFace,
    pub current_version: u32,
    pub first_published: Moment,
    pub updated_at: Moment,
    pub withdrawn_at: Option<Moment>,
    /// Every version published, newest first: its number and when.
    pub versions: Vec<(u32, Moment)>,
    /// Its place on the home page (1 first).
    pub position: u32,
    pub new_badge: NewBadge,
}

/// Whether a tile carries the "Nouveau / New" badge, as administrators set it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewBadge {
    /// For the first days after its first publication.
    #[default]
    Auto,
    Shown,
    Hidden,
}

impl NewBadge {
    pub const ALL: [NewBadge; 3] = [NewBadge::Auto, NewBadge::Shown, NewBadge::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            NewBadge::Auto => "auto",
            NewBadge::Shown => "shown",
            NewBadge::Hidden => "hidden",
        }
    }

    pub fn parse(text: &str) -> Option<NewBadge> {
        NewBadge::ALL.into_iter().find(|b| b.as_str() == text)
    }

    /// Whether the tile shows the badge, for a service first published at `first` when the
    /// automatic badge is for services published since `new_since`.
    pub fn shows(self, first: &Moment, new_since: &Moment) -> bool {
        match self {
            NewBadge::Auto => first >= new_since,
            NewBadge::Shown => true,
            NewBadge::Hidden => false,
        }
    }
}

/// The help page of a service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Help {
    #[serde(default)]
    pub about: Bilingual,
    #[serde(default)]
    pub eligibility: Bilingual,
    #[serde(default)]
    pub documents: Bilingual,
    #[serde(default)]
    pub processing_time: Bilingual,
    #[serde(default)]
    pub contact: Bilingual,
}

/// The headings the home page filters tiles by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Prevention,
    Care,
    Rights,
    Family,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Prevention, Category::Care, Category::Rights, Category::Family];

    /// The value used in addresses and forms (`?categorie=care`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Prevention => "prevention",
            Category::Care => "care",
            Category::Rights => "rights",
            Category::Family => "family",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The pictogram of a tile, from the portal's own set (no remote images).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Icon {
    Ribbon,
    Speech,
    Family,
    Stethoscope,
    Document,
    Heart,
}

/// Who may see a tile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everyone sees the tile and its help; filling the form needs signing in.
    Everyone,
    /// Only signed-in people see the tile.
    SignedIn,
}

/// A status the service may report on a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDefinition {
    pub id: String,
    #[serde(default)]
    pub label: Bilingual,
    /// No status may follow it (decided, closed).
    #[serde(default)]
    pub terminal: bool,
    /// The citizen has something to do.
    #[serde(default)]
    pub action_required: bool,
}

/// Where the portal delivers what citizens send (used by submission).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    pub submissions: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawals: Option<String>,
}

/// Whether an id is a usable address segment: `depistage-cancer`.
pub fn is_valid_id(id: &str) -> bool {
    (2..=60).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

impl ServiceManifest {
    /// What the service's tile shows.
    pub fn tile_face(&self) -> TileFace {
        TileFace {
            title: self.title.clone(),
            summary: self.summary.clone(),
            category: self.category,
            icon: self.icon,
            audience: self.audience,
        }
    }

    /// The status with this id.
    pub fn status(&self, id: &str) -> Option<&StatusDefinition> {
        self.statuses.iter().find(|s| s.id == id)
    }
}
