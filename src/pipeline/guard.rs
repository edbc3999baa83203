//! Keeps a panic in the work on one page from taking the batch down: the page is reported
//! failed by name with the panic's message, and the workers go on with the next page.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::Error;

/// In debug builds, a page whose bytes hold this marker panics inside the guarded
/// work. A panic is a bug, so no real page can be relied on to cause one; the tests need a
/// deterministic trigger to show that a panic costs one page only. Release builds never
/// look for the marker (`cfg(debug_assertions)`), so it changes nothing users run.
#[doc(hidden)]
pub const TEST_PANIC_MARKER: &str = "<!-- dehusk test hook: panic on this page -->";

/// Runs the work on one page; a panic in it becomes [`Error::Panicked`] naming the page.
///
/// `AssertUnwindSafe` is sound here: the work only reads the shared configuration, and the
/// one piece of shared state it writes (the output stream behind a mutex) recovers from a
/// poisoned lock and stays consistent, since a page's line is handed over in one call.
pub(crate) fn guarded<T>(
    name: impl FnOnce() -> String,
    work: impl FnOnce() -> Result<T, Error>,
) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => Err(Error::Panicked {
            input: name(),
            message: panic_message(payload.as_ref()),
        }),
    }
}

/// Panics when the page holds [`TEST_PANIC_MARKER`] (debug builds only).
#[cfg(debug_assertions)]
pub(crate) fn test_hook(page: &[u8]) {
    let marker = TEST_PANIC_MARKER.as_bytes();
    if page.windows(marker.len()).any(|w| w == marker) {
        panic!("test hook: the page holds the panic marker");
    }
}

/// Release builds: the test hook does nothing.
#[cfg(not(debug_assertions))]
pub(crate) fn test_hook(_page: &[u8]) {}

/// The text a panic was raised with (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_the_page() {
        let got: Result<(), Error> = guarded(|| "page.html".into(), || panic!("boom {}", 7));
        let text = got.unwrap_err().to_string();
        assert_eq!(text, "page.html: internal error (panic): boom 7");
    }

    #[test]
    fn work_that_does_not_panic_passes_through() {
        let got = guarded(|| unreachable!(), || Ok::<_, Error>(3));
        assert_eq!(got.unwrap(), 3);
    }
}
