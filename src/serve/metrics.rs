//! The server's counters, written in the Prometheus text format for `GET /metrics`:
//! requests by route and status, the extraction time histogram, pages in flight, fetches
//! by outcome. Plain atomics and two small maps: a metrics library would add more than
//! these few series need.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the extraction time buckets, in seconds: most pages take a few
/// milliseconds, the budget's end is ten seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Every counter of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    fetches: Mutex<BTreeMap<&'static str, u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    in_flight: AtomicI64,
}

/// Counts a page as in flight until dropped.
#[derive(Debug)]
pub struct InFlight<'a>(&'a AtomicI64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// A request to `route` answered with `status`.
    pub fn request(&self, route: &'static str, status: u16) {
        if let Ok(mut map) = self.requests.lock() {
            *map.entry((route, status)).or_default() += 1;
        }
    }

    /// A fetch for `GET /extract` ended with `outcome` (`ok`, `refused`, `failed`…).
    pub fn fetch(&self, outcome: &'static str) {
        if let Ok(mut map) = self.fetches.lock() {
            *map.entry(outcome).or_default() += 1;
        }
    }

    /// A page starts extracting; it stays counted in flight while the guard lives.
    pub fn page_started(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(&self.in_flight)
    }

    /// A page took `took` to extract.
    pub fn extracted(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|&b| seconds <= b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP dehusk_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE dehusk_requests_total counter\n");
        if let Ok(map) = self.requests.lock() {
            for ((route, status), n) in map.iter() {
                let _ = writeln!(
                    out,
                    "dehusk_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        self.render_histogram(&mut out);
        out.push_str("# HELP dehusk_pages_in_flight Pages being extracted now.\n");
        out.push_str("# TYPE dehusk_pages_in_flight gauge\n");
        let _ = writeln!(
            out,
            "dehusk_pages_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP dehusk_fetches_total Fetches of GET /extract, by outcome.\n");
        out.push_str("# TYPE dehusk_fetches_total counter\n");
        if let Ok(map) = self.fetches.lock() {
            for (outcome, n) in map.iter() {
                let _ = writeln!(out, "dehusk_fetches_total{{outcome=\"{outcome}\"}} {n}");
            }
        }
        out
    }

    fn render_histogram(&self, out: &mut String) {
        out.push_str("# HELP dehusk_extraction_seconds Time to extract one page.\n");
        out.push_str("# TYPE dehusk_extraction_seconds histogram\n");
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += n.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "dehusk_extraction_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "dehusk_extraction_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "dehusk_extraction_seconds_sum {sum}");
        let _ = writeln!(out, "dehusk_extraction_seconds_count {count}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.extracted(Duration::from_millis(3));
        m.extracted(Duration::from_secs(30));
        m.request("/extract", 200);
        let text = m.render();
        assert!(
            text.contains("dehusk_extraction_seconds_bucket{le=\"0.005\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("dehusk_extraction_seconds_bucket{le=\"10\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("dehusk_extraction_seconds_bucket{le=\"+Inf\"} 2"),
            "{text}"
        );
        assert!(text.contains("dehusk_requests_total{route=\"/extract\",status=\"200\"} 1"));
    }
}
