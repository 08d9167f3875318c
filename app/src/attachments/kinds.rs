//! The kinds of file the portal accepts and how sizes read in each language; shared by the
//! manifest check, the file field and its messages.

use crate::i18n::Locale;

/// A kind of file the portal can recognize by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileKind {
    /// The media type a manifest names in a file field's `accept`.
    pub media_type: &'static str,
    /// How people know it: "PDF", "JPEG".
    pub label: &'static str,
}

/// Every kind a file field may accept: documents and photos as phones and scanners make them.
pub const SUPPORTED: [FileKind; 4] = [
    FileKind {
        media_type: "application/pdf",
        label: "PDF",
    },
    FileKind {
        media_type: "image/jpeg",
        label: "JPEG",
    },
    FileKind {
        media_type: "image/png",
        label: "PNG",
    },
    FileKind {
        media_type: "image/webp",
        label: "WebP",
    },
];

/// The kind of this media type, if the portal supports it.
pub fn kind(media_type: &str) -> Option<FileKind> {
    SUPPORTED.iter().copied().find(|k| k.media_type == media_type)
}

/// A size as people read it: `850 octets`, `120 Ko`, `4,5 Mo` (`850 bytes`, `120 KB`, `4.5 MB`).
pub fn human_size(bytes: u64, locale: Locale) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (units, comma) = match locale {
        Locale::fr => (["octets", "Ko", "Mo"], true),
        Locale::en => (["bytes", "KB", "MB"], false),
    };
    let text = if bytes < KB {
        format!("{bytes} {}", units[0])
    } else if bytes < MB {
        format!("{} {}", bytes.div_ceil(KB), units[1])
    } else {
        // One decimal, dropped when it is zero: 5 Mo, 4,5 Mo.
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} {}", tenths / 10, units[2])
        } else {
            format!("{}.{} {}", tenths / 10, tenths % 10, units[2])
        }
    };
    if comma { text.replace('.', ",") } else { text }
}

/// The accepted kinds of a field, as a list people read: "PDF, JPEG, PNG".
pub fn labels(media_types: &[String]) -> String {
    media_types
        .iter()
        .map(|m| kind(m).map_or(m.as_str(), |k| k.label))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally_in_both_languages() {
        assert_eq!(human_size(850, Locale::fr), "850 octets");
        assert_eq!(human_size(850, Locale::en), "850 bytes");
        assert_eq!(human_size(120 * 1024, Locale::fr), "120 Ko");
        assert_eq!(human_size(5 * 1024 * 1024, Locale::fr), "5 Mo");
        assert_eq!(human_size(4 * 1024 * 1024 + 512 * 1024, Locale::fr), "4,5 Mo");
        assert_eq!(human_size(4 * 1024 * 1024 + 512 * 1024, Locale::en), "4.5 MB");
        // Rounded up, so a file just over a limit never reads as the limit itself.
        assert_eq!(human_size(5 * 1024 * 1024 + 1, Locale::en), "5.1 MB");
    }

    #[test]
    fn labels_name_the_kinds() {
        let accept = ["application/pdf".to_owned(), "image/jpeg".to_owned()];
        assert_eq!(labels(&accept), "PDF, JPEG");
        assert!(kind("image/gif").is_none());
    }
}
