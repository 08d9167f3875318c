//! A user agent described for people: "Chrome · Android", from the woothee parser.

/// Browser and system of a user agent, or `None` when neither is recognized.
pub fn describe(user_agent: &str) -> Option<String> {
    let parsed = woothee::parser::Parser::new().parse(user_agent)?;
    let known = |text: &str| (!text.is_empty() && text != woothee::woothee::VALUE_UNKNOWN).then(|| text.to_owned());
    match (known(parsed.name), known(parsed.os)) {
        (Some(browser), Some(os)) => Some(format!("{browser} · {os}")),
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_agents_are_named_and_junk_is_not() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) \
                       Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(describe(android).as_deref(), Some("Chrome · Android"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(iphone).as_deref(), Some("Safari · iPhone"));
        assert_eq!(describe("zzz"), None);
    }
}
