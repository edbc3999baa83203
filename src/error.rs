//! The library's errors: each names the input that failed and carries the cause.

use std::path::PathBuf;

/// Everything that can go wrong in dehusk's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A page is over the configured size limit; it was not parsed.
    #[error("{input}: page is {size} bytes, over the limit of {limit} bytes (extract.max_bytes)")]
    TooLarge {
        /// The page (path or URL).
        input: String,
        /// Its size in bytes.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The input is not an HTML page (binary data, an image, a PDF…).
    #[error("{input}: not an HTML page ({reason})")]
    NotHtml {
        /// The input (path or URL).
        input: String,
        /// What it looks like instead.
        reason: String,
    },
    /// Reading an input failed.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing an output failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A configuration file could not be read or understood.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong, with line and key where known.
        message: String,
    },
}
