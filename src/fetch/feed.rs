//! Feeding the run from the list so that every host with work gets its slots, whatever the
//! list's order. Lists from crawls and sitemaps come grouped by host; read in order, the
//! task window would fill with one host's URLs while that host takes two at a time. So
//! each host may have at most a few URLs handed to the run and not finished; a URL of a
//! host that has its share is set aside, not held: only the byte range of the stretch it
//! is in (with its line and position) is remembered, and read again once the first pass
//! is done and the host has room. A host-grouped list of a million lines thus costs one
//! remembered stretch per host, not a URL in memory per line. Memory: at most
//! [`MAX_RUNS`] stretches (about 100 bytes each); past that, the reader waits for the host
//! as a plain reader would. Standard input cannot be read again, so it is fed in order.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::mpsc;

use super::list::{Entry, ListReader, RawLine};
use super::manifest::Previous;
use crate::error::Error;

/// Stretches of the list set aside at once (a host-grouped list needs about one per host).
pub const MAX_RUNS: usize = 4096;
/// Longest sleep of a reader whose hosts are all full; a finished URL wakes it at once,
/// the timeout only lets it notice a run that stopped.
const WAIT: Duration = Duration::from_millis(50);
/// Buffer of a reader of a set-aside stretch: small, since a refill takes a few lines.
const RUN_BUFFER: usize = 4 * 1024;

/// Counts kept by the list reader thread.
#[derive(Debug, Default)]
pub struct ListCounts {
    /// Entries taken up: handed to the run, or left out as done before.
    pub seen: AtomicU64,
    /// Entries an earlier run finished.
    pub done_before: AtomicU64,
    /// Entries an earlier run failed, left alone.
    pub failed_before: AtomicU64,
}

/// What the reader hands to the run.
pub enum Item {
    /// An entry, with the host it holds a place of (to give back when it finishes).
    Entry(Entry, Option<String>),
    /// The list could not be read on.
    Error(Error),
}

/// URLs handed to the run and not finished yet, per host.
#[derive(Debug)]
pub struct Pending {
    state: Mutex<PendingState>,
    freed: Condvar,
    cap: usize,
}

#[derive(Debug, Default)]
struct PendingState {
    counts: HashMap<String, usize>,
    /// Places given back so far: a reader that saw this number go up has something to try.
    releases: u64,
}

impl Pending {
    /// At most `cap` URLs of one host handed out at once.
    pub fn new(cap: usize) -> Self {
        Pending {
            state: Mutex::new(PendingState::default()),
            freed: Condvar::new(),
            cap: cap.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PendingState> {
        // A poisoned lock only means a thread panicked mid-update of a plain map.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a place for `host`; `force` takes it even past the cap.
    fn take(&self, host: &str, force: bool) -> bool {
        let mut state = self.lock();
        let n = match state.counts.get_mut(host) {
            Some(n) => n,
            None => state.counts.entry(host.to_string()).or_insert(0),
        };
        if *n >= self.cap && !force {
            return false;
        }
        *n += 1;
        true
    }

    fn has_room(&self, host: &str) -> bool {
        self.has_room_for(host, 1)
    }

    /// True when `n` more URLs of `host` may be handed out.
    fn has_room_for(&self, host: &str, n: usize) -> bool {
        self.lock()
            .counts
            .get(host)
            .is_none_or(|&held| held + n <= self.cap)
    }

    /// How many places a stretch of one host waits for before it is read again: half the
    /// share, so that each read of the list takes several lines, not one.
    fn batch(&self) -> usize {
        self.cap.div_ceil(2)
    }

    /// Gives back the place of a finished URL of `host`.
    pub fn release(&self, host: &str) {
        let mut state = self.lock();
        if let Some(n) = state.counts.get_mut(host) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                state.counts.remove(host);
            }
        }
        state.releases += 1;
        drop(state);
        self.freed.notify_all();
    }

    fn releases(&self) -> u64 {
        self.lock().releases
    }

    /// Sleeps until a place is given back after `seen` releases (or [`WAIT`] passes).
    fn wait_after(&self, seen: u64) {
        let state = self.lock();
        let _ = self
            .freed
            .wait_timeout_while(state, WAIT, |s| s.releases == seen);
    }
}

/// A stretch of the list set aside: bytes `start..end`, starting after line `line`, its
/// first entry at position `index`; `host` when every URL set aside in it is of one host.
#[derive(Debug)]
struct Run {
    start: u64,
    end: u64,
    line: u64,
    index: u64,
    host: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

/// The list reader: a thread of its own (a pipe or a file may block).
pub struct Feeder {
    /// What earlier runs finished.
    pub previous: Previous,
    /// Whether entries that failed before are fetched again.
    pub retry_failed: bool,
    /// The run's queue.
    pub tx: mpsc::Sender<Item>,
    /// Counts shared with the run.
    pub counts: Arc<ListCounts>,
    /// Places per host, shared with the run.
    pub pending: Arc<Pending>,
    /// The list file again, for reading stretches set aside; `None` for standard input.
    pub again: Option<File>,
    /// The list's name, for errors.
    pub name: PathBuf,
    runs: VecDeque<Run>,
    open: Option<Run>,
}

impl Feeder {
    /// A feeder; `again` is a second handle on the list file when it is one.
    pub fn new(
        (previous, retry_failed): (Previous, bool),
        tx: mpsc::Sender<Item>,
        counts: Arc<ListCounts>,
        pending: Arc<Pending>,
        (again, name): (Option<File>, PathBuf),
    ) -> Feeder {
        Feeder {
            previous,
            retry_failed,
            tx,
            counts,
            pending,
            again,
            name,
            runs: VecDeque::new(),
            open: None,
        }
    }

    /// Feeds the whole list: one pass in order, then the stretches set aside.
    pub fn feed(mut self, reader: Box<dyn BufRead + Send>) {
        let mut main = ListReader::new(reader);
        if self.pass(&mut main, true) == Flow::Stop {
            return;
        }
        self.close_run(main.position());
        self.drain_runs();
    }

    fn pass<R: BufRead>(&mut self, reader: &mut ListReader<R>, first: bool) -> Flow {
        while let Some(item) = reader.next_raw() {
            let raw = match item {
                Ok(raw) => raw,
                Err(source) => return self.fail(source),
            };
            if self.handle(&raw, first) == Flow::Stop {
                return Flow::Stop;
            }
        }
        Flow::Go
    }

    fn fail(&mut self, source: std::io::Error) -> Flow {
        let error = Error::Read {
            path: self.name.clone(),
            source,
        };
        let _ = self.tx.blocking_send(Item::Error(error));
        Flow::Stop
    }

    /// One entry: left out (done before), set aside (its host has its share), or parsed and
    /// handed on. Entries left out are counted on the first pass only: a stretch read again
    /// holds them once more.
    fn handle(&mut self, raw: &RawLine<'_>, first: bool) -> Flow {
        // The manifest holds the line as text (lossy when not UTF-8); compare the same.
        let text = String::from_utf8_lossy(raw.bytes);
        let left_out = match self.previous.outcome(raw.index, text.as_bytes()) {
            Some(o) if o.is_done() => Some(&self.counts.done_before),
            Some(_) if !self.retry_failed => Some(&self.counts.failed_before),
            _ => None,
        };
        if let Some(count) = left_out {
            if first {
                self.counts.seen.fetch_add(1, Ordering::Relaxed);
                count.fetch_add(1, Ordering::Relaxed);
            }
            return Flow::Go;
        }
        let host = raw.host();
        if let Some(h) = &host
            && !self.place(h, raw)
        {
            return Flow::Go;
        }
        self.close_run(raw.offset);
        let entry = raw.entry();
        self.counts.seen.fetch_add(1, Ordering::Relaxed);
        match self.tx.blocking_send(Item::Entry(entry, host)) {
            Ok(()) => Flow::Go,
            Err(_) => Flow::Stop, // the run stopped taking URLs
        }
    }

    /// Takes a place for `host` (true), or sets the line aside (false). Waits for a place
    /// when the list cannot be read again or no more stretches can be remembered.
    fn place(&mut self, host: &str, raw: &RawLine<'_>) -> bool {
        if self.again.is_none() {
            return self.pending.take(host, true);
        }
        if self.pending.take(host, false) {
            return true;
        }
        if self.set_aside(host, raw) {
            return false;
        }
        loop {
            let seen = self.pending.releases();
            if self.pending.take(host, false) || self.tx.is_closed() {
                return true;
            }
            self.pending.wait_after(seen);
        }
    }

    /// Adds the line to the open stretch, or opens one; false when no more can be opened.
    fn set_aside(&mut self, host: &str, raw: &RawLine<'_>) -> bool {
        let full = self.runs.len() + 1 >= MAX_RUNS;
        match &mut self.open {
            Some(run) if run.host.as_deref().is_none_or(|h| h == host) => true,
            // Out of room for stretches of one host each: this one takes any host.
            Some(run) if full => {
                run.host = None;
                true
            }
            Some(_) => {
                self.close_run(raw.offset);
                self.open = Some(Run::at(raw, host));
                true
            }
            None if full => false,
            None => {
                self.open = Some(Run::at(raw, host));
                true
            }
        }
    }

    fn close_run(&mut self, end: u64) {
        if let Some(mut run) = self.open.take() {
            run.end = end;
            self.runs.push_back(run);
        }
    }

    /// Reads the stretches set aside again, each once its host has room, until none is
    /// left; sleeps when every one's host is full.
    fn drain_runs(&mut self) {
        let mut idle = 0;
        while let Some(run) = self.runs.pop_front() {
            if self.tx.is_closed() {
                return;
            }
            let seen = self.pending.releases();
            let taken_before = self.counts.seen.load(Ordering::Relaxed);
            let batch = self.pending.batch();
            if run
                .host
                .as_deref()
                .is_none_or(|h| self.pending.has_room_for(h, batch))
            {
                if self.reread(&run) == Flow::Stop {
                    return;
                }
            } else {
                self.runs.push_back(run);
            }
            if self.counts.seen.load(Ordering::Relaxed) > taken_before {
                idle = 0;
                continue;
            }
            idle += 1;
            if idle >= self.runs.len() {
                self.pending.wait_after(seen);
                idle = 0;
            }
        }
    }

    fn reread(&mut self, run: &Run) -> Flow {
        let Some(file) = &self.again else {
            return Flow::Go;
        };
        let opened = file.try_clone().and_then(|mut f| {
            f.seek(SeekFrom::Start(run.start))?;
            Ok(f)
        });
        let file = match opened {
            Ok(f) => f,
            Err(e) => return self.fail(e),
        };
        let bytes = BufReader::with_capacity(RUN_BUFFER, file.take(run.end - run.start));
        let mut list = ListReader::resume(bytes, run.line, run.index, run.start);
        let flow = match &run.host {
            Some(host) => self.pass_of_host(&mut list, host, run.end),
            None => self.pass(&mut list, false),
        };
        self.close_run(run.end);
        flow
    }

    /// Reads a stretch of one host's URLs until the host has its share again; the rest
    /// goes back as one stretch without being read (it holds only that host's URLs), so a
    /// host's block costs one read, not one per refill.
    fn pass_of_host<R: BufRead>(&mut self, list: &mut ListReader<R>, host: &str, end: u64) -> Flow {
        while let Some(item) = list.next_raw() {
            let raw = match item {
                Ok(raw) => raw,
                Err(source) => return self.fail(source),
            };
            if !self.pending.has_room(host) && raw.host().as_deref() == Some(host) {
                self.close_run(raw.offset);
                let mut rest = Run::at(&raw, host);
                rest.end = end;
                self.runs.push_back(rest);
                return Flow::Go;
            }
            if self.handle(&raw, false) == Flow::Stop {
                return Flow::Stop;
            }
        }
        Flow::Go
    }
}

impl Run {
    fn at(raw: &RawLine<'_>, host: &str) -> Run {
        Run {
            start: raw.offset,
            end: raw.offset,
            line: raw.line.saturating_sub(1),
            index: raw.index,
            host: Some(host.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Feeds `list` (written to a file) with `cap` places per host; the consumer holds up
    /// to `held` entries, finishing the oldest first. Returns the entries in the order they
    /// came and the most of one host handed out at once.
    fn feed_file(list: &[u8], cap: usize, held: usize) -> (Vec<(Entry, Option<String>)>, usize) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(list).unwrap();
        let open = || File::open(file.path()).unwrap();
        let main = Box::new(std::io::BufReader::with_capacity(7, open()));
        let pending = Arc::new(Pending::new(cap));
        let (tx, mut rx) = mpsc::channel(4);
        let feeder = Feeder::new(
            (Previous::default(), true),
            tx,
            Arc::new(ListCounts::default()),
            Arc::clone(&pending),
            (Some(open()), file.path().to_path_buf()),
        );
        let reader = std::thread::spawn(move || feeder.feed(main));
        let (mut got, mut holding) = (Vec::new(), VecDeque::<String>::new());
        let mut most = 0;
        // Polls of 100 µs with nothing received before the consumer finishes an entry.
        const IDLE_POLLS: u32 = 100;
        let mut idle = 0;
        let finish_oldest = |holding: &mut VecDeque<String>| {
            if let Some(host) = holding.pop_front() {
                pending.release(&host);
            }
        };
        loop {
            match rx.try_recv() {
                Ok(Item::Entry(entry, host)) => {
                    idle = 0;
                    if let Some(h) = &host {
                        holding.push_back(h.clone());
                    }
                    got.push((entry, host));
                }
                Ok(Item::Error(e)) => panic!("{e}"),
                // Nothing came for a while: the feeder waits for a place, so one finishes.
                // Waiting a little first keeps a loaded machine (a slow reader thread) from
                // looking like a stalled feeder and letting one host run ahead.
                Err(mpsc::error::TryRecvError::Empty) => {
                    idle += 1;
                    if idle >= IDLE_POLLS {
                        finish_oldest(&mut holding);
                        idle = 0;
                    }
                    std::thread::sleep(Duration::from_micros(100));
                }
                Err(mpsc::error::TryRecvError::Disconnected) => break,
            }
            if holding.len() > held {
                finish_oldest(&mut holding);
            }
            let mut now: HashMap<&str, usize> = HashMap::new();
            for h in &holding {
                *now.entry(h.as_str()).or_default() += 1;
            }
            most = most.max(now.values().copied().max().unwrap_or(0));
        }
        reader.join().unwrap();
        (got, most)
    }

    #[test]
    fn a_host_grouped_list_is_fed_across_hosts_each_entry_once() {
        let mut list = Vec::new();
        let mut expected = Vec::new();
        list.extend_from_slice(b"# grouped by host\r\n");
        for h in 0..5 {
            for i in 0..40 {
                let url = format!("http://h{h}.example/p{i}");
                list.extend_from_slice(url.as_bytes());
                list.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
                expected.push(url);
                if i == 7 {
                    list.extend_from_slice(b"\nnot a url\n");
                    expected.push("not a url".to_string());
                }
            }
        }
        let (got, most) = feed_file(&list, 3, 6);
        assert!(most <= 3, "{most} URLs of one host handed out at once");
        // Every host shows up among the first entries, not only the first host's block.
        let early: std::collections::HashSet<_> =
            got.iter().take(20).filter_map(|(_, h)| h.clone()).collect();
        assert_eq!(early.len(), 5, "{early:?}");
        let mut by_index: Vec<&Entry> = got.iter().map(|(e, _)| e).collect();
        by_index.sort_by_key(|e| e.index);
        let texts: Vec<&str> = by_index.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, expected);
        let lines: Vec<u64> = by_index.iter().map(|e| e.line).collect();
        let mut want = Vec::new();
        let mut line = 1;
        for _ in 0..5 {
            for i in 0..40 {
                line += 1;
                want.push(line);
                if i == 7 {
                    line += 2;
                    want.push(line);
                }
            }
        }
        assert_eq!(lines, want);
    }
}
