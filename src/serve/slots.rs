//! The extraction slots: a fixed number of pages are extracted at once (each on a blocking
//! thread), and a bounded number of requests may wait for one. Past that a request is
//! refused at once with 429: a queue without a bound only turns overload into timeouts
//! and memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The slots and the waiting line.
#[derive(Debug)]
pub struct Slots {
    permits: Arc<Semaphore>,
    /// Requests admitted: extracting or waiting.
    admitted: Arc<AtomicUsize>,
    /// Slots plus queue: the most requests admitted at once.
    limit: usize,
    slots: usize,
}

/// A request's place: held while waiting for a slot and while extracting.
#[derive(Debug)]
pub struct Ticket {
    permits: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
}

/// A slot, held while one page is extracted.
#[derive(Debug)]
pub struct Slot {
    _permit: OwnedSemaphorePermit,
}

impl Slots {
    /// `slots` extractions at once (at least one), `queue` more waiting.
    pub fn new(slots: usize, queue: usize) -> Slots {
        let slots = slots.max(1);
        Slots {
            permits: Arc::new(Semaphore::new(slots)),
            admitted: Arc::new(AtomicUsize::new(0)),
            limit: slots + queue,
            slots,
        }
    }

    /// The number of slots.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// A place in line, or `None` when the slots and the queue are all taken.
    pub fn admit(&self) -> Option<Ticket> {
        let limit = self.limit;
        self.admitted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .ok()?;
        Some(Ticket {
            permits: Arc::clone(&self.permits),
            admitted: Arc::clone(&self.admitted),
        })
    }
}

impl Ticket {
    /// Waits for a slot. Several slots may be taken on one ticket, one after another (the
    /// pages of a batch).
    pub async fn slot(&self) -> Option<Slot> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok()?;
        Some(Slot { _permit: permit })
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admission_stops_at_slots_plus_queue() {
        let slots = Slots::new(2, 1);
        let held: Vec<_> = (0..3).filter_map(|_| slots.admit()).collect();
        assert_eq!(held.len(), 3);
        assert!(slots.admit().is_none());
        drop(held);
        assert!(slots.admit().is_some());
    }
}
