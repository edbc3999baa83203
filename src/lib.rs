//! dehusk strips the husk off web pages and keeps the kernel: the article text.
//!
//! ```
//! let page = "<html><head><title>Kernel - Site</title></head><body>\
//!   <nav><a href=/>Home</a> &gt; <a href=/news>News</a></nav>\
//!   <article><h1>Kernel</h1><p>An article paragraph, long enough to be the story itself.</p></article>\
//!   <footer>© Site</footer></body></html>";
//! let doc = dehusk::extract(page, &dehusk::Options::default())?;
//! assert_eq!(doc.to_text(true), "Kernel\nAn article paragraph, long enough to be the story itself.\n");
//! assert_eq!(doc.to_markdown(true), "# Kernel\n\nAn article paragraph, long enough to be the story itself.\n");
//! let json: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
//! assert_eq!(json["title"], "Kernel");
//! assert_eq!(json["word_count"], 10);
//! # Ok::<(), dehusk::Error>(())
//! ```
//!
//! The stages live in their own modules: [`source`] and [`decode`] read and decode pages,
//! the extraction core (`extract`, `extract_bytes`, `extract_with_url`) turns one page
//! into a [`Document`], [`sink`] and [`record`] write it as text, Markdown or JSON,
//! [`pipeline`] runs batches (files, [`warc`] archives), [`fetch`] downloads URL lists,
//! `serve` answers over HTTP.
#![warn(missing_docs)]

pub mod config;
pub mod decode;
mod document;
mod error;
mod extract;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod pipeline;
pub mod raw;
pub mod record;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sink;
pub mod source;
pub mod warc;

pub use document::{Block, BlockKind, Document, Extraction, Metadata};
pub use error::Error;
#[doc(hidden)]
pub use extract::explain;
pub use extract::{DEFAULT_MAX_BYTES, Focus, Options, extract, extract_bytes, extract_with_url};
pub use raw::RawPage;
