//! URLs and other outside values as messages and the manifest show them: credentials in a
//! URL's userinfo (`user:password@`) replaced by `***`, so a log or a shared manifest never
//! leaks them, and anything longer than a message needs cut with an ellipsis, so a server's
//! 100 KB redirect target cannot flood stderr or the manifest.

use std::borrow::Cow;

use reqwest::Url;

/// Characters of one value kept in a message; enough to tell URLs apart.
pub const MAX_SHOWN_CHARS: usize = 300;

/// A URL for a message: redacted and cut.
pub fn shown(url: &Url) -> String {
    cut(&redacted(url.as_str())).into_owned()
}

/// A URL for a message, from its text (which may not parse): redacted and cut.
pub fn shown_text(text: &str) -> String {
    cut(&redacted(text)).into_owned()
}

/// `text` with the userinfo of its URL, if any, replaced by `***`. Works on text, so it also
/// covers lines that do not parse as URLs.
pub fn redacted(text: &str) -> Cow<'_, str> {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return Cow::Borrowed(text);
    };
    let rest = &text[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &text[..start], &rest[at..])),
        None => Cow::Borrowed(text),
    }
}

/// `text` cut to [`MAX_SHOWN_CHARS`] characters, an ellipsis marking the cut.
pub fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted_and_the_rest_kept() {
        let url = Url::parse("https://alice:s3cret@example.org:8443/a@b?q=x@y#f").unwrap();
        assert_eq!(shown(&url), "https://***@example.org:8443/a@b?q=x@y#f");
        let url = Url::parse("http://token@example.org/").unwrap();
        assert_eq!(shown(&url), "http://***@example.org/");
        assert_eq!(redacted("http://example.org/x@y"), "http://example.org/x@y");
        assert_eq!(redacted("http://u:p@bad host/"), "http://***@bad host/");
        assert_eq!(redacted("not a url"), "not a url");
    }

    #[test]
    fn long_values_are_cut_on_a_character_boundary() {
        let long = "é".repeat(MAX_SHOWN_CHARS + 5);
        let c = cut(&long);
        assert_eq!(c.chars().count(), MAX_SHOWN_CHARS + 1);
        assert!(c.ends_with('…'));
        assert_eq!(cut("short"), "short");
    }
}
