//! The services page's controls of a tile's place on the home page (one place up or down) and
//! of its "new" badge: plain forms that come back to the page with what they did.

use crate::admin::services_api::{DOWN, ReorderService, SetNewBadge, UP};
use crate::catalogue::model::NewBadge;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The actions the controls post to, made once for the whole page.
#[derive(Clone, Copy)]
pub struct Controls {
    pub reorder: ServerAction<ReorderService>,
    pub badge: ServerAction<SetNewBadge>,
}

/// A badge setting in words.
pub fn badge_label(badge: NewBadge, locale: Locale) -> &'static str {
    match badge {
        NewBadge::Auto => td_string!(locale, admin.services.badge_auto),
        NewBadge::Shown => td_string!(locale, admin.services.badge_shown),
        NewBadge::Hidden => td_string!(locale, admin.services.badge_hidden),
    }
}

/// Its place, and the buttons that move it (none past either end).
#[component]
pub fn OrderButtons(controls: Controls, id: String, title: String, first: bool, last: bool) -> impl IntoView {
    let i18n = use_i18n();
    let button = move |toward: &'static str, label: &'static str| {
        let id = id.clone();
        let named = format!("{label} : {title}");
        view! {
            <ActionForm action=controls.reorder>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="toward" value=toward />
                <button type="submit" class="button button--secondary" aria-label=named>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <div class="row-actions">
            {(!first).then(|| button(UP, t_string!(i18n, admin.services.move_up)))}
            {(!last).then(|| button(DOWN, t_string!(i18n, admin.services.move_down)))}
        </div>
    }
}

/// The badge's setting, and the form that changes it.
#[component]
pub fn BadgeForm(controls: Controls, id: String, title: String, badge: NewBadge) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let select_id = format!("badge-{id}");
    let options = NewBadge::ALL
        .into_iter()
        .map(|choice| {
            view! { <option value=choice.as_str() selected=choice == badge>{badge_label(choice, locale)}</option> }
        })
        .collect_view();
    let apply = format!("{} : {title}", t_string!(i18n, admin.services.badge_apply));
    view! {
        <ActionForm action=controls.badge attr:class="row-actions">
            <input type="hidden" name="id" value=id />
            <label for=select_id.clone() class="visually-hidden">{format!("{} : {title}", t_string!(i18n, admin.services.badge))}</label>
            <select id=select_id name="badge">{options}</select>
            <button type="submit" class="button button--secondary" aria-label=apply>{t!(i18n, admin.services.badge_apply)}</button>
        </ActionForm>
    }
}
