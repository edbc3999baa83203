//! The fetcher: a URL list in, one clean text file per page out — politely (per-host
//! limits and delays, robots.txt, backoff that honours `Retry-After`), in memory that does
//! not grow with the list, and resumable (`manifest.jsonl` records every finished URL).
//!
//! ```text
//!  list ──► reader thread ──► bounded queue ──► window of URL tasks ──► manifest.jsonl
//!  (list.rs, feed.rs:         (run.rs)          robots → host slot → run slot → request
//!   a few URLs per host,
//!   the rest set aside)
//!                                               (robots.rs, limiter.rs, client.rs, retry.rs)
//!                                               → extraction on a blocking thread (page.rs)
//! ```

pub(crate) mod client;
mod encoding;
pub(crate) mod exchange;
mod feed;
pub mod guard;
pub(crate) mod limiter;
mod list;
mod lock;
mod manifest;
mod page;
pub(crate) mod retry;
pub(crate) mod robots;
mod run;
pub(crate) mod shown;
mod task;

pub use crate::error::NetworkKind;
pub use crate::sink::{file_stem, hash_hex};
pub use list::{Entry, ListReader, MAX_LINE_BYTES, parse_url};
pub use lock::LOCK_NAME;
pub use manifest::{MANIFEST_NAME, Outcome, Record};
pub use retry::{RetryAfter, RetryPolicy, parse_retry_after};
pub use robots::agent_token;
pub use run::{Event, ListSource, Progress, StopHandle, Summary, run};
pub use shown::{MAX_SHOWN_CHARS, shown_text};
