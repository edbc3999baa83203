//! The optional bearer token: read once from `serve.token_file`, then every request but
//! `GET /healthz` (load balancers probe it without secrets) must send
//! `Authorization: Bearer TOKEN`. Both sides are hashed and the digests compared in
//! constant time, so neither the token's bytes nor its length leak through timing.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::reply::ApiError;

/// The SHA-256 of the token.
#[derive(Clone)]
pub struct Token([u8; 32]);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, not even hashed.
        f.write_str("Token(..)")
    }
}

impl Token {
    /// The token in `text` (surrounding whitespace dropped), or `None` when it is empty.
    pub fn from_text(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(Sha256::digest(t.as_bytes()).into()))
    }

    /// True when the request's `Authorization` header carries this token.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(sent) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(sent.trim().as_bytes()).into();
        bool::from(digest.ct_eq(&self.0))
    }
}

/// The 401 answer.
pub fn unauthorized() -> Response {
    let mut r = ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "this server needs Authorization: Bearer TOKEN (serve.token_file)",
    )
    .into_response();
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_is_admitted() {
        let token = Token::from_text("s3cret\n").unwrap();
        let with = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, value.parse().unwrap());
            h
        };
        assert!(token.admits(&with("Bearer s3cret")));
        assert!(!token.admits(&with("Bearer s3cre")));
        assert!(!token.admits(&with("Bearer s3cret2")));
        assert!(!token.admits(&with("Basic s3cret")));
        assert!(!token.admits(&HeaderMap::new()));
        assert!(Token::from_text("  \n").is_none());
    }
}
