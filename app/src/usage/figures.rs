//! From daily counts to a statistics page: periods, totals, languages, devices, the funnel of
//! steps and the times to an answer (median, 90th percentile, and the mean of the values
//! between the 5th and the 95th percentile, as Démarches Simplifiées publishes it).

use super::model::{Bucket, Counts, FunnelStep, Measure, SMALLEST_SHOWN, Timing, UsageReport};
use super::query::{UsageFilter, next_period, period_start};
use time::Date;

/// One row of daily counts, in full detail (what the fold writes, summed over services): how
/// the tests describe what a page reads.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyRow {
    pub day: Date,
    pub measure: Measure,
    pub language: String,
    pub device: String,
    pub step: u32,
    pub count: u64,
}

/// A count of a measure for one language, device class and step, over the whole span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub measure: Measure,
    pub language: String,
    pub device: String,
    pub step: u32,
    pub count: u64,
}

/// What a page reads, summed two ways by the database: by day and measure (the periods), and
/// over the span by measure, language, device and step (the breakdowns and the funnel). A year
/// of every service is a few thousand rows, not every detail of every day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    pub days: Vec<(Date, Measure, u64)>,
    pub groups: Vec<Group>,
}

#[cfg(test)]
impl Tallies {
    /// The tallies of rows in full detail, summed as the database sums them.
    pub fn of_rows(rows: &[DailyRow]) -> Tallies {
        let mut days: std::collections::BTreeMap<(Date, Measure), u64> = Default::default();
        let mut groups: std::collections::BTreeMap<(Measure, String, String, u32), u64> = Default::default();
        for row in rows {
            *days.entry((row.day, row.measure)).or_default() += row.count;
            *groups
                .entry((row.measure, row.language.clone(), row.device.clone(), row.step))
                .or_default() += row.count;
        }
        Tallies {
            days: days
                .into_iter()
                .map(|((day, measure), count)| (day, measure, count))
                .collect(),
            groups: groups
                .into_iter()
                .map(|((measure, language, device, step), count)| Group {
                    measure,
                    language,
                    device,
                    step,
                    count,
                })
                .collect(),
        }
    }
}

/// The report of `tallies` (within the filter's days) and `timings` (seconds to a first status
/// or a decision, for requests answered within those days).
pub fn report(
    filter: &UsageFilter,
    tallies: &Tallies,
    timings: &[(Measure, i64)],
    services: Vec<(String, crate::locale::Bilingual)>,
) -> UsageReport {
    let mut buckets = Vec::new();
    // Each period's place, by its first day.
    let mut place: std::collections::HashMap<Date, usize> = std::collections::HashMap::new();
    let mut start = period_start(filter.period, filter.from);
    while start <= filter.until {
        place.insert(start, buckets.len());
        buckets.push(Bucket {
            start: crate::moment::day(start),
            counts: Counts::zero(),
        });
        start = next_period(filter.period, start);
    }
    let mut totals = Counts::zero();
    for &(day, measure, count) in &tallies.days {
        if let Some(&index) = place.get(&period_start(filter.period, day)) {
            buckets[index].counts.add(measure, count);
        }
        totals.add(measure, count);
    }
    let mut by_language: Vec<(String, Counts)> = ["fr", "en", ""].map(|l| (l.to_owned(), Counts::zero())).into();
    let mut by_device: Vec<(String, Counts)> = ["computer", "phone", "other", ""]
        .map(|d| (d.to_owned(), Counts::zero()))
        .into();
    let mut steps: Vec<u64> = Vec::new();
    for group in &tallies.groups {
        if let Some((_, counts)) = by_language.iter_mut().find(|(l, _)| *l == group.language) {
            counts.add(group.measure, group.count);
        }
        if let Some((_, counts)) = by_device.iter_mut().find(|(d, _)| *d == group.device) {
            counts.add(group.measure, group.count);
        }
        if group.measure == Measure::StepReached && group.step >= 1 {
            let index = group.step as usize - 1;
            if steps.len() <= index {
                steps.resize(index + 1, 0);
            }
            steps[index] += group.count;
        }
    }
    let funnel = match filter.service {
        Some(_) => funnel(&steps, totals.get(Measure::Submitted)),
        None => Vec::new(),
    };
    let timings = [Measure::FirstStatus, Measure::Decision]
        .into_iter()
        .map(|measure| {
            let values: Vec<i64> = timings.iter().filter(|(m, _)| *m == measure).map(|(_, s)| *s).collect();
            timing(measure, values)
        })
        .collect();
    UsageReport {
        service: filter.service.clone(),
        period: filter.period,
        from: crate::moment::day(filter.from),
        until: crate::moment::day(filter.until),
        buckets,
        totals,
        by_language,
        by_device,
        funnel,
        timings,
        services,
    }
}

/// Each step reached, and how many stopped there: at the last step, those not sent.
fn funnel(reached: &[u64], submitted: u64) -> Vec<FunnelStep> {
    reached
        .iter()
        .enumerate()
        .map(|(index, &count)| {
            let further = reached.get(index + 1).copied().unwrap_or(submitted);
            FunnelStep {
                step: index as u32 + 1,
                reached: count,
                abandoned: count.saturating_sub(further),
            }
        })
        .collect()
}

/// The summary of the times to an answer; the figures only from 5 values.
pub fn timing(measure: Measure, mut values: Vec<i64>) -> Timing {
    values.sort_unstable();
    let count = values.len() as u64;
    if count < SMALLEST_SHOWN {
        return Timing {
            measure,
            count,
            median: None,
            p90: None,
            trimmed_mean: None,
        };
    }
    Timing {
        measure,
        count,
        median: Some(percentile(&values, 50)),
        p90: Some(percentile(&values, 90)),
        trimmed_mean: Some(trimmed_mean(&values)),
    }
}

/// The nearest-rank percentile of sorted values (never empty here).
fn percentile(sorted: &[i64], percent: usize) -> i64 {
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// The mean of sorted values once the lowest and highest 5 % are set aside.
fn trimmed_mean(sorted: &[i64]) -> i64 {
    let cut = sorted.len() * 5 / 100;
    let kept = &sorted[cut..sorted.len() - cut];
    let sum: i128 = kept.iter().map(|&v| i128::from(v)).sum();
    (sum / kept.len() as i128) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::model::Period;
    use time::macros::date;

    fn row(day: Date, measure: Measure, language: &str, device: &str, step: u32, count: u64) -> DailyRow {
        DailyRow {
            day,
            measure,
            language: language.into(),
            device: device.into(),
            step,
            count,
        }
    }

    fn filter(period: Period, service: Option<&str>) -> UsageFilter {
        UsageFilter {
            service: service.map(str::to_owned),
            period,
            from: date!(2026 - 11 - 25),
            until: date!(2026 - 12 - 07),
        }
    }

    #[test]
    fn days_fall_in_their_weeks_and_every_breakdown_adds_up() {
        let rows = [
            row(date!(2026 - 11 - 29), Measure::FormStarted, "fr", "phone", 0, 7),
            row(date!(2026 - 11 - 30), Measure::FormStarted, "en", "computer", 0, 3),
            row(date!(2026 - 12 - 06), Measure::Submitted, "fr", "phone", 0, 6),
            row(date!(2026 - 12 - 07), Measure::SignedIn, "", "", 0, 2),
        ];
        let report = report(&filter(Period::Week, None), &Tallies::of_rows(&rows), &[], Vec::new());
        let starts: Vec<&str> = report.buckets.iter().map(|b| b.start.as_str()).collect();
        assert_eq!(starts, ["2026-11-23", "2026-11-30", "2026-12-07"]);
        assert_eq!(report.buckets[0].counts.get(Measure::FormStarted), 7);
        assert_eq!(report.buckets[1].counts.get(Measure::FormStarted), 3);
        assert_eq!(report.buckets[1].counts.get(Measure::Submitted), 6);
        assert_eq!(report.buckets[2].counts.get(Measure::SignedIn), 2);
        assert_eq!(report.totals.get(Measure::FormStarted), 10);
        let language = |l: &str| report.by_language.iter().find(|(x, _)| x == l).unwrap().1.clone();
        assert_eq!(language("fr").get(Measure::FormStarted), 7);
        assert_eq!(language("en").get(Measure::FormStarted), 3);
        assert_eq!(language("").get(Measure::SignedIn), 2);
        let device = |d: &str| report.by_device.iter().find(|(x, _)| x == d).unwrap().1.clone();
        assert_eq!(device("phone").get(Measure::Submitted), 6);
        assert!(report.funnel.is_empty(), "no funnel across services");
    }

    #[test]
    fn the_funnel_counts_who_stopped_at_each_step() {
        let day = date!(2026 - 12 - 01);
        let rows = [
            row(day, Measure::StepReached, "fr", "phone", 1, 20),
            row(day, Measure::StepReached, "en", "phone", 1, 5),
            row(day, Measure::StepReached, "fr", "phone", 2, 15),
            row(day, Measure::StepReached, "fr", "phone", 3, 12),
            row(day, Measure::Submitted, "fr", "phone", 0, 10),
        ];
        let report = report(
            &filter(Period::Day, Some("s")),
            &Tallies::of_rows(&rows),
            &[],
            Vec::new(),
        );
        let funnel: Vec<(u32, u64, u64)> = report.funnel.iter().map(|s| (s.step, s.reached, s.abandoned)).collect();
        assert_eq!(funnel, [(1, 25, 10), (2, 15, 3), (3, 12, 2)]);
        assert_eq!(report.buckets.len(), 13);
    }

    #[test]
    fn times_are_summarised_from_five_values() {
        assert_eq!(timing(Measure::Decision, vec![1, 2, 3, 4]).median, None);
        let values: Vec<i64> = (1..=100).collect();
        let summary = timing(Measure::Decision, values);
        assert_eq!((summary.count, summary.median, summary.p90), (100, Some(50), Some(90)));
        // 6..=95 kept: their mean is 50.5, floored.
        assert_eq!(summary.trimmed_mean, Some(50));
        let mut skewed = vec![10; 19];
        skewed.push(1_000_000);
        assert_eq!(
            timing(Measure::FirstStatus, skewed).trimmed_mean,
            Some(10),
            "an outlier is set aside"
        );
    }
}
