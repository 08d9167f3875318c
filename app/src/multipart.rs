//! Reading a `multipart/form-data` body part by part, each part capped: what a file upload and
//! a wizard step sent without script share. Each caller says in its own terms what was
//! malformed.

pub type Multipart = multer::Multipart<'static>;
pub type Part = multer::Field<'static>;

/// Reads a part, giving up (`Ok(None)`) as soon as it holds more than `cap` bytes; an error
/// when the body breaks off.
pub async fn read_capped(part: &mut Part, cap: usize) -> Result<Option<Vec<u8>>, multer::Error> {
    let mut content = Vec::new();
    while let Some(chunk) = part.chunk().await? {
        if content.len() + chunk.len() > cap {
            return Ok(None);
        }
        content.extend_from_slice(&chunk);
    }
    Ok(Some(content))
}

/// A part's text: `Ok(None)` when longer than `cap` bytes; an error when the body breaks off
/// or the text is not UTF-8.
pub async fn text(part: &mut Part, cap: usize) -> Result<Option<String>, ()> {
    match read_capped(part, cap).await.map_err(|_| ())? {
        Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| ()),
        None => Ok(None),
    }
}

/// The text of the next part, which must be named `name` and hold at most `cap` bytes; `None`
/// when it is missing, named otherwise, longer, broken or not UTF-8.
pub async fn named_text(multipart: &mut Multipart, name: &str, cap: usize) -> Option<String> {
    let mut part = multipart.next_field().await.ok()??;
    if part.name() != Some(name) {
        return None;
    }
    text(&mut part, cap).await.ok()?
}
