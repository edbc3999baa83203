//! The one configuration: loaded from `config.toml` (every key optional, defaults named
//! here and documented in the shipped file), then overridden by command-line flags.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::extract::Options;
use crate::sink::Format;

/// Default output directory for `clean`.
pub const DEFAULT_OUT_DIR: &str = "out";
/// Default per-page extraction budget of the command line, in milliseconds.
pub const DEFAULT_TIME_BUDGET_MS: u64 = 10_000;
/// Default worker threads: 0 means one per core.
pub const DEFAULT_THREADS: usize = 0;
/// Default number of requests in flight at once, all hosts together.
pub const DEFAULT_CONCURRENCY: usize = 64;
/// Default number of requests in flight at once to one host.
pub const DEFAULT_PER_HOST: usize = 2;
/// Default pause between the starts of two requests to one host, in milliseconds.
pub const DEFAULT_HOST_DELAY_MS: u64 = 0;
/// Default user agent; robots.txt rules are matched against its product name, `dehusk`.
pub const DEFAULT_USER_AGENT: &str = "Mozilla/5.0 (compatible; dehusk/0.1; article text extractor)";
/// Default time allowed to open a connection, in milliseconds.
pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 10_000;
/// Default time allowed for one whole request (connect, headers, body), in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Default cap on a response body after decompression: 10 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Default number of redirects followed before giving up.
pub const DEFAULT_MAX_REDIRECTS: usize = 10;
/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 3;
/// Default first backoff delay, in milliseconds; it doubles on each retry.
pub const DEFAULT_BACKOFF_MS: u64 = 500;
/// Default cap on one backoff delay, in milliseconds.
pub const DEFAULT_MAX_BACKOFF_MS: u64 = 30_000;
/// Default longest `Retry-After` honoured, in milliseconds; a server asking for more makes
/// the URL fail (to be retried by a later run) rather than stall the batch.
pub const DEFAULT_MAX_RETRY_AFTER_MS: u64 = 300_000;
/// Default address `dehusk serve` listens on: loopback only, so that nothing off the
/// machine reaches it unless asked.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default requests waiting for an extraction slot before more are refused with 429.
pub const DEFAULT_QUEUE: usize = 64;
/// Default time a client has to send a request's head, in milliseconds.
pub const DEFAULT_HEADER_TIMEOUT_MS: u64 = 10_000;
/// Default time a client has to send a request's whole body, in milliseconds.
pub const DEFAULT_BODY_TIMEOUT_MS: u64 = 30_000;
/// Default deadline of `GET /extract?url=`: every redirect and retry of the fetch, in
/// milliseconds.
pub const DEFAULT_FETCH_DEADLINE_MS: u64 = 60_000;
/// Default time requests in flight are given to finish once shutdown starts, in
/// milliseconds.
pub const DEFAULT_SHUTDOWN_GRACE_MS: u64 = 10_000;

/// Everything dehusk can be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where and how results are written.
    pub output: OutputConfig,
    /// How work is run.
    pub run: RunConfig,
    /// How pages are extracted.
    pub extract: Options,
    /// How pages are downloaded (`dehusk fetch`, and `dehusk serve` for `GET /extract`).
    pub fetch: FetchConfig,
    /// How `dehusk serve` answers.
    pub serve: ServeConfig,
}

/// `[serve]`: the HTTP service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// Address and port to listen on (default `127.0.0.1:8080`).
    pub listen: String,
    /// Pages extracted at once; 0 means one per core (default 0).
    pub slots: usize,
    /// Requests waiting for a slot before more are refused with 429 (default 64).
    pub queue: usize,
    /// Largest request body; 0 means `extract.max_bytes` (default 0).
    pub max_body_bytes: usize,
    /// Milliseconds a client has to send a request's head (default 10 000).
    pub header_timeout_ms: u64,
    /// Milliseconds a client has to send a request's body (default 30 000).
    pub body_timeout_ms: u64,
    /// Milliseconds `GET /extract?url=` may take, redirects and retries included
    /// (default 60 000).
    pub fetch_deadline_ms: u64,
    /// Milliseconds requests in flight get to finish on shutdown (default 10 000).
    pub shutdown_grace_ms: u64,
    /// Let `GET /extract?url=` reach loopback, private and other non-global addresses
    /// (default `false`).
    pub allow_private: bool,
    /// A file holding the bearer token every request must carry (default: none).
    pub token_file: Option<PathBuf>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: DEFAULT_LISTEN.to_string(),
            slots: 0,
            queue: DEFAULT_QUEUE,
            max_body_bytes: 0,
            header_timeout_ms: DEFAULT_HEADER_TIMEOUT_MS,
            body_timeout_ms: DEFAULT_BODY_TIMEOUT_MS,
            fetch_deadline_ms: DEFAULT_FETCH_DEADLINE_MS,
            shutdown_grace_ms: DEFAULT_SHUTDOWN_GRACE_MS,
            allow_private: false,
            token_file: None,
        }
    }
}

/// `[output]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Directory for text files (default `out`).
    pub dir: PathBuf,
    /// Put the headline on the first line of each text (default `true`).
    pub title: bool,
    /// Output format: txt, md, json or jsonl (default `txt`).
    pub format: Format,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from(DEFAULT_OUT_DIR),
            title: true,
            format: Format::Txt,
        }
    }
}

/// `[run]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// Worker threads for a batch; 0 uses every core (default 0).
    pub threads: usize,
}

/// `[fetch]`: how `dehusk fetch` downloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    /// Requests in flight at once, all hosts together (default 64).
    pub concurrency: usize,
    /// Requests in flight at once to one host (default 2).
    pub per_host: usize,
    /// Milliseconds between the starts of two requests to one host (default 0).
    pub host_delay_ms: u64,
    /// The User-Agent header (default names dehusk).
    pub user_agent: String,
    /// Honour robots.txt (default `true`).
    pub robots: bool,
    /// Milliseconds allowed to connect (default 10 000).
    pub connect_timeout_ms: u64,
    /// Milliseconds allowed for a whole request, body included (default 30 000).
    pub timeout_ms: u64,
    /// Largest body read, after decompression (default 10 MiB).
    pub max_body_bytes: usize,
    /// Redirects followed (default 10).
    pub max_redirects: usize,
    /// Retries after the first attempt (default 3).
    pub retries: u32,
    /// First backoff delay in milliseconds, doubled on each retry (default 500).
    pub backoff_ms: u64,
    /// Cap on one backoff delay in milliseconds (default 30 000).
    pub max_backoff_ms: u64,
    /// Longest `Retry-After` honoured, in milliseconds (default 300 000).
    pub max_retry_after_ms: u64,
    /// On a rerun, fetch again the URLs that failed last time (default `true`).
    pub retry_failed: bool,
    /// Keep each page's HTML beside its text (default `false`).
    pub save_html: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            concurrency: DEFAULT_CONCURRENCY,
            per_host: DEFAULT_PER_HOST,
            host_delay_ms: DEFAULT_HOST_DELAY_MS,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            robots: true,
            connect_timeout_ms: DEFAULT_CONNECT_TIMEOUT_MS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            retries: DEFAULT_RETRIES,
            backoff_ms: DEFAULT_BACKOFF_MS,
            max_backoff_ms: DEFAULT_MAX_BACKOFF_MS,
            max_retry_after_ms: DEFAULT_MAX_RETRY_AFTER_MS,
            retry_failed: true,
            save_html: false,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            output: OutputConfig::default(),
            run: RunConfig::default(),
            // The library has no time budget by default; the command line does, so that one
            // pathological page cannot stall a batch.
            extract: Options {
                time_budget_ms: Some(DEFAULT_TIME_BUDGET_MS),
                ..Options::default()
            },
            fetch: FetchConfig::default(),
            serve: ServeConfig::default(),
        }
    }
}

impl Config {
    /// Reads a configuration file. Errors name the file, the line and the key.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses configuration text; the error says where (line) and what (key) is wrong.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            let what = e.message().to_string();
            let Some(span) = e.span() else { return what };
            let start = span.start.min(text.len());
            let line = text[..start].matches('\n').count() + 1;
            // Name the key whose value is wrong (unknown keys already name themselves).
            let line_text = text.lines().nth(line - 1).unwrap_or("");
            match line_text.split_once('=') {
                Some((key, _)) if !what.contains(key.trim()) => {
                    format!("line {line}: key `{}`: {what}", key.trim())
                }
                _ => format!("line {line}: {what}"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn shipped_config_matches_the_defaults() {
        let text = include_str!("../config.toml");
        assert_eq!(Config::parse(text).unwrap(), Config::default());
    }

    #[test]
    fn errors_name_line_and_key() {
        let err =
            Config::parse("[output]\ntitle = true\n\n[extract]\nmax_bites = 3\n").unwrap_err();
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("max_bites"), "{err}");
        let err = Config::parse("[run]\nthreads = \"many\"\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("threads"), "{err}");
    }
}
