//! "Nouveautés à suivre" on the message settings page: the categories of services whose news
//! the citizen follows, and whether they are told of each one or once a week. A plain form.

use crate::catalogue::model::Category;
use crate::catalogue::pages::category_label;
use crate::i18n::{t, use_i18n};
use crate::notifications::api::SaveFollowing;
use crate::notifications::model::{Following, Frequency};
use crate::ui::ErrorNotice;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn FollowingForm(following: Following) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let save = ServerAction::<SaveFollowing>::new();
    let failed = save.value().get_untracked().and_then(Result::err);
    let boxes = Category::ALL
        .into_iter()
        .map(|category| {
            let id = format!("follow-{}", category.as_str());
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name=category.as_str()
                        checked=following.categories.contains(&category) />
                    <label for=id>{category_label(category, locale)}</label>
                </div>
            }
        })
        .collect_view();
    let weekly = following.frequency == Frequency::Weekly;
    view! {
        <section aria-labelledby="following-heading">
            <h2 id="following-heading">{t!(i18n, notifications.following.heading)}</h2>
            <p>{t!(i18n, notifications.following.intro)}</p>
            {failed.map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=save attr:class="form">
                <fieldset class="fieldset">
                    <legend>{t!(i18n, notifications.following.categories)}</legend>
                    {boxes}
                </fieldset>
                <fieldset class="fieldset">
                    <legend>{t!(i18n, notifications.following.how_often)}</legend>
                    <div class="choice">
                        <input type="radio" id="frequency-each" name="frequency" value=Frequency::Each.as_str() checked=!weekly />
                        <label for="frequency-each">{t!(i18n, notifications.following.each)}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="frequency-weekly" name="frequency" value=Frequency::Weekly.as_str() checked=weekly />
                        <label for="frequency-weekly">{t!(i18n, notifications.following.weekly)}</label>
                    </div>
                </fieldset>
                <button type="submit" class="button">{t!(i18n, notifications.following.save)}</button>
            </ActionForm>
        </section>
    }
}
