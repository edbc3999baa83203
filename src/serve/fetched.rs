//! `GET /extract?url=`: the server fetches the page (origin.rs: robots.txt, per-host
//! limits, retries, redirects, body limit, SSRF guard) within `serve.fetch_deadline_ms`,
//! then extracts it like a posted page. The record carries `final_url` and the origin's
//! `status`. A refused target is 403, the origin's failures 502, its silence 504.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use reqwest::Url;

use super::Shared;
use super::ask::{self, Ask};
use super::extract::{Page, admit, extract_on_slot, respond};
use super::reply::ApiError;
use super::slots::Ticket;
use crate::document::Document;
use crate::error::Error;
use crate::fetch::exchange::Got;
use crate::record::Provenance;

/// The handler of `GET /extract?url=`.
pub async fn get_extract(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    match get(&shared, &uri, &headers).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn get(shared: &Shared, uri: &Uri, headers: &HeaderMap) -> Result<Response, ApiError> {
    let ask = ask::parse(uri.query(), headers, &shared.config)?;
    let ticket = admit(shared)?;
    let fetched = fetch_and_extract(shared, &ticket, ask).await?;
    Ok(respond(
        &fetched.doc,
        &fetched.ask,
        &fetched.from,
        Some(fetched.status),
    ))
}

/// A page fetched and extracted.
#[derive(Debug)]
pub struct Fetched {
    /// The document.
    pub doc: Document,
    /// The request's options, its URL set.
    pub ask: Ask,
    /// The URL asked for and the final one.
    pub from: Provenance,
    /// The origin's status.
    pub status: u16,
}

/// Fetches `ask.url` and extracts it on a slot of `ticket` (batch lines come here too).
pub async fn fetch_and_extract(
    shared: &Shared,
    ticket: &Ticket,
    ask: Ask,
) -> Result<Fetched, ApiError> {
    let text = ask
        .url
        .clone()
        .ok_or_else(|| ApiError::bad_request("missing_url", "GET /extract needs ?url=URL"))?;
    let url = Url::parse(&text)
        .map_err(|e| ApiError::bad_request("bad_url", format!("{text:?}: {e}")))?;
    let Got {
        status,
        url: final_url,
        content_type,
        content_language,
        body,
        slot,
    } = fetch(shared, url).await?;
    // The host's slot is for the request; extraction waits for a CPU slot instead.
    drop(slot);
    let page = Page {
        bytes: body.into(),
        content_type,
        content_language,
    };
    let doc = extract_on_slot(shared, ticket, page, &ask).await?;
    let from = Provenance {
        url: Some(text),
        final_url: Some(final_url.to_string()),
        ..Provenance::default()
    };
    Ok(Fetched {
        doc,
        ask,
        from,
        status,
    })
}

/// The fetch within its deadline, its outcome counted.
async fn fetch(shared: &Shared, url: Url) -> Result<Got, ApiError> {
    let deadline = Duration::from_millis(shared.config.serve.fetch_deadline_ms);
    let result = tokio::time::timeout(deadline, shared.origin.fetch(url.clone())).await;
    let (outcome, error) = match result {
        Ok(Ok(got)) => {
            shared.metrics.fetch("ok");
            return Ok(got);
        }
        Err(_) => (
            "timeout",
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "origin_timeout",
                format!(
                    "{url}: no page within {} ms (serve.fetch_deadline_ms)",
                    deadline.as_millis()
                ),
            ),
        ),
        Ok(Err(e)) => (outcome_of(&e), origin_error(&e)),
    };
    shared.metrics.fetch(outcome);
    Err(error)
}

/// The metrics label of a failed fetch.
fn outcome_of(e: &Error) -> &'static str {
    match e {
        Error::Refused { .. } => "refused",
        Error::Disallowed { .. } => "robots_disallowed",
        Error::NotHtml { .. } => "not_html",
        Error::Network {
            kind: crate::error::NetworkKind::Timeout,
            ..
        } => "timeout",
        _ => "failed",
    }
}

/// A failed fetch as an answer: the origin's faults are 502 (a page too large there
/// included: the client sent nothing too large), the guard's refusal 403.
fn origin_error(e: &Error) -> ApiError {
    match e {
        Error::BodyTooLarge { .. } | Error::HttpStatus { .. } => {
            ApiError::new(StatusCode::BAD_GATEWAY, "origin_failed", e.to_string())
        }
        _ => ApiError::from_library(e),
    }
}
