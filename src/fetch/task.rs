//! The life of one URL: robots.txt, a slot on its host and in the run, the request with its
//! retries (honouring `Retry-After`), each redirect hop checked like a new URL, the body
//! handed to extraction, and the manifest record. A stop request cancels whatever has not
//! started on the wire.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use reqwest::Url;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use super::client::Client;
use super::exchange::{Got, Hop, Purpose, Trace, exchange};
use super::limiter::{Host, Hosts, Refusal};
use super::list::{Entry, MAX_LINE_BYTES};
use super::manifest::{Outcome, Record};
use super::page::write_page;
use super::retry::{Decision, RetryPolicy, retryable_error};
use super::robots::{ROBOTS_MAX_REDIRECTS, Rules, origin_key, robots_url};
use super::shown::{cut, redacted, shown};
use crate::config::Config;
use crate::error::Error;
use crate::raw::RawPage;

/// What every task of a run shares.
#[derive(Debug)]
pub struct Ctx {
    pub client: Client,
    pub hosts: Hosts,
    /// Requests in flight, all hosts together; a page's slot is kept until extraction
    /// takes its body, so bodies waiting for a CPU never pile up.
    pub global: Arc<Semaphore>,
    /// Pages being extracted at once (one per worker thread).
    pub extract_slots: Arc<Semaphore>,
    pub policy: RetryPolicy,
    pub config: Config,
    /// The product name robots.txt rules are matched against.
    pub agent: String,
    pub dir: PathBuf,
    /// Requests on the wire now, for the progress display.
    pub in_flight: AtomicUsize,
}

/// How a task ended.
#[derive(Debug)]
pub enum Finish {
    /// The URL is finished; the record goes to the manifest.
    Done {
        /// The manifest line.
        record: Box<Record>,
        /// Why it failed or was skipped.
        error: Option<Error>,
    },
    /// Stopped before finishing; nothing is recorded, so the next run does it.
    Interrupted,
}

/// Why a fetch did not produce a page.
#[derive(Debug)]
enum Halt {
    Interrupted,
    Failed(Error),
}

impl From<Error> for Halt {
    fn from(e: Error) -> Self {
        Halt::Failed(e)
    }
}

/// Processes one list entry to its end.
pub async fn process(ctx: Arc<Ctx>, entry: Entry, mut stop: watch::Receiver<u8>) -> Finish {
    let started = Instant::now();
    let mut trace = Trace::default();
    let Entry {
        index,
        line,
        text,
        url,
        stem,
        ..
    } = entry;
    let result = match url {
        Err(e) => Err(Halt::Failed(e)),
        Ok(url) => match fetch_chain(&ctx, url, Purpose::Page, &mut trace, &mut stop).await {
            Ok(got) => extract(&ctx, stem, got).await.map_err(Halt::Failed),
            Err(halt) => Err(halt),
        },
    };
    let (outcome, file, error) = match result {
        Ok(w) if w.empty => (Outcome::Empty, Some(w.file), None),
        Ok(w) => (Outcome::Ok, Some(w.file), None),
        Err(Halt::Interrupted) => return Finish::Interrupted,
        Err(Halt::Failed(e)) if is_skip(&e) => (Outcome::Skipped, None, Some(e)),
        Err(Halt::Failed(e)) => (Outcome::Failed, None, Some(e)),
    };
    let attempts = trace.attempts();
    let record = Record {
        index,
        url: text,
        final_url: trace.final_url,
        status: trace.status,
        content_type: trace.content_type,
        bytes: trace.bytes,
        attempts,
        file,
        error: error.as_ref().map(ToString::to_string),
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        outcome,
        line,
    };
    Finish::Done {
        record: Box::new(record),
        error,
    }
}

/// Skipped on purpose, not failed: robots.txt said no, or the response is not a page.
fn is_skip(e: &Error) -> bool {
    matches!(e, Error::Disallowed { .. } | Error::NotHtml { .. })
}

/// Waits for an extraction slot (then frees the request slot), and extracts on a blocking
/// thread.
async fn extract(ctx: &Arc<Ctx>, stem: String, got: Got) -> Result<super::page::Written, Error> {
    let Got {
        url,
        content_type,
        content_language,
        body,
        slot,
        ..
    } = got;
    let closed = |_| Error::FetchSetup {
        message: "the extraction pool closed".to_string(),
    };
    let cpu = Arc::clone(&ctx.extract_slots)
        .acquire_owned()
        .await
        .map_err(closed)?;
    drop(slot);
    let (task_ctx, url_text) = (Arc::clone(ctx), redacted(url.as_str()).into_owned());
    let joined = tokio::task::spawn_blocking(move || {
        let _cpu = cpu;
        let page = RawPage::new(&body, &url_text)
            .url(Some(&url_text))
            .content_type(content_type.as_deref())
            .content_language(content_language.as_deref())
            .from_web(true);
        write_page(&task_ctx.dir, &stem, page, &task_ctx.config)
    })
    .await;
    // A panic in the extraction core must cost one page, not the run.
    joined.unwrap_or_else(|e| {
        Err(Error::ExtractCrashed {
            url: shown(&url),
            message: e.to_string(),
        })
    })
}

/// Follows a URL through its redirects, checking each hop like a new URL.
async fn fetch_chain(
    ctx: &Arc<Ctx>,
    start: Url,
    purpose: Purpose,
    trace: &mut Trace,
    stop: &mut watch::Receiver<u8>,
) -> Result<Got, Halt> {
    let max = match purpose {
        Purpose::Page => ctx.config.fetch.max_redirects,
        Purpose::Robots => ROBOTS_MAX_REDIRECTS,
    };
    let mut url = start;
    let mut visited: Vec<Url> = Vec::new();
    loop {
        if purpose == Purpose::Page {
            // Before robots.txt, so a held-back host's URLs all fail for the same reason.
            held_back(&ctx.hosts.get(&host_name(&url)), &url)?;
            if ctx.config.fetch.robots {
                check_robots(ctx, &url, stop).await?;
            }
        }
        let location = match fetch_hop(ctx, &url, purpose, trace, stop).await? {
            Hop::Done(got) => return Ok(got),
            Hop::Redirect(location) => location,
        };
        let redirect = |reason: String| Error::Redirect {
            url: shown(&url),
            reason,
        };
        // Longer than a list line may be: no server needs it, and the HTTP library would
        // refuse to send it anyway.
        if location.len() > MAX_LINE_BYTES {
            let reason = format!(
                "redirect target of {} bytes, longer than the {MAX_LINE_BYTES} a URL may have",
                location.len()
            );
            return Err(redirect(reason).into());
        }
        let next = url
            .join(&location)
            .map_err(|e| redirect(format!("bad redirect target {:?}: {e}", cut(&location))))?;
        if !matches!(next.scheme(), "http" | "https") {
            return Err(
                redirect(format!("redirect to a non-http(s) URL: {}", shown(&next))).into(),
            );
        }
        visited.push(url.clone());
        if visited.contains(&next) {
            return Err(redirect(format!("redirect loop back to {}", shown(&next))).into());
        }
        if visited.len() > max {
            return Err(
                redirect(format!("more than {max} redirects (fetch.max_redirects)")).into(),
            );
        }
        url = next;
    }
}

/// The lowercase host name: limits are per host, whatever the scheme or port.
fn host_name(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

/// One hop: a request to one URL, with retries.
async fn fetch_hop(
    ctx: &Arc<Ctx>,
    url: &Url,
    purpose: Purpose,
    trace: &mut Trace,
    stop: &mut watch::Receiver<u8>,
) -> Result<Hop, Halt> {
    let host = ctx.hosts.get(&host_name(url));
    loop {
        held_back(&host, url)?;
        let (host_slot, slot) = until_stopped(stop, acquire(ctx, &host)).await??;
        // The host may have been refused while this task waited for its slot.
        held_back(&host, url)?;
        trace.requests += 1;
        ctx.in_flight.fetch_add(1, Ordering::Relaxed);
        let max_body = ctx.config.fetch.max_body_bytes;
        let result = exchange(&ctx.client, url, purpose, max_body, trace, slot).await;
        ctx.in_flight.fetch_sub(1, Ordering::Relaxed);
        drop(host_slot);
        let (error, retry_after) = match result {
            Ok(hop) => return Ok(hop),
            Err(failure) => failure,
        };
        let retryable = retryable_error(&error);
        match ctx.policy.decide(trace.attempts(), retryable, retry_after) {
            Decision::GiveUp => return Err(error.into()),
            Decision::WaitTooLong(wait) => {
                let (status, seconds) = (trace.status.unwrap_or(0), wait.as_secs());
                // The server spoke for the whole host: its other URLs would only be refused
                // too, and asking again would ignore what it asked for.
                host.refuse(Refusal { status, seconds });
                return Err(Error::RetryAfterTooLong {
                    url: shown(url),
                    status,
                    seconds,
                }
                .into());
            }
            Decision::Retry(wait) => {
                trace.retries += 1;
                if retry_after.is_some() {
                    // The server spoke for the whole host, not just this URL.
                    host.hold_back(wait);
                }
                until_stopped(stop, tokio::time::sleep(wait)).await?;
            }
        }
    }
}

/// Fails `url` at once when its host asked for a pause longer than the run will wait.
fn held_back(host: &Host, url: &Url) -> Result<(), Halt> {
    match host.refusal() {
        None => Ok(()),
        Some(r) => Err(Halt::Failed(Error::HostHeldBack {
            url: shown(url),
            host: host_name(url),
            status: r.status,
            seconds: r.seconds,
        })),
    }
}

/// A host slot (after the host's delay), then a run-wide slot.
async fn acquire(
    ctx: &Arc<Ctx>,
    host: &Host,
) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), Halt> {
    let closed = || {
        Halt::Failed(Error::FetchSetup {
            message: "the request limiter closed".to_string(),
        })
    };
    let host_slot = host.acquire().await.ok_or_else(closed)?;
    let slot = Arc::clone(&ctx.global)
        .acquire_owned()
        .await
        .map_err(|_| closed())?;
    Ok((host_slot, slot))
}

/// Runs `fut` unless a stop is requested first (or already was).
async fn until_stopped<F: Future>(
    stop: &mut watch::Receiver<u8>,
    fut: F,
) -> Result<F::Output, Halt> {
    tokio::select! {
        biased;
        _ = stop.wait_for(|level| *level > 0) => Err(Halt::Interrupted),
        out = fut => Ok(out),
    }
}

/// Makes sure robots.txt allows `url`, fetching the origin's robots.txt first if no task
/// has yet.
async fn check_robots(
    ctx: &Arc<Ctx>,
    url: &Url,
    stop: &mut watch::Receiver<u8>,
) -> Result<(), Halt> {
    let host = ctx.hosts.get(&host_name(url));
    let cell = host.robots_cell(&origin_key(url));
    let rules = cell
        .get_or_try_init(|| fetch_rules(ctx, &host, url, stop))
        .await?;
    rules.check(url).map_err(Halt::Failed)
}

/// Fetches and parses an origin's robots.txt (its own retries, attempts not counted on
/// the page).
async fn fetch_rules(
    ctx: &Arc<Ctx>,
    host: &Host,
    url: &Url,
    stop: &mut watch::Receiver<u8>,
) -> Result<Arc<Rules>, Halt> {
    let robots = robots_url(url);
    let mut trace = Trace::default();
    // Boxed: the robots fetch goes through the same chain that called it.
    let fetched = Box::pin(fetch_chain(
        ctx,
        robots.clone(),
        Purpose::Robots,
        &mut trace,
        stop,
    ))
    .await;
    let rules = match fetched {
        Ok(got) => Rules::from_response(&robots, got.status, &got.body, &ctx.agent),
        Err(Halt::Interrupted) => return Err(Halt::Interrupted),
        // RFC 9309: a robots.txt lost in redirects counts as absent.
        Err(Halt::Failed(Error::Redirect { .. })) => Rules::AllowAll,
        Err(Halt::Failed(e)) => Rules::Unavailable {
            url: shown(&robots),
            reason: match e {
                Error::Network { kind, detail, .. } => format!("{kind}: {detail}"),
                Error::HttpStatus { status, .. } => format!("HTTP {status}"),
                other => other.to_string(),
            },
        },
    };
    if let Some(delay) = rules.crawl_delay() {
        host.raise_delay(delay);
    }
    Ok(Arc::new(rules))
}
