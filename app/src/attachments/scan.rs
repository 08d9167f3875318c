//! What the server makes of an uploaded file before keeping it: its type, read from its first
//! bytes (a `.pdf` that is really a program is refused), and a name that is safe to show.

use super::kinds::{FileKind, kind};

/// The supported kind this content is, whatever its name says.
pub fn recognize(content: &[u8]) -> Option<FileKind> {
    infer::get(content).and_then(|found| kind(found.mime_type()))
}

/// The longest name kept, in characters.
const NAME_MAX: usize = 120;

/// The file's name without any folder, control or bidirectional-override character, at most
/// [`NAME_MAX`] characters (keeping the extension); `fichier` when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return "fichier".to_owned();
    }
    if cleaned.chars().count() <= NAME_MAX {
        return cleaned.to_owned();
    }
    let extension: String = match cleaned.rsplit_once('.') {
        Some((_, ext)) if ext.chars().count() <= 10 => format!(".{ext}"),
        _ => String::new(),
    };
    let stem: String = cleaned.chars().take(NAME_MAX - extension.chars().count()).collect();
    format!("{stem}{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_the_type() {
        assert_eq!(
            recognize(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").map(|k| k.media_type),
            Some("application/pdf")
        );
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        assert_eq!(recognize(&png).map(|k| k.media_type), Some("image/png"));
        assert_eq!(
            recognize(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).map(|k| k.media_type),
            Some("image/jpeg")
        );
        // A program, a GIF and plain text are not kinds a form may ask for.
        assert_eq!(recognize(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"), None);
        assert_eq!(recognize(b"GIF89a\x01\x00\x01\x00"), None);
        assert_eq!(recognize(b"Bonjour, voici ma lettre."), None);
        assert_eq!(recognize(b""), None);
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\moi\\lettre.pdf"), "lettre.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("rapport\u{202E}fdp.exe"), "rapportfdp.exe");
        assert_eq!(clean_name("  .cache  "), "cache");
        assert_eq!(clean_name("\n\t"), "fichier");
        let long = format!("{}.pdf", "é".repeat(300));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.chars().count(), NAME_MAX);
        assert!(cleaned.ends_with(".pdf"));
    }
}
