//! `dehusk serve`: clean text over HTTP for tools in any language.
//!
//! ```text
//!  TCP accept ──► hyper http1 (header timeout) ──► axum router ──► handler
//!  (conn.rs: graceful    route metrics (mod.rs)    POST /extract (extract.rs)
//!   shutdown, bounded)                             body read whole (body.rs), then a
//!                                                  place in line (slots.rs, 429 past it),
//!                                                  then RawPage::read on a blocking thread
//!                                                  GET /extract?url= (fetched.rs, origin.rs):
//!                                                  the fetcher behind the SSRF guard
//!                                                  POST /extract/batch (batch.rs): JSONL
//!                                                  in, JSONL out in input order
//! ```
//! Options come from the query string with the CLI's names (ask.rs); every failure is a
//! JSON `{"error", "message"}` with its status (reply.rs).

mod ask;
mod batch;
mod body;
mod conn;
mod extract;
mod fetched;
mod metrics;
mod origin;
mod reply;
mod slots;
mod token;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;

pub use reply::ApiError;

use crate::config::Config;
use crate::error::Error;
use metrics::Metrics;
use slots::Slots;

/// What every request shares.
#[derive(Debug)]
pub struct Shared {
    /// The resolved configuration.
    pub config: Config,
    /// The extraction slots and their queue.
    pub slots: Slots,
    /// The largest request body.
    pub body_limit: usize,
    /// The time a body has to arrive.
    pub body_timeout: Duration,
    /// The counters of `/metrics`.
    pub metrics: Metrics,
    /// The fetcher of `GET /extract?url=`.
    origin: origin::Origin,
    /// The bearer token asked for, when one is set.
    token: Option<token::Token>,
}

/// A bound server, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds `config.serve.listen` and prepares the shared state.
    pub async fn bind(config: Config) -> Result<Server, Error> {
        let listen = config.serve.listen.clone();
        let setup = |message: String| Error::ServeSetup {
            listen: listen.clone(),
            message,
        };
        let listener = TcpListener::bind(&listen)
            .await
            .map_err(|e| setup(e.to_string()))?;
        let s = &config.serve;
        let slots = match s.slots {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let shared = Shared {
            slots: Slots::new(slots, s.queue),
            body_limit: match s.max_body_bytes {
                0 => config.extract.max_bytes,
                n => n,
            },
            body_timeout: Duration::from_millis(s.body_timeout_ms),
            metrics: Metrics::default(),
            origin: origin::Origin::new(&config)?,
            token: read_token(&config)?,
            config,
        };
        Ok(Server {
            listener,
            shared: Arc::new(shared),
        })
    }

    /// The address bound (the port chosen, when port 0 was asked for).
    pub fn local_addr(&self) -> Result<SocketAddr, Error> {
        self.listener.local_addr().map_err(|e| Error::ServeSetup {
            listen: self.shared.config.serve.listen.clone(),
            message: e.to_string(),
        })
    }

    /// Serves until `shutdown` completes, then stops accepting and gives the requests in
    /// flight `serve.shutdown_grace_ms` to finish.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let s = &self.shared.config.serve;
        let limits = conn::Limits {
            header_timeout: Duration::from_millis(s.header_timeout_ms),
            grace: Duration::from_millis(s.shutdown_grace_ms),
        };
        let app = router(Arc::clone(&self.shared));
        conn::serve(self.listener, app, limits, shutdown).await;
    }
}

/// The token of `serve.token_file`, when set; an unreadable or empty file stops the start.
fn read_token(config: &Config) -> Result<Option<token::Token>, Error> {
    let Some(path) = &config.serve.token_file else {
        return Ok(None);
    };
    let setup = |message: String| Error::ServeSetup {
        listen: config.serve.listen.clone(),
        message: format!("token file {}: {message}", path.display()),
    };
    let text = std::fs::read_to_string(path).map_err(|e| setup(e.to_string()))?;
    token::Token::from_text(&text)
        .map(Some)
        .ok_or_else(|| setup("empty".to_string()))
}

/// The routes.
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/extract",
            post(extract::post_extract).get(fetched::get_extract),
        )
        .route("/extract/batch", post(batch::post_batch))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            check_token,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            count_requests,
        ))
        .with_state(shared)
}

async fn healthz() -> Response {
    let mut r = (StatusCode::OK, "{\"status\":\"ok\"}\n").into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

async fn metrics_text(State(shared): State<Arc<Shared>>) -> Response {
    let mut r = (StatusCode::OK, shared.metrics.render()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    r
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route (POST /extract, GET /extract?url=, POST /extract/batch, GET /healthz, GET /metrics)",
    )
}

/// Refuses requests without the token (when one is set); `/healthz` needs none.
async fn check_token(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    match &shared.token {
        Some(token) if req.uri().path() != "/healthz" && !token.admits(req.headers()) => {
            token::unauthorized()
        }
        _ => next.run(req).await,
    }
}

/// Counts every answer by route and status.
async fn count_requests(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    // Route templates only: a label per raw path would let clients grow the map forever.
    let route = match req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
    {
        Some("/extract") => "/extract",
        Some("/extract/batch") => "/extract/batch",
        Some("/healthz") => "/healthz",
        Some("/metrics") => "/metrics",
        _ => "other",
    };
    let response = next.run(req).await;
    shared.metrics.request(route, response.status().as_u16());
    response
}
