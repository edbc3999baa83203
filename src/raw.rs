//! What comes off the wire or the disk, and the one path from it to a [`Document`]: the
//! library's [`extract_bytes`](crate::extract_bytes), `dehusk clean` on files and on
//! standard input, the fetcher and the WARC reader all describe a page as a [`RawPage`]
//! and call [`RawPage::read`]. The checks (size, Content-Encoding, gzip, binary sniff,
//! HTML sniff) and the decoding are written once, and every error names the page's
//! [`source`](RawPage::source).

use std::borrow::Cow;

use crate::decode::{self, Kind, binary_kind, kind_of, looks_like_html};
use crate::document::Document;
use crate::error::Error;
use crate::extract::{Options, extract_page};

/// A page as read: its bytes and what the transport said about them.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RawPage<'a> {
    /// The bytes as read: maybe gzip'd (a saved `.html.gz`), in any charset.
    pub bytes: &'a [u8],
    /// The name errors give the page: a path, a URL, `<stdin>`, an archive's record.
    pub source: &'a str,
    /// Where the page was read from on the web, when known.
    pub url: Option<&'a str>,
    /// The `Content-Type` header: media type and charset.
    pub content_type: Option<&'a str>,
    /// The `Content-Encoding` header of a body still encoded (a WARC payload): undone
    /// before anything else, bounded by the size limit.
    pub content_encoding: Option<&'a str>,
    /// The `Content-Language` header: the page's language when the page does not say.
    pub content_language: Option<&'a str>,
    /// Where the page sits in its source: a WARC record's offset, a list's line
    /// (carried for the caller; extraction does not use it).
    pub position: Option<u64>,
    /// Read from the web, where the content type is the page's only label: an absent or
    /// `application/octet-stream` type then needs bytes that look like HTML. A file is
    /// labelled by its name and an archive by its record's type.
    pub from_web: bool,
}

impl<'a> RawPage<'a> {
    /// A page of `bytes`, named `source` in errors, nothing else known.
    pub fn new(bytes: &'a [u8], source: &'a str) -> RawPage<'a> {
        RawPage {
            bytes,
            source,
            url: None,
            content_type: None,
            content_encoding: None,
            content_language: None,
            position: None,
            from_web: false,
        }
    }

    /// The same page, read from the web (see [`from_web`](Self::from_web)).
    pub fn from_web(mut self, yes: bool) -> Self {
        self.from_web = yes;
        self
    }

    /// The same page, read from `url`.
    pub fn url(mut self, url: Option<&'a str>) -> Self {
        self.url = url;
        self
    }

    /// The same page with its `Content-Type` header.
    pub fn content_type(mut self, value: Option<&'a str>) -> Self {
        self.content_type = value;
        self
    }

    /// The same page with the `Content-Encoding` its bytes are still in.
    pub fn content_encoding(mut self, value: Option<&'a str>) -> Self {
        self.content_encoding = value;
        self
    }

    /// The same page with its `Content-Language` header.
    pub fn content_language(mut self, value: Option<&'a str>) -> Self {
        self.content_language = value;
        self
    }

    /// The same page with its position in its source.
    pub fn position(mut self, value: Option<u64>) -> Self {
        self.position = value;
        self
    }

    /// Checks, decodes and extracts the page.
    pub fn read(&self, options: &Options) -> Result<Document, Error> {
        self.read_keeping_html(options).map(|(doc, _)| doc)
    }

    /// Like [`read`](Self::read), also giving the page decoded to UTF-8 (the fetcher saves
    /// it beside the text).
    pub fn read_keeping_html(&self, options: &Options) -> Result<(Document, String), Error> {
        let decoded = self.decode(options.max_bytes)?;
        let doc = extract_page(
            &decoded.html,
            self.source,
            self.url,
            self.content_language,
            options,
        )?;
        Ok((doc, decoded.html))
    }

    /// The page's bytes, checked and decoded to UTF-8: at most `max_bytes` before and after
    /// undoing a Content-Encoding or gzip; refused when they are a known binary format, or
    /// when nothing says HTML (neither the content type nor the bytes).
    pub fn decode(&self, max_bytes: usize) -> Result<decode::Decoded, Error> {
        let too_large = |size: usize| Error::TooLarge {
            input: self.source.to_string(),
            size,
            limit: max_bytes,
        };
        if self.bytes.len() > max_bytes {
            return Err(too_large(self.bytes.len()));
        }
        let mut bytes = Cow::Borrowed(self.bytes);
        if let Some(coding) = self.content_encoding {
            let body = crate::warc::decode_body(&bytes, coding, max_bytes).map_err(|source| {
                Error::ContentEncoding {
                    input: self.source.to_string(),
                    source,
                }
            })?;
            bytes = Cow::Owned(body);
        }
        if bytes.starts_with(&[0x1f, 0x8b]) {
            bytes = Cow::Owned(decode::gunzip_if_needed(
                self.source,
                bytes.into_owned(),
                max_bytes,
            )?);
        }
        let not_html = |reason: String| Error::NotHtml {
            input: self.source.to_string(),
            reason,
        };
        if let Some(kind) = binary_kind(&bytes) {
            return Err(not_html(format!("looks like {kind}")));
        }
        // From the web an unlabelled body must look like HTML too; a file is labelled by
        // its name.
        let kind = kind_of(self.content_type);
        let unlabelled = self.from_web && kind == Kind::Unknown;
        if (unlabelled || kind == Kind::Other) && !looks_like_html(&bytes) {
            return Err(not_html(match self.content_type {
                Some(ct) if kind == Kind::Other => {
                    format!("content type {ct}, and the body does not look like HTML")
                }
                _ => "no HTML content type, and the body does not look like HTML".to_string(),
            }));
        }
        Ok(decode::decode(&bytes, self.content_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>T</title></head><body><article><p>The harbour \
        board approved the new ferry timetable on Monday, after a year of talks with the \
        island councils, and the first boats sail in May.</p></article></body></html>";

    #[test]
    fn every_error_names_the_source() {
        let options = Options {
            max_bytes: 10,
            ..Options::default()
        };
        let err = RawPage::new(PAGE.as_bytes(), "pages/a.html")
            .read(&options)
            .unwrap_err();
        assert!(err.to_string().contains("pages/a.html"), "{err}");
        let err = RawPage::new(b"%PDF-1.4 ...", "pages/b.html")
            .read(&Options::default())
            .unwrap_err();
        assert!(matches!(err, Error::NotHtml { .. }), "{err}");
        assert!(err.to_string().contains("pages/b.html"), "{err}");
    }

    #[test]
    fn gzip_and_content_encoding_are_undone() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = gz.write_all(PAGE.as_bytes());
        let gz = gz.finish().unwrap_or_default();
        let options = Options::default();
        let plain = RawPage::new(&gz, "a.html.gz")
            .read(&options)
            .map(|d| d.to_text(false));
        assert!(plain.is_ok_and(|t| t.contains("ferry timetable")));
        let coded = RawPage::new(&gz, "record 1")
            .content_encoding(Some("gzip"))
            .read(&options)
            .map(|d| d.to_text(false));
        assert!(coded.is_ok_and(|t| t.contains("ferry timetable")));
        let unknown = RawPage::new(PAGE.as_bytes(), "record 2")
            .content_encoding(Some("x-unknown"))
            .read(&options);
        assert!(matches!(unknown, Err(Error::ContentEncoding { .. })));
    }

    #[test]
    fn content_language_reaches_the_metadata() {
        let doc = RawPage::new(PAGE.as_bytes(), "p")
            .content_language(Some("pt-BR"))
            .read(&Options::default());
        assert_eq!(
            doc.ok().and_then(|d| d.metadata.lang).as_deref(),
            Some("pt")
        );
    }

    #[test]
    fn a_type_that_is_not_html_needs_html_bytes() {
        let options = Options::default();
        let json = RawPage::new(b"{\"a\": 1}", "api")
            .content_type(Some("application/json"))
            .read(&options);
        assert!(matches!(json, Err(Error::NotHtml { .. })));
        let mislabelled = RawPage::new(PAGE.as_bytes(), "page")
            .content_type(Some("text/plain"))
            .read(&options);
        assert!(mislabelled.is_ok());
        assert!(RawPage::new(PAGE.as_bytes(), "page").read(&options).is_ok());
        // From the web, no type at all needs HTML bytes too; from a file it does not.
        let text = b"Just a line of plain text, no markup at all.";
        assert!(RawPage::new(text, "f.html").read(&options).is_ok());
        let web = RawPage::new(text, "https://example.org/x")
            .from_web(true)
            .read(&options);
        assert!(matches!(web, Err(Error::NotHtml { .. })));
    }
}
