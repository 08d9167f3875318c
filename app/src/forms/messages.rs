//! What the citizen reads when an answer is refused: one translated sentence per problem,
//! with the bound that was crossed where there is one.

use super::answers::{FieldError, Problem};
use crate::attachments::kinds::human_size;
use crate::i18n::{Locale, td_string};

impl FieldError {
    /// The message shown beside the field and in the error summary.
    pub fn message(&self, locale: Locale) -> String {
        let limit = self.limit.as_deref().unwrap_or_default();
        match self.problem {
            Problem::Required => td_string!(locale, forms.errors.required).to_string(),
            Problem::ConsentRequired => td_string!(locale, forms.errors.consent_required).to_string(),
            Problem::WrongType => td_string!(locale, forms.errors.wrong_type).to_string(),
            Problem::TooLong => td_string!(locale, forms.errors.too_long, limit = limit).to_string(),
            Problem::InvalidEmail => td_string!(locale, forms.errors.invalid_email).to_string(),
            Problem::InvalidPhone => td_string!(locale, forms.errors.invalid_phone).to_string(),
            Problem::InvalidDate => td_string!(locale, forms.errors.invalid_date).to_string(),
            Problem::DateTooEarly => td_string!(locale, forms.errors.date_too_early, limit = limit).to_string(),
            Problem::DateTooLate => td_string!(locale, forms.errors.date_too_late, limit = limit).to_string(),
            Problem::NotAWholeNumber => td_string!(locale, forms.errors.not_a_whole_number).to_string(),
            Problem::NumberTooSmall => td_string!(locale, forms.errors.number_too_small, limit = limit).to_string(),
            Problem::NumberTooLarge => td_string!(locale, forms.errors.number_too_large, limit = limit).to_string(),
            Problem::UnknownChoice => td_string!(locale, forms.errors.unknown_choice).to_string(),
            Problem::TooFewChoices => td_string!(locale, forms.errors.too_few_choices, limit = limit).to_string(),
            Problem::TooManyChoices => td_string!(locale, forms.errors.too_many_choices, limit = limit).to_string(),
            Problem::InvalidPostalCode => td_string!(locale, forms.errors.invalid_postal_code).to_string(),
            Problem::InvalidHealthInsuranceNumber => td_string!(locale, forms.errors.invalid_nam).to_string(),
            Problem::NamBirthDateMismatch => td_string!(locale, forms.errors.nam_birth_date).to_string(),
            Problem::NamSexMismatch => td_string!(locale, forms.errors.nam_sex).to_string(),
            Problem::InvalidFile => td_string!(locale, forms.errors.invalid_file).to_string(),
            Problem::FileTooLarge => {
                let size = limit
                    .parse()
                    .map_or_else(|_| limit.to_owned(), |bytes| human_size(bytes, locale));
                td_string!(locale, forms.errors.file_too_large, limit = size).to_string()
            }
            Problem::FileTypeNotAllowed => td_string!(locale, forms.errors.file_type).to_string(),
            Problem::FileNotSent => td_string!(locale, forms.errors.file_not_sent).to_string(),
            Problem::UnknownField => td_string!(locale, forms.errors.unknown_field).to_string(),
            Problem::HiddenField => td_string!(locale, forms.errors.hidden_field).to_string(),
        }
    }
}
