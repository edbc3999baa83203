//! The fetch behind `GET /extract?url=`: the fetcher's client, exchange, retry policy,
//! robots.txt rules and per-host limits, driven one URL at a time, with the SSRF guard
//! on every hop — the resolver vets every address connected to, and [`check_url`] vets
//! each URL (scheme, IP literal) before it is requested, redirects included.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::config::Config;
use crate::error::Error;
use crate::fetch::client::Client;
use crate::fetch::exchange::{Got, Hop, Purpose, Trace, exchange};
use crate::fetch::guard::check_url;
use crate::fetch::limiter::{Host, Hosts};
use crate::fetch::retry::{Decision, RetryPolicy, retryable_error};
use crate::fetch::robots::{ROBOTS_MAX_REDIRECTS, Rules, origin_key, robots_url};
use crate::fetch::shown::shown;

/// What the server fetches with.
#[derive(Debug)]
pub struct Origin {
    client: Client,
    hosts: Hosts,
    policy: RetryPolicy,
    robots: bool,
    max_body: usize,
    max_redirects: usize,
    allow_private: bool,
    agent: String,
}

impl Origin {
    /// The fetcher `[fetch]` and `[serve]` describe.
    pub fn new(config: &Config) -> Result<Origin, Error> {
        let f = &config.fetch;
        Ok(Origin {
            client: Client::guarded(f, config.serve.allow_private)?,
            hosts: Hosts::new(f.per_host, Duration::from_millis(f.host_delay_ms)),
            policy: RetryPolicy::from_config(f),
            robots: f.robots,
            max_body: f.max_body_bytes,
            max_redirects: f.max_redirects,
            allow_private: config.serve.allow_private,
            agent: crate::fetch::agent_token(&f.user_agent),
        })
    }

    /// Fetches `url` through its redirects: the final response, read whole.
    pub async fn fetch(&self, url: Url) -> Result<Got, Error> {
        self.chain(url, Purpose::Page, self.max_redirects).await
    }

    async fn chain(&self, start: Url, purpose: Purpose, max: usize) -> Result<Got, Error> {
        let mut url = start;
        let mut hops = 0;
        loop {
            check_url(&url, self.allow_private)?;
            let host = self
                .hosts
                .get(&url.host_str().unwrap_or("").to_ascii_lowercase());
            if purpose == Purpose::Page && self.robots {
                self.check_robots(&host, &url).await?;
            }
            let location = match self.hop(&host, &url, purpose).await? {
                Hop::Done(got) => return Ok(got),
                Hop::Redirect(location) => location,
            };
            let redirect = |reason: String| Error::Redirect {
                url: shown(&url),
                reason,
            };
            hops += 1;
            if hops > max {
                return Err(redirect(format!(
                    "more than {max} redirects (fetch.max_redirects)"
                )));
            }
            url = url
                .join(&location)
                .map_err(|e| redirect(format!("bad redirect target: {e}")))?;
        }
    }

    /// One request with its retries.
    async fn hop(&self, host: &Host, url: &Url, purpose: Purpose) -> Result<Hop, Error> {
        let mut trace = Trace::default();
        loop {
            let slot = host.acquire().await.ok_or_else(|| Error::FetchSetup {
                message: "the host limiter closed".to_string(),
            })?;
            trace.requests += 1;
            let result =
                exchange(&self.client, url, purpose, self.max_body, &mut trace, slot).await;
            let (error, retry_after) = match result {
                Ok(hop) => return Ok(hop),
                Err(failure) => failure,
            };
            match self
                .policy
                .decide(trace.attempts(), retryable_error(&error), retry_after)
            {
                Decision::Retry(wait) => {
                    trace.retries += 1;
                    tokio::time::sleep(wait).await;
                }
                Decision::GiveUp | Decision::WaitTooLong(_) => return Err(error),
            }
        }
    }

    /// robots.txt of the URL's origin, fetched once and kept with the host.
    async fn check_robots(&self, host: &Host, url: &Url) -> Result<(), Error> {
        let cell = host.robots_cell(&origin_key(url));
        let rules = cell
            .get_or_try_init(|| async {
                let robots = robots_url(url);
                // Boxed: the robots fetch goes through the chain that called it.
                let fetched =
                    Box::pin(self.chain(robots.clone(), Purpose::Robots, ROBOTS_MAX_REDIRECTS))
                        .await;
                let rules = match fetched {
                    Ok(got) => Rules::from_response(&robots, got.status, &got.body, &self.agent),
                    // RFC 9309: a robots.txt lost in redirects counts as absent.
                    Err(Error::Redirect { .. }) => Rules::AllowAll,
                    // The page is on the same host: refused for the same reason.
                    Err(e @ Error::Refused { .. }) => return Err(e),
                    Err(e) => Rules::Unavailable {
                        url: shown(&robots),
                        reason: e.to_string(),
                    },
                };
                Ok::<_, Error>(Arc::new(rules))
            })
            .await?;
        rules.check(url)
    }
}
