//! When to try a request again and how long to wait first: exponential backoff with
//! jitter on connection errors, timeouts, resets, 429 and 5xx, the server's `Retry-After` honoured
//! (up to a limit), never a retry on other 4xx.

use std::time::{Duration, SystemTime};

use crate::config::FetchConfig;
use crate::error::Error;

/// How retries are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff; it doubles on each retry.
    pub base: Duration,
    /// Cap on one backoff.
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

/// What a `Retry-After` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this long.
    Wait(Duration),
    /// Neither delay-seconds nor an HTTP date, or too large a number to hold: the server
    /// asked for a pause without a usable length, so it gets the longest one honoured (a
    /// pause ignored would hammer a server that asked for less).
    Unreadable,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    Retry(Duration),
    /// The failure is final.
    GiveUp,
    /// The server asked for a wait longer than the policy allows; the failure is final.
    WaitTooLong(Duration),
}

impl RetryPolicy {
    /// The policy `[fetch]` describes.
    pub fn from_config(config: &FetchConfig) -> Self {
        RetryPolicy {
            retries: config.retries,
            base: Duration::from_millis(config.backoff_ms),
            max_backoff: Duration::from_millis(config.max_backoff_ms),
            max_retry_after: Duration::from_millis(config.max_retry_after_ms),
        }
    }

    /// The backoff before retry number `retry` (1 for the first): `base · 2^(retry-1)`,
    /// capped, then jittered down by up to half so that many clients that failed together
    /// do not come back together.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let full = self
            .base
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        let half = full / 2;
        let jitter_ms = fastrand::u64(0..=half.as_millis().min(u128::from(u64::MAX)) as u64);
        half + Duration::from_millis(jitter_ms)
    }

    /// Decides after attempt number `attempts` (1-based) failed. `retryable` says whether the
    /// failure is of a kind worth retrying; `retry_after` is the server's requested wait. A
    /// wait past the limit is reported even after the last attempt: it holds back the host.
    pub fn decide(
        &self,
        attempts: u32,
        retryable: bool,
        retry_after: Option<RetryAfter>,
    ) -> Decision {
        if !retryable {
            return Decision::GiveUp;
        }
        if let Some(RetryAfter::Wait(wait)) = retry_after
            && wait > self.max_retry_after
        {
            return Decision::WaitTooLong(wait);
        }
        if attempts > self.retries {
            return Decision::GiveUp;
        }
        match retry_after {
            // The server said when; backing off further on top would only be slower.
            Some(RetryAfter::Wait(wait)) => Decision::Retry(wait),
            Some(RetryAfter::Unreadable) => Decision::Retry(self.max_retry_after),
            None => Decision::Retry(self.backoff(attempts)),
        }
    }
}

/// Statuses worth retrying: too many requests and server errors.
pub fn retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// Failures worth retrying: the transient network ones (connect, timeout, a connection
/// reset or cut) and the retryable statuses. Everything else (other 4xx, a malformed
/// response, a body that does not decode, size limits, redirects, robots) would fail the
/// same way again.
pub fn retryable_error(error: &Error) -> bool {
    match error {
        Error::Network { kind, .. } => kind.is_transient(),
        Error::HttpStatus { status, .. } => retryable_status(*status),
        _ => false,
    }
}

/// The wait a `Retry-After` value asks for: delay-seconds or an HTTP date (a date in the past
/// means now); anything else, a number too large for 64 bits included, is unreadable.
pub fn parse_retry_after(value: &str, now: SystemTime) -> RetryAfter {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return RetryAfter::Wait(Duration::from_secs(seconds));
    }
    match httpdate::parse_http_date(value) {
        Ok(when) => RetryAfter::Wait(when.duration_since(now).unwrap_or(Duration::ZERO)),
        Err(_) => RetryAfter::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            retries: 3,
            base: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(60),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = policy();
        for _ in 0..100 {
            let b1 = p.backoff(1);
            assert!((50..=100).contains(&b1.as_millis()), "{b1:?}");
            let b3 = p.backoff(3);
            assert!((200..=400).contains(&b3.as_millis()), "{b3:?}");
            let b10 = p.backoff(10);
            assert!((500..=1000).contains(&b10.as_millis()), "{b10:?}");
        }
        assert!(p.backoff(u32::MAX) <= Duration::from_millis(1000));
    }

    #[test]
    fn retries_stop_after_the_limit_and_on_final_failures() {
        let p = policy();
        assert!(matches!(p.decide(1, true, None), Decision::Retry(_)));
        assert!(matches!(p.decide(3, true, None), Decision::Retry(_)));
        assert_eq!(p.decide(4, true, None), Decision::GiveUp);
        assert_eq!(p.decide(1, false, None), Decision::GiveUp);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_limit() {
        let p = policy();
        let wait = Duration::from_secs(2);
        let asked = |d| Some(RetryAfter::Wait(d));
        assert_eq!(p.decide(1, true, asked(wait)), Decision::Retry(wait));
        let long = Duration::from_secs(3600);
        assert_eq!(p.decide(1, true, asked(long)), Decision::WaitTooLong(long));
        // Even on the last attempt: the host is to be held back.
        assert_eq!(p.decide(9, true, asked(long)), Decision::WaitTooLong(long));
    }

    #[test]
    fn unparsable_or_overflowing_retry_after_counts_as_the_maximum() {
        let p = policy();
        let now = SystemTime::UNIX_EPOCH;
        for value in ["soon", "-5", "1.5", "99999999999999999999999999"] {
            let parsed = parse_retry_after(value, now);
            assert_eq!(parsed, RetryAfter::Unreadable, "{value}");
            assert_eq!(
                p.decide(1, true, Some(parsed)),
                Decision::Retry(p.max_retry_after),
                "{value}"
            );
        }
    }

    #[test]
    fn deterministic_failures_are_not_retried() {
        use crate::error::NetworkKind;
        let network = |kind| Error::Network {
            url: "http://a/".to_string(),
            kind,
            detail: String::new(),
        };
        assert!(retryable_error(&network(NetworkKind::Connect)));
        assert!(retryable_error(&network(NetworkKind::Timeout)));
        assert!(retryable_error(&network(NetworkKind::Body)));
        assert!(!retryable_error(&network(NetworkKind::Protocol)));
        assert!(!retryable_error(&network(NetworkKind::Request)));
        let bad_gzip = Error::BadEncoding {
            url: "http://a/".to_string(),
            encoding: "gzip".to_string(),
            detail: "invalid gzip header".to_string(),
        };
        assert!(!retryable_error(&bad_gzip));
    }

    #[test]
    fn statuses_are_classified() {
        assert!(retryable_status(429));
        assert!(retryable_status(500));
        assert!(retryable_status(503));
        assert!(!retryable_status(404));
        assert!(!retryable_status(403));
        assert!(!retryable_status(200));
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let wait = |s| RetryAfter::Wait(Duration::from_secs(s));
        assert_eq!(parse_retry_after(" 7 ", now), wait(7));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), wait(30));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), wait(0));
        assert_eq!(parse_retry_after("soon", now), RetryAfter::Unreadable);
    }
}
