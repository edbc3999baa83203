//! The stop signals of a fetch: Ctrl-C (SIGINT) and SIGTERM (what `kill`, systemd and
//! container runtimes send before they kill) both stop a run the same graceful way, so a
//! service manager's stop loses no finished page; the exit status says which came first.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use anyhow::Context;
use dehusk::fetch::StopHandle;

/// Exit code of a fetch stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_SIGINT: u8 = 130;
/// Exit code of a fetch stopped by SIGTERM (128 + SIGTERM).
pub const EXIT_SIGTERM: u8 = 143;

/// Turns stop signals into stop requests, remembering the first signal for the exit code.
#[derive(Debug, Clone)]
pub struct Interrupts {
    stop: StopHandle,
    first: Arc<AtomicU8>,
}

impl Interrupts {
    /// Installs the handlers for `stop`. First signal: take no new URL, let requests on the
    /// wire finish. Second: cancel them. Third: leave now (a page stuck in extraction cannot
    /// be cancelled; every manifest line is written whole, so leaving is safe).
    pub fn install(stop: &StopHandle) -> anyhow::Result<Interrupts> {
        let me = Interrupts {
            stop: stop.clone(),
            first: Arc::new(AtomicU8::new(0)),
        };
        let on_int = me.clone();
        ctrlc::set_handler(move || on_int.signalled(EXIT_SIGINT))
            .context("cannot install the Ctrl-C handler")?;
        #[cfg(unix)]
        watch_sigterm(me.clone())?;
        Ok(me)
    }

    /// The exit code of an interrupted run: that of the first signal.
    pub fn exit_code(&self) -> u8 {
        match self.first.load(Ordering::SeqCst) {
            0 => EXIT_SIGINT,
            code => code,
        }
    }

    fn signalled(&self, code: u8) {
        let _ = self
            .first
            .compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
        if self.stop.level() >= 2 {
            std::process::exit(i32::from(self.exit_code()));
        }
        self.stop.stop();
    }
}

/// Listens for SIGTERM on a thread of its own. The handler is registered before this
/// returns, so from then on SIGTERM no longer ends the process outright.
#[cfg(unix)]
fn watch_sigterm(me: Interrupts) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the SIGTERM listener")?;
    let mut term = {
        let _inside = runtime.enter();
        signal(SignalKind::terminate()).context("cannot install the SIGTERM handler")?
    };
    std::thread::Builder::new()
        .name("dehusk-sigterm".to_string())
        .spawn(move || {
            runtime.block_on(async {
                while term.recv().await.is_some() {
                    me.signalled(EXIT_SIGTERM);
                }
            });
        })
        .context("cannot start the SIGTERM listener")?;
    Ok(())
}
