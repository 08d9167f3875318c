//! A health information page's text, written in Markdown by an administrator, made into HTML
//! that is safe to put in a page: raw HTML is shown as the text it is (never markup, never a
//! script), a link goes only to the web, an e-mail address, a telephone number or a page of
//! the portal, an image is shown as its description (no request to elsewhere), and headings
//! start one level under the page's title.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The HTML of `markdown`, safe to put inside a page.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut dropped_links = 0_usize;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match allowed(&dest_url) {
            true => Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })),
            false => {
                dropped_links += 1;
                None
            }
        },
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        // An image: its description stays, as text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: below_title(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(below_title(level)))),
        Event::InlineMath(text) | Event::DisplayMath(text) => Some(Event::Text(text)),
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The page's title is its `<h1>`: a heading of the text is at least an `<h2>`.
fn below_title(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Whether a link may go there: `https:`, `http:`, `mailto:`, `tel:`, or a path of the portal
/// (`/fr/…`) or of the page (`#…`). No `javascript:`, `data:` or `//elsewhere`.
fn allowed(url: &CowStr<'_>) -> bool {
    let url = url.trim();
    if url.starts_with("//") || url.starts_with("/\\") {
        return false;
    }
    if url.starts_with('/') || url.starts_with('#') {
        return true;
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => rest.starts_with("//") && rest.len() > 2,
        "mailto" | "tel" => !rest.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn ordinary_markdown_becomes_its_html() {
        let html = to_safe_html("# Vaccins\n\nLe **vaccin** contre la grippe.\n\n- Gratuit\n- Sans rendez-vous\n");
        assert_eq!(
            html,
            "<h2>Vaccins</h2>\n<p>Le <strong>vaccin</strong> contre la grippe.</p>\n<ul>\n<li>Gratuit</li>\n<li>Sans rendez-vous</li>\n</ul>\n"
        );
        let html =
            to_safe_html("[Info-Santé](tel:811) et [Québec.ca](https://www.quebec.ca/sante) et [aide](/fr/aide)");
        assert!(html.contains(r#"<a href="tel:811">Info-Santé</a>"#), "{html}");
        assert!(html.contains(r#"<a href="https://www.quebec.ca/sante">Québec.ca</a>"#));
        assert!(html.contains(r#"<a href="/fr/aide">aide</a>"#));
    }

    #[test]
    fn raw_html_and_scripts_are_only_text() {
        for hostile in [
            "<script>alert(1)</script>",
            "Bonjour <img src=x onerror=alert(1)> toi",
            "<div onclick=\"alert(1)\">clic</div>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<!-- <script>alert(1)</script> -->",
            "<style>body{display:none}</style>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg><script>alert(1)</script></svg>",
            "<textarea></textarea><script>alert(1)</script>",
        ] {
            let html = to_safe_html(hostile);
            for tag in [
                "<script",
                "<img",
                "<div",
                "<iframe",
                "<!--",
                "<style",
                "<a ",
                "<svg",
                "<textarea",
            ] {
                assert!(!html.contains(tag), "{hostile} gave {html}");
            }
            assert!(html.contains("&lt;"), "shown as text: {html}");
        }
    }

    #[test]
    fn links_go_only_where_they_may() {
        for hostile in [
            "[clic](javascript:alert(1))",
            "[clic](JavaScript:alert(1))",
            "[clic]( javascript:alert(1))",
            "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[clic](vbscript:msgbox)",
            "[clic](//evil.example/phish)",
            "[clic](/\\evil.example)",
            "[clic](https:evil.example)",
            "<javascript:alert(1)>",
            "[clic][x]\n\n[x]: javascript:alert(1)",
        ] {
            let html = to_safe_html(hostile);
            assert!(!html.contains("<a"), "{hostile} gave {html}");
            assert!(!html.contains("href"), "{hostile} gave {html}");
        }
        // The text of a link refused stays, and what follows it is untouched.
        assert_eq!(
            to_safe_html("[le texte](javascript:x) puis [Québec](https://quebec.ca)"),
            "<p>le texte puis <a href=\"https://quebec.ca\">Québec</a></p>\n"
        );
    }

    #[test]
    fn images_are_their_description_and_headings_sit_under_the_title() {
        let html = to_safe_html("![Une seringue](https://evil.example/pixel.gif)");
        assert_eq!(html, "<p>Une seringue</p>\n");
        let html = to_safe_html("# Un\n## Deux\n###### Six {#id .class onclick=x}");
        assert!(html.starts_with("<h2>Un</h2>\n<h3>Deux</h3>\n<h6>"), "{html}");
        assert!(!html.contains("onclick=\"") && !html.contains("class=\""), "{html}");
    }

    #[test]
    fn attributes_cannot_be_broken_out_of() {
        let html = to_safe_html("[x](https://quebec.ca/\"onmouseover=\"alert(1) \"titre\")");
        assert!(!html.contains("\"onmouseover"), "{html}");
        let html = to_safe_html("`<script>` et\n\n```\n<script>alert(1)</script>\n```");
        assert!(!html.contains("<script"), "{html}");
    }
}
