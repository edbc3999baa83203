//! Extraction options: the switches and limits a caller may set, with documented defaults
//! (the same values `config.toml` documents under `[extract]`).

use serde::{Deserialize, Serialize};

/// Default for [`Options::max_bytes`]: 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Which way to lean where text could be article or boilerplate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Focus {
    /// The balance measured best on the benchmark (default).
    #[default]
    Balanced,
    /// Drop doubtful lines: fewer stray lines, a little article text lost.
    Precision,
    /// Keep doubtful lines: less article text lost, a few stray lines kept.
    Recall,
}

/// How to extract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Keep comment sections (default `false`).
    pub include_comments: bool,
    /// Keep tables that sit inside the article (default `true`).
    pub include_tables: bool,
    /// Refuse pages larger than this many bytes before parsing (default 64 MiB).
    pub max_bytes: usize,
    /// Keep links (as `[text](url)`) in Markdown output (default `false`).
    pub links: bool,
    /// Keep images (as `![alt](src)`) in Markdown output (default `false`).
    pub images: bool,
    /// Lean toward precision or recall (default balanced).
    pub focus: Focus,
    /// Pages with fewer characters of article text come out empty (default 0: none).
    pub min_chars: usize,
    /// Keep only pages in this language (ISO 639-1, e.g. `de`); others come out empty
    /// (default: any language).
    pub lang: Option<String>,
    /// Drop paragraphs repeated anywhere in the page, not only back to back (default
    /// `false`).
    pub dedupe: bool,
    /// Give up on a page after this many milliseconds of extraction (default: no limit in
    /// the library; the command line sets one in config.toml).
    pub time_budget_ms: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_comments: false,
            include_tables: true,
            max_bytes: DEFAULT_MAX_BYTES,
            links: false,
            images: false,
            focus: Focus::Balanced,
            min_chars: 0,
            lang: None,
            dedupe: false,
            time_budget_ms: None,
        }
    }
}
