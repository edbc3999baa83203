//! What a request gets back when it fails: a JSON object `{"error": kind, "message": …}`
//! with the status that says whose fault it was, so that a client in any language can
//! branch on `error` without parsing prose.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{Error, NetworkKind};

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A short stable name for what went wrong (`bad_option`, `too_large`…).
    pub kind: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

#[derive(Serialize)]
struct Wire<'a> {
    error: &'a str,
    message: &'a str,
}

impl ApiError {
    /// An error of `kind` with `status`.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
        }
    }

    /// 400: the request itself is wrong (an option, a URL, a malformed body).
    pub fn bad_request(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, kind, message)
    }

    /// The error as one line of JSON (the batch stream's failed lines use it too).
    pub fn to_json(&self) -> String {
        let wire = Wire {
            error: self.kind,
            message: &self.message,
        };
        // Two strings always serialize; an empty object is the harmless fallback.
        serde_json::to_string(&wire).unwrap_or_else(|_| "{}".to_string())
    }

    /// The status and kind a library error stands for.
    pub fn from_library(e: &Error) -> ApiError {
        let (status, kind) = match e {
            Error::TooLarge { .. } | Error::BodyTooLarge { .. } => {
                (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
            }
            Error::NotHtml { .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_html"),
            Error::ContentEncoding { .. } => (StatusCode::BAD_REQUEST, "bad_encoding"),
            Error::TimedOut { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "time_budget"),
            Error::Disallowed { .. } => (StatusCode::FORBIDDEN, "robots_disallowed"),
            Error::Refused { .. } => (StatusCode::FORBIDDEN, "refused_target"),
            Error::Network {
                kind: NetworkKind::Timeout,
                ..
            } => (StatusCode::GATEWAY_TIMEOUT, "origin_timeout"),
            Error::Network { .. }
            | Error::HttpStatus { .. }
            | Error::BadEncoding { .. }
            | Error::Redirect { .. }
            | Error::RobotsUnavailable { .. }
            | Error::RetryAfterTooLong { .. }
            | Error::HostHeldBack { .. } => (StatusCode::BAD_GATEWAY, "origin_failed"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        ApiError::new(status, kind, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.to_json()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            // Slots free up within a page's extraction time: a second is a fair first wait.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_get_their_status() {
        let e = Error::TooLarge {
            input: "body".into(),
            size: 10,
            limit: 5,
        };
        assert_eq!(ApiError::from_library(&e).status, 413);
        let e = Error::NotHtml {
            input: "body".into(),
            reason: "looks like PDF".into(),
        };
        let api = ApiError::from_library(&e);
        assert_eq!((api.status.as_u16(), api.kind), (415, "not_html"));
        let v: serde_json::Value = serde_json::from_str(&api.to_json()).unwrap();
        assert_eq!(v["error"], "not_html");
        assert!(v["message"].as_str().unwrap().contains("PDF"));
    }
}
