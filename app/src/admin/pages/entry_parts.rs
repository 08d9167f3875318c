//! How the console shows a journal entry: its action in words, its outcome, its time.

use crate::i18n::{Locale, td_string};

/// An action's name in words, for the codes the portal writes; `None` for any other (shown as
/// its code).
pub fn action_label(code: &str, locale: Locale) -> Option<&'static str> {
    Some(match code {
        "auth.sign_in" => td_string!(locale, journal.actions.auth_sign_in),
        "auth.sign_out" => td_string!(locale, journal.actions.auth_sign_out),
        "auth.session_expired" => td_string!(locale, journal.actions.auth_session_expired),
        "profile.language" => td_string!(locale, journal.actions.profile_language),
        "draft.create" => td_string!(locale, journal.actions.draft_create),
        "draft.delete" => td_string!(locale, journal.actions.draft_delete),
        "draft.expire" => td_string!(locale, journal.actions.draft_expire),
        "request.submit" => td_string!(locale, journal.actions.request_submit),
        "request.withdraw" => td_string!(locale, journal.actions.request_withdraw),
        "request.status" => td_string!(locale, journal.actions.request_status),
        "request.message" => td_string!(locale, journal.actions.request_message),
        "request.file" => td_string!(locale, journal.actions.request_file),
        "delivery.acknowledged" => td_string!(locale, journal.actions.delivery_acknowledged),
        "delivery.refused" => td_string!(locale, journal.actions.delivery_refused),
        "delivery.failed" => td_string!(locale, journal.actions.delivery_failed),
        "delivery.given_up" => td_string!(locale, journal.actions.delivery_given_up),
        "delivery.postponed" => td_string!(locale, journal.actions.delivery_postponed),
        "delivery.replay" => td_string!(locale, journal.actions.delivery_replay),
        "notification.acknowledged" => td_string!(locale, journal.actions.notification_acknowledged),
        "notification.refused" => td_string!(locale, journal.actions.notification_refused),
        "notification.failed" => td_string!(locale, journal.actions.notification_failed),
        "notification.given_up" => td_string!(locale, journal.actions.notification_given_up),
        "notification.postponed" => td_string!(locale, journal.actions.notification_postponed),
        "notification.unsubscribed" => td_string!(locale, journal.actions.notification_unsubscribed),
        "announcement.published" => td_string!(locale, journal.actions.announcement_published),
        "announcement.acknowledged" => td_string!(locale, journal.actions.announcement_acknowledged),
        "announcement.refused" => td_string!(locale, journal.actions.announcement_refused),
        "announcement.failed" => td_string!(locale, journal.actions.announcement_failed),
        "announcement.given_up" => td_string!(locale, journal.actions.announcement_given_up),
        "announcement.postponed" => td_string!(locale, journal.actions.announcement_postponed),
        "contact.code_sent" => td_string!(locale, journal.actions.contact_code_sent),
        "contact.verify" => td_string!(locale, journal.actions.contact_verify),
        "contact.removed" => td_string!(locale, journal.actions.contact_removed),
        "push_device.added" => td_string!(locale, journal.actions.push_device_added),
        "push_device.removed" => td_string!(locale, journal.actions.push_device_removed),
        "feedback.sent" => td_string!(locale, journal.actions.feedback_sent),
        "feedback.screenshot" => td_string!(locale, journal.actions.feedback_screenshot),
        "feedback.screenshot_viewed" => td_string!(locale, journal.actions.feedback_screenshot_viewed),
        "feedback.status" => td_string!(locale, journal.actions.feedback_status),
        "feedback.reopened" => td_string!(locale, journal.actions.feedback_reopened),
        "feedback.merged" => td_string!(locale, journal.actions.feedback_merged),
        "feedback.export" => td_string!(locale, journal.actions.feedback_export),
        "signature.ask" => td_string!(locale, journal.actions.signature_ask),
        "signature.open" => td_string!(locale, journal.actions.signature_open),
        "signature.signed" => td_string!(locale, journal.actions.signature_signed),
        "signature.declined" => td_string!(locale, journal.actions.signature_declined),
        "signature.expired" => td_string!(locale, journal.actions.signature_expired),
        "signature.read" => td_string!(locale, journal.actions.signature_read),
        "signature.fetch" => td_string!(locale, journal.actions.signature_fetch),
        "catalogue.publish" => td_string!(locale, journal.actions.catalogue_publish),
        "catalogue.endpoints" => td_string!(locale, journal.actions.catalogue_endpoints),
        "catalogue.withdraw" => td_string!(locale, journal.actions.catalogue_withdraw),
        "catalogue.restore" => td_string!(locale, journal.actions.catalogue_restore),
        "health_page.publish" => td_string!(locale, journal.actions.health_page_publish),
        "health_page.withdraw" => td_string!(locale, journal.actions.health_page_withdraw),
        "health_page.restore" => td_string!(locale, journal.actions.health_page_restore),
        "catalogue.reorder" => td_string!(locale, journal.actions.catalogue_reorder),
        "catalogue.badge" => td_string!(locale, journal.actions.catalogue_badge),
        "catalogue.read" => td_string!(locale, journal.actions.catalogue_read),
        "api_token.issue" => td_string!(locale, journal.actions.api_token_issue),
        "api_token.revoke" => td_string!(locale, journal.actions.api_token_revoke),
        "api_token.rotate" => td_string!(locale, journal.actions.api_token_rotate),
        "api_token.refused" => td_string!(locale, journal.actions.api_token_refused),
        "signing_key.rotate" => td_string!(locale, journal.actions.signing_key_rotate),
        "admin.access" => td_string!(locale, journal.actions.admin_access),
        "audit.search" => td_string!(locale, journal.actions.audit_search),
        "audit.journey" => td_string!(locale, journal.actions.audit_journey),
        "audit.export" => td_string!(locale, journal.actions.audit_export),
        "audit.verify" => td_string!(locale, journal.actions.audit_verify),
        "audit.head_exported" => td_string!(locale, journal.actions.audit_head_exported),
        "usage.export" => td_string!(locale, journal.actions.usage_export),
        "system.start" => td_string!(locale, journal.actions.system_start),
        _ => return None,
    })
}

/// An outcome in words (`success`, `failure`, `denied`); any other as it is stored.
pub fn outcome_label(outcome: &str, locale: Locale) -> String {
    match outcome {
        "success" => td_string!(locale, journal.outcomes.success).to_owned(),
        "failure" => td_string!(locale, journal.outcomes.failure).to_owned(),
        "denied" => td_string!(locale, journal.outcomes.denied).to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_the_portal_writes_has_a_name_in_both_languages() {
        for code in [
            "auth.sign_in",
            "request.submit",
            "delivery.acknowledged",
            "audit.export",
            "signature.signed",
            "catalogue.reorder",
            "catalogue.badge",
        ] {
            let (fr, en) = (action_label(code, Locale::fr), action_label(code, Locale::en));
            assert!(fr.is_some() && en.is_some() && fr != en, "{code}");
        }
        assert_eq!(action_label("x.unknown", Locale::fr), None);
    }
}
