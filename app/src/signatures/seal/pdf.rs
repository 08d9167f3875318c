//! The signed document's PDF: the original bytes untouched, then one incremental update (ISO
//! 32000-1, 7.5.6) that adds a visible signature page and a signature field whose dictionary
//! holds the seal's CMS over every byte of the file but the signature itself (`/ByteRange`).

use super::SealError;
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

/// Room kept for the CMS (bytes): the seal's chain and, later, a time-stamp token fit.
const SIGNATURE_ROOM: usize = 16 * 1024;
/// Stands for each `/ByteRange` number until the file's length is known (ten digits).
const RANGE_PLACEHOLDER: i64 = 9_999_999_999;
/// US Letter, in points; the text starts an inch from the left.
const PAGE: (i64, i64) = (612, 792);
const MARGIN: i64 = 56;
/// Characters per line of the body (Helvetica 10 pt across the page's width).
const LINE_WIDTH: usize = 92;

/// Why a file cannot be signed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfFault {
    #[error("the file is not a PDF that can be read")]
    NotPdf,
    #[error("the PDF is encrypted")]
    Encrypted,
    #[error("the PDF has no page")]
    NoPage,
}

/// What the visible signature page says, in the signer's language.
pub struct SignaturePage {
    pub title: String,
    /// Paragraphs of the body, each wrapped to the page's width.
    pub paragraphs: Vec<String>,
    /// The lines in the signature's box at the foot of the page.
    pub stamp: Vec<String>,
    /// The signature field's name, unique in the document.
    pub field: String,
}

/// Reads `bytes` as a PDF the portal can sign: parsed, not encrypted, with at least one page.
/// Answers its number of pages.
pub fn read(bytes: &[u8]) -> Result<usize, PdfFault> {
    load(bytes).map(|document| document.get_pages().len())
}

fn load(bytes: &[u8]) -> Result<Document, PdfFault> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfFault::NotPdf);
    }
    let document = Document::load_mem(bytes).map_err(|_| PdfFault::NotPdf)?;
    if document.is_encrypted() || document.encryption_state.is_some() || document.trailer.get(b"Encrypt").is_ok() {
        return Err(PdfFault::Encrypted);
    }
    if document.get_pages().is_empty() {
        return Err(PdfFault::NoPage);
    }
    Ok(document)
}

/// A file sealed but for its signature: `original` with the signature page, its byte range
/// filled in, and the SHA-256 of that range, which the CMS signs.
pub(super) struct Prepared {
    file: Vec<u8>,
    /// Where the `/Contents` hex string opens (`<`).
    hole: usize,
    pub digest: Vec<u8>,
}

/// Adds the signature page and field to `original`, and fills the byte range.
pub(super) fn prepare(original: &[u8], page: &SignaturePage, at: time::OffsetDateTime) -> Result<Prepared, SealError> {
    let previous = load(original)?;
    let catalog_id = previous
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| PdfFault::NotPdf)?;
    let pages_id = previous
        .catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| PdfFault::NotPdf)?;
    let mut update = IncrementalDocument::create_from(original.to_vec(), previous);
    let added = &mut update.new_document;

    let font = added.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let fonts = || dictionary! { "Font" => dictionary! { "F1" => font } };
    let body = added.add_object(Stream::new(Dictionary::new(), body_of(page)));
    let (box_width, box_height) = (PAGE.0 - 2 * MARGIN, 14 * page.stamp.len() as i64 + 24);
    let appearance = added.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), box_width.into(), box_height.into()],
            "Resources" => fonts(),
        },
        stamp_of(page, box_width, box_height),
    ));
    let signature = added.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "ETSI.CAdES.detached",
        "ByteRange" => vec![0.into(), RANGE_PLACEHOLDER.into(), RANGE_PLACEHOLDER.into(), RANGE_PLACEHOLDER.into()],
        "Contents" => Object::String(vec![0; SIGNATURE_ROOM], StringFormat::Hexadecimal),
        "M" => Object::string_literal(pdf_date(at)),
        "Location" => text("Votre santé"),
    });
    let page_id = added.new_object_id();
    let widget = added.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => text(&page.field),
        "V" => signature,
        "F" => 4,
        "P" => page_id,
        "Rect" => vec![MARGIN.into(), MARGIN.into(), (MARGIN + box_width).into(), (MARGIN + box_height).into()],
        "AP" => dictionary! { "N" => appearance },
    });
    added.set_object(
        page_id,
        dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE.0.into(), PAGE.1.into()],
            "Resources" => fonts(),
            "Contents" => body,
            "Annots" => vec![widget.into()],
        },
    );

    update
        .opt_clone_object_to_new_document(pages_id)
        .map_err(|_| PdfFault::NotPdf)?;
    let pages = dictionary_mut(&mut update.new_document, pages_id)?;
    let count = pages.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
    pages.set("Count", count + 1);
    match pages.get_mut(b"Kids").and_then(Object::as_array_mut) {
        Ok(kids) => kids.push(page_id.into()),
        Err(_) => return Err(PdfFault::NotPdf.into()),
    }
    add_field(&mut update, catalog_id, widget)?;

    let mut file = Vec::with_capacity(original.len() + SIGNATURE_ROOM * 2 + 8192);
    update.save_to(&mut file).map_err(|_| PdfFault::NotPdf)?;
    let (hole, digest) = fill_range(&mut file, original.len())?;
    Ok(Prepared { file, hole, digest })
}

/// The prepared file with `cms` (the DER of the CMS ContentInfo) in its signature's place.
pub(super) fn finish(prepared: Prepared, cms: &[u8]) -> Result<Vec<u8>, SealError> {
    let Prepared { mut file, hole, .. } = prepared;
    let signature = hex::encode_upper(cms);
    if signature.len() > 2 * SIGNATURE_ROOM {
        return Err(SealError::Build(
            "the signature is larger than the room kept for it".into(),
        ));
    }
    file[hole + 1..hole + 1 + signature.len()].copy_from_slice(signature.as_bytes());
    Ok(file)
}

/// Adds the signature's field to the document's form (made if it has none), in the update.
fn add_field(update: &mut IncrementalDocument, catalog_id: ObjectId, widget: ObjectId) -> Result<(), SealError> {
    update
        .opt_clone_object_to_new_document(catalog_id)
        .map_err(|_| PdfFault::NotPdf)?;
    let form = dictionary_mut(&mut update.new_document, catalog_id)?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let form = match form {
        Some(Object::Reference(form_id)) => {
            update
                .opt_clone_object_to_new_document(form_id)
                .map_err(|_| PdfFault::NotPdf)?;
            return with_field(dictionary_mut(&mut update.new_document, form_id)?, widget);
        }
        Some(Object::Dictionary(form)) => form,
        _ => Dictionary::new(),
    };
    let mut form = form;
    with_field(&mut form, widget)?;
    dictionary_mut(&mut update.new_document, catalog_id)?.set("AcroForm", form);
    Ok(())
}

fn with_field(form: &mut Dictionary, widget: ObjectId) -> Result<(), SealError> {
    match form.get_mut(b"Fields") {
        Ok(Object::Array(fields)) => fields.push(widget.into()),
        // A form whose fields are elsewhere (an indirect array) keeps them: ours is added to a copy.
        _ => form.set("Fields", vec![Object::from(widget)]),
    }
    // SignaturesExist | AppendOnly: readers keep later changes as updates.
    form.set("SigFlags", 3);
    Ok(())
}

fn dictionary_mut(document: &mut Document, id: ObjectId) -> Result<&mut Dictionary, SealError> {
    document
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| PdfFault::NotPdf.into())
}

/// Fills the byte range into the saved file; where the signature goes, and the range's SHA-256.
fn fill_range(file: &mut [u8], appended_from: usize) -> Result<(usize, Vec<u8>), SealError> {
    let broken = || SealError::Build("the signature's placeholders are not in the file".into());
    let hole = format!("<{}", "0".repeat(64));
    let start = find(file, hole.as_bytes(), appended_from).ok_or_else(broken)?;
    let end = start + 1 + 2 * SIGNATURE_ROOM;
    if file.get(end) != Some(&b'>') {
        return Err(broken());
    }
    let after = end + 1;
    let range_key = find(file, b"/ByteRange", appended_from).ok_or_else(broken)?;
    let open = find(file, b"[", range_key).ok_or_else(broken)?;
    let close = find(file, b"]", open).ok_or_else(broken)?;
    let mut range = format!("[0 {start} {after} {}", file.len() - after).into_bytes();
    if range.len() > close - open {
        return Err(broken());
    }
    range.resize(close - open, b' ');
    file[open..close].copy_from_slice(&range);

    let mut digest = Sha256::new();
    digest.update(&file[..start]);
    digest.update(&file[after..]);
    Ok((start, digest.finalize().to_vec()))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

/// The page's text: the title, then the paragraphs wrapped.
fn body_of(page: &SignaturePage) -> Vec<u8> {
    let mut content = format!("BT /F1 15 Tf {MARGIN} {} Td (", PAGE.1 - 72).into_bytes();
    content.extend(literal(&page.title));
    content.extend(format!(") Tj ET\nBT /F1 10 Tf 13 TL {MARGIN} {} Td\n", PAGE.1 - 104).into_bytes());
    for paragraph in &page.paragraphs {
        for line in wrap(paragraph, LINE_WIDTH) {
            content.push(b'(');
            content.extend(literal(&line));
            content.extend(b") Tj T*\n");
        }
        content.extend(b"T*\n");
    }
    content.extend(b"ET\n");
    content
}

/// The signature box: a frame and its lines.
fn stamp_of(page: &SignaturePage, width: i64, height: i64) -> Vec<u8> {
    let mut content = format!(
        "0.035 0.2 0.42 RG 1.5 w 1 1 {} {} re S\n0 0 0 rg BT /F1 10 Tf 13 TL 12 {} Td\n",
        width - 2,
        height - 2,
        height - 22
    )
    .into_bytes();
    for line in &page.stamp {
        content.push(b'(');
        content.extend(literal(line));
        content.extend(b") Tj T*\n");
    }
    content.extend(b"ET\n");
    content
}

/// A string's bytes in WinAnsiEncoding (French needs only Latin-1 and a few punctuation
/// marks), escaped for a literal string; what the font cannot draw becomes `?`.
fn literal(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for character in text.chars() {
        let byte = match character {
            '\u{2019}' | '\u{2018}' => b'\'',
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{2026}' => 0x85,
            '\u{20AC}' => 0x80,
            '\u{A0}' | '\u{202F}' => b' ',
            '(' | ')' | '\\' => {
                bytes.push(b'\\');
                character as u8
            }
            c if (' '..='~').contains(&c) || ('\u{A1}'..='\u{FF}').contains(&c) => c as u32 as u8,
            _ => b'?',
        };
        bytes.push(byte);
    }
    bytes
}

/// A text string (ISO 32000-1, 7.9.2.2): ASCII as it is, anything else in UTF-16BE.
fn text(value: &str) -> Object {
    if value.is_ascii() {
        return Object::string_literal(value);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(value.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Words joined into lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A PDF date (ISO 32000-1, 7.9.4) in UTC.
fn pdf_date(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_written_in_the_fonts_encoding_and_parentheses_are_escaped() {
        assert_eq!(literal("Signé (à Québec)"), b"Sign\xe9 \\(\xe0 Qu\xe9bec\\)".to_vec());
        assert_eq!(literal("l’avis — 3 €"), b"l'avis \x97 3 \x80".to_vec());
        assert_eq!(literal("名"), b"?".to_vec());
    }

    #[test]
    fn paragraphs_wrap_between_words() {
        assert_eq!(wrap("un deux trois quatre", 9), vec!["un deux", "trois", "quatre"]);
        assert_eq!(wrap("  ", 9), Vec::<String>::new());
    }

    #[test]
    fn what_is_not_a_readable_pdf_is_refused() {
        assert_eq!(read(b"hello"), Err(PdfFault::NotPdf));
        assert_eq!(read(b"%PDF-1.7\n garbage"), Err(PdfFault::NotPdf));
    }
}
