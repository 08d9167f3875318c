//! A bar chart drawn on the server as SVG (no chart script): a title and a description for
//! screen readers, a legend, and the same numbers in a table beside it. A count under 5 is
//! drawn as an outlined bar up to 5 and written "< 5", in the chart and in the table alike.

use crate::i18n::{Locale, t, use_i18n};
use crate::usage::model::{SMALLEST_SHOWN, published};
use leptos::prelude::*;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 280;
const LEFT: u32 = 56;
const RIGHT: u32 = 12;
const TOP: u32 = 16;
const BOTTOM: u32 = 48;
/// At most this many category labels under the bars (every n-th, when there are more).
const MOST_LABELS: usize = 12;

/// One series of a chart: its name and a count per category.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
}

/// A count as published, in the page's language: "1 234", "1,234", or "< 5".
pub fn count_text(count: u64, locale: Locale) -> String {
    match published(count) {
        None => "< 5".to_owned(),
        Some(count) => number_text(count, locale),
    }
}

/// A number with its thousands grouped as the language does: "1 234", "1,234".
pub fn number_text(number: u64, locale: Locale) -> String {
    let digits = number.to_string();
    let separator = match locale {
        Locale::fr => '\u{202f}',
        Locale::en => ',',
    };
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// A round top for the scale: 1, 2 or 5 times a power of ten, at least 5.
fn scale_top(most: u64) -> u64 {
    let most = most.max(SMALLEST_SHOWN);
    let mut unit = 1;
    loop {
        for step in [1, 2, 5] {
            if step * unit * 4 >= most {
                return step * unit * 4;
            }
        }
        unit *= 10;
    }
}

/// A grouped bar chart with its table. `id` names the figure (unique on the page).
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    description: String,
    /// The label of the categories' column in the table ("Jour", "Étape", …).
    category_heading: String,
    categories: Vec<String>,
    series: Vec<Series>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let drawn = |value: u64| {
        if published(value).is_none() {
            SMALLEST_SHOWN
        } else {
            value
        }
    };
    let most = series
        .iter()
        .flat_map(|s| s.values.iter().copied().map(drawn))
        .max()
        .unwrap_or(0);
    let top = scale_top(most);
    let plot_width = f64::from(WIDTH - LEFT - RIGHT);
    let plot_height = f64::from(HEIGHT - TOP - BOTTOM);
    let slot = plot_width / categories.len().max(1) as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    let y_of = |value: u64| f64::from(TOP) + plot_height * (1.0 - value as f64 / top as f64);
    let ticks = (0..=4)
        .map(|tick| {
            let value = top * tick / 4;
            let y = format!("{:.1}", y_of(value));
            view! {
                <g class="chart-tick">
                    <line x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=y.clone() y2=y.clone() />
                    <text x=(LEFT - 6).to_string() y=y text-anchor="end" dominant-baseline="middle">
                        {number_text(value, locale)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let every = categories.len().div_ceil(MOST_LABELS).max(1);
    let labels = categories
        .iter()
        .enumerate()
        .filter(|(index, _)| index.is_multiple_of(every))
        .map(|(index, label)| {
            let x = format!("{:.1}", f64::from(LEFT) + slot * (index as f64 + 0.5));
            view! { <text class="chart-label" x=x y=(HEIGHT - BOTTOM + 18).to_string() text-anchor="middle">{label.clone()}</text> }
        })
        .collect_view();
    let bars = series
        .iter()
        .enumerate()
        .flat_map(|(s, one)| {
            let categories = &categories;
            one.values.iter().enumerate().map(move |(c, &value)| {
                let x = f64::from(LEFT) + slot * c as f64 + slot * 0.1 + bar * s as f64;
                let y = y_of(drawn(value));
                let height = f64::from(TOP) + plot_height - y;
                let text = count_text(value, locale);
                let class = match published(value) {
                    None => format!("chart-bar chart-series-{s} chart-bar--small"),
                    Some(_) => format!("chart-bar chart-series-{s}"),
                };
                let label = format!("{} — {} : {text}", categories[c], one.name);
                view! {
                    <rect class=class x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bar:.1}")
                        height=format!("{height:.1}") data-category=categories[c].clone() data-series=s.to_string()
                        data-value=text>
                        <title>{label}</title>
                    </rect>
                }
            })
        })
        .collect::<Vec<_>>();
    let legend = series
        .iter()
        .enumerate()
        .map(|(s, one)| {
            view! { <li><span class=format!("chart-swatch chart-series-{s}") aria-hidden="true"></span>{one.name.clone()}</li> }
        })
        .collect_view();
    let heads = series
        .iter()
        .map(|one| view! { <th scope="col">{one.name.clone()}</th> })
        .collect_view();
    let rows = categories
        .iter()
        .enumerate()
        .map(|(c, label)| {
            let cells = series
                .iter()
                .map(|one| view! { <td class="number">{count_text(one.values[c], locale)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled = format!("{title_id} {desc_id}");
    let region = title.clone();
    view! {
        <figure class="chart" id=id>
            <figcaption><h3>{title.clone()}</h3></figcaption>
            <ul class="chart-legend">{legend}</ul>
            <svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img" aria-labelledby=labelled>
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{description}</desc>
                {ticks}
                {bars}
                {labels}
            </svg>
            <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                <table class="table table--numbers">
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{category_heading}</th>{heads}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">{t!(i18n, usage.small_counts)}</p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_language_and_small_ones_hidden() {
        assert_eq!(count_text(0, Locale::fr), "0");
        assert_eq!(count_text(4, Locale::en), "< 5");
        assert_eq!(count_text(5, Locale::en), "5");
        assert_eq!(count_text(1_234_567, Locale::en), "1,234,567");
        assert_eq!(count_text(1_234, Locale::fr), "1\u{202f}234");
    }

    #[test]
    fn the_scale_ends_on_a_round_number() {
        assert_eq!(scale_top(0), 8);
        assert_eq!(scale_top(7), 8);
        assert_eq!(scale_top(9), 20);
        assert_eq!(scale_top(150), 200);
        assert_eq!(scale_top(1_900), 2_000);
    }
}
