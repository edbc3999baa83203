//! Orchestration of a fetch run: the list read on its own thread into a bounded queue, a
//! window of URL tasks on a tokio runtime, the manifest appended as each finishes, and a
//! stop request honoured (first: take no new URL and let the requests on the wire finish;
//! second: cancel them).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinSet;

use super::client::Client;
use super::feed::{Feeder, Item, ListCounts, Pending};
use super::limiter::Hosts;
use super::lock::lock_dir;
use super::manifest::{Manifest, Outcome, Record};
use super::retry::RetryPolicy;
use super::robots::agent_token;
use super::task::{Ctx, Finish, process};
use crate::config::Config;
use crate::error::Error;

/// List entries read ahead of the tasks. Small: the reader only has to stay ahead.
pub const LIST_QUEUE: usize = 256;
/// URL tasks open at once, per request slot, and URLs of one host handed out at once, per
/// host slot: tasks beyond the slots wait for a busy host while others go ahead, and the
/// feeder (feed.rs) keeps any one host from filling the window. The window bounds what a
/// million-line list can hold in memory.
pub const WINDOW_PER_SLOT: usize = 4;
/// Extraction slots per core when `run.threads` is 0. More than one: the request side
/// shares the cores, and a core left idle while a page is handed over costs more than a
/// second DOM in memory (measured on 2 cores: 1 per core 1150 pages/s, 2 per core 1490).
pub const EXTRACT_SLOTS_PER_CORE: usize = 2;
/// Buffer of the list reader.
const LIST_BUFFER: usize = 64 * 1024;

/// Where the URL list comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl ListSource {
    fn name(&self) -> PathBuf {
        match self {
            ListSource::File(p) => p.clone(),
            ListSource::Stdin => PathBuf::from("<stdin>"),
        }
    }
}

/// Asks a running fetch to stop. The first call stops taking new URLs (requests on the
/// wire finish and are recorded); the second cancels what is still running.
#[derive(Debug, Clone)]
pub struct StopHandle {
    level: Arc<watch::Sender<u8>>,
}

impl Default for StopHandle {
    fn default() -> Self {
        StopHandle {
            level: Arc::new(watch::Sender::new(0)),
        }
    }
}

impl StopHandle {
    /// A handle nobody has pulled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Escalates: the first call stops taking URLs, the second cancels in-flight ones.
    pub fn stop(&self) {
        self.level.send_modify(|l| *l = l.saturating_add(1).min(2));
    }

    /// How many times a stop was asked for (0, 1 or 2).
    pub fn level(&self) -> u8 {
        *self.level.borrow()
    }
}

/// Progress so far, for a display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// URLs finished this run (any outcome).
    pub finished: u64,
    /// Of those, failed.
    pub failed: u64,
    /// Of those, skipped.
    pub skipped: u64,
    /// Requests on the wire now.
    pub in_flight: usize,
}

/// Something that happened during a run.
#[derive(Debug)]
pub enum Event<'a> {
    /// A URL finished and was recorded in the manifest.
    Finished {
        /// Its manifest line.
        record: &'a Record,
        /// Why it failed or was skipped.
        error: Option<&'a Error>,
        /// Counts after it.
        progress: Progress,
    },
    /// The list could not be read on; no more URLs are taken from it.
    ListError(&'a Error),
    /// A stop was asked for: no new request starts; those on the wire finish.
    Stopping {
        /// Requests on the wire.
        in_flight: usize,
    },
}

/// Counts for a finished (or stopped) run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Entries read from the list (valid or not).
    pub urls: u64,
    /// Pages whose text was written this run.
    pub written: u64,
    /// Pages without article text (empty file written).
    pub empty: u64,
    /// URLs skipped this run (robots.txt, not HTML).
    pub skipped: u64,
    /// URLs that failed this run (list read errors included).
    pub failed: u64,
    /// URLs already done by an earlier run, not fetched again.
    pub done_before: u64,
    /// URLs that failed in an earlier run and were left alone (`retry_failed = false`).
    pub failed_before: u64,
    /// URLs taken up but stopped before finishing (not recorded).
    pub unfinished: u64,
    /// True when the run was stopped.
    pub interrupted: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Summary {
    /// True when some URL of the list is failed (this run or left from an earlier one).
    pub fn any_failed(&self) -> bool {
        self.failed + self.failed_before > 0
    }
}

/// Fetches every URL of `list` into `config.output.dir`. Fails only on what stops the
/// whole run: a bad setting, an unwritable directory or manifest, an unreadable list file,
/// another run holding the directory's lock, an output file that cannot be created for a
/// reason that will recur (disk, inodes or quota full, read-only, out of file handles).
pub fn run(
    list: &ListSource,
    config: &Config,
    stop: &StopHandle,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    check_settings(config)?;
    let dir = config.output.dir.clone();
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    // Held to the end of the run, runtime shutdown included.
    let _lock = lock_dir(&dir)?;
    let (reader, again) = open_list(list)?;
    let (manifest, previous) = Manifest::open(&dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::FetchSetup {
            message: format!("async runtime: {e}"),
        })?;
    let ctx = runtime.block_on(async { make_ctx(config, &dir) })?;
    let counts = Arc::new(ListCounts::default());
    let pending = Arc::new(Pending::new(config.fetch.per_host * WINDOW_PER_SLOT));
    let (tx, rx) = mpsc::channel(LIST_QUEUE);
    let feeder = Feeder::new(
        (previous, config.fetch.retry_failed),
        tx,
        Arc::clone(&counts),
        Arc::clone(&pending),
        (again, list.name()),
    );
    spawn_feeder(feeder, reader)?;
    let mut driver = Driver {
        ctx: Arc::new(ctx),
        pending,
        hosts_of: HashMap::new(),
        manifest,
        on_event,
        summary: Summary::default(),
        progress: Progress::default(),
    };
    let result = runtime.block_on(driver.drive(rx, stop));
    // Requests cancelled by a second stop may leave tasks parked; do not wait for them.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result?;
    let mut summary = driver.summary;
    summary.urls = counts.seen.load(Ordering::Relaxed);
    summary.done_before = counts.done_before.load(Ordering::Relaxed);
    summary.failed_before = counts.failed_before.load(Ordering::Relaxed);
    summary.interrupted = stop.level() > 0;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn check_settings(config: &Config) -> Result<(), Error> {
    let f = &config.fetch;
    let bad = |key: &str| {
        Err(Error::FetchSetup {
            message: format!("fetch.{key} must be at least 1"),
        })
    };
    match () {
        _ if f.concurrency == 0 => bad("concurrency"),
        _ if f.per_host == 0 => bad("per_host"),
        _ if f.timeout_ms == 0 => bad("timeout_ms"),
        _ if f.connect_timeout_ms == 0 => bad("connect_timeout_ms"),
        _ => Ok(()),
    }
}

/// The list as a reader, and for a file a second handle on it, to read parts of it again.
fn open_list(list: &ListSource) -> Result<(Box<dyn BufRead + Send>, Option<File>), Error> {
    Ok(match list {
        ListSource::Stdin => (
            Box::new(BufReader::with_capacity(LIST_BUFFER, std::io::stdin())),
            None,
        ),
        ListSource::File(path) => {
            let file = File::open(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(Error::Read {
                    path: path.clone(),
                    source: std::io::Error::other("is a directory, not a URL list"),
                });
            }
            let again = File::open(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            (
                Box::new(BufReader::with_capacity(LIST_BUFFER, file)),
                Some(again),
            )
        }
    })
}

/// Built inside the runtime: the HTTP client wants one around.
fn make_ctx(config: &Config, dir: &Path) -> Result<Ctx, Error> {
    let f = &config.fetch;
    let threads = match config.run.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()) * EXTRACT_SLOTS_PER_CORE,
        n => n,
    };
    Ok(Ctx {
        client: Client::new(f)?,
        hosts: Hosts::new(f.per_host, Duration::from_millis(f.host_delay_ms)),
        global: Arc::new(Semaphore::new(f.concurrency)),
        extract_slots: Arc::new(Semaphore::new(threads)),
        policy: RetryPolicy::from_config(f),
        config: config.clone(),
        agent: agent_token(&f.user_agent),
        dir: dir.to_path_buf(),
        in_flight: AtomicUsize::new(0),
    })
}

/// Reads the list on a plain thread (a pipe or a file may block) into the bounded queue.
fn spawn_feeder(feeder: Feeder, reader: Box<dyn BufRead + Send>) -> Result<(), Error> {
    std::thread::Builder::new()
        .name("dehusk-list".to_string())
        .spawn(move || feeder.feed(reader))
        .map(drop)
        .map_err(|e| Error::FetchSetup {
            message: format!("list reader thread: {e}"),
        })
}

/// The run's loop: admits URLs into a window of tasks, records them as they finish.
struct Driver<'a> {
    ctx: Arc<Ctx>,
    /// Places per host, given back as each URL finishes.
    pending: Arc<Pending>,
    /// The host each running task holds a place of.
    hosts_of: HashMap<tokio::task::Id, String>,
    manifest: Manifest,
    on_event: &'a (dyn Fn(Event<'_>) + Sync),
    summary: Summary,
    progress: Progress,
}

impl Driver<'_> {
    async fn drive(
        &mut self,
        mut rx: mpsc::Receiver<Item>,
        stop: &StopHandle,
    ) -> Result<(), Error> {
        let window = (self.ctx.config.fetch.concurrency * WINDOW_PER_SLOT).max(LIST_QUEUE);
        let mut stop_rx = stop.level.subscribe();
        let mut tasks: JoinSet<Finish> = JoinSet::new();
        let mut list_open = true;
        // A stop asked for before the loop started counts too (subscribing marks the
        // current value as seen, so `changed` would not report it).
        let mut stopping = *stop_rx.borrow_and_update() > 0;
        loop {
            if tasks.is_empty() && (!list_open || stopping) {
                return Ok(());
            }
            tokio::select! {
                biased;
                Ok(()) = stop_rx.changed() => {
                    let level = *stop_rx.borrow_and_update();
                    if !stopping {
                        stopping = true;
                        rx.close();
                        let in_flight = self.ctx.in_flight.load(Ordering::Relaxed);
                        (self.on_event)(Event::Stopping { in_flight });
                    }
                    if level >= 2 {
                        tasks.abort_all();
                    }
                }
                Some(joined) = tasks.join_next_with_id() => {
                    let id = match &joined {
                        Ok((id, _)) => *id,
                        Err(e) => e.id(),
                    };
                    if let Some(host) = self.hosts_of.remove(&id) {
                        self.pending.release(&host);
                    }
                    match joined {
                        Ok((_, finish)) => self.record(finish)?,
                        Err(_) => self.summary.unfinished += 1,
                    }
                }
                item = rx.recv(), if list_open && !stopping && tasks.len() < window => match item {
                    Some(Item::Entry(entry, host)) => {
                        let task = process(Arc::clone(&self.ctx), entry, stop_rx.clone());
                        let id = tasks.spawn(task).id();
                        if let Some(host) = host {
                            self.hosts_of.insert(id, host);
                        }
                    }
                    Some(Item::Error(error)) => {
                        self.summary.failed += 1;
                        (self.on_event)(Event::ListError(&error));
                        list_open = false;
                    }
                    None => list_open = false,
                },
            }
        }
    }

    /// Appends a finished URL to the manifest and reports it.
    fn record(&mut self, finish: Finish) -> Result<(), Error> {
        let (record, error) = match finish {
            // Every later page would fail the same way: stop, as when the manifest cannot
            // be appended, and leave the URL unrecorded for the next run.
            Finish::Done { error: Some(e), .. } if e.stops_the_batch() => return Err(e),
            Finish::Done { record, error } => (record, error),
            Finish::Interrupted => {
                self.summary.unfinished += 1;
                return Ok(());
            }
        };
        self.manifest.append(&record)?;
        let s = &mut self.summary;
        match record.outcome {
            Outcome::Ok => s.written += 1,
            Outcome::Empty => s.empty += 1,
            Outcome::Skipped => s.skipped += 1,
            Outcome::Failed => s.failed += 1,
        }
        let p = &mut self.progress;
        p.finished += 1;
        p.failed = s.failed;
        p.skipped = s.skipped;
        p.in_flight = self.ctx.in_flight.load(Ordering::Relaxed);
        (self.on_event)(Event::Finished {
            record: &record,
            error: error.as_ref(),
            progress: *p,
        });
        Ok(())
    }
}
