//! `POST /extract/batch`: JSONL in (one `{"html": …, "url": …}` per line, or `{"url": …}`
//! to have the server fetch it as `GET /extract` does), JSONL out in
//! input order, streamed as pages finish. The batch takes one place in line (429 when
//! there is none); its pages then take the extraction slots one at a time each, at most
//! a few ahead of the line being written, so a long batch neither hogs every slot
//! forever nor holds all its answers in memory. A bad line gets an error line, and the
//! batch goes on.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Shared;
use super::ask::{self, Ask, Reply};
use super::body::read_all;
use super::extract::{Page, admit, extract_on_slot, render};
use super::fetched::fetch_and_extract;
use super::reply::ApiError;
use super::slots::Ticket;
use crate::record::Provenance;

/// Lines being worked on ahead of the one being written, per slot.
const AHEAD_PER_SLOT: usize = 2;

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    html: Option<String>,
    url: Option<String>,
}

/// The handler of `POST /extract/batch`.
pub async fn post_batch(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match start(shared, &uri, &headers, body).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn start(
    shared: Arc<Shared>,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let mut ask = ask::parse(uri.query(), headers, &shared.config)?;
    // Every answer line is a JSON record, whatever Accept says.
    ask.reply = Reply::Json;
    let bytes = read_all(headers, body, shared.body_limit, shared.body_timeout).await?;
    let ticket = Arc::new(admit(&shared)?);
    let ahead = shared.slots.slots() * AHEAD_PER_SLOT;
    let (tx, rx) = mpsc::channel::<JoinHandle<String>>(ahead.max(1));
    tokio::spawn(feed(shared, ticket, ask, bytes, tx));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let handle = rx.recv().await?;
        let line = handle.await.unwrap_or_else(|e| {
            let mut l = ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("crashed: {e}"),
            )
            .to_json();
            l.push('\n');
            l
        });
        Some((Ok::<_, Infallible>(Bytes::from(line)), rx))
    });
    let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jsonl"),
    );
    Ok(response)
}

/// Starts a task per line, in order; the channel's bound keeps it a few lines ahead.
async fn feed(
    shared: Arc<Shared>,
    ticket: Arc<Ticket>,
    ask: Ask,
    bytes: Bytes,
    tx: mpsc::Sender<JoinHandle<String>>,
) {
    let lines = bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace));
    for (index, line) in lines {
        let (shared, ticket, ask) = (Arc::clone(&shared), Arc::clone(&ticket), ask.clone());
        let line = line.to_vec();
        let number = index as u64 + 1;
        let handle = tokio::spawn(async move {
            let mut out = match one(&shared, &ticket, ask, &line).await {
                Ok(text) => with_line(&text, number),
                Err(e) => with_line(&e.to_json(), number),
            };
            out.push('\n');
            out
        });
        // The client went away: stop starting work for it.
        if tx.send(handle).await.is_err() {
            return;
        }
    }
}

/// One line's answer: its JSON record, or the error.
async fn one(
    shared: &Shared,
    ticket: &Ticket,
    mut ask: Ask,
    line: &[u8],
) -> Result<String, ApiError> {
    let line: Line = serde_json::from_slice(line)
        .map_err(|e| ApiError::bad_request("bad_line", format!("not a batch line: {e}")))?;
    let own_url = line.url.is_some();
    if own_url {
        ask.url = line.url;
    }
    let Some(html) = line.html else {
        if !own_url {
            return Err(ApiError::bad_request(
                "bad_line",
                "a line needs \"html\" (the page) or \"url\" (to fetch it)",
            ));
        }
        let f = fetch_and_extract(shared, ticket, ask).await?;
        return Ok(render(&f.doc, &f.ask, &f.from, Some(f.status)));
    };
    let page = Page {
        bytes: Bytes::from(html.into_bytes()),
        content_type: Some("text/html; charset=utf-8".to_string()),
        content_language: None,
    };
    let doc = extract_on_slot(shared, ticket, page, &ask).await?;
    let from = Provenance {
        url: ask.url.clone(),
        ..Provenance::default()
    };
    Ok(render(&doc, &ask, &from, None))
}

/// A JSON object with `"line": n` added (the 1-based input line it answers).
fn with_line(json: &str, number: u64) -> String {
    match json.trim_end().strip_suffix('}') {
        Some(open) if open.len() > 1 => format!("{open},\"line\":{number}}}"),
        Some(_) => format!("{{\"line\":{number}}}"),
        None => json.trim_end().to_string(),
    }
}
