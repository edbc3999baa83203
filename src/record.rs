//! The JSON shape of one extracted page, shared by `--format json` and `jsonl`: the
//! document's text and metadata plus where the page came from. Missing values are `null`.

use serde::Serialize;

use crate::document::{Document, Extraction};

/// Where a page came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The output stem (`NNN_<hash>` or the input file's stem).
    pub id: Option<String>,
    /// The URL the page was asked for (or the page's own canonical URL).
    pub url: Option<String>,
    /// The URL after redirects, when fetched.
    pub final_url: Option<String>,
    /// The file the page was read from.
    pub path: Option<String>,
    /// The WARC record the page was read from (`WARC-Record-ID`).
    pub warc_record_id: Option<String>,
}

/// One page as a JSON object.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The output stem.
    pub id: Option<&'a str>,
    /// The page's URL.
    pub url: Option<&'a str>,
    /// The URL after redirects.
    pub final_url: Option<&'a str>,
    /// The headline.
    pub title: Option<&'a str>,
    /// Author(s).
    pub author: Option<&'a str>,
    /// Publication date, ISO 8601.
    pub date: Option<&'a str>,
    /// Publication name.
    pub site_name: Option<&'a str>,
    /// ISO 639-1 language.
    pub lang: Option<&'a str>,
    /// Summary.
    pub description: Option<&'a str>,
    /// Article text, one block per line (no headline).
    pub text: String,
    /// Words in `text`.
    pub word_count: usize,
    /// Which step of the fallback ladder found the text (`selected` when no fallback was
    /// needed).
    pub extraction: Extraction,
    /// Source file.
    pub path: Option<&'a str>,
    /// Source WARC record.
    pub warc_record_id: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// The record of a document and its provenance.
    pub fn new(doc: &'a Document, from: &'a Provenance) -> Record<'a> {
        let m = &doc.metadata;
        Record {
            id: from.id.as_deref(),
            url: from.url.as_deref().or(doc.url.as_deref()),
            final_url: from.final_url.as_deref(),
            title: doc.title.as_deref(),
            author: m.author.as_deref(),
            date: m.date.as_deref(),
            site_name: m.site_name.as_deref(),
            lang: m.lang.as_deref(),
            description: m.description.as_deref(),
            text: doc.to_text(false),
            word_count: doc.word_count(),
            extraction: doc.extraction,
            path: from.path.as_deref(),
            warc_record_id: from.warc_record_id.as_deref(),
        }
    }

    /// The record as one line of JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        // Serializing plain strings and numbers cannot fail; fall back to an empty object
        // rather than panic if it ever did.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

impl Document {
    /// The document as a JSON object (the fields of `--format json`; provenance `null`).
    pub fn to_json(&self) -> String {
        Record::new(self, &Provenance::default()).to_json_line()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind, Metadata};

    #[test]
    fn missing_values_are_null() {
        let doc = Document {
            title: Some("T".into()),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: "Two words".into(),
                markdown: "Two words".into(),
            }],
            metadata: Metadata {
                lang: Some("en".into()),
                ..Metadata::default()
            },
            ..Document::default()
        };
        let v: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(v["title"], "T");
        assert_eq!(v["text"], "Two words\n");
        assert_eq!(v["word_count"], 2);
        assert_eq!(v["lang"], "en");
        assert!(v["author"].is_null());
        assert!(v["date"].is_null());
        assert!(v["id"].is_null());
    }
}
