//! The HTTP client: one reqwest client for the whole run (rustls, keep-alive pool,
//! redirects left to the caller so each hop is checked and limited), and one exchange at a
//! time: send, look at the head, read and decode the body (encoding.rs) up to a limit.
//! Failures are sorted into those another try may cure (connect, timeout, reset) and those
//! it will not (a malformed response, a URL that cannot be requested).

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LANGUAGE, CONTENT_TYPE, HeaderMap,
    HeaderValue, LOCATION, RETRY_AFTER,
};
use reqwest::{Response, Url};

use super::encoding::{self, Coding, DecodeError, Decoder};
use super::shown::shown;
use crate::config::FetchConfig;
pub use crate::decode::{Kind, kind_of, media_type};
use crate::error::{Error, NetworkKind};

/// What dehusk asks for: HTML first, anything else reluctantly (non-HTML is skipped).
const ACCEPT_HEADER: &str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";
/// How long an idle pooled connection is kept for the next request to its host.
const POOL_IDLE: Duration = Duration::from_secs(30);

/// The head of a response: what decides what happens next.
#[derive(Debug, Clone, Default)]
pub struct Head {
    /// The status code.
    pub status: u16,
    /// Content-Type, when sent.
    pub content_type: Option<String>,
    /// Location, when sent.
    pub location: Option<String>,
    /// Retry-After, when sent.
    pub retry_after: Option<String>,
    /// Content-Encoding, when sent.
    pub content_encoding: Option<String>,
    /// Content-Language, when sent: the page's language when the page does not say.
    pub content_language: Option<String>,
    /// Content-Length: of the body as sent, before any Content-Encoding is undone.
    pub content_length: Option<u64>,
}

/// A body read up to a limit.
#[derive(Debug)]
pub struct Body {
    /// The bytes read, at most the limit.
    pub bytes: Vec<u8>,
    /// True when the body went on past the limit (reading stopped there).
    pub over_limit: bool,
}

/// The run's HTTP client.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    connect_timeout_ms: u64,
    timeout_ms: u64,
}

impl Client {
    /// Builds the client `[fetch]` describes.
    pub fn new(config: &FetchConfig) -> Result<Client, Error> {
        Client::build(config, None)
    }

    /// Like [`new`](Self::new), connecting only to addresses the SSRF guard allows, and
    /// never through a proxy (a proxy would connect where the guard cannot see).
    #[cfg(feature = "serve")]
    pub fn guarded(config: &FetchConfig, allow_private: bool) -> Result<Client, Error> {
        Client::build(
            config,
            Some(super::guard::GuardedResolver { allow_private }),
        )
    }

    fn build(
        config: &FetchConfig,
        guard: Option<super::guard::GuardedResolver>,
    ) -> Result<Client, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPT_HEADER));
        headers.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_static(encoding::ACCEPT_ENCODING),
        );
        let mut builder = reqwest::Client::builder();
        if let Some(resolver) = guard {
            builder = builder
                .dns_resolver(std::sync::Arc::new(resolver))
                .no_proxy();
        }
        let http = builder
            .user_agent(config.user_agent.as_str())
            .default_headers(headers)
            .connect_timeout(Duration::from_millis(config.connect_timeout_ms))
            .timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            // More idle connections than a host may use at once would only sit there.
            .pool_max_idle_per_host(config.per_host.max(1))
            .pool_idle_timeout(POOL_IDLE)
            .tcp_nodelay(true)
            .build()
            .map_err(|e| Error::FetchSetup {
                message: format!("HTTP client: {}", chain(&e)),
            })?;
        Ok(Client {
            http,
            connect_timeout_ms: config.connect_timeout_ms,
            timeout_ms: config.timeout_ms,
        })
    }

    /// Sends a GET and waits for the head.
    pub async fn send(&self, url: &Url) -> Result<(Head, Response), Error> {
        let response = self
            .http
            .get(url.clone())
            .send()
            .await
            .map_err(|e| self.network_error(url, &e))?;
        let text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let head = Head {
            status: response.status().as_u16(),
            content_type: text(CONTENT_TYPE),
            location: text(LOCATION),
            retry_after: text(RETRY_AFTER),
            content_encoding: text(CONTENT_ENCODING),
            content_language: text(CONTENT_LANGUAGE),
            content_length: response.content_length(),
        };
        Ok((head, response))
    }

    /// Reads the body, decoding `coding`, stopping once the decoded bytes pass `limit` (so
    /// neither a huge page nor a gzip bomb is ever held whole).
    pub async fn read_body(
        &self,
        url: &Url,
        mut response: Response,
        limit: usize,
        coding: Coding,
    ) -> Result<Body, Error> {
        let mut decoder = Decoder::new(coding, limit);
        let bad = |e: DecodeError| match e {
            DecodeError::OverLimit(bytes) => Ok(Body {
                bytes,
                over_limit: true,
            }),
            DecodeError::Invalid(detail) => Err(Error::BadEncoding {
                url: shown(url),
                encoding: coding.name().to_string(),
                detail,
            }),
        };
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.network_error(url, &e))?
        {
            if let Err(e) = decoder.push(&chunk) {
                return bad(e);
            }
        }
        match decoder.finish() {
            Ok(bytes) => Ok(Body {
                bytes,
                over_limit: false,
            }),
            Err(e) => bad(e),
        }
    }

    /// A reqwest error as a structured network error naming the URL and the root cause.
    fn network_error(&self, url: &Url, e: &reqwest::Error) -> Error {
        if let Some(r) = super::guard::refused_in(e) {
            return Error::Refused {
                url: shown(url),
                address: r.address.to_string(),
                reason: r.reason.to_string(),
            };
        }
        let kind = classify(e);
        let detail = match kind {
            NetworkKind::Timeout if e.is_connect() => format!(
                "no connection within {} ms (fetch.connect_timeout_ms)",
                self.connect_timeout_ms
            ),
            NetworkKind::Timeout => format!(
                "no complete response within {} ms (fetch.timeout_ms)",
                self.timeout_ms
            ),
            _ => root_cause(e),
        };
        Error::Network {
            url: shown(url),
            kind,
            detail,
        }
    }
}

/// Where an exchange failed. A response hyper could not parse (a head too large, two
/// different Content-Lengths, a bad status line) and a URL the client cannot send would
/// fail the same way on every try; the rest is the network's doing.
fn classify(e: &reqwest::Error) -> NetworkKind {
    if e.is_timeout() {
        return NetworkKind::Timeout;
    }
    if e.is_builder() {
        return NetworkKind::Request;
    }
    if e.is_connect() {
        return NetworkKind::Connect;
    }
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(h) = c.downcast_ref::<hyper::Error>()
            && (h.is_parse() || h.is_user())
        {
            return NetworkKind::Protocol;
        }
        cause = c.source();
    }
    if e.is_body() || e.is_decode() {
        NetworkKind::Body
    } else {
        NetworkKind::Other
    }
}

/// The innermost cause (reqwest's own message only repeats the URL).
fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The whole cause chain, for setup errors.
fn chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

