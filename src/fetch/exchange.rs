//! One request and what it amounts to: a redirect to follow, a body read to the end, or a
//! failure (with the server's `Retry-After`), decided from the status, the content type and
//! the size limit before more than needed is read.

use std::time::SystemTime;

use reqwest::{Response, Url};
use tokio::sync::OwnedSemaphorePermit;

use super::client::{Client, Head, Kind, kind_of, media_type};
use super::encoding::Coding;
use super::retry::{RetryAfter, parse_retry_after, retryable_status};
use super::robots::ROBOTS_MAX_BYTES;
use super::shown::{redacted, shown};
use crate::error::Error;

/// What a request is for: pages are checked against robots.txt, must be HTML and fit the
/// body limit; robots.txt itself is read whatever its status, up to its own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A page of the list (or a redirect hop on its way).
    Page,
    /// An origin's robots.txt.
    Robots,
}

/// What is known about the requests made for one URL.
#[derive(Debug, Default)]
pub struct Trace {
    /// Requests sent, redirect hops included.
    pub requests: u32,
    /// Retries made (on any hop).
    pub retries: u32,
    /// The last status received.
    pub status: Option<u16>,
    /// The last URL requested.
    pub final_url: Option<String>,
    /// The last Content-Type received.
    pub content_type: Option<String>,
    /// Body bytes read.
    pub bytes: Option<u64>,
}

impl Trace {
    /// Attempts at the URL: the first request plus retries (redirect hops are part of one
    /// attempt); 0 when nothing was requested.
    pub fn attempts(&self) -> u32 {
        if self.requests == 0 {
            0
        } else {
            1 + self.retries
        }
    }
}

/// A response read to the end.
pub struct Got {
    /// Its status.
    pub status: u16,
    /// Where it came from.
    pub url: Url,
    /// Its Content-Type.
    pub content_type: Option<String>,
    /// Its Content-Language.
    pub content_language: Option<String>,
    /// The body, decompressed (empty for a robots.txt error status).
    pub body: Vec<u8>,
    /// The run-wide request slot, still held: it is let go once extraction takes the body.
    pub slot: OwnedSemaphorePermit,
}

/// Where one request leads.
pub enum Hop {
    /// A response to use.
    Done(Got),
    /// A redirect to this Location.
    Redirect(String),
}

/// A failed request, with the wait the server asked for.
pub type Failure = (Error, Option<RetryAfter>);

/// Sends one request for `url` and reads what it should.
pub async fn exchange(
    client: &Client,
    url: &Url,
    purpose: Purpose,
    max_body: usize,
    trace: &mut Trace,
    slot: OwnedSemaphorePermit,
) -> Result<Hop, Failure> {
    let (head, response) = client.send(url).await.map_err(|e| (e, None))?;
    trace.status = Some(head.status);
    trace.final_url = Some(redacted(url.as_str()).into_owned());
    trace.content_type.clone_from(&head.content_type);
    if matches!(head.status, 301 | 302 | 303 | 307 | 308)
        && let Some(location) = head.location
    {
        return Ok(Hop::Redirect(location));
    }
    let page = purpose == Purpose::Page;
    if !(200..=299).contains(&head.status) {
        return match status_failure(url, &head, page) {
            Some(failure) => Err(failure),
            // robots.txt: a 4xx means "no rules", which the caller decides from the status.
            None => Ok(Hop::Done(Got {
                status: head.status,
                url: url.clone(),
                content_type: head.content_type,
                content_language: head.content_language,
                body: Vec::new(),
                slot,
            })),
        };
    }
    let limit = if page { max_body } else { ROBOTS_MAX_BYTES };
    let coding = Coding::parse(head.content_encoding.as_deref()).map_err(|value| {
        let error = Error::BadEncoding {
            url: shown(url),
            encoding: value,
            detail: "a Content-Encoding dehusk did not ask for and cannot undo".to_string(),
        };
        (error, None)
    })?;
    if page {
        check_page_head(url, &head, coding, limit).map_err(|e| (e, None))?;
    }
    let body = read(client, url, response, (limit, coding), page, trace).await?;
    Ok(Hop::Done(Got {
        status: head.status,
        url: url.clone(),
        content_type: head.content_type,
        content_language: head.content_language,
        body,
        slot,
    }))
}

/// The failure a non-2xx status means: retryable ones carry `Retry-After`; for robots.txt
/// other statuses are no failure (`None`).
fn status_failure(url: &Url, head: &Head, page: bool) -> Option<Failure> {
    let error = Error::HttpStatus {
        url: shown(url),
        status: head.status,
    };
    if retryable_status(head.status) {
        let wait = head
            .retry_after
            .as_deref()
            .map(|v| parse_retry_after(v, SystemTime::now()));
        return Some((error, wait));
    }
    page.then_some((error, None))
}

/// Refuses a page by its head alone: not HTML, or declared larger than the limit (known
/// only for a body sent as it is; a compressed one is measured as it is decoded).
fn check_page_head(url: &Url, head: &Head, coding: Coding, limit: usize) -> Result<(), Error> {
    if kind_of(head.content_type.as_deref()) == Kind::Other {
        let media = media_type(head.content_type.as_deref().unwrap_or(""));
        return Err(Error::NotHtml {
            input: shown(url),
            reason: format!("content type {media}"),
        });
    }
    if coding == Coding::Identity && head.content_length.is_some_and(|n| n > limit as u64) {
        return Err(Error::BodyTooLarge {
            url: shown(url),
            limit,
        });
    }
    Ok(())
}

/// Reads the body up to `limit`; a page past it fails, a robots.txt is cut there.
async fn read(
    client: &Client,
    url: &Url,
    response: Response,
    (limit, coding): (usize, Coding),
    page: bool,
    trace: &mut Trace,
) -> Result<Vec<u8>, Failure> {
    let body = client
        .read_body(url, response, limit, coding)
        .await
        .map_err(|e| (e, None))?;
    trace.bytes = Some(body.bytes.len() as u64);
    if body.over_limit && page {
        let error = Error::BodyTooLarge {
            url: shown(url),
            limit,
        };
        return Err((error, None));
    }
    Ok(body.bytes)
}
