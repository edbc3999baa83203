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
    /// Extraction ran past the per-page time budget and was abandoned.
    #[error(
        "{input}: extraction took longer than {limit_ms} ms (extract.time_budget_ms); page skipped"
    )]
    TimedOut {
        /// The page (path or URL).
        input: String,
        /// The budget in force.
        limit_ms: u64,
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
    /// A line of a URL list is not an http(s) URL. Reported, counted failed, never fatal.
    #[error("line {line}: {text:?} is not an http(s) URL: {reason}")]
    BadUrl {
        /// The 1-based line number in the list.
        line: u64,
        /// The line as written (trimmed, cut short when very long).
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server answered with an error status (after any retries).
    #[error("{url}: HTTP {status}")]
    HttpStatus {
        /// The URL requested (the last one of a redirect chain).
        url: String,
        /// The status code.
        status: u16,
    },
    /// The request failed on the network (after any retries).
    #[error("{url}: {kind}: {detail}")]
    Network {
        /// The URL requested.
        url: String,
        /// Where it failed.
        kind: NetworkKind,
        /// The underlying cause.
        detail: String,
    },
    /// The body does not decode under its Content-Encoding (or names one dehusk cannot
    /// undo). Not retried: the same bytes would fail the same way.
    #[error("{url}: bad {encoding} body: {detail}")]
    BadEncoding {
        /// The URL requested.
        url: String,
        /// The coding (gzip, deflate, brotli, or the unknown value sent).
        encoding: String,
        /// What the decoder said.
        detail: String,
    },
    /// The response body is over the size limit; reading stopped there.
    #[error("{url}: body over the limit of {limit} bytes (fetch.max_body_bytes); stopped reading")]
    BodyTooLarge {
        /// The URL requested.
        url: String,
        /// The limit in force.
        limit: usize,
    },
    /// A redirect could not be followed (a loop, too many, a non-http target, no Location).
    #[error("{url}: {reason}")]
    Redirect {
        /// The URL that redirected.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// robots.txt disallows the URL for dehusk's user agent; it was not requested.
    #[error("{url}: disallowed by robots.txt")]
    Disallowed {
        /// The URL.
        url: String,
    },
    /// The host's robots.txt could not be read (a 5xx or a network error), so the host's
    /// pages are not requested in this run.
    #[error("{url}: robots.txt unavailable: {reason}")]
    RobotsUnavailable {
        /// The robots.txt URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The server asked to wait longer than `fetch.max_retry_after_ms` before retrying.
    #[error(
        "{url}: HTTP {status} asks to retry after {seconds} s, longer than fetch.max_retry_after_ms allows"
    )]
    RetryAfterTooLong {
        /// The URL requested.
        url: String,
        /// The status that came with `Retry-After` (429 or 503).
        status: u16,
        /// The wait asked for.
        seconds: u64,
    },
    /// The URL was not requested: its host answered another URL of this run with a
    /// `Retry-After` longer than `fetch.max_retry_after_ms` allows. A later run tries again.
    #[error(
        "{url}: not requested: {host} answered HTTP {status} asking to retry after {seconds} s, longer than fetch.max_retry_after_ms allows"
    )]
    HostHeldBack {
        /// The URL not requested.
        url: String,
        /// Its host.
        host: String,
        /// The status that came with `Retry-After`.
        status: u16,
        /// The wait asked for.
        seconds: u64,
    },
    /// Extracting a fetched page stopped unexpectedly (a bug); the batch goes on.
    #[error("{url}: extraction crashed: {message}")]
    ExtractCrashed {
        /// The page's URL.
        url: String,
        /// What the crash said.
        message: String,
    },
    /// Processing one page panicked (a bug); that page failed and the batch went on.
    #[error("{input}: internal error (panic): {message}")]
    Panicked {
        /// The page (path, or WARC archive, record id and URL).
        input: String,
        /// What the panic said.
        message: String,
    },
    /// A WARC response's payload could not be decoded from its `Content-Encoding` (an
    /// unknown coding, broken data, or more than `extract.max_bytes` once decoded).
    #[error("{input}: {source}")]
    ContentEncoding {
        /// The page (archive, record id and URL).
        input: String,
        /// What is wrong with the payload.
        source: crate::warc::BodyError,
    },
    /// Another `dehusk fetch` is writing into the output directory (it holds the lock).
    #[error(
        "{}: another dehusk fetch ({}) is writing into this directory; wait for it to finish or choose another --out",
        dir.display(),
        match pid { Some(p) => format!("pid {p}"), None => "pid not known yet".to_string() }
    )]
    DirLocked {
        /// The output directory.
        dir: PathBuf,
        /// The process holding the lock, when it has written its pid.
        pid: Option<u32>,
    },
    /// The URL's target is not fetched: a loopback, private, link-local or other
    /// non-global address (the SSRF guard of `dehusk serve`), or not http(s).
    #[error("{url}: refused target{}: {reason}", if address.is_empty() { String::new() } else { format!(" {address}") })]
    Refused {
        /// The URL.
        url: String,
        /// The address refused (empty when the URL itself is refused).
        address: String,
        /// Why.
        reason: String,
    },
    /// `dehusk serve` could not start: the address, the token file or the runtime.
    #[error("cannot serve on {listen}: {message}")]
    ServeSetup {
        /// The address asked for.
        listen: String,
        /// What failed.
        message: String,
    },
    /// The fetcher could not start (a bad setting, the HTTP client or the runtime).
    #[error("cannot start fetching: {message}")]
    FetchSetup {
        /// What failed.
        message: String,
    },
}

impl Error {
    /// True for a failure to write output that will recur for every page after it: the
    /// disk or the inodes are full (ENOSPC), the quota is used up (EDQUOT), the file system
    /// is read-only (EROFS), or no more files can be opened (EMFILE, ENFILE). A batch stops
    /// on it rather than record every later page as failed.
    pub fn stops_the_batch(&self) -> bool {
        use std::io::ErrorKind;
        let Error::Write { source, .. } = self else {
            return false;
        };
        if matches!(
            source.kind(),
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::ReadOnlyFilesystem
        ) {
            return true;
        }
        // EMFILE and ENFILE have no stable ErrorKind; their numbers are the same on Linux,
        // macOS and the BSDs.
        cfg!(unix) && matches!(os_code(source), Some(23 | 24))
    }
}

/// The OS error number of `e`, also when it is wrapped (tempfile adds the path this way).
fn os_code(e: &std::io::Error) -> Option<i32> {
    if let Some(code) = e.raw_os_error() {
        return Some(code);
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = match e.get_ref() {
        Some(inner) => Some(inner),
        None => None,
    };
    while let Some(c) = cause {
        if let Some(code) = c
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error)
        {
            return Some(code);
        }
        cause = c.source();
    }
    None
}

/// Where a request failed on the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NetworkKind {
    /// No connection could be made (refused, unreachable, DNS, TLS handshake).
    Connect,
    /// The connect or whole-request time limit passed.
    Timeout,
    /// The connection broke while the response was being read.
    Body,
    /// The server's response is malformed (a head too large, conflicting Content-Length,
    /// a bad status line): it would be the same on another try.
    Protocol,
    /// The URL cannot be sent as a request (too long for the HTTP library, say).
    Request,
    /// Any other failure of the HTTP exchange (a connection closed early, a stream reset).
    Other,
}

impl NetworkKind {
    /// True when another try may succeed: the connection, the clock or the link failed,
    /// not the server's response or the URL itself.
    pub fn is_transient(self) -> bool {
        !matches!(self, NetworkKind::Protocol | NetworkKind::Request)
    }
}

impl std::fmt::Display for NetworkKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NetworkKind::Connect => "cannot connect",
            NetworkKind::Timeout => "timed out",
            NetworkKind::Body => "connection broken while reading the body",
            NetworkKind::Protocol => "invalid response",
            NetworkKind::Request => "cannot be requested",
            NetworkKind::Other => "request failed",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_error(source: std::io::Error) -> Error {
        Error::Write {
            path: PathBuf::from("out/000_x.txt"),
            source,
        }
    }

    #[test]
    fn recurring_output_errors_stop_the_batch() {
        use std::io::{Error as Io, ErrorKind};
        for kind in [
            ErrorKind::StorageFull,
            ErrorKind::QuotaExceeded,
            ErrorKind::ReadOnlyFilesystem,
        ] {
            assert!(write_error(Io::from(kind)).stops_the_batch(), "{kind:?}");
        }
        #[cfg(unix)]
        for code in [23, 24] {
            assert!(write_error(Io::from_raw_os_error(code)).stops_the_batch());
            // Wrapped, as tempfile wraps it to add the path.
            let wrapped = Io::other(Io::from_raw_os_error(code));
            assert!(write_error(wrapped).stops_the_batch(), "{code}");
        }
        assert!(!write_error(Io::from(ErrorKind::PermissionDenied)).stops_the_batch());
        let read = Error::Read {
            path: PathBuf::from("list"),
            source: Io::from(ErrorKind::StorageFull),
        };
        assert!(!read.stops_the_batch());
    }
}
