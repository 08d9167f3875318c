//! "Statistiques d'utilisation": what citizens did with one service or all, by day, week or
//! month: a plain GET form, key figures, charts drawn on the server with their tables, the
//! steps where drafts stopped, the times to an answer, and the CSV export of the same view.

use super::Forbidden;
use super::journal_form::RefusalSummary;
use super::usage_chart::{BarChart, Series, count_text};
use super::usage_words::{SHOWN, duration_text, group_label, measure_label, rate_text, refusal_message};
use crate::admin::usage_api::usage_figures;
use crate::error::AppError;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle};
use crate::usage::model::{Counts, Measure, Period, Timing, UsageReport};
use crate::usage::query::UsageQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn asked_query() -> UsageQuery {
    use_query_map().with_untracked(|q| {
        let part = |name: &str| q.get(name).unwrap_or_default();
        UsageQuery {
            service: part("service"),
            period: part("period"),
            from: part("from"),
            until: part("until"),
        }
    })
}

#[component]
pub fn UsagePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let query = asked_query();
    let asked = query.clone();
    let read = Resource::new_blocking(|| (), move |_| usage_figures(asked.clone()));
    view! {
        <PageTitle title=t_string!(i18n, usage.title) />
        <div class="container">
            <p><a href=Page::Admin.path(locale)>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, usage.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(AppError::InvalidInput { fields }) => view! {
                                <p>{t!(i18n, usage.intro)}</p>
                                <UsageForm query services=Vec::new() refused=fields />
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(report) => view! {
                                <p>{t!(i18n, usage.intro)}</p>
                                <UsageForm query=query.clone() services=report.services.clone() refused=Vec::new() />
                                <Figures report query />
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn UsageForm(
    query: UsageQuery,
    services: Vec<(String, crate::locale::Bilingual)>,
    refused: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error_of = |part: &str| {
        refused
            .iter()
            .find(|(p, _)| p == part)
            .map(|(_, why)| refusal_message(why, locale))
    };
    let field_error = |part: &'static str| {
        error_of(part).map(|message| view! { <p class="field-error" id=format!("usage-{part}-error")>{message}</p> })
    };
    let described = |part: &str| error_of(part).map(|_| format!("usage-{part}-error"));
    let invalid = |part: &str| error_of(part).map(|_| "true");
    let chosen = query.service.clone();
    let service_options = services
        .into_iter()
        .map(|(id, title)| {
            let selected = chosen == id;
            let label = format!("{} ({id})", title.get(locale));
            view! { <option value=id selected=selected>{label}</option> }
        })
        .collect_view();
    let period = query.period.clone();
    let period_options = Period::ALL
        .into_iter()
        .map(|one| {
            let label = match one {
                Period::Day => t_string!(i18n, usage.periods.day),
                Period::Week => t_string!(i18n, usage.periods.week),
                Period::Month => t_string!(i18n, usage.periods.month),
            };
            let selected = period == one.as_str() || (period.is_empty() && one == Period::Day);
            view! { <option value=one.as_str() selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="usage-form-heading">
            <h2 id="usage-form-heading">{t!(i18n, usage.form.heading)}</h2>
            <RefusalSummary refused=refused.clone() prefix="usage" message=refusal_message />
            <form method="get" action=Page::AdminUsage.path(locale) class="form form--grid">
                <div class="field" class:field--error=error_of("service").is_some()>
                    <label for="usage-service">{t!(i18n, usage.form.service)}</label>
                    {field_error("service")}
                    <select id="usage-service" name="service" aria-describedby=described("service") aria-invalid=invalid("service")>
                        <option value="" selected=chosen.is_empty()>{t!(i18n, usage.form.every_service)}</option>
                        {service_options}
                    </select>
                </div>
                <div class="field" class:field--error=error_of("period").is_some()>
                    <label for="usage-period">{t!(i18n, usage.form.period)}</label>
                    {field_error("period")}
                    <select id="usage-period" name="period" aria-describedby=described("period") aria-invalid=invalid("period")>
                        {period_options}
                    </select>
                </div>
                <div class="field" class:field--error=error_of("from").is_some()>
                    <label for="usage-from">{t!(i18n, usage.form.from)}</label>
                    {field_error("from")}
                    <input id="usage-from" type="date" name="from" value=query.from.clone()
                        aria-describedby=described("from") aria-invalid=invalid("from") />
                </div>
                <div class="field" class:field--error=error_of("until").is_some()>
                    <label for="usage-until">{t!(i18n, usage.form.until)}</label>
                    {field_error("until")}
                    <input id="usage-until" type="date" name="until" value=query.until.clone()
                        aria-describedby=described("until") aria-invalid=invalid("until") />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button">{t!(i18n, usage.form.submit)}</button>
                </div>
            </form>
        </section>
    }
}

/// The label of a period in charts and tables: its first day, or its month.
fn period_label(report: &UsageReport, start: &str) -> String {
    match report.period {
        Period::Month => start.get(..7).unwrap_or(start).to_owned(),
        Period::Day | Period::Week => start.to_owned(),
    }
}

#[component]
fn Figures(report: UsageReport, query: UsageQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (from, until) = (report.from.clone(), report.until.clone());
    let scope = match &report.service {
        Some(id) => td_string!(locale, usage.scope_service, service = id.clone()).to_string(),
        None => t_string!(i18n, usage.scope_all).to_owned(),
    };
    let export = format!("/api/admin/usage.csv?{}", query.to_query_string());
    let key_figures = SHOWN
        .into_iter()
        .map(|measure| {
            view! {
                <div class="key-figure">
                    <dt>{measure_label(measure, locale)}</dt>
                    <dd>{count_text(report.totals.get(measure), locale)}</dd>
                </div>
            }
        })
        .collect_view();
    let categories: Vec<String> = report.buckets.iter().map(|b| period_label(&report, &b.start)).collect();
    let column = |measure: Measure| report.buckets.iter().map(|b| b.counts.get(measure)).collect::<Vec<_>>();
    let period_heading = match report.period {
        Period::Day => t_string!(i18n, usage.period_heading.day),
        Period::Week => t_string!(i18n, usage.period_heading.week),
        Period::Month => t_string!(i18n, usage.period_heading.month),
    }
    .to_owned();
    let activity = vec![
        Series {
            name: measure_label(Measure::FormStarted, locale).to_owned(),
            values: column(Measure::FormStarted),
        },
        Series {
            name: measure_label(Measure::Submitted, locale).to_owned(),
            values: column(Measure::Submitted),
        },
    ];
    let groups = |rows: &[(String, Counts)]| -> (Vec<String>, Vec<Series>) {
        let names = rows
            .iter()
            .map(|(group, _)| group_label(group, locale).to_owned())
            .collect();
        let series = [Measure::FormStarted, Measure::Submitted, Measure::SignedIn]
            .into_iter()
            .map(|measure| Series {
                name: measure_label(measure, locale).to_owned(),
                values: rows.iter().map(|(_, counts)| counts.get(measure)).collect(),
            })
            .collect();
        (names, series)
    };
    let (languages, by_language) = groups(&report.by_language);
    let (devices, by_device) = groups(&report.by_device);
    let described = |key: &str| match key {
        "activity" => td_string!(
            locale,
            usage.charts.activity_desc,
            from = from.clone(),
            until = until.clone()
        )
        .to_string(),
        "language" => td_string!(
            locale,
            usage.charts.language_desc,
            from = from.clone(),
            until = until.clone()
        )
        .to_string(),
        _ => td_string!(
            locale,
            usage.charts.device_desc,
            from = from.clone(),
            until = until.clone()
        )
        .to_string(),
    };
    view! {
        <section aria-labelledby="usage-figures-heading">
            <h2 id="usage-figures-heading">{t!(i18n, usage.figures_heading)}</h2>
            <p>{scope} " · " {td_string!(locale, usage.days, from = from.clone(), until = until.clone()).to_string()}</p>
            <p><a class="button button--secondary" href=export download>{t!(i18n, usage.export)}</a></p>
            <dl class="key-figures">
                {key_figures}
                <div class="key-figure">
                    <dt>{t!(i18n, usage.completion)}</dt>
                    <dd>{rate_text(&report.totals, locale)}</dd>
                </div>
            </dl>
            <BarChart id="chart-activity" title=t_string!(i18n, usage.charts.activity).to_owned()
                description=described("activity") category_heading=period_heading.clone()
                categories=categories.clone() series=activity />
            <PeriodTable report=report.clone() categories period_heading />
            <Funnel report=report.clone() />
            <BarChart id="chart-language" title=t_string!(i18n, usage.charts.language).to_owned()
                description=described("language") category_heading=t_string!(i18n, usage.charts.language_heading).to_owned()
                categories=languages series=by_language />
            <BarChart id="chart-device" title=t_string!(i18n, usage.charts.device).to_owned()
                description=described("device") category_heading=t_string!(i18n, usage.charts.device_heading).to_owned()
                categories=devices series=by_device />
            <Timings timings=report.timings.clone() />
        </section>
    }
}

/// Every measure of every period, with the completion rate.
#[component]
fn PeriodTable(report: UsageReport, categories: Vec<String>, period_heading: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heads = SHOWN
        .into_iter()
        .map(|measure| view! { <th scope="col">{measure_label(measure, locale)}</th> })
        .collect_view();
    let rows = report
        .buckets
        .iter()
        .zip(categories)
        .map(|(bucket, label)| {
            let cells = SHOWN
                .into_iter()
                .map(|measure| view! { <td class="number">{count_text(bucket.counts.get(measure), locale)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {cells}
                    <td class="number">{rate_text(&bucket.counts, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="usage-periods-caption">
            <table class="table table--numbers" id="usage-periods">
                <caption id="usage-periods-caption">{t!(i18n, usage.periods_caption)}</caption>
                <thead><tr><th scope="col">{period_heading}</th>{heads}<th scope="col">{t!(i18n, usage.completion)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Where drafts stopped: only for one service, whose steps it names.
#[component]
fn Funnel(report: UsageReport) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if report.service.is_none() {
        return view! { <p>{t!(i18n, usage.funnel_one_service)}</p> }.into_any();
    }
    if report.funnel.is_empty() {
        return view! { <p>{t!(i18n, usage.funnel_empty)}</p> }.into_any();
    }
    let categories = report
        .funnel
        .iter()
        .map(|step| td_string!(locale, usage.step, number = step.step).to_string())
        .collect();
    let series = vec![
        Series {
            name: t_string!(i18n, usage.reached).to_owned(),
            values: report.funnel.iter().map(|s| s.reached).collect(),
        },
        Series {
            name: t_string!(i18n, usage.abandoned).to_owned(),
            values: report.funnel.iter().map(|s| s.abandoned).collect(),
        },
    ];
    let description = td_string!(
        locale,
        usage.charts.funnel_desc,
        from = report.from.clone(),
        until = report.until.clone()
    )
    .to_string();
    view! {
        <BarChart id="chart-funnel" title=t_string!(i18n, usage.charts.funnel).to_owned() description
            category_heading=t_string!(i18n, usage.charts.funnel_heading).to_owned() categories series />
    }
    .into_any()
}

/// Times from submission to the first status and to the decision.
#[component]
fn Timings(timings: Vec<Timing>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let shown = move |value: Option<i64>| value.map_or_else(|| "—".to_owned(), |s| duration_text(s, locale));
    let rows = timings
        .into_iter()
        .map(|timing| {
            view! {
                <tr>
                    <th scope="row">{measure_label(timing.measure, locale)}</th>
                    <td class="number">{count_text(timing.count, locale)}</td>
                    <td class="number">{shown(timing.median)}</td>
                    <td class="number">{shown(timing.p90)}</td>
                    <td class="number">{shown(timing.trimmed_mean)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="usage-timings">
            <h3 id="usage-timings-heading">{t!(i18n, usage.timings.heading)}</h3>
            <p>{t!(i18n, usage.timings.intro)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="usage-timings-heading">
                <table class="table table--numbers" id="usage-timings">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, usage.timings.measure)}</th>
                            <th scope="col">{t!(i18n, usage.timings.count)}</th>
                            <th scope="col">{t!(i18n, usage.timings.median)}</th>
                            <th scope="col">{t!(i18n, usage.timings.p90)}</th>
                            <th scope="col">{t!(i18n, usage.timings.trimmed_mean)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
