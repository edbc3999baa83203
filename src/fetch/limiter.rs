//! Politeness per host: at most `per_host` requests in flight to one host, starts spaced by
//! the host's delay (the configured one or robots.txt's Crawl-delay), and a whole host held
//! back when it answers 429/503 with `Retry-After` (for the rest of the run when the wait
//! is longer than the run will wait). Hosts not in use are forgotten, oldest
//! first, so a list of a million hosts does not grow the table without bound.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::robots::Rules;

/// Hosts remembered at once (with their robots.txt rules). When the table is full, the
/// idle half that was used longest ago is dropped; a dropped host's robots.txt is fetched
/// again if the host comes back.
pub const MAX_HOSTS: usize = 4096;

/// Longest wait ever scheduled on a host, whatever a setting or a server says (a year):
/// keeps instant arithmetic far from overflow.
const MAX_WAIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// `t + d`, saturating instead of overflowing.
fn later(t: Instant, d: Duration) -> Instant {
    t.checked_add(d.min(MAX_WAIT)).unwrap_or(t)
}

/// The hosts of a run.
#[derive(Debug)]
pub struct Hosts {
    table: Mutex<HashMap<String, Arc<Host>>>,
    per_host: usize,
    delay: Duration,
    clock: AtomicU64,
}

/// One host's limits and cached robots.txt rules.
#[derive(Debug)]
pub struct Host {
    slots: Arc<Semaphore>,
    schedule: Mutex<Schedule>,
    /// robots.txt rules per origin (scheme, host, port): robots.txt is per origin, limits
    /// are per host.
    robots: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
    last_used: AtomicU64,
    /// Set when the host asked for a pause longer than the run will wait: its other URLs
    /// fail at once with this reason (and a later run tries them again).
    refused: OnceLock<Refusal>,
}

/// A host's answer that holds it back for the rest of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The status that came with `Retry-After` (429 or 503).
    pub status: u16,
    /// The wait asked for, in seconds.
    pub seconds: u64,
}

#[derive(Debug)]
struct Schedule {
    /// No request to this host starts before this instant.
    next_start: Instant,
    /// Pause between starts.
    delay: Duration,
}

impl Hosts {
    /// A table giving each host `per_host` slots and `delay` between starts.
    pub fn new(per_host: usize, delay: Duration) -> Self {
        Hosts {
            table: Mutex::new(HashMap::new()),
            per_host: per_host.max(1),
            delay,
            clock: AtomicU64::new(0),
        }
    }

    /// The host named `name` (lowercase host name, no port), created on first use.
    pub fn get(&self, name: &str) -> Arc<Host> {
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        // A poisoned lock only means another task panicked mid-update of a plain map;
        // the map itself is still usable.
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(host) = table.get(name) {
            host.last_used.store(tick, Ordering::Relaxed);
            return Arc::clone(host);
        }
        if table.len() >= MAX_HOSTS {
            evict_idle(&mut table);
        }
        let host = Arc::new(Host {
            slots: Arc::new(Semaphore::new(self.per_host)),
            schedule: Mutex::new(Schedule {
                next_start: Instant::now(),
                delay: self.delay,
            }),
            robots: Mutex::new(HashMap::new()),
            last_used: AtomicU64::new(tick),
            refused: OnceLock::new(),
        });
        table.insert(name.to_string(), Arc::clone(&host));
        host
    }

    /// Hosts currently remembered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.table
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Drops the older half of the hosts nobody holds (the table is the only owner). A refused
/// host is kept, or its URLs later in the list would be requested after all.
fn evict_idle(table: &mut HashMap<String, Arc<Host>>) {
    let mut idle: Vec<(u64, String)> = table
        .iter()
        .filter(|(_, h)| Arc::strong_count(h) == 1 && h.refusal().is_none())
        .map(|(k, h)| (h.last_used.load(Ordering::Relaxed), k.clone()))
        .collect();
    idle.sort_unstable();
    let drop = idle.len().div_ceil(2);
    for (_, key) in idle.into_iter().take(drop) {
        table.remove(&key);
    }
}

impl Host {
    /// Waits for a free slot on this host and for the host's next start time, and returns
    /// the slot, held while the request runs.
    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        let permit = Arc::clone(&self.slots).acquire_owned().await.ok()?;
        let start = {
            let mut s = self.schedule.lock().unwrap_or_else(PoisonError::into_inner);
            let start = s.next_start.max(Instant::now());
            s.next_start = later(start, s.delay);
            start
        };
        tokio::time::sleep_until(start).await;
        Some(permit)
    }

    /// Holds every request to this host back for `wait` (the server asked to slow down).
    pub fn hold_back(&self, wait: Duration) {
        let mut s = self.schedule.lock().unwrap_or_else(PoisonError::into_inner);
        s.next_start = s.next_start.max(later(Instant::now(), wait));
    }

    /// Holds the host back for the rest of the run (the first refusal is kept).
    pub fn refuse(&self, refusal: Refusal) {
        let _ = self.refused.set(refusal);
    }

    /// Why the host is held back for the rest of the run, if it is.
    pub fn refusal(&self) -> Option<&Refusal> {
        self.refused.get()
    }

    /// Spaces starts at least `delay` apart from now on (robots.txt's Crawl-delay).
    pub fn raise_delay(&self, delay: Duration) {
        let mut s = self.schedule.lock().unwrap_or_else(PoisonError::into_inner);
        s.delay = s.delay.max(delay);
    }

    /// The robots.txt cell of `origin`, filled once by whichever request needs it first.
    pub fn robots_cell(&self, origin: &str) -> Arc<OnceCell<Arc<Rules>>> {
        let mut robots = self.robots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(robots.entry(origin.to_string()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn per_host_slots_are_never_exceeded() {
        let hosts = Hosts::new(2, Duration::ZERO);
        let h = hosts.get("a.example");
        let p1 = h.acquire().await.unwrap();
        let _p2 = h.acquire().await.unwrap();
        let third = tokio::time::timeout(Duration::from_millis(50), h.acquire()).await;
        assert!(third.is_err(), "a third slot was given out");
        drop(p1);
        let third = tokio::time::timeout(Duration::from_millis(50), h.acquire()).await;
        assert!(third.is_ok());
    }

    #[tokio::test]
    async fn starts_are_spaced_by_the_delay_and_held_back() {
        let hosts = Hosts::new(4, Duration::from_millis(40));
        let h = hosts.get("a.example");
        let t0 = Instant::now();
        let _a = h.acquire().await;
        let _b = h.acquire().await;
        assert!(t0.elapsed() >= Duration::from_millis(40));
        h.hold_back(Duration::from_millis(150));
        let _c = h.acquire().await;
        assert!(t0.elapsed() >= Duration::from_millis(150));
    }

    #[test]
    fn idle_hosts_are_forgotten_when_the_table_is_full() {
        let hosts = Hosts::new(1, Duration::ZERO);
        let busy = hosts.get("busy.example");
        for i in 0..MAX_HOSTS + 10 {
            hosts.get(&format!("h{i}.example"));
        }
        assert!(hosts.len() <= MAX_HOSTS);
        assert!(Arc::ptr_eq(&busy, &hosts.get("busy.example")));
    }
}
