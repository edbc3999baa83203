//! Extraction options: the switches and limits a caller may set, with documented defaults
//! (the same values `config.toml` documents under `[extract]`).

use serde::{Deserialize, Serialize};

/// Default for [`Options::max_bytes`]: 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_comments: false,
            include_tables: true,
            max_bytes: DEFAULT_MAX_BYTES,
            links: false,
            images: false,
        }
    }
}
