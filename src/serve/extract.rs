//! `POST /extract`: the page is the body. Options are parsed first (400), the body is read
//! whole within its limits (413, 408), a place in line is taken (429), and the page goes
//! through [`RawPage::read`] on a blocking thread — the CLI's one path from bytes to a
//! document — and back as the CLI's JSON record, text or Markdown.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::ask::{self, Ask, Reply};
use super::body::read_all;
use super::reply::ApiError;
use super::slots::Ticket;
use crate::document::Document;
use crate::raw::RawPage;
use crate::record::Provenance;
use crate::sink::Format;

/// The name errors give a posted page whose URL is not known.
const BODY_SOURCE: &str = "<request body>";

/// A page to extract, owned, so that it can move to a blocking thread.
#[derive(Debug)]
pub struct Page {
    /// The bytes as received.
    pub bytes: Bytes,
    /// The Content-Type they came with.
    pub content_type: Option<String>,
    /// The Content-Language they came with.
    pub content_language: Option<String>,
}

/// The handler of `POST /extract`.
pub async fn post_extract(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match post(&shared, &uri, &headers, body).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn post(
    shared: &Shared,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let ask = ask::parse(uri.query(), headers, &shared.config)?;
    let bytes = read_all(headers, body, shared.body_limit, shared.body_timeout).await?;
    let ticket = admit(shared)?;
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let page = Page {
        bytes,
        // curl's `--data` labels every body as a form; that label says nothing of the page.
        content_type: text(header::CONTENT_TYPE)
            .filter(|ct| !ct.starts_with("application/x-www-form-urlencoded")),
        content_language: text(header::CONTENT_LANGUAGE),
    };
    let doc = extract_on_slot(shared, &ticket, page, &ask).await?;
    let from = Provenance {
        url: ask.url.clone(),
        ..Provenance::default()
    };
    Ok(respond(&doc, &ask, &from, None))
}

/// A place in line for one request, or 429.
pub fn admit(shared: &Shared) -> Result<Ticket, ApiError> {
    shared.slots.admit().ok_or_else(|| {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "busy",
            format!(
                "all {} extraction slots and the queue (serve.queue) are taken; try again shortly",
                shared.slots.slots()
            ),
        )
    })
}

/// Waits for a slot on `ticket` and extracts `page` on a blocking thread.
pub async fn extract_on_slot(
    shared: &Shared,
    ticket: &Ticket,
    page: Page,
    ask: &Ask,
) -> Result<Document, ApiError> {
    let internal =
        |message: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message);
    let slot = ticket
        .slot()
        .await
        .ok_or_else(|| internal("the extraction slots closed".to_string()))?;
    let (options, url) = (ask.options.clone(), ask.url.clone());
    let _in_flight = shared.metrics.page_started();
    let started = std::time::Instant::now();
    let joined = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let source = url.as_deref().unwrap_or(BODY_SOURCE);
        RawPage::new(&page.bytes, source)
            .url(url.as_deref())
            .content_type(page.content_type.as_deref())
            .content_language(page.content_language.as_deref())
            .from_web(true)
            .read(&options)
    })
    .await;
    shared.metrics.extracted(started.elapsed());
    // A panic in the extraction core costs one request, not the server.
    let doc = joined
        .map_err(|e| internal(format!("extraction crashed: {e}")))?
        .map_err(|e| ApiError::from_library(&e))?;
    if ask.fail_on_empty && doc.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_content",
            format!(
                "{}: no article text found",
                ask.url.as_deref().unwrap_or(BODY_SOURCE)
            ),
        ));
    }
    Ok(doc)
}

/// The answer's body in the format asked for; a JSON record of a fetched page also
/// carries the origin's `status`.
pub fn render(doc: &Document, ask: &Ask, from: &Provenance, status: Option<u16>) -> String {
    let format = match ask.reply {
        Reply::Json => Format::Json,
        Reply::Text => Format::Txt,
        Reply::Markdown => Format::Md,
    };
    let text = format.render(doc, from, ask.title);
    match (ask.reply, status) {
        (Reply::Json, Some(status)) => match text.trim_end().strip_suffix('}') {
            Some(open) => format!("{open},\"status\":{status}}}\n"),
            None => text,
        },
        _ => text,
    }
}

/// A 200 answer of `doc`.
pub fn respond(doc: &Document, ask: &Ask, from: &Provenance, status: Option<u16>) -> Response {
    let body = render(doc, ask, from, status);
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ask.reply.content_type()),
    );
    response
}
