//! A fetched body to files: refuse what is not HTML, decode the charset (HTTP header, BOM,
//! `<meta>`, detection), extract, and write `NNN_<hash>.txt` (and `.html` when asked)
//! atomically. Synchronous: it runs on a blocking thread, where the DOM may live.

use std::path::Path;

use crate::config::Config;
use crate::error::Error;
use crate::raw::RawPage;
use crate::record::Provenance;
use crate::sink::{Format, write_atomic};

/// What was written for a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The text file's name inside the output directory.
    pub file: String,
    /// True when the page had no article text (the file is empty).
    pub empty: bool,
}

/// Checks, decodes, extracts and writes one page read from the web (its URL is
/// `page.url`, shown without credentials).
pub fn write_page(
    dir: &Path,
    stem: &str,
    page: RawPage<'_>,
    config: &Config,
) -> Result<Written, Error> {
    let url = page.url.unwrap_or(page.source);
    let (doc, html) = page.read_keeping_html(&config.extract)?;
    if config.fetch.save_html {
        // Saved as UTF-8: the charset may have come from the HTTP header alone, which a
        // later offline `dehusk clean` would not see.
        write_atomic(dir, &format!("{stem}.html"), html.as_bytes())?;
    }
    let format = config.output.format;
    let from = Provenance {
        id: Some(stem.to_string()),
        url: Some(url.to_string()),
        final_url: Some(url.to_string()),
        ..Provenance::default()
    };
    let text = format.render(&doc, &from, config.output.title);
    if format == Format::Jsonl {
        // JSONL goes to standard output as pages finish; one locked write per record keeps
        // lines whole. Empty pages have no record.
        if !doc.is_empty() {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| Error::Write {
                    path: "<stdout>".into(),
                    source,
                })?;
        }
        return Ok(Written {
            file: "-".to_string(),
            empty: doc.is_empty(),
        });
    }
    let file = format!("{stem}.{}", format.extension());
    write_atomic(dir, &file, text.as_bytes())?;
    Ok(Written {
        file,
        empty: doc.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web<'a>(body: &'a [u8], url: &'a str) -> RawPage<'a> {
        RawPage::new(body, url).url(Some(url)).from_web(true)
    }

    const PAGE: &str = "<html><head><title>T</title></head><body><article><h1>T</h1>\
        <p>An article paragraph, long enough to be the story itself, with a comma.</p>\
        </article></body></html>";

    #[test]
    fn pages_are_written_and_binary_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.fetch.save_html = true;
        let w = write_page(
            dir.path(),
            "000_ab",
            web(PAGE.as_bytes(), "http://a/"),
            &config,
        )
        .unwrap();
        assert_eq!(w.file, "000_ab.txt");
        assert!(!w.empty);
        assert!(dir.path().join("000_ab.html").is_file());
        let err = write_page(
            dir.path(),
            "001_cd",
            web(b"%PDF-1.4", "http://a/b"),
            &config,
        )
        .unwrap_err();
        assert!(matches!(err, Error::NotHtml { .. }), "{err}");
        let err =
            write_page(dir.path(), "002", web(b"{\"a\": 1}", "http://a/c"), &config).unwrap_err();
        assert!(matches!(err, Error::NotHtml { .. }), "{err}");
    }
}
