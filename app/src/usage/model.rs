//! What is counted, and the figures a statistics page shows.

use serde::{Deserialize, Serialize};

/// What a mark counts. Stored as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A service's page (its tile opened) read by a person (not a crawler).
    TileViewed,
    /// A draft created: the first save of a form.
    FormStarted,
    /// Every save of a draft the server accepted.
    DraftSaved,
    /// A draft reached a step for the first time (the mark's step, from 1).
    StepReached,
    Submitted,
    Withdrawn,
    /// A service's first status on a request (the mark holds the time since submission).
    FirstStatus,
    /// A service's final status (the mark holds the time since submission).
    Decision,
    /// A delivery to a service refused or given up for good.
    DeliveryFailed,
    SignedIn,
}

impl Measure {
    pub const ALL: [Measure; 10] = [
        Measure::TileViewed,
        Measure::FormStarted,
        Measure::DraftSaved,
        Measure::StepReached,
        Measure::Submitted,
        Measure::Withdrawn,
        Measure::FirstStatus,
        Measure::Decision,
        Measure::DeliveryFailed,
        Measure::SignedIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::TileViewed => "tile_viewed",
            Measure::FormStarted => "form_started",
            Measure::DraftSaved => "draft_saved",
            Measure::StepReached => "step_reached",
            Measure::Submitted => "submitted",
            Measure::Withdrawn => "withdrawn",
            Measure::FirstStatus => "first_status",
            Measure::Decision => "decision",
            Measure::DeliveryFailed => "delivery_failed",
            Measure::SignedIn => "signed_in",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Its place in [`Counts`].
    pub fn index(self) -> usize {
        Measure::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }

    /// Whether its marks carry a time to an answer.
    pub fn is_timing(self) -> bool {
        matches!(self, Measure::FirstStatus | Measure::Decision)
    }
}

/// A device class, from the user agent. Crawlers are not counted at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    Computer,
    Phone,
    Other,
}

impl Device {
    pub const ALL: [Device; 3] = [Device::Computer, Device::Phone, Device::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Device::Computer => "computer",
            Device::Phone => "phone",
            Device::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Device> {
        Device::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// Who was there, as far as statistics go: the page's language and the device class, when the
/// mark comes from a person's request (a service's call has neither).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Visit {
    pub language: Option<crate::i18n::Locale>,
    pub device: Option<Device>,
}

/// One thing counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark<'a> {
    pub measure: Measure,
    pub service: Option<&'a str>,
    pub visit: Visit,
    /// [`Measure::StepReached`]: the step, from 1.
    pub step: u32,
    /// [`Measure::FirstStatus`], [`Measure::Decision`]: seconds since the submission.
    pub seconds: Option<i64>,
}

impl<'a> Mark<'a> {
    pub fn new(measure: Measure, service: Option<&'a str>, visit: Visit) -> Mark<'a> {
        Mark {
            measure,
            service,
            visit,
            step: 0,
            seconds: None,
        }
    }
}

/// How days are grouped on a statistics page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Day,
    /// Monday to Sunday.
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// A count of every measure, in [`Measure::ALL`]'s order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub Vec<u64>);

impl Counts {
    pub fn zero() -> Counts {
        Counts(vec![0; Measure::ALL.len()])
    }

    pub fn get(&self, measure: Measure) -> u64 {
        self.0.get(measure.index()).copied().unwrap_or(0)
    }

    pub fn add(&mut self, measure: Measure, count: u64) {
        if self.0.len() < Measure::ALL.len() {
            self.0.resize(Measure::ALL.len(), 0);
        }
        self.0[measure.index()] += count;
    }
}

/// The counts of one period (a day, a week from its Monday, a month from its first day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    pub counts: Counts,
}

/// How far drafts went: of those that reached `step`, how many went no further.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    /// From 1; the last is the step before sending.
    pub step: u32,
    pub reached: u64,
    /// Reached this step and not the next (or, at the last step, not sent).
    pub abandoned: u64,
}

/// Times from submission to an answer, in seconds; none below 5 values (too few to say).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub measure: Measure,
    pub count: u64,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    /// The mean of the values between the 5th and the 95th percentile.
    pub trimmed_mean: Option<i64>,
}

/// A statistics page: the periods, the totals, by language and device, the steps and the
/// times to an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsageReport {
    pub service: Option<String>,
    pub period: Period,
    pub from: String,
    pub until: String,
    pub buckets: Vec<Bucket>,
    pub totals: Counts,
    /// `fr`, `en` and `` (not known), each with its counts.
    pub by_language: Vec<(String, Counts)>,
    /// `computer`, `phone`, `other` and `` (not known).
    pub by_device: Vec<(String, Counts)>,
    /// Only for one service (steps differ from one form to another).
    pub funnel: Vec<FunnelStep>,
    pub timings: Vec<Timing>,
    /// The services that can be chosen: id and title in both languages.
    pub services: Vec<(String, crate::locale::Bilingual)>,
}

/// Counts under this are shown as "< 5" (and a rate made from them is not shown).
pub const SMALLEST_SHOWN: u64 = 5;

/// A count as published: the number, or none when it is 1 to 4.
pub fn published(count: u64) -> Option<u64> {
    (count == 0 || count >= SMALLEST_SHOWN).then_some(count)
}

/// Submitted ÷ started, in percent, when both are large enough to show.
pub fn completion_rate(counts: &Counts) -> Option<f64> {
    let (started, submitted) = (counts.get(Measure::FormStarted), counts.get(Measure::Submitted));
    (started >= SMALLEST_SHOWN && (submitted == 0 || submitted >= SMALLEST_SHOWN))
        .then(|| submitted as f64 * 100.0 / started as f64)
}
